"""The catalogue of hostile and broken inputs, each with the outcome it must end in.

Every case is one article link on the site's home page. Its outcome is one of:

- ``Item``: a correct item in the feed (``check`` says what "correct" means for it);
- ``Rejected``: the item is in the quarantine feed with that reason;
- ``Skipped``: no item, and the crawl stats count it under that key;
- ``OneOf``: pages that are one article: one item, the others counted as duplicates under
  ``newscrawl/dedupe/<reason>``.

Each page has its own body text (seeded words): no two cases are near-duplicates unless
the case says so.
"""

from __future__ import annotations

import codecs
import html
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from newscrawl.sites.definition import Links, SiteDefinition

HTML = "text/html; charset=utf-8"
_VOCABULARY = (
    "market investors rates bank policy inflation growth shares bonds yields traders economy "
    "central quarter profit earnings forecast demand supply prices energy oil gold housing "
    "mortgage lending credit consumer spending retail jobs wages labour unemployment exports "
    "imports tariffs currency dollar euro yen budget deficit debt government minister "
    "reform tax revenue company board chief executive merger deal acquisition startup venture "
    "capital fund pension savings insurance risk volatility index rally slump recovery "
    "recession outlook analysts survey data report figures estimate target guidance margin "
    "costs factory output manufacturing services sector technology software chips semiconductor "
    "shipping freight port harbour airline travel tourism hotel property office rent tenants "
    "farmers harvest wheat coffee cocoa sugar weather drought storm regulator court ruling "
    "lawsuit settlement fine audit accounts dividend buyback listing offering bankers"
)
_WORDS = _VOCABULARY.split(" ")


def words(seed: str, n: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def paragraphs(seed: str, count: int = 4, size: int = 30) -> list[str]:
    """Distinct text per seed: a full stop after every paragraph."""
    return [words(f"{seed}-{i}", size).capitalize() + "." for i in range(count)]


def article_html(
    seed: str,
    *,
    title: str | None = None,
    published: str | None = "2024-05-02T09:30:00+02:00",
    body: list[str] | None = None,
    body_html: str | None = None,
    head: str = "",
    after_body: str = "",
    canonical: str | None = None,
    authors: tuple[str, ...] = ("Jane Doe",),
    category: str | None = "Markets",
    escape: bool = True,
) -> str:
    """An article page in the test site's markup (see ``site_definition``)."""
    title = f"Story {seed}" if title is None else title
    esc = html.escape if escape else (lambda text: text)
    body_html = body_html if body_html is not None else "".join(
        f"<p>{esc(text)}</p>" for text in (body if body is not None else paragraphs(seed)))
    date = f'<time class="published" datetime="{esc(published)}">{esc(published)}</time>' \
        if published is not None else ""
    byline = "".join(f'<a href="/author/{i}/">{esc(name)}</a>' for i, name in enumerate(authors))
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{esc(title)}</title>'
        f'{f"<link rel=canonical href={canonical!r}>" if canonical else ""}'
        f'<meta name="description" content="Summary of {esc(seed)}">{head}</head><body>'
        f'<header class="site"><nav><a href="/">Home</a></nav></header>'
        f'<article><h1 class="title">{esc(title)}</h1>'
        f'<div class="byline">By {byline}</div>{date}'
        f'{f"<span class=category>{esc(category)}</span>" if category else ""}'
        f'<div class="article-body">{body_html}'
        f'<div class="share">Share Facebook Twitter</div></div>{after_body}</article>'
        f'<footer>© 2024 Test News. All rights reserved.</footer></body></html>'
    )


def site_definition(base_url: str) -> SiteDefinition:
    return SiteDefinition(
        name="badinput",
        domains=("127.0.0.1",),
        start_urls=(f"{base_url}/",),
        timezone="Europe/Berlin",
        links=Links(article=".articles a"),
        fields={
            "url": "link[rel=canonical]::attr(href)",
            "title": "h1.title::text",
            "authors": ".byline a::text",
            "published": "time.published::attr(datetime)",
            "category": ".category::text",
            "summary": "meta[name=description]::attr(content)",
            "language": "html::attr(lang)",
        },
        body=".article-body",
        body_exclude=("script", "style", ".share"),
    )


@dataclass(frozen=True)
class Item:
    check: Callable[[dict[str, Any]], bool] = lambda item: True
    at: str | None = None  # the item's path when it is not the case's own (a redirect)


@dataclass(frozen=True)
class Rejected:
    reason: str


@dataclass(frozen=True)
class Skipped:
    stat: str


