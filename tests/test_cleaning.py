"""Each cleaning step on its own."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from newscrawl.cleaning import (
    _BOILERPLATE_LINE,
    canonical_key,
    clean_body,
    clean_url,
    count_words,
    fix_mojibake,
    is_boilerplate_line,
    language_code,
    normalize_paragraphs,
    normalize_text,
    parse_moment,
    parse_reading_time,
    split_authors,
    split_syndication,
    to_site_time,
)
from newscrawl.extract.authors import split_names
from newscrawl.ledger import unchanged, utc

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Stocks\n\t rally  ", "Stocks rally"),
        ("Caf\u0065\u0301 owners", "Café owners"),  # NFD → NFC
        ("Fed&#8217;s move &amp; markets", "Fed’s move & markets"),
        ("non\u00a0breaking\u200bzero", "non breakingzero"),
        ("NUL\x00 and bell\x07 and C1\x85 gone", "NUL and bell and C1 gone"),
        ("CafÃ© owners in ZÃ¼rich â€” 5 â‚¬", "Café owners in Zürich — 5 €"),  # mojibake
        (None, ""),
    ],
)
def test_normalize_text(raw, clean):
    assert normalize_text(raw) == clean


@pytest.mark.parametrize(
    "text",
    ["Café naïve résumé — “quoted” 5 € Ürzig", "Ã is a letter, © a sign", "é–ö", "plain ascii"],
)
def test_fix_mojibake_leaves_good_text_alone(text):
    assert fix_mojibake(text) == text


def test_fix_mojibake_repairs_double_encoding():
    assert fix_mojibake("cafÃ\x83Â© cr\u00c3\u00a8me") == "café crème"


@pytest.mark.parametrize(
    "line",
    ["Share", "Facebook Twitter Pinterest LinkedIn Tumblr Email", "Leave A Reply Cancel Reply",
     "Add A Comment", "Related Posts", "2 Mins Read", "4 Views", "No Comments",
     "Subscribe to our newsletter for the latest market news",
     "Type above and press Enter to search. Press Esc to cancel.",
     "© 2026 Demo Finance - All rights reserved"],
)
def test_boilerplate_lines(line):
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    ["Shares of the bank fell 3% on Monday.", "Twitter's owner said revenue rose.",
     "The newsletter business grew, analysts said."],
)
def test_article_lines_are_not_boilerplate(line):
    assert not is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    ["Sign up for our NEWSLETTER today", "Our newsletter lands in your inbox daily",
     "Get the NEWSLETTER — subscribe", "Subscribe", "newſletter: subscribe now",
     "Twitter Facebook", "A newsletter", "Shares rose", "©2026 All Rights Reserved."],
)
def test_lines_without_newsletter_skip_only_the_newsletter_prompts(line):
    """``is_boilerplate_line`` tries the newsletter prompts only on lines that say
    "newsletter": the same answer as the one pattern with every kind of line."""
    assert is_boilerplate_line(line) == bool(_BOILERPLATE_LINE.match(line))


def test_normalize_paragraphs_parts_at_blank_lines_and_drops_empty_ones():
    raw = "First  paragraph.\n\n\nShare\n\nSecond\nline same &amp; paragraph.\n \n\u200b"
    assert normalize_paragraphs(raw) == "First paragraph.\n\nShare\n\nSecond line same & paragraph."


def test_clean_body_keeps_paragraphs_and_drops_boilerplate():
    body = "First paragraph.\n\nShare\n\nSecond line same paragraph.\n\nRelated Posts"
    assert clean_body(body) == "First paragraph.\n\nSecond line same paragraph."


@pytest.mark.parametrize(
    ("raw", "title", "source"),
    [
        ("Oil prices slip as supply rises, report says By Reuters",
         "Oil prices slip as supply rises, report says", "Reuters"),
        ("Bank shares fall - Bloomberg", "Bank shares fall", "Bloomberg"),
        ("Buy stocks by the dip", "Buy stocks by the dip", None),
        ("By Reuters", "By Reuters", None),
    ],
)
def test_split_syndication(raw, title, source):
    assert split_syndication(raw) == (title, source)


@pytest.mark.parametrize(
    ("raw", "minutes"),
    [("2 Mins Read", 2), ("1 min read", 1), ("Reading time: 12 minutes", 12), ("", None),
     ("0 Mins Read", None), (5, 5)],
)
def test_parse_reading_time(raw, minutes):
    assert parse_reading_time(raw) == minutes


@pytest.mark.parametrize(
    ("raw", "people", "source"),
    [
        (["By Jane Doe and John Roe"], ["Jane Doe", "John Roe"], None),
        (["Jane Doe", "John Roe"], ["Jane Doe", "John Roe"], None),
        (["By Ana Li, Bo Chen & Cy Ode"], ["Ana Li", "Bo Chen", "Cy Ode"], None),
        (["Reuters Staff"], [], "Reuters"),
        (["By Jane Doe", "Associated Press"], ["Jane Doe"], "Associated Press"),
        ([], [], None),
    ],
)
def test_split_authors(raw, people, source):
    assert split_authors(raw) == (people, source)


@pytest.mark.parametrize(
    ("raw", "people"),
    [
        (["Reported by Jane Doe with John Roe"], ["Jane Doe", "John Roe"]),
        (["Jane Doe · John Roe • Max Muster"], ["Jane Doe", "John Roe", "Max Muster"]),
        (["Photos by: Ana Li"], ["Ana Li"]),
        (["By Jane Doe -"], ["Jane Doe"]),
        # Bylines in the languages of the news web.
        (["Von Anna Martel und Lea Wagner"], ["Anna Martel", "Lea Wagner"]),
        (["Par Jean Dupont et Marie Curie"], ["Jean Dupont", "Marie Curie"]),
        (["Por Juan Pérez y María López"], ["Juan Pérez", "María López"]),
        (["Av Ola Nordmann og Kari Nordmann"], ["Ola Nordmann", "Kari Nordmann"]),
        (["Door Jan Jansen"], ["Jan Jansen"]),
        (["Autorin: Eva Kirchner-Rätsch"], ["Eva Kirchner-Rätsch"]),
        (["山田太郎、佐藤花子"], ["山田太郎", "佐藤花子"]),
        # A name's own particle is not a "by"; an editor's initials are not the name.
        (["Von der Leyen"], ["Von der Leyen"]),
        (["Elena Oberholzer (obe)", "Corina Gall (cog.)"], ["Elena Oberholzer", "Corina Gall"]),
        # "en" is Spanish for "in" as well as Dutch for "and": not a separator.
        (["Por Juan Pérez en Madrid"], ["Juan Pérez en Madrid"]),
    ],
)
def test_split_authors_splits_bylines_as_extraction_does(raw, people):
    """One byline rule (``byline_parts``) for the clean step and the extractor: the clean
    step used to know only "by"/"written by" and ``, ; & and |``, so a site selector's
    "Reported by … with …" byline stayed one "person"."""
    assert split_authors(raw) == (people, None)
    assert [name for value in raw for name in split_names(value, strict=False)] == people


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2024-12-09T13:30:00+00:00", "2024-12-09T08:30:00-05:00"),
        ("2024-07-01T12:00:00Z", "2024-07-01T08:00:00-04:00"),  # summer time
        ("2024-12-09T08:30:00", "2024-12-09T08:30:00-05:00"),  # naive = site time
        ("December 9, 2024", "2024-12-09T00:00:00-05:00"),
        ("not a date at all", None),
        ("", None),
    ],
)
def test_to_site_time(raw, iso):
    assert to_site_time(raw, NEW_YORK) == iso


@pytest.mark.parametrize(
    ("raw", "language", "iso"),
    [
        ("Posted on December 9, 2024", "en", "2024-12-09T00:00:00-05:00"),
        ("Updated: Mon 8:31 PM, Dec 9, 2024", "en", "2024-12-09T20:31:00-05:00"),
        ("By Jane Doe | December 9, 2024", None, "2024-12-09T00:00:00-05:00"),
        ("Aktualisiert am 9. Dezember 2024, 10:15 Uhr", "de", "2024-12-09T10:15:00-05:00"),
        ("Publié le 9 décembre 2024 à 10h15", "fr", "2024-12-09T10:15:00-05:00"),
        ("Publicado el 9 de diciembre de 2024", "es", "2024-12-09T00:00:00-05:00"),
        # A page that says English and writes German: any language, after its own.
        ("9. Dezember 2024", "en", "2024-12-09T00:00:00-05:00"),
        # What says no day of its own is no date: a year, a relative time, a page number.
        ("© 2024 Example Media", "en", None),
        ("5 min read", "en", None),
        ("Page 2 of 2024", "en", None),
        ("Vor 3 Stunden aktualisiert", "de", None),
    ],
)
def test_a_date_inside_a_line_of_text_is_found(raw, language, iso):
    assert to_site_time(raw, NEW_YORK, language) == iso


@pytest.mark.parametrize(
    ("raw", "language", "iso"),
    [
        ("09.12.2024 08:30", "de", "2024-12-09T08:30:00-05:00"),
        ("09/12/2024", "fr", "2024-12-09T00:00:00-05:00"),
        ("Aktualisiert am 09.12.2024, 08:30 Uhr", "de", "2024-12-09T08:30:00-05:00"),
        ("12/09/2024 08:30", "en", "2024-12-09T08:30:00-05:00"),
        ("2024/12/09", "ja", "2024-12-09T00:00:00-05:00"),
    ],
)
def test_a_numeric_date_is_read_in_the_order_of_the_pages_language(raw, language, iso):
    """"09.12.2024" is the 9th of December on a German page; it was read as the 12th of
    September, as an American would write it, on every page."""
    assert to_site_time(raw, NEW_YORK, language) == iso


def test_a_paragraph_is_not_searched_for_a_date():
    """A selector that picked a paragraph, not a date line: its dates are not the
    article's, and validation reports the field."""
    paragraph = ("The council first met on December 9, 2024, and will meet again once the "
                 "ferry timetable has been published for the winter season.")
    assert to_site_time(paragraph, NEW_YORK, "en") is None


