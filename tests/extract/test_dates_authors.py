"""Date normalisation and author splitting, value by value."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article, extract_page
from newscrawl.extract.authors import split_names
from newscrawl.extract.dates import htmldate_published, iso_date
from newscrawl.extract.page import Page
from newscrawl.sites.definition import SiteDefinition


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


@pytest.mark.parametrize("value", [None, "", "soon", "x" * 200,
                                   # a CMS's "no date": year 1, the Unix epoch's first second
                                   "0001-01-01T00:00:00Z", "0001-01-01",
                                   "1970-01-01T00:00:00Z", "1970-01-01T01:00:00+01:00"])
def test_not_a_date(value):
    assert iso_date(value) is None


def test_a_date_at_the_end_of_time_is_given_to_validation_not_raised():
    # Moved to UTC it leaves the calendar: the page was lost to an OverflowError.
    assert iso_date("9999-12-31T23:59:59-05:00") == "9999-12-31T23:59:59-05:00"


@pytest.mark.parametrize(("lang", "published"), [
    ("de", "2024-12-09T08:30:00"), ("en", "2024-09-12T08:30:00")])
def test_a_numeric_date_is_read_as_the_pages_language_writes_it(lang, published):
    html = f"""<html lang="{lang}"><head><title>Fährplan beschlossen</title>
    <meta property="article:published_time" content="09.12.2024 08:30"></head>
    <body><article><h1>Fährplan beschlossen</h1><p>{"Der Rat hat den Fahrplan beschlossen. "
    * 8}</p></article></body></html>"""
    assert extract_article(html, "https://zeitung.test/a/")["published"] == published


def test_a_placeholder_date_in_json_ld_gives_way_to_the_pages_own():
    html = """<html><head><script type="application/ld+json">{"@type": "NewsArticle",
    "headline": "Ferry timetable approved", "datePublished": "0001-01-01T00:00:00Z"}</script>
    <meta property="article:published_time" content="2024-05-02T09:30:00+02:00"></head>
    <body><article><h1>Ferry timetable approved</h1>
    <p>The harbour council approved the new ferry timetable after a long debate.</p>
    </article></body></html>"""
    fields = extract_article(html, "https://herald.test/ferry")
    assert fields["published"] == "2024-05-02T09:30:00+02:00"


@pytest.mark.parametrize(("text", "strict", "names"), [
    ("By Jane Doe and John Roe", True, ["Jane Doe", "John Roe"]),
    ("BY JANE DOE, JOHN ROE & MAX MUSTER", True, ["JANE DOE", "JOHN ROE", "MAX MUSTER"]),
    ("By Jane Doe, Staff Writer", True, ["Jane Doe"]),
    # The serial comma before the last name; a job title after a name in metadata.
    ("By Jane Doe, John Roe, and Ann Lee", True, ["Jane Doe", "John Roe", "Ann Lee"]),
    ("Jane Doe, John Roe, and Ann Lee", False, ["Jane Doe", "John Roe", "Ann Lee"]),
    ("Jane Doe, Staff Writer", False, ["Jane Doe"]),
    ("Jane Doe, Senior Political Correspondent", False, ["Jane Doe"]),
    ("Jane Doe | Updated 3 hours ago", True, ["Jane Doe"]),
    ("Written by: Jane Doe", True, ["Jane Doe"]),
    ("share on twitter", True, []),
    ("Reuters", False, ["Reuters"]),  # metadata may name one word; markup must not
    ("Reuters", True, []),
    ("https://www.facebook.test/janedoe", False, []),
    # Bylines in other languages: a foreign "by" with a colon, a label, Italian "di".
    ("Von: Jane Doe, John Roe", True, ["Jane Doe", "John Roe"]),
    ("Texte : Jeanne Dupont", True, ["Jeanne Dupont"]),
    ("di Mario Rossi", True, ["Mario Rossi"]),
    ("Di Stefano", False, ["Di Stefano"]),  # an Italian surname, not "by"
    ("作者：王小明", True, ["王小明"]),
    # A bracketed byline; names in scripts without spaces or case are one word.
    ("(责编：李明、张华)", True, ["李明", "张华"]),
    ("김민수", True, ["김민수"]),
    # Co-authors joined by a slash; a URL's slashes join nobody.
    ("Jane Doe/John Roe", True, ["Jane Doe", "John Roe"]),
    ("www.facebook.test/janedoe", False, []),
    # A label before a name is no part of it.
    ("Redaktion: Jane Doe", True, []),
    # A metadata value that opens with a website's name credits the site, not people.
    ("gazette.test, Springfield, Utopia", False, []),
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


@pytest.mark.parametrize("markup", [
    '<img src="/wp-content/uploads/2021/03/ferry.jpg" alt="">',
    '<a href="/events/2021-03-04/open-day">Open day</a>',
    '<script>var built = "2021-03-04";</script>',
    "<!-- cached 2021-03-04 -->",
])
def test_no_publication_date_from_the_markup_alone(markup):
    """A date in an image's path, a link to another page, a script or a comment is not
    when the article was published: the page's text names no date, so there is none."""
    html = f"""<html><body><article><h1>Ferry timetable approved</h1>
    <p>The harbour council approved the new ferry timetable after a long debate.</p>
    {markup}</article></body></html>"""
    assert htmldate_published(Page.from_html(html, "https://herald.test/ferry"), "en") is None