@dataclass(frozen=True)
class OneOf:
    """Pages of one ``group`` are one article: exactly one item (passing ``check``), every
    other page dropped as ``newscrawl/dedupe/<reason>`` (which one is kept depends on the
    order responses arrive in)."""

    group: str
    reason: str
    check: Callable[[dict[str, Any]], bool] = lambda item: True


@dataclass(frozen=True)
class Case:
    name: str
    expect: Item | Rejected | Skipped | OneOf
    status: int = 200
    headers: list[tuple[str, str]] = field(default_factory=lambda: [("Content-Type", HTML)])
    body: bytes = b""
    link: str | None = None  # the href on the home page (default: the case's path)
    # Defects outside the cleaning and validation code, reported to their owners: the
    # case's test is an expected failure until they are fixed.
    known_issue: str = ""
    known_crash: str = ""  # ... one that raises in the spider

    @property
    def path(self) -> str:
        return f"/news/{self.name}/"


def _page(seed: str, **kwargs: Any) -> bytes:
    return article_html(seed, **kwargs).encode("utf-8")


def _has(text: str) -> Callable[[dict[str, Any]], bool]:
    return lambda item: text in item["body"]


def _day(offset: timedelta) -> str:
    """The date (Europe/Berlin is at most 2 h ahead of UTC) a relative date should give."""
    return (datetime.now(UTC) + offset).date().isoformat()


