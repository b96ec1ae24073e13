"""A fetched page, parsed once and shared by every extractor."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urljoin
from weakref import WeakKeyDictionary

from parsel import Selector
from scrapy.http import TextResponse, XmlResponse
from scrapy.utils.response import get_base_url

from newscrawl.extract.metadata import Metadata

_SELECTORS: WeakKeyDictionary[TextResponse, Selector] = WeakKeyDictionary()


def page_selector(response: TextResponse) -> Selector:
    """The response's one parsed tree, shared by every component that reads it.

    Not ``response.selector``: Scrapy's selector refers back to its response, and that
    reference cycle (scrapy/scrapy#2977) keeps each parsed page alive until a full
    garbage collection, which a large crawl runs ever more rarely: memory grew with the
    crawl. This one goes when the response goes.
    """
    selector = _SELECTORS.get(response)
    if selector is None:
        kind = "xml" if isinstance(response, XmlResponse) else "html"
        selector = Selector(text=response.text, type=kind, base_url=links_base(response))
        _SELECTORS[response] = selector
    return selector


def links_base(response: TextResponse) -> str:
    """What the page's links are relative to: its ``<base href>``, else (none, or none
    that is a URL: w3lib raises on ``http://[::1/``) its own URL."""
    try:
        return get_base_url(response)
    except ValueError:
        return response.url


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
        """The page parsed as HTML whatever it starts with: left to guess, parsel reads a
        text with an XML declaration (XHTML pages of older sites) as XML and one that
        parses as JSON as JSON, which no extractor can read; browsers read both as HTML."""
        text = html or "<html></html>"
        try:
            selector = Selector(text=text, type="html", base_url=url)
        except UnicodeEncodeError:
            # Lone surrogates (a str decoded with "surrogateescape", JSON "\ud83d"
            # escapes) cannot be encoded as UTF-8, which the parser is given: they become
            # U+FFFD, as undecodable bytes do.
            text = text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            selector = Selector(text=text, type="html", base_url=url)
        return cls(url=url, html=html, selector=selector)

    @classmethod
    def from_response(cls, response: TextResponse) -> Page:
        return cls(url=response.url, html=response.text, selector=page_selector(response))

    @cached_property
    def metadata(self) -> Metadata:
        """JSON-LD, microdata and ``<meta>`` of the page, shared by site and generic extraction."""
        return Metadata(self.url, self.selector.root)


def absolute_url(base: str, href: str) -> str | None:
    """``href`` made absolute against ``base``; None when either is not a URL (urljoin
    raises on an unclosed IPv6 host such as ``http://[x/``, or on a host that NFKC
    normalisation changes): one broken link must not cost the page its other fields."""
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return None