@pytest.mark.parametrize(("lang", "line", "languages"), [
    ("en", "Feb. 27, 2025", ("en",)),
    ("fr", "27 févr. 2025", ("fr", "en")),
    (None, "27 févr. 2025", None),  # no language known: every language, as htmldate reads
])
def test_htmldate_reads_a_date_in_words_in_the_pages_language_and_english(
        monkeypatch, lang, line, languages):
    """dateparser tries every language it knows on each line htmldate hands it, most of
    them no date at all ("Top 10 tools for 2026"): 18 ms a line instead of 0.5 ms."""
    import htmldate.extractors

    from newscrawl.extract import dates

    htmldate.extractors.try_date_expr.cache_clear()  # it keeps a line's date for good

    asked = []
    parser_of = dates._text_date_parser
    monkeypatch.setattr(dates, "_text_date_parser",
                        lambda languages: asked.append(languages) or parser_of(languages))
    html = f"""<html><body><article><h1>Ferry timetable approved</h1>
    <p>{line}</p><p>The harbour council approved the timetable.</p></article></body></html>"""
    page = Page.from_html(html, "https://herald.test/ferry")
    assert htmldate_published(page, lang) == "2025-02-27"
    assert asked == [languages]


def test_htmldate_is_htmldate_again_after_reading_a_page():
    """The steps newscrawl changes are swapped in for its own call only: trafilatura's
    metadata and a benchmark's htmldate peer, in the same process, get htmldate's."""
    import htmldate.core
    import htmldate.extractors

    html = """<html><body><article><h1>Ferry timetable approved</h1>
    <p>The harbour council approved the timetable.</p></article></body></html>"""
    htmldate_published(Page.from_html(html, "https://herald.test/ferry"), "en")
    assert htmldate.core.search_page.__module__ == "htmldate.core"
    assert htmldate.extractors.get_external_parser.__module__ == "htmldate.extractors"


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


def test_a_labelled_byline_in_any_element_names_the_authors():
    body = ('<ul class="info"><li>4 min</li><li>Von: <span><a href="/jane">Jane Doe</a>,'
            '</span> <span><a href="/john">John Roe</a></span></li>'
            "<li>Übersetzung: Max Muster</li></ul>")
    assert _authors("", body) == ["Jane Doe", "John Roe"]


def test_a_byline_label_alone_in_its_element_labels_its_parent():
    body = "<div><span>von</span> <span>Jane Doe</span></div>"
    assert _authors("", body) == ["Jane Doe"]


def test_a_teasers_or_a_photos_byline_names_no_author():
    body = ('<figure><img src="a.jpg"><figcaption>By John Roe</figcaption></figure>'
            '<a href="/other/"><span>Other story</span><span>By Max Muster</span></a>')
    assert _authors("", body) == []


def test_a_byline_in_a_figure_credits_the_photographer():
    body = '<figure><img src="a.jpg"><span class="byline">John Roe</span></figure>'
    assert _authors("", body) == []


def test_a_bold_paragraph_of_names_before_the_text_is_the_byline():
    body = ("<p><em>Villagers count the cost of the blasts</em></p>"
            "<p><strong>JANE DOE/JOHN ROE</strong></p>"
            "<p>A quarry company came under criticism from five villages.</p>")
    assert _authors("", body) == ["JANE DOE", "JOHN ROE"]


def test_a_bold_subheading_within_the_text_is_no_byline():
    body = ("<p>The council met.</p><p>It talked.</p><p>It voted.</p>"
            "<p><strong>Next Steps</strong></p><p>The ferry sails in May.</p>")
    assert _authors("", body) == []


def test_the_default_accounts_name_is_no_author():
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "author": '
            '{"@type": "Person", "name": "Gazette Desk"}}</script>')
    body = ('<p class="meta">by <a href="https://news.test/author/admin/" rel="author">'
            "Gazette Desk</a></p><p><strong>Jane Doe</strong></p><p>The ferry sails.</p>")
    assert _authors(head, body) == ["Jane Doe"]


def test_a_page_that_states_no_language_is_read_in_its_site_definitions() -> None:
    # "09.12.2024" is the 9th of December in German: a German site's pages that do not
    # say their language are German, as their items say; a page that says it is English
    # is read as English.
    site = SiteDefinition(name="zeitung", domains=("zeitung.test",),
                          start_urls=("https://zeitung.test/",), language="de")
    html = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            '"headline": "Neue Fähre", "datePublished": "09.12.2024"}</script></head><body>'
            '<article><h1>Neue Fähre</h1><p>' + "Die Fähre fährt ab Montag öfter. " * 10
            + "</p></article></body></html>")
    german = extract_page(Page.from_html(html, "https://zeitung.test/a/"), site)
    assert (german["published"], german["language"]) == ("2024-12-09", "de")
    english = extract_page(Page.from_html(html.replace("<html>", '<html lang="en">'),
                                          "https://zeitung.test/a/"), site)
    assert (english["published"], english["language"]) == ("2024-09-12", "en")
