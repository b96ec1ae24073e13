"""Dates as ISO 8601, keeping the offset the page gives (no time-zone conversion here:
a site definition's zone is applied later, by the clean pipeline)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.cleaning import (
    DATE_LINE_CHARS,
    date_language,
    epoch_moment,
    normalize_text,
    parse_free_date,
)
from newscrawl.extract.page import Page

if TYPE_CHECKING:
    from dateparser import DateDataParser

_HAS_TIME = re.compile(r"\d:\d\d|T\d\d")
# RFC 822 as in feeds and HTTP headers: "Tue, 03 Mar 2026 20:00:00 -0800".
_RFC822 = re.compile(r"(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d")
# htmldate's answer for a bare year (a "© 2024" footer): no publication date.
_YEAR_ONLY = re.compile(r"\d{4}-01-01T00:00:00$")
_EPOCH = datetime(1970, 1, 1)
_LOOSE_DAY = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
# A <time> marked as the update time, by its own class or its wrapper's.
_UPDATED = ("[contains(@class, 'updated') or contains(@class, 'modified')"
            " or contains(@itemprop, 'dateModified')"
            " or ancestor::*[contains(@class, 'updated') or contains(@class, 'modified')]]")
# A <time> whose markup says it is the publication time, else the first one in the
# article, else the first one on the page (headers date the article before any teaser);
# never an update time.
_PUBLISHED_QUERIES = [etree.XPath(query) for query in (
    "//time[@datetime][contains(@itemprop, 'datePublished') or contains(@class, 'publish')"
    " or @pubdate]/@datetime",
    f"(//article//time | //main//time)[not(self::*{_UPDATED})]/@datetime",
    f"//body//time[not(self::*{_UPDATED})]/@datetime",
)]
_MODIFIED_QUERY = etree.XPath(f"//body//time[@datetime]{_UPDATED}/@datetime")


def iso_date(value: object, language: str | None = None) -> str | None:
    """``value`` as ISO 8601 (``YYYY-MM-DD`` when it has no time of day); None if not a date.

    ISO strings and RFC 822 are parsed exactly; anything else through dateparser (a date
    inside a line of text looked for in ``language``, the page's). An offset in the text
    is kept as written; a text without one stays without one.
    """
    text = normalize_text(str(value)) if value not in (None, "") else ""
    if not text or len(text) > DATE_LINE_CHARS:
        return None
    if epoch := epoch_moment(text):
        return epoch.isoformat(timespec="seconds")
    if day := _LOOSE_DAY.match(text):
        text = "{}-{:0>2}-{:0>2}".format(*day.groups())
    moment = _parse(text, language)
    if moment is None or _is_placeholder(moment):
        return None
    if not _HAS_TIME.search(text):
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds")


def _is_placeholder(moment: datetime) -> bool:
    """A CMS's "no date": the zero value of .NET's DateTime and Go's time.Time (the first
    of January of year 1), or the Unix epoch's first second. Read as a date, it hides the
    page's real one further down the list of sources."""
    if moment.year == 1:
        return True
    if moment.year not in (1969, 1970):  # and no arithmetic past the calendar's ends
        return False
    utc = moment.replace(tzinfo=None) - (moment.utcoffset() or timedelta())
    return utc == _EPOCH


def _parse(text: str, language: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    if _RFC822.match(text):  # the stdlib parser reads other text wrongly, not failing
        try:
            return parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            pass
    return parse_free_date(text, None, language)


def _first_date(values: list[str]) -> str | None:
    return next((found for value in values if (found := iso_date(value))), None)


def time_element_date(page: Page) -> str | None:
    """The article's publication ``<time datetime>``, as ISO 8601."""
    root = page.selector.root
    for query in _PUBLISHED_QUERIES:
        if found := _first_date(query(root)):
            return found
    return None


def time_element_modified(page: Page) -> str | None:
    """The article's update ``<time datetime>`` ("Updated: …"), as ISO 8601."""
    return _first_date(_MODIFIED_QUERY(page.selector.root))


def htmldate_published(page: Page, language: str | None = None) -> str | None:
    """htmldate's guess of the original publication date (it copies the tree it prunes);
    a date written in words is read in ``language``, the page's, and English."""
    try:
        with _htmldate_reading(language) as find_date:
            found = find_date(page.selector.root, url=page.url, original_date=True,
                              outputformat="%Y-%m-%dT%H:%M:%S%z")
    except Exception:  # heuristics over arbitrary markup
        return None
    if not found or _YEAR_ONLY.match(found):
        return None
    return iso_date(found.removesuffix("T00:00:00"))


@contextmanager
def _htmldate_reading(language: str | None) -> Iterator[Callable[..., str | None]]:
    """htmldate's ``find_date`` (imported on first use: the last resort for dates), with
    two of its steps changed while it reads one page. htmldate has no settings for them,
    so its functions are swapped for the call and put back after it: any other user of
    htmldate in the process (trafilatura's metadata, a benchmark's peers) gets htmldate.

    - Dates in words are read in the page's language and English. htmldate hands
      dateparser every line that might hold a date ("Top 10 tools for 2026", journal
      citations), and a dateparser given no language tries each of its ~200 before it
      gives a line up: some 18 ms a line, over a second the first time in a process; in
      two languages 0.5 ms. Every date found on the 993 shared benchmark pages is the same.
    - No date is taken from the page's markup when its text names none: htmldate's last
      step reads the first plausible date anywhere in the HTML source, an image's path,
      a link to another page, a script, a comment. On the 123 pages of wcxb-dev-articles
      annotated as undated, it gave 16 a date; on the 588 dated, it found 2 more right
      days and 1 more wrong one. It cost some 18 ms on each page that reached it.
    """
    import htmldate.core
    import htmldate.extractors

    saved = htmldate.extractors.get_external_parser, htmldate.core.search_page
    htmldate.extractors.get_external_parser = partial(_text_date_parser_for, language)
    htmldate.core.search_page = _no_date_from_the_markup
    try:
        yield htmldate.core.find_date
    finally:
        htmldate.extractors.get_external_parser, htmldate.core.search_page = saved


def _no_date_from_the_markup(htmlstring: str, options: object) -> None:
    return None


def _text_date_parser_for(language: str | None) -> DateDataParser:
    known = date_language(language)
    return _text_date_parser(known.languages if known else None)


@lru_cache(maxsize=64)
def _text_date_parser(languages: tuple[str, ...] | None) -> DateDataParser:
    """htmldate's own dateparser settings; no language known: every language, as htmldate."""
    from dateparser import DateDataParser

    return DateDataParser(languages=list(languages) if languages else None, settings={
        "NORMALIZE": True,
        "PARSERS": ["custom-formats", "absolute-time"],
        "PREFER_DATES_FROM": "past",
        "PREFER_LOCALE_DATE_ORDER": True,
        "RETURN_AS_TIMEZONE_AWARE": False,
        "STRICT_PARSING": True,
    })
