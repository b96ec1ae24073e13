"""Pages Scrapy gives up on, counted under ``newscrawl/skipped/<reason>`` (and so in the
run report's "pages skipped"); Scrapy itself leaves only a DEBUG or WARNING line.

- ``redirect_loop`` / ``meta_refresh_loop``: a chain of redirects (or of ``<meta
  http-equiv=refresh>`` pages) that comes back to a URL of its own or goes on past
  ``REDIRECT_MAX_TIMES`` hops (a loop whose URLs change every time);
- ``too_large``: a response over ``DOWNLOAD_MAXSIZE``, as sent or once decompressed;
- ``start_offsite``: a start URL (home page) that redirects to another site, which the
  offsite filter then drops: named in one warning, the likeliest reason a crawl of a site
  that moved finds nothing.

A page whose meta refresh names the page itself is no loop: it is handed on as it is.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import (
    HttpCompressionMiddleware as ScrapyHttpCompression,
)
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware as ScrapyMetaRefresh
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware as ScrapyRedirect
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.utils.url import url_is_from_any_domain

from newscrawl.cleaning import canonical_key
from newscrawl.meta import PageRole, crawl_site, page_role

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

SKIPPED = "newscrawl/skipped"


class _CountsLoops:
    """Mixin for Scrapy's redirect middlewares: their give-ups counted as ``reason``."""

    reason: str
    crawler: Crawler

    def process_response(self, request: Request, response: Response) -> Request | Response:
        try:
            result = super().process_response(request, response)
        except IgnoreRequest:  # Scrapy's: more than REDIRECT_MAX_TIMES hops
            self.crawler.stats.inc_value(f"{SKIPPED}/{self.reason}")
            raise
        except ValueError:
            # Scrapy raises on a target that is no URL (``Location: http://[::1/``), or a
            # refresh read against a <base href> that is none, and the page was lost as a
            # download error. Not followed, as Scrapy leaves one to another scheme: the
            # response goes on as it is (an article page, or a 3xx that is not kept).
            return response
        if not isinstance(result, Request):
            return result
        if self._reloads(request, result):
            return response
        if page_role(request.meta) is PageRole.HOME and self._leaves_site(result.url):
            self.crawler.stats.inc_value(f"{SKIPPED}/start_offsite")
            logger.warning("start URL %s redirects to %s, another site: crawl that "
                           "(start_url=…) or add its domain to the definition",
                           request.url, result.url)
        if _comes_back(result):
            # The duplicate filter would drop it too, counted with every repeated link.
            logger.debug("Discarding %(request)s: %(reason)s back to %(url)s",
                         {"request": request, "reason": self.reason, "url": result.url})
            self.crawler.stats.inc_value(f"{SKIPPED}/{self.reason}")
            raise IgnoreRequest(f"{self.reason} back to {result.url}")
        return result

    def _reloads(self, request: Request, redirected: Request) -> bool:
        return False

    def _leaves_site(self, url: str) -> bool:
        domains = crawl_site(self.crawler).domains
        return bool(domains) and not url_is_from_any_domain(url, domains)


def _comes_back(redirected: Request) -> bool:
    """Whether a redirect leads to a URL its chain has been to (as the duplicate filter
    compares them)."""
    key = canonical_key(redirected.url)
    return any(canonical_key(url) == key for url in redirected.meta["redirect_urls"])


class RedirectMiddleware(_CountsLoops, ScrapyRedirect):
    reason = "redirect_loop"


class MetaRefreshMiddleware(_CountsLoops, ScrapyMetaRefresh):
    reason = "meta_refresh_loop"

    def _reloads(self, request: Request, redirected: Request) -> bool:
        # A page that refreshes itself (a home page reloading every minute) is that page,
        # not a redirect: it is parsed as it is.
        return canonical_key(redirected.url) == canonical_key(request.url)


class TooLargeMiddleware:
    """Counts responses over ``DOWNLOAD_MAXSIZE``: Scrapy's download handlers cancel them
    (``DownloadCancelledError``, raised for nothing else) after logging a WARNING."""

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler.stats)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, DownloadCancelledError):
            self.stats.inc_value(f"{SKIPPED}/too_large")
            # Already logged with its size: as an IgnoreRequest it is not logged again as
            # an error with a traceback.
            raise IgnoreRequest(str(exception)) from exception


class HttpCompressionMiddleware(ScrapyHttpCompression):
    """Scrapy's, counting a response that exceeds ``DOWNLOAD_MAXSIZE`` once decompressed
    (a few hundred kB of gzip can unpack to gigabytes): Scrapy drops it with a WARNING."""

    def process_response(self, request: Request, response: Response,
                         spider: object = None) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest as exc:
            if "DOWNLOAD_MAXSIZE" in str(exc):  # Scrapy's one reason, logged with the size
                self.stats.inc_value(f"{SKIPPED}/too_large")
            raise