def test_language_code():
    assert language_code("en-US") == "en"
    assert language_code("de_DE") == "de"
    assert language_code(" EN ") == "en"
    assert language_code("???") is None


@pytest.mark.parametrize("raw", ["eng", "fil", "deu-DE", "English"])
def test_language_code_is_two_letters_as_the_schema_says(raw):
    """One rule for extraction and cleaning (the clean step used to keep three-letter
    codes that the generic extractor dropped): the schema's two-letter code or None."""
    assert language_code(raw) is None


def test_clean_url_makes_absolute_and_drops_tracking():
    url = clean_url("../b/?utm_source=x&id=3&fbclid=y#top", base="http://h.test/a/page/")
    assert url == "http://h.test/a/b/?id=3"


def test_canonical_key_equates_spellings():
    assert canonical_key("http://h.test/a/?b=2&a=1&utm_medium=email") == canonical_key(
        "http://h.test/a/?a=1&b=2"
    )


@pytest.mark.parametrize("raw", ["-1", "1e20", "42", "3.5", "nan"])
def test_a_bare_number_is_no_date(raw):
    assert parse_moment(raw) is None
    assert to_site_time(raw, NEW_YORK) is None


def test_a_unix_epoch_is_still_a_date():
    assert to_site_time("1733751000", NEW_YORK) == "2024-12-09T08:30:00-05:00"


