"""Cleaning steps: small pure functions, each turning one messy value into a clean one.

Text is normalised once, where it is extracted (the loader, the extractors): extraction
picks between values by their normalised text, and a second pass would decode entities
again. The clean pipeline applies the other steps to every item.
"""

from __future__ import annotations

import html
import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Wire services and syndication partners whose name ends a syndicated headline
# ("… report says By Reuters") or stands in a byline instead of a person.
AGENCIES = (
    "Reuters", "Bloomberg", "Associated Press", "AP", "AFP", "Agence France-Presse",
    "Investing.com", "Dow Jones", "MarketWatch", "PA Media", "Benzinga", "Zacks",
    "The Motley Fool", "Motley Fool", "CNBC", "dpa", "UPI", "Xinhua", "Kyodo",
)
_AGENCY = "|".join(re.escape(name) for name in sorted(AGENCIES, key=len, reverse=True))
_SYNDICATION_SUFFIX = re.compile(rf"\s+(?:[Bb]y|[Vv]ia|[-–—|])\s+({_AGENCY})\s*$")
_AGENCY_BYLINE = re.compile(rf"^(?:{_AGENCY})(?:\s+(?:Staff|Newsroom|Reporters?))?$", re.I)
# "By" in the languages of the news web: German "von", French "par", Spanish and
# Portuguese "por", Scandinavian "av"/"af", Dutch "door", Italian "di" (lower case only:
# "Di" starts Italian surnames); each may take a colon ("Von: Jane Doe") or stand alone
# in its element ("<span>von</span> <span>Jane Doe</span>"). Not before a name's own
# particle ("von der Leyen"). Labels ending in a colon: "Autor:", "Text:",
# Chinese and Japanese "作者" (author), "记者"/"記者" (reporter), "责编"/"责任编辑"
# (the editor in charge, whom Chinese portals name instead of, or besides, the writer).
# ``credit``: a photo credit, which names no author of the text.
_BYLINE_PREFIX = re.compile(
    r"^\s*(?:(?:(?P<credit>photos?\s+)|(?:written|reported|posted|published|words|story"
    r"|text)\s+)?by\b"
    r"|(?:von|par|por|av|af|door|(?-i:di))(?:\s*:|\s|$)\s*(?!(?:der|dem|den|zu|und)\b)"
    r"|(?:author|autor|autorin|autore|auteur|autora|forfatter|författare|text|texte|texto"
    r"|testo|tekst|作者|记者|記者|责编|责任编辑)\s*[:：])[:：\s]*", re.I)
# "and" in those languages too: und, et, y, e, og, och, ve, és, i, ja, и (not Dutch "en",
# Spanish for "in": "Juan Pérez en Madrid").
# A comma before the last "and" (the serial comma) is one separator with it.
_AUTHOR_SEPARATORS = re.compile(
    r"\s*(?:,(?:\s*(?:and|und|et|y|e|og|och|ve|és|i|ja|и)\s+)?|;|&|\||、"
    r"|\s+(?:and|und|et|y|e|og|och|ve|és|i|ja|и)\s+|\s+with\s+|\s+·\s+|\s+•\s+)\s*", re.I)
# A slash between co-authors ("Jane Doe/John Roe"), but not the slashes of a URL.
_URL = re.compile(r"https?:|www\.|\w\.[a-z]{2,}/", re.I)
# A byline in brackets: "(By Jane Doe)", Chinese portals' "(责编 …)".
_BRACKETED = re.compile(r"^[(（](.*)[)）]$")
# An editor's initials after a name: "Elena Oberholzer (obe)".
_INITIALS = re.compile(r"\s*\([a-zäöü.]{2,6}\)$")
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Their punctuation (、。「」 and the fullwidth forms of ASCII punctuation): no word.
_UNSPACED_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40"
                                   r"\uff5b-\uff65]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_EPOCH = re.compile(r"\d{10}(?:\d{3})?")
_LANGUAGE = re.compile(r"[a-z]{2}")
_READING_TIME = re.compile(r"(\d+)\s*(?:-\s*)?min(?:ute)?s?\b", re.I)
# Zero-width and soft-hyphen characters, and control characters (C0 but the whitespace
# ones, DEL, C1): NULs and binary junk from broken pages are never article text.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\x00-\x08\x0e-\x1f\x7f-\x9f]")
# UTF-8 read as Windows-1252 or Latin-1 ("cafÃ©", "â€”"): a lead byte's letter followed by
# a continuation byte's. Only a text with such a pair is handed to ftfy, which decides.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)

