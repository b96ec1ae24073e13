"""Link finders: which links of a listing page lead to sections, articles and the next page."""

from __future__ import annotations

from typing import Protocol

from scrapy.http import TextResponse

from newscrawl.cleaning import clean_url
from newscrawl.sites.definition import Links


class LinkFinder(Protocol):
    def categories(self, response: TextResponse) -> list[str]: ...

    def articles(self, response: TextResponse) -> list[str]: ...

    def next_page(self, response: TextResponse) -> str | None: ...


def _hrefs(response: TextResponse, anchors: str | None) -> list[str]:
    """Absolute, tracking-free URLs of the matching ``<a>`` elements, in page order, once each."""
    if not anchors:
        return []
    urls = (
        clean_url(href, base=response.url)
        for href in response.css(anchors).css("::attr(href)").getall()
        if not href.startswith(("#", "javascript:", "mailto:"))
    )
    return list(dict.fromkeys(urls))


class SiteLinks:
    """Links picked by a site definition's CSS selectors."""

    def __init__(self, links: Links) -> None:
        self._links = links

    def categories(self, response: TextResponse) -> list[str]:
        return _hrefs(response, self._links.category)

    def articles(self, response: TextResponse) -> list[str]:
        return _hrefs(response, self._links.article)

    def next_page(self, response: TextResponse) -> str | None:
        urls = _hrefs(response, self._links.pagination)
        return urls[0] if urls else None
