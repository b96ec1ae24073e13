"""Date normalisation and author splitting, value by value."""

from __future__ import annotations

import pytest

from newscrawl.extract.authors import split_names
from newscrawl.extract.dates import htmldate_published, iso_date
from newscrawl.extract.page import Page


@pytest.mark.parametrize(("value", "expected"), [
    ("2026-03-03T08:30:00-05:00", "2026-03-03T08:30:00-05:00"),
    ("2026-03-03T08:30:00.123Z", "2026-03-03T08:30:00+00:00"),
    ("2026-03-03T23:30:00+0530", "2026-03-03T23:30:00+05:30"),
    ("2026-03-03 08:30", "2026-03-03T08:30:00"),  # no offset given: none invented
    ("2026-03-03", "2026-03-03"),
    ("2026/3/3", "2026-03-03"),
    ("Tue, 03 Mar 2026 20:00:00 -0800", "2026-03-03T20:00:00-08:00"),
    ("March 3, 2026 5:00 PM +0100", "2026-03-03T17:00:00+01:00"),
    ("1772524800", "2026-03-03T08:00:00+00:00"),
])
def test_iso_date_keeps_the_given_offset(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize("value", [None, "", "soon", "x" * 200])
def test_not_a_date(value):
    assert iso_date(value) is None


@pytest.mark.parametrize(("text", "strict", "names"), [
    ("By Jane Doe and John Roe", True, ["Jane Doe", "John Roe"]),
    ("BY JANE DOE, JOHN ROE & MAX MUSTER", True, ["JANE DOE", "JOHN ROE", "MAX MUSTER"]),
    ("By Jane Doe, Staff Writer", True, ["Jane Doe"]),
    ("Jane Doe | Updated 3 hours ago", True, ["Jane Doe"]),
    ("Written by: Jane Doe", True, ["Jane Doe"]),
    ("share on twitter", True, []),
    ("Reuters", False, ["Reuters"]),  # metadata may name one word; markup must not
    ("Reuters", True, []),
    ("https://www.facebook.test/janedoe", False, []),
])
def test_split_names(text, strict, names):
    assert split_names(text, strict) == names


def test_a_copyright_year_is_not_a_publication_date():
    html = """<html><body><article><h1>Ferry timetable approved</h1>
    <p>The harbour council approved the new ferry timetable after a long debate.</p>
    </article><footer>© 2024 Harbour Herald. All rights reserved.</footer></body></html>"""
    assert htmldate_published(Page.from_html(html, "https://herald.test/ferry")) is None


def test_a_date_in_the_text_is_found_without_a_time():
    html = """<html><body><article><h1>Ferry timetable approved</h1>
    <p>Posted on May 2, 2024</p><p>The harbour council approved the timetable.</p>
    </article></body></html>"""
    assert htmldate_published(Page.from_html(html, "https://herald.test/ferry")) == "2024-05-02"


def _authors(head: str, body: str = "") -> list[str]:
    from newscrawl.extract.generic import extract_generic

    html = f"<html><head>{head}</head><body><article>{body}<p>Text.</p></article></body></html>"
    found = extract_generic(Page.from_html(html, "https://news.test/a/"), ["authors"])
    return found.get("authors", ([], None))[0]


def test_a_meta_author_that_is_an_id_is_no_one():
    assert _authors('<meta name="author" content="105092">') == []


def test_cxense_author_meta_names_the_author():
    # Piano/cXense's tag, which many publishers (in Japan especially) fill.
    assert _authors('<meta name="cXenseParse:author" content="松岡大地">') == ["松岡大地"]


def test_an_authorname_element_holds_the_byline():
    body = ('<div class="lineinfo">Do 25.04.24 | 14:07 Uhr | Von <span class="authorname">'
            "Eva Kirchner-Rätsch </span></div>")
    assert _authors("", body) == ["Eva Kirchner-Rätsch"]