# Whole lines that are template, never article text: share bars, comment forms,
# related-post headings, newsletter prompts, reading-time and view counters.
_BOILERPLATE_LINES = r"""
        share(?:\s+this(?:\s+(?:article|post|story))?)?
      | (?:(?:facebook|twitter|x\s*\(twitter\)|pinterest|linkedin|tumblr|email|whatsapp|
            reddit|telegram|print|copy\s+link|share)\s*)+
      | leave\s+a\s+reply(?:\s+cancel\s+reply)?
      | add\s+a\s+comment
      | no\s+comments
      | \d+\s+comments?
      | related\s+(?:posts|articles|stories)
      | (?:you\s+may\s+also\s+like|read\s+more|read\s+next|top\s+posts|latest\s+posts?)
      | \d+\s+mins?\s+read
      | \d+\s+views?
      | type\s+above\s+and\s+press\s+enter\s+to\s+search\..*
      | ©.*\ball\s+rights\s+reserved\.?
"""
_NEWSLETTER_LINES = r"""
        (?:subscribe|sign\s+up)\b.*\bnewsletter\b.*
      | .*\bnewsletter\b.*\b(?:subscribe|sign\s+up|inbox)\b.*
"""
_BOILERPLATE_LINE = re.compile(f"^(?:{_BOILERPLATE_LINES}|{_NEWSLETTER_LINES})$", re.I | re.X)
# The same without the newsletter prompts, for the lines that never say "newsletter" (as
# the regular expressions compare, case ignored): the prompt that starts ".*" tries every
# position of a line, most of the cost of a paragraph's check.
_OTHER_BOILERPLATE_LINE = re.compile(f"^(?:{_BOILERPLATE_LINES})$", re.I | re.X)
_NEWSLETTER = re.compile("newsletter", re.I)

TRACKING_PARAMS = (
    "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "utm_id",
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_ga", "_hsenc",
    "_hsmi", "ref_src", "cmpid", "ocid", "spm",
)


def fix_mojibake(value: str) -> str:
    """``"CafÃ© â€” ok"`` → ``"Café — ok"``: text decoded with the wrong charset, repaired.

    ftfy is the well-kept library for this, but costs ~0.3 ms per article body even on
    clean text; the hint regex keeps it to texts that show the telltale pairs.
    """
    if not _MOJIBAKE_HINT.search(value):
        return value
    import ftfy  # only imported for a text that looks broken

    return ftfy.fix_encoding(value)


def normalize_text(value: str | None) -> str:
    """Entities decoded, mojibake repaired, NFC, invisible and control characters dropped,
    whitespace collapsed."""
    if not value:
        return ""
    value = html.unescape(value) if "&" in value else value
    value = _INVISIBLE.sub("", unicodedata.normalize("NFC", fix_mojibake(value)))
    # str.split() splits at exactly the Unicode spaces, the ones not removed above (and
    # five times faster than a regular expression).
    return " ".join(value.split())


def count_words(text: str) -> int:
    """Words of a text: the whitespace-separated ones, and each Chinese or Japanese
    character (Han, kana), as word processors count them: those scripts put no spaces
    between words, and a whole article would otherwise count as a few "words"."""
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    rest = _UNSPACED_PUNCTUATION.sub(" ", _UNSPACED.sub(" ", text))
    return unspaced + len(rest.split())


def is_boilerplate_line(line: str) -> bool:
    pattern = _BOILERPLATE_LINE if _NEWSLETTER.search(line) else _OTHER_BOILERPLATE_LINE
    return bool(pattern.match(line))