def cases(base_url: str) -> list[Case]:
    wire = paragraphs("wire-story", count=6)

    def same_story(item: dict[str, Any]) -> bool:
        return item["url"] == f"{base_url}/news/the_story/"


    def latin1(seed: str) -> list[str]:
        """Text with letters outside ASCII (and €, which Latin-1 lacks but cp1252 has)."""
        return [f"Café owners in Zürich raise prices by 5 € as costs climb. {words(seed, 30)}"]
    return [
        # --- markup -------------------------------------------------------------------
        Case("truncated", Item(_has(words("truncated-0", 30).capitalize())),
             body=_page("truncated")[:-400]),
        # libxml2 stops at 256 levels: the text below is lost, and the item quarantined.
        Case("deep_nesting", Rejected("short_body"),
             body=_page("deep_nesting", body_html="<div>" * 3000 + "<p>Deeply nested "
                        + words("deep", 40) + "</p>" + "</div>" * 3000)),
        Case("unclosed_tags", Item(_has(words("unclosed", 35)[:40])),
             body=_page("unclosed", body_html="<p>" + words("unclosed", 35) + "<p><b><i>"
                        + words("unclosed2", 20) + "<div>" + words("unclosed3", 10))),
        # A <base href> that is no URL (an IPv6 host left open): read against the page's own.
        Case("broken_base_href", Item(_has(words("broken_base-0", 30).capitalize())),
             body=_page("broken_base", head='<base href="http://[::1/news/">')),
        Case("broken_canonical", Item(lambda item: item["url"].endswith("/broken_canonical/")),
             body=_page("broken_canonical", canonical="http://[::1/news/other/")),
        Case("nul_bytes", Item(lambda item: "\x00" not in item["body"] + item["title"]),
             body=_page("nul_bytes").replace(b"</h1>", b"\x00</h1>").replace(
                 b"<p>", b"<p>\x00", 1)),
        Case("script_style_in_body",
             Item(lambda item: "document.write" not in item["body"]
                  and "color:" not in item["body"] and "Visible words" in item["body"]),
             body=_page("script_style", body_html=(
                 "<p>Visible words " + words("ss1", 30) + "<script>document.write('x')</script>"
                 "</p><style>p { color: red }</style><script>var tracker = 1;</script><p>"
                 + words("ss2", 30) + "<style>.ad { color: blue }</style></p>"))),
        Case("boilerplate_only_body", Rejected("missing_body"),
             body=_page("boilerplate", body=["Share", "Leave A Reply", "Related Posts",
                                             "Sign up for our newsletter"])),
        Case("short_body", Rejected("short_body"),
             body=_page("short", body=["Only a few words here, nothing more to say."])),
        Case("entities", Item(lambda item: item["title"] == "Fed holds & markets — wait"),
             body=_page("entities", title="Fed&nbsp;holds &amp;amp; markets &#8212; wait",
                        escape=False)),
        Case("invisible_characters",
             Item(lambda item: item["title"] == "Zero width title"),
             body=_page("invisible", title="Zero\u200b width\u00ad title\ufeff")),
        Case("title_whitespace", Rejected("missing_title"),
             body=_page("title_ws", title=" \u00a0 \n\t ", escape=False)),
        Case("messy_byline",
             Item(lambda item: item["authors"] == ["Jane Doe", "John Roe"]
                  and item["source"] == "Reuters"),
             body=_page("byline", authors=("  By Jane Doe and John Roe ", "Reuters Staff"))),
        # --- encodings ----------------------------------------------------------------
        Case("wrong_charset_header", Item(_has("Café owners in Zürich")),
             headers=[("Content-Type", "text/html; charset=iso-8859-1")],
             body=_page("wrong_charset", body=latin1("wrong_charset"))),
        Case("no_charset", Item(_has("Café owners in Zürich")),
             headers=[("Content-Type", "text/html")],
             body=_page("no_charset", body=latin1("no_charset"))),
        Case("meta_charset_cp1252", Item(_has("raise prices by 5 €")),
             headers=[("Content-Type", "text/html")],
             body=article_html("cp1252", body=latin1("cp1252"),
                               head='<meta charset="windows-1252">').encode("cp1252")),
        Case("utf16_with_bom", Item(_has("Café owners in Zürich")),
             headers=[("Content-Type", "text/html")],
             body=codecs.BOM_UTF16_LE
             + article_html("utf16", body=latin1("utf16")).encode("utf-16-le")),
        Case("mojibake_in_text", Item(lambda item: "Café owners in Zürich" in item["body"]
                                      and "€" in item["body"] and "Ã" not in item["body"]),
             body=article_html("mojibake", body=[text.encode("utf-8").decode("cp1252")
                                                 for text in latin1("mojibake")])
             .encode("utf-8")),
        Case("binary_as_html", Rejected("garbled_body"),
             body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 64),
        Case("empty_200", Rejected("missing_body"), body=b""),
        # Over DOWNLOAD_MAXSIZE (10 MiB): Scrapy cancels the download and counts it.
        Case("huge_page",
             Skipped("downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError"),
             body=_page("huge", body_html="<p>" + "word " * (20 * 1024 * 1024 // 5) + "</p>")),
        Case("text_plain", Skipped("newscrawl/skipped/non_html"),
             headers=[("Content-Type", "text/plain")], body=b"Just some text."),
        # --- dates --------------------------------------------------------------------
        Case("date_yesterday",
             Item(lambda item: item["published"][:10] in {_day(timedelta(days=-1)),
                                                          _day(timedelta(0))}),
             body=_page("yesterday", published="yesterday")),
        Case("date_hours_ago",
             Item(lambda item: item["published"][:10] in {_day(timedelta(hours=-2)),
                                                          _day(timedelta(0))}),
             body=_page("hours_ago", published="2 hours ago")),
        Case("date_german", Item(lambda item: item["published"].startswith("2024-03-12")),
             body=_page("german", published="12. März 2024")),
        Case("date_impossible", Rejected("unparseable_published"),
             body=_page("impossible", published="2024-02-30T10:00:00+01:00")),
        Case("date_future", Rejected("future_published"),
             body=_page("future", published="2031-01-01T00:00:00+00:00")),
        Case("date_epoch", Rejected("too_old_published"),
             body=_page("epoch", published="1970-01-01T00:00:00+00:00")),
        Case("date_missing", Item(lambda item: item["published"] is None),
             body=_page("nodate", published=None)),
        # Valid ISO 8601, but the year 10000 / the year 0 in UTC (and in the site's zone).
        Case("date_year_10000_in_utc", Rejected("out_of_range_published"),
             body=_page("year_10000", published="9999-12-31T23:00:00-10:00")),
        Case("date_year_0_in_utc", Rejected("out_of_range_published"),
             body=_page("year_0", published="0001-01-01T00:00:00+14:00")),
        # Numbers are no dates (dateparser reads "-1" as 1 January, "1e20" as December 2020).
        Case("date_minus_one", Rejected("unparseable_published"),
             body=_page("minus_one", published="-1")),
        Case("date_exponent", Rejected("unparseable_published"),
             body=_page("exponent", published="1e20")),
        # --- JSON-LD ------------------------------------------------------------------
        Case("jsonld_nested_graph", Item(lambda item: item["published"].startswith("2024-04-01")),
             body=_page("graph", published=None, head=(
                 '<script type="application/ld+json">{"@context": "https://schema.org", '
                 '"@graph": [{"@type": "WebSite", "name": "Test"}, {"@type": "WebPage", '
                 '"mainEntity": {"@type": "NewsArticle", "headline": "Graph", '
                 '"datePublished": "2024-04-01T08:00:00+02:00"}}]}</script>'))),
        Case("jsonld_bad_json", Item(lambda item: item["published"].startswith("2024-04-02")),
             body=_page("badjson", published=None, head=(
                 '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
                 '"Broken", "datePublished": </script>'
                 '<script type="application/ld+json">{"@context": "https://schema.org", '
                 '"@type": "NewsArticle", "datePublished": "2024-04-02T08:00:00+02:00"}'
                 '</script>'))),
        Case("jsonld_duplicated", Item(lambda item: item["published"].startswith("2024-04-03")),
             body=_page("dupjson", published=None, head=(
                 '<script type="application/ld+json">{"@type": "NewsArticle", '
                 '"datePublished": "2024-04-03T08:00:00+02:00"}</script>' * 2))),
        # --- URLs ---------------------------------------------------------------------
        Case("canonical_offsite",
             Item(lambda item: item["url"] == f"{base_url}/news/canonical_offsite/"),
             body=_page("canon_off", canonical="https://elsewhere.example/story/1/")),
        # Credentials in a same-host canonical URL never reach a feed or the store.
        Case("canonical_userinfo",
             Item(lambda item: item["url"] == f"{base_url}/news/canonical_userinfo/"),
             body=_page("canon_userinfo", canonical=base_url.replace(
                 "://", "://reader:secret@") + "/news/canonical_userinfo/")),
        Case("image_file_url", Rejected("bad_image_url_scheme"),
             body=_page("image_file", body_html="".join(
                 f"<p>{text}</p>" for text in paragraphs("image_file"))
                 + '<figure><img src="file:///etc/passwd"><figcaption>Passwords</figcaption>'
                   "</figure>")),
        Case("tracking_parameters",
             Item(lambda item: item["url"] == f"{base_url}/news/tracking_parameters/"),
             link="/news/tracking_parameters/?utm_source=home&utm_medium=web&fbclid=abc",
             body=_page("tracking")),
        Case("redirect_onsite", Item(_has(words("moved-0", 30).capitalize()), at="/moved/here/"),
             status=301, headers=[("Location", "/moved/here/")]),
        Case("redirect_offsite", Skipped("offsite/filtered"),
             status=302, headers=[("Location", f"http://127.0.0.2:{base_url.rsplit(':', 1)[1]}"
                                               f"/news/elsewhere/")]),
        # Redirects to something that is no URL (an IPv6 host left open): not followed.
        Case("redirect_to_no_url", Skipped("httperror/response_ignored_status_count/301"),
             status=301, headers=[("Location", "http://[::1/news/nowhere/")]),
        Case("meta_refresh_to_no_url", Item(_has(words("refresh_nowhere-0", 30).capitalize())),
             body=_page("refresh_nowhere", head='<meta http-equiv="refresh" '
                        'content="0; url=http://[::1/news/nowhere/">')),
        Case("not_found", Skipped("httperror/response_ignored_status_count/404"), status=404,
             body=b"<html><body>gone</body></html>"),
        Case("server_error", Skipped("retry/max_reached"), status=500,
             body=b"<html><body>oops</body></html>"),
        # Two addresses, one rel=canonical: one article.
        *(Case(f"same_canonical_{n}", OneOf("canonical", "duplicate_url", same_story),
               body=_page("canon_pair", canonical=f"{base_url}/news/the_story/"))
          for n in (1, 2)),
        # --- the same wire story under two URLs ----------------------------------------
        Case("wire_story", OneOf("wire", "near_duplicate", _has(wire[2])),
             body=_page("wire_a", body=wire)),
        Case("wire_story_copy", OneOf("wire", "near_duplicate", _has(wire[2])),
             body=_page("wire_b", title="Same story, other headline",
                        body=["LONDON (Wire) - A line this site added.", *wire[:-1]])),
    ]


EXTRA_ROUTES = {
    # Where redirect_onsite lands.
    "/moved/here/": (200, [("Content-Type", HTML)], _page("moved")),
}


def home_page(all_cases: list[Case]) -> bytes:
    links = "".join(f'<li><a href="{html.escape(case.link or case.path)}">{case.name}</a></li>'
                    for case in all_cases)
    # A link that is no URL (an IPv6 host left open) is passed over, not the page's end.
    broken = '<li><a href="http://[::1/news/broken/">Broken</a></li>'
    return (f'<html><body><h1>Test News</h1><ul class="articles">{broken}{links}</ul>'
            f'</body></html>').encode()
