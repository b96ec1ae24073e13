"""A fetched page, parsed once and shared by every extractor."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from parsel import Selector

if TYPE_CHECKING:
    from newscrawl.extract.metadata import Metadata


@dataclass(frozen=True)
class Page:
    """HTML and URL plus the one parsel/lxml tree every extractor reads.

    Extractors must not modify ``selector.root``: it is shared. One that needs
    to edit the tree (a body cleaner) works on its own copy.
    """

    url: str
    html: str
    selector: Selector

    @classmethod
    def from_html(cls, html: str, url: str) -> Page:
        selector = Selector(text=html or "<html></html>", base_url=url)
        return cls(url=url, html=html, selector=selector)

    @classmethod
    def from_response(cls, response) -> Page:  # scrapy.http.TextResponse
        # response.selector is cached by Scrapy: the page is parsed once per response.
        return cls(url=response.url, html=response.text, selector=response.selector)

    @cached_property
    def metadata(self) -> Metadata:
        """JSON-LD, microdata and ``<meta>`` of the page, shared by site and generic extraction."""
        from newscrawl.extract.metadata import Metadata  # metadata.py imports Page

        return Metadata(self)