@pytest.mark.parametrize(
    "raw",
    [
        "9999-12-31T23:00:00-10:00",  # the year 10000 in UTC
        "0001-01-01T00:00:00+14:00",  # the year 0 in UTC
        "9999-12-31T23:30:00+00:00",  # fits in UTC, not in Tokyo's zone (+09:00)
    ],
)
def test_a_date_outside_the_years_1_to_9999_in_the_site_zone_is_unparseable(raw):
    assert to_site_time(raw, ZoneInfo("Asia/Tokyo")) is None


def test_utc_of_a_date_outside_utc_range_is_none():
    assert utc("9999-12-31T23:00:00-10:00") is None
    assert utc("0001-01-01T00:00:00+14:00") is None
    # A sitemap lastmod like that says nothing: the article counts as unchanged.
    assert unchanged(utc("2024-12-09T08:30:00-05:00"), "9999-12-31T23:00:00-10:00")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("http://user:secret@h.test/a/", "http://h.test/a/"),
        ("https://user@h.test:8443/a/?id=1", "https://h.test:8443/a/?id=1"),
        ("http://u:p@[::1]:8080/a/", "http://[::1]:8080/a/"),
        ("http://a:b@c@h.test/a/", "http://h.test/a/"),  # the last @ ends the userinfo
    ],
)
def test_clean_url_drops_credentials(raw, clean):
    assert clean_url(raw) == clean
    assert clean_url("/a/", base=raw) == clean.split("/a/")[0] + "/a/"


@pytest.mark.parametrize(("text", "words"), [
    ("Stocks rose on  Friday.\n\nBonds fell.", 6),
    ("", 0),
    ("東京株式市場で日経平均株価は続伸した。", 18),  # no spaces: each character a word
    ("ソニーグループ(6758)の株価は 2% 上昇", 15),
    ("삼성전자 주가가 올랐다", 3),  # Korean puts spaces between words
])
def test_count_words_counts_each_character_of_unspaced_scripts(text, words):
    assert count_words(text) == words
