"""Links of a site without a definition: found by markup conventions and URL shapes."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy.http import TextResponse

from newscrawl.cleaning import link_url
from newscrawl.extract.page import Page, links_base, page_selector
from newscrawl.spiders.links import feed_links, is_article_sitemap, is_trap

# HEADLINE: an article by its slug alone, which the page must confirm (``proves_article``).
ARTICLE, HEADLINE, LISTING, PAGINATION, OTHER = (
    "article", "headline", "listing", "pagination", "other")

# A segment of a site's own pages: neither listings nor articles. The word and at most two
# more ("privacy-policy", "terms-of-service"): a slug that starts with one of them is a
# headline ("jobs-report-beats-expectations", "cartel-leader-arrested").
_OTHER_SEGMENT = re.compile(
    r"(?:about|contact|privacy|terms|cookies?|advertis(?:e|ing)|subscribe|subscriptions?|"
    r"log-?in|sign-?in|sign-?up|register|registration|account|careers?|jobs|faq|help|"
    r"imprint|impressum|sitemap|newsletters?|feeds?|rss|search|wp-admin|wp-login|wp-json|"
    r"cart|shop)(?:[-_.][^\W_]+){0,2}",
    re.I,
)
# A page number in the path or the query (``/?p=`` is WordPress's post id, see _ID_QUERY).
_PAGINATION_URL = re.compile(r"/page/\d+/?$|[?&](?:page|paged)=\d+|[?&]p=\d{1,2}(?:&|$)", re.I)
# The first segment, or the one before the last, naming a taxonomy: /category/markets/,
# /news/tag/oil/. Not "archive": articles live under it (/archive/2024/05/01/slug/).
_TAXONOMY = re.compile(r"category|categories|sections?|topics?|tags?|authors?|series|"
                       r"labels?", re.I)
# Article shapes, the ones CMSs write: a date in the path with something worded after it
# (/2024/12/09/slug/, /2024/dec/09/slug, /2024/12/09/1234567/slug), a date in one segment
# (slug-2024-12-09, _20241209), a number of five digits or more (an id: /news/12345,
# /slug-b2651790.html, 110312345.cms) or after a word that says it is one (/node/4521),
# an id in the query; a headline slug (HEADLINE) only with the page's word for it.
_DATE_PATH = re.compile(
    r"/(?:19|20)\d{2}/(?:0?[1-9]|1[0-2]|[a-z]{3,9})/(?:[0-3]?\d/)?[^?#]*[^\W\d_]", re.I)
_DATE_SEGMENT = re.compile(r"(?<!\d)(?:19|20)\d{2}-?[01]\d-?[0-3]\d(?!\d)")
_ID = re.compile(
    r"(?<!\d)\d{5,}(?!\d)|/(?:node|archives?|articles?|stor(?:y|ies)|posts?)/\d+(?:/|$)", re.I)
# An opaque id of letters and digits (/news/articles/c4ngk17zzkpo).
_TOKEN_ID = re.compile(r"(?=(?:[a-z]*\d){2})(?=(?:\d*[a-z]){2})[a-z\d]{10,}", re.I)
_ID_QUERY = re.compile(r"(?:^|&)(?:id|idx|idxno|nid|aid|no|newsid|contentid|story|storyid|"
                       r"article|articleid)=\d+(?:&|$)", re.I)
# WordPress without pretty permalinks: /?p=42.
_POST_QUERY = re.compile(r"^p=\d+$")
# Words of a headline slug: section names have fewer ("science-and-environment").
SLUG_WORDS = 4
_WORD = re.compile(r"[^\W_]+")
# Segments of a few words alone: /world/, /culture/books/, /science-and-environment/.
_SECTION_SEGMENT = re.compile(r"[^\W\d_]+(?:[-_][^\W\d_]+){0,2}")
# Files that are no pages, and the AMP copy of a page (its canonical URL is the page's).
_FILE_EXTENSION = re.compile(
    r"\.(?:jpe?g|png|gif|webp|avif|svg|ico|pdf|zip|gz|mp[34]|m4a|mov|avi|webm|docx?|xlsx?|"
    r"pptx?|csv|txt|xml|json|rss|atom|js|css|woff2?|ttf|epub|amp)$", re.I)
_PAGE_EXTENSION = re.compile(r"\.(?:s?html?|php|aspx?|cms|ece|jsp)$", re.I)
_NEXT_TEXT = re.compile(
    r"^\s*[‹«←<]?\s*(?:next(?:\s+page)?|older(?:\s+(?:posts|entries|articles|stories))?|"
    r"load\s+more|show\s+more|more\s+(?:stories|articles|news|posts)|weiter|"
    r"n[äa]chste(?:\s+seite)?|suivante?|page\s+suivante|siguiente|successiv[ao]|avanti|"
    r"pr[óo]xima|seguinte|volgende|nast[ęe]pna|далее|следующая|›|»|→)\s*[›»→>]?\s*$",
    re.I,
)


def _segments(path: str) -> list[str] | None:
    """The path's segments without a page's extension nor a trailing ``index.html``;
    None for a file that is no page."""
    if _FILE_EXTENSION.search(path):
        return None
    segments = [segment for segment in path.split("/") if segment]
    if segments:
        segments[-1] = _PAGE_EXTENSION.sub("", segments[-1])
        if segments[-1].lower() in ("index", "default"):
            segments.pop()
    return segments


def _in_taxonomy(segments: list[str]) -> bool:
    return bool(_TAXONOMY.fullmatch(segments[0])
                or (len(segments) > 1 and _TAXONOMY.fullmatch(segments[-2])))


def _taxonomy(url: str) -> bool:
    segments = _segments(unquote(urlsplit(url).path))
    return bool(segments) and _in_taxonomy(segments)


def classify_url(url: str) -> str:
    """What a same-site URL most likely leads to, by its shape alone."""
    parts = urlsplit(url)
    # Words as written: non-Latin slugs come percent-encoded (/%D0%BE-%D0%BD%D0%B0%D1%81/).
    path = unquote(parts.path) or "/"
    segments = _segments(path)
    if segments is None or is_trap(url):
        return OTHER
    if path == "/" and _POST_QUERY.match(parts.query):
        return ARTICLE
    if _PAGINATION_URL.search(path + ("?" + parts.query if parts.query else "")):
        return PAGINATION
    if _ID_QUERY.search(parts.query):
        return ARTICLE
    if not segments:
        return OTHER  # the home page
    if _in_taxonomy(segments):
        return LISTING
    if (_DATE_PATH.search(path) or any(map(_DATE_SEGMENT.search, segments))
            or _ID.search(path) or _TOKEN_ID.fullmatch(segments[-1])):
        return ARTICLE
    if any(_OTHER_SEGMENT.fullmatch(segment) for segment in segments):
        return OTHER
    if any(len(_WORD.findall(segment)) >= SLUG_WORDS for segment in segments[-2:]):
        return HEADLINE
    if all(map(_SECTION_SEGMENT.fullmatch, segments)):
        return LISTING
    return OTHER


def page_confirms_article(response: TextResponse, fields: dict[str, Any]) -> bool:
    """What a page at a HEADLINE URL must say to be an article: a date, or its metadata
    (JSON-LD, OpenGraph, microdata). A site's own page (/code-of-ethics-policy/) and a
    section front of a few words (/health-and-wellness-tips/) say neither."""
    return bool(fields.get("published")) or Page.from_response(response).metadata.claims_article


def site_hosts(host: str) -> frozenset[str]:
    """The host names of one site in generic mode: ``host`` with and without ``www.``."""
    bare = host.removeprefix("www.")
    return frozenset({bare, f"www.{bare}"})


class GenericLinks:
    """Section links from navigation and breadcrumbs, articles and pagination by URL shape."""

    _NAVIGATION = ("nav a, header a, [role=navigation] a, .menu a, .breadcrumb a, "
                   ".breadcrumbs a, [class*=breadcrumb] a")

    def __init__(self, host: str) -> None:
        # The host with and without "www.": sites answer on one, send the other there
        # and link to either.
        self.hosts = site_hosts(host)

    def _links(self, response: TextResponse, css: str = "a") -> list[str]:
        urls = []
        base = links_base(response)
        for href in page_selector(response).css(css).css("::attr(href)").getall():
            if href.startswith(("#", "javascript:", "mailto:", "tel:")):
                continue
            url = link_url(href, base)
            if url and urlsplit(url).hostname in self.hosts:
                urls.append(url)
        return list(dict.fromkeys(urls))

    def categories(self, response: TextResponse) -> list[str]:
        return [url for url in self._links(response, self._NAVIGATION)
                if classify_url(url) == LISTING]

    def articles(self, response: TextResponse) -> list[str]:
        return [url for url in self._links(response) if classify_url(url) in (ARTICLE, HEADLINE)]

    def next_page(self, response: TextResponse) -> str | None:
        selector = page_selector(response)
        candidates = selector.css("link[rel=next]::attr(href), a[rel=next]::attr(href)").getall()
        for anchor in selector.css("a[href]"):
            text = " ".join(anchor.css("::text").getall())
            classes = anchor.attrib.get("class", "")
            if _NEXT_TEXT.match(text) or re.search(r"\b(?:next|load-more)\b", classes):
                candidates.append(anchor.attrib["href"])
        base = links_base(response)
        for href in candidates:
            url = link_url(href, base)
            if (url and urlsplit(url).hostname in self.hosts and url != response.url
                    and not is_trap(url)):
                return url
        return None

    def feeds(self, response: TextResponse) -> list[str]:
        # On any host (a feed service): the articles they list must be on the site.
        return feed_links(response)

    def listing_dates(self, response: TextResponse) -> list[str]:
        return page_selector(response).css("article time::attr(datetime)").getall()

    def is_article_url(self, url: str) -> bool:
        return classify_url(url) in (ARTICLE, HEADLINE)

    def is_feed_article(self, url: str) -> bool:
        """A feed lists articles: any of its items but a site's own page, a taxonomy or a
        page of a listing, even of a section's shape (/politics/mayor-resigns/); the page
        confirms it (``proves_article`` is false for all but ARTICLE shapes)."""
        kind = classify_url(url)
        return kind in (ARTICLE, HEADLINE) or (kind == LISTING and not _taxonomy(url))

    def is_listing_url(self, url: str) -> bool:
        return classify_url(url) == LISTING

    def proves_article(self, url: str) -> bool:
        """A date or an id in the URL: no site's own page nor section front has one.
        A headline slug alone (/code-of-ethics-policy/ has one too) does not."""
        return classify_url(url) == ARTICLE

    def is_article_sitemap(self, url: str) -> bool:
        return is_article_sitemap(url)