def normalize_paragraphs(text: str | None) -> str:
    """A body's paragraphs (parted by blank lines) normalised, empty ones dropped, joined
    by one blank line: the body's form from extraction on."""
    if not text:
        return ""
    paragraphs = (normalize_text(part) for part in _PARAGRAPH_BREAK.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def clean_body(text: str | None) -> str:
    """A normalised body (:func:`normalize_paragraphs`) without its boilerplate lines."""
    if not text:
        return ""
    return "\n\n".join(p for p in text.split("\n\n") if not is_boilerplate_line(p))


def split_syndication(title: str) -> tuple[str, str | None]:
    """``"X rises By Reuters"`` → ``("X rises", "Reuters")``."""
    match = _SYNDICATION_SUFFIX.search(title)
    if not match or match.start() == 0:
        return title, None
    return title[: match.start()].rstrip(), match.group(1)


def parse_reading_time(value: str | int | None) -> int | None:
    """``"2 Mins Read"`` → ``2``."""
    if isinstance(value, int):
        return value if value > 0 else None
    match = _READING_TIME.search(value or "")
    return int(match.group(1)) if match and int(match.group(1)) > 0 else None


def byline_parts(text: str) -> list[str]:
    """``"By Jane Doe and John Roe"`` → ``["Jane Doe", "John Roe"]``: the one rule for
    splitting a byline (extraction and the clean step); ``text`` is normalised already.

    A "by" prefix ("Reported by", "Von:", "作者") is dropped before each part; which
    part is a person's name is the caller's decision.
    """
    text = _BYLINE_PREFIX.sub("", _BRACKETED.sub(r"\1", text))
    parts = (_INITIALS.sub("", _BYLINE_PREFIX.sub("", piece)).strip(" .:-–—")
             for part in _AUTHOR_SEPARATORS.split(text)
             for piece in ([part] if _URL.search(part) else part.split("/")))
    return [part for part in parts if part]


def byline_label(text: str) -> bool:
    """Whether a normalised text starts as a byline does ("By", "Von:", "Texte :",
    "作者", "(责编"), a photo credit ("Photo by") not counted."""
    match = _BYLINE_PREFIX.match(_BRACKETED.sub(r"\1", text))
    return bool(match) and not match["credit"]


def split_authors(values: list[str]) -> tuple[list[str], str | None]:
    """Normalised bylines → people, plus an agency named instead of a person (the source).

    ``["By Jane Doe and John Roe"]`` → ``(["Jane Doe", "John Roe"], None)``;
    ``["Reuters Staff"]`` → ``([], "Reuters")``.
    """
    people: list[str] = []
    source = None
    for value in values:
        for name in byline_parts(value):
            if _AGENCY_BYLINE.match(name):
                source = source or _agency_name(name)
            elif name not in people:
                people.append(name)
    return people, source


def _agency_name(byline: str) -> str:
    for agency in sorted(AGENCIES, key=len, reverse=True):
        if byline.lower().startswith(agency.lower()):
            return agency
    return byline


def parse_moment(value: str | None, tz: tzinfo | None = None,
                 language: str | None = None) -> datetime | None:
    """ISO 8601, RFC 822 (feeds) or free text (in ``language``, see
    :func:`parse_free_date`) → an aware datetime.

    A date without an offset is taken as ``tz`` time (UTC when no zone is known).
    """
    value = normalize_text(value)
    if not value:
        return None
    zone = tz or UTC
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            moment = parse_free_date(value, zone, language)
            if moment is None:
                return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def in_zone(moment: datetime, tz: tzinfo = UTC) -> datetime | None:
    """``moment`` in ``tz``; None when that falls outside the years 1 to 9999, which is
    all a datetime holds (``9999-12-31T23:00:00-10:00`` is in the year 10000 in UTC)."""
    try:
        return moment.astimezone(tz)
    except OverflowError:
        return None


def to_site_time(value: str | None, tz: tzinfo | None,
                 language: str | None = None) -> str | None:
    """A date string (free text in ``language``) → ISO 8601 with offset, in the site's
    time zone; None if unparseable or not a moment in that zone's years 1 to 9999.

    Without a known zone (generic mode) the page's own offset is kept.
    """
    moment = parse_moment(value, tz, language)
    if moment is not None and tz:
        moment = in_zone(moment, tz)
    return moment.isoformat(timespec="seconds") if moment else None


def epoch_moment(text: str) -> datetime | None:
    """A Unix time in seconds (10 digits) or milliseconds (13), as UTC; else None."""
    if not _EPOCH.fullmatch(text):
        return None
    return datetime.fromtimestamp(int(text) / (1000 if len(text) == 13 else 1), tz=UTC)


def parse_free_date(text: str, tz: tzinfo | None, language: str | None = None
                    ) -> datetime | None:
    """Free text ("12. März 2024", "2 hours ago") through dateparser; None if no date.

    A text without an offset is taken as ``tz`` time, or stays naive when ``tz`` is None.
    A bare number is a date only as a Unix time: dateparser reads anything numeric as
    some date ("-1" as 1 January, "1e20" as December 2020, "12" as this December).
    Numbers are read in the order ``language`` (the page's) writes them: "03.04.2024" is
    the 3rd of April on a German page, the 4th of March on an English one. A text is
    read in ``language`` and English first, then in any language. A date inside a line
    ("Posted on March 3, 2026", "Aktualisiert am 3. März 2024") is found in it
    (:func:`_date_in_line`), looked for in ``language`` and English when given, else in
    every language dateparser knows.
    """
    if moment := epoch_moment(text):
        return moment
    if _is_number(text):
        return None
    import dateparser  # slow to import; only needed for dates that are not ISO 8601

    settings: dict[str, object] = {"PREFER_DAY_OF_MONTH": "first"}
    if tz is not None:
        settings |= {"TIMEZONE": str(tz), "RETURN_AS_TIMEZONE_AWARE": True}
    known = date_language(language)
    if known is not None:
        settings["DATE_ORDER"] = known.date_order
    languages = known.languages if known else None
    line = len(text) <= DATE_LINE_CHARS
    try:
        if languages:
            # The page's language and English first: a few milliseconds, where dateparser
            # tries its ~200 languages one by one before it gives a text up (over a
            # second the first time in a process, then some 15 ms a text).
            moment = dateparser.parse(text, languages=list(languages), settings=settings)
            if moment is None and line:
                moment = _date_in_line(text, settings, languages)
            if moment is not None:
                return moment
        # Any language: a page that says English and writes German ("3. März 2024").
        moment = dateparser.parse(text, settings=settings)
        if moment is None and line and not languages:
            moment = _date_in_line(text, settings, None)
        return moment
    except (ValueError, OverflowError, TypeError):  # its heuristics on arbitrary text
        return None


# A line that says a date says little else: a longer text (a selector that picked a
# paragraph) is not searched, its dates are not the article's.
DATE_LINE_CHARS = 100
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _date_in_line(text: str, settings: dict[str, object],
                  languages: tuple[str, ...] | None) -> datetime | None:
    """The first whole date (day, month and a four-digit year) in a line that is more
    than a date: a label before it, a byline beside it. Not a bare year ("© 2024"),
    nor a relative time ("5 min read"), which say no day of their own."""
    from dateparser.search import search_dates

    found = search_dates(text, languages=list(languages) if languages else None,
                         settings={**settings, "REQUIRE_PARTS": ["day", "month", "year"]})
    return next((moment for part, moment in found or () if _YEAR.search(part)), None)


class DateLanguage(NamedTuple):
    languages: tuple[str, ...]  # the page's and English: a line is searched in these
    date_order: str  # how the page's language orders a numeric date ("DMY", "MDY", "YMD")


@lru_cache(maxsize=256)
def date_language(language: str | None) -> DateLanguage | None:
    """How dateparser reads dates of ``language``, when it knows the language: searching
    a line in every language it knows takes it tens of milliseconds, in two a few."""
    from dateparser.languages.loader import default_loader

    if not language or language not in default_loader.get_locale_map():
        return None
    order = default_loader.get_locale(language).info.get("date_order") or "MDY"
    return DateLanguage(tuple(dict.fromkeys([language, "en"])), order)


def _is_number(text: str) -> bool:
    try:
        float(text)  # also "nan", "inf" and "1_000": numbers, not dates
    except ValueError:
        return False
    return True


def language_code(value: str | None) -> str | None:
    """``"en-US"``, ``"en_US"``, ``"EN"`` → ``"en"``: the two-letter (ISO 639-1) code the
    schema holds; None for anything else (``"eng"``, ``"English"``), so that extraction
    goes on to the page's next source of its language."""
    code = normalize_text(value).replace("_", "-").split("-")[0].lower()
    return code if _LANGUAGE.fullmatch(code) else None


def clean_url(url: str, base: str | None = None) -> str:
    """Absolute, without credentials (``user:password@``), tracking parameters and fragment.

    Every URL an item or the state holds comes through here: a page's link or canonical
    URL with credentials in it never reaches a feed, the store or a request.
    """
    url = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(url)
    if "@" in parts.netloc:
        # The last "@" ends the userinfo, as for urlsplit's own hostname.
        url = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
    return url_query_cleaner(url, TRACKING_PARAMS, remove=True, keep_fragments=False)


def link_url(href: str, base: str) -> str | None:
    """A page's link as the crawl follows it (``clean_url``), None when it is no URL: an
    IPv6 host left open (``http://[::1/``), a host that NFKC normalisation changes. One
    broken link must not cost its page the others."""
    try:
        return clean_url(href, base=base)
    except ValueError:
        return None


@lru_cache(maxsize=8192)  # asked for each link of every listing, again by the dupefilter
def canonical_key(url: str) -> str:
    """The key that makes two spellings of one URL equal (for de-duplication)."""
    return canonicalize_url(clean_url(url))


def on_domains(url: str, domains: Iterable[str]) -> bool:
    """Whether the URL's host is one of ``domains`` or a subdomain of one (the port and
    the case do not matter)."""
    host = (urlsplit(url).hostname or "").lower()
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 or localhost: this machine, a test or demo site."""
    try:
        return ipaddress.ip_address(host.removeprefix("[").removesuffix("]")).is_loopback
    except ValueError:
        return host == "localhost"


def url_site_name(url: str) -> str:
    """The name of a site known by its URL alone: its host, and its port when that is
    not the scheme's default (two sites on one host must not share their files)."""
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    host = parts.hostname or ""
    return host if parts.port in (None, default) else f"{host}:{parts.port}"
