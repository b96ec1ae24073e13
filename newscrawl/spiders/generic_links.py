"""Links of a site without a definition: found by markup conventions and URL shapes."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrapy.http import TextResponse

from newscrawl.cleaning import link_url
from newscrawl.extract.page import page_selector
from newscrawl.spiders.links import feed_links, is_article_sitemap, is_trap

ARTICLE, LISTING, PAGINATION, OTHER = "article", "listing", "pagination", "other"

# URL shapes of article pages: dated permalinks, numeric ids with a slug, .html stories.
_ARTICLE_URL = re.compile(
    r"/(?:19|20)\d{2}/[01]?\d/(?:[0-3]?\d/)?[^/?#]+[^/]/?$"   # /2024/12/09/slug/, /2024/12/slug
    r"|/(?:news|story|stories|article|articles|a|p|post)/(?:[^/?#]+/)*\d{4,}[-_][^/?#]+/?$"
    r"|/(?:news|story|article|articles)/[^/?#]+-[^/?#]+-[^/?#]+/?$"  # /news/long-slug-words
    r"|/[^/?#]+-[^/?#]+-[^/?#]+-\d{5,}/?(?:\.html?)?$"          # /slug-words-123456
    r"|-(?:19|20)\d{6}\.html?$",
    re.I,
)
_PAGINATION_URL = re.compile(r"/page/\d+/?$|[?&](?:page|paged|p)=\d+", re.I)
_LISTING_URL = re.compile(
    r"/(?:category|categories|section|sections|topic|topics|tag|tags|author|news|world|"
    r"business|markets?|politics|sport|sports|tech|technology|opinion)(?:/[^/?#]+)*/?$",
    re.I,
)
# Pages every site has that are neither listings nor articles.
_OTHER_URL = re.compile(
    r"/(?:about|contact|privacy|terms|cookie|advertis|subscribe|login|register|account|"
    r"careers|jobs|faq|help|imprint|impressum|sitemap|newsletter|feed|rss|search|"
    r"wp-(?:admin|login|json)|cart|shop)[^/]*/?",
    re.I,
)
_NEXT_TEXT = re.compile(r"^\s*(?:next(?:\s+page)?|older(?:\s+(?:posts|entries|articles))?|"
                        r"load\s+more|more\s+(?:stories|articles|news)|›|»|→)\s*[›»→]?\s*$", re.I)


def classify_url(url: str) -> str:
    """What a same-site URL most likely leads to, by its shape alone."""
    parts = urlsplit(url)
    path = parts.path or "/"
    if is_trap(url) or _OTHER_URL.search(path):
        return OTHER
    if _PAGINATION_URL.search(path + ("?" + parts.query if parts.query else "")):
        return PAGINATION
    if _ARTICLE_URL.search(path):
        return ARTICLE
    if _LISTING_URL.search(path):
        return LISTING
    return OTHER


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
        for href in page_selector(response).css(css).css("::attr(href)").getall():
            if href.startswith(("#", "javascript:", "mailto:", "tel:")):
                continue
            url = link_url(href, response.url)
            if url and urlsplit(url).hostname in self.hosts:
                urls.append(url)
        return list(dict.fromkeys(urls))

    def categories(self, response: TextResponse) -> list[str]:
        return [url for url in self._links(response, self._NAVIGATION)
                if classify_url(url) == LISTING]

    def articles(self, response: TextResponse) -> list[str]:
        return [url for url in self._links(response) if classify_url(url) == ARTICLE]

    def next_page(self, response: TextResponse) -> str | None:
        selector = page_selector(response)
        candidates = selector.css("link[rel=next]::attr(href), a[rel=next]::attr(href)").getall()
        for anchor in selector.css("a[href]"):
            text = " ".join(anchor.css("::text").getall())
            classes = anchor.attrib.get("class", "")
            if _NEXT_TEXT.match(text) or re.search(r"\b(?:next|load-more)\b", classes):
                candidates.append(anchor.attrib["href"])
        for href in candidates:
            url = link_url(href, response.url)
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
        return classify_url(url) == ARTICLE

    def is_article_sitemap(self, url: str) -> bool:
        return is_article_sitemap(url)
