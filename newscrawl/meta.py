"""What a request carries about itself in ``request.meta``: the role of its page and the
site it belongs to. The spider sets both where it makes a request; middlewares, pipelines
and extensions read them here, never the spider's callback names or attributes.

What the whole crawl is of (one crawler crawls one site; a crawl of several sites runs one
crawler per site) travels the same way one level up: the spider writes it into its
crawler's settings while they are still open (``publish_crawl_site``), and components that
need it when no request is at hand (file names, the Redis keys, the monitors) read it back
with ``crawl_site``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings

    from newscrawl.sites.definition import SiteDefinition

PAGE = "newscrawl_page"
SITE = "newscrawl_site"
# Why a page goes through the browser (``newscrawl.middlewares.render``); absent: it does not.
RENDER = "newscrawl_render"


class PageRole(StrEnum):
    HOME = "home"
    LISTING = "listing"  # a section's listing, any page of it
    ARTICLE = "article"
    FEED = "feed"  # RSS or Atom
    SITEMAP = "sitemap"  # a sitemap or sitemap index
    ROBOTS = "robots"  # robots.txt read for its sitemaps (generic mode)
    POSTS = "posts"  # a page of a publishing system's posts API (WordPress REST)


LISTINGS = frozenset({PageRole.HOME, PageRole.LISTING})


def page_meta(role: PageRole, site: str, **extra: Any) -> dict[str, Any]:
    return {PAGE: role, SITE: site, **extra}


def page_role(meta: dict[str, Any]) -> PageRole | None:
    role = meta.get(PAGE)
    return PageRole(role) if role else None


# Settings the spider writes, not the user: what its arguments (-a site, start_url) made
# of the crawl. The command line's priority, so a stray ``-s`` cannot split what the items
# say from what the files and keys are named.
SITE_NAME = "NEWSCRAWL_SITE_NAME"
SITE_DEFINITION = "NEWSCRAWL_SITE_DEFINITION"
SITE_DOMAINS = "NEWSCRAWL_SITE_DOMAINS"


@dataclass(frozen=True)
class CrawlSite:
    name: str  # the ``site`` of the items, and the ``%(site)s`` of file names
    definition: SiteDefinition | None  # None in generic mode
    domains: tuple[str, ...]  # the hosts the crawl stays on


def publish_crawl_site(settings: Settings, site: CrawlSite) -> None:
    settings.setdict({SITE_NAME: site.name, SITE_DEFINITION: site.definition,
                      SITE_DOMAINS: list(site.domains)}, priority="cmdline")


def crawl_site(crawler: Crawler) -> CrawlSite:
    """The crawl's site; a crawler whose spider published none is named after its spider."""
    settings = crawler.settings
    name = settings.get(SITE_NAME) or (crawler.spider.name if crawler.spider else "")
    return CrawlSite(name, settings.get(SITE_DEFINITION),
                     tuple(settings.getlist(SITE_DOMAINS)))
