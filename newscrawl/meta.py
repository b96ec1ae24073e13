"""What a request carries about itself in ``request.meta``: the role of its page and the
site it belongs to. The spider sets both where it makes a request; middlewares, pipelines
and extensions read them here, never the spider's callback names or attributes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

PAGE = "newscrawl_page"
SITE = "newscrawl_site"


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
