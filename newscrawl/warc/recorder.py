"""Records every fetched response to WARC files (``NEWSCRAWL_WARC_DIR``; empty: off).

A Scrapy extension on ``response_downloaded``: it sees each response as the download handler
returned it, before any middleware, so pages, feeds, sitemaps, robots.txt, redirects and
error pages are all recorded, with their content coding (gzip…) as the server sent it.
Twisted has already removed the chunked transfer coding: that header is kept as
``X-Crawler-Transfer-Encoding``, as Common Crawl does, so that readers do not de-chunk the
body again.

An article page fetched statically that the render middleware may fetch again through the
browser (newscrawl.middlewares.render) is held back until that is decided, moments later:
when it is, the static record says so (``WARC-Newscrawl-Superseded: rendered``) and the
rendered page follows it, so that a replay makes its item of the page the crawl made its
item of, once.

A file that cannot be written (disk full, a folder that cannot be written) stops the crawl
with the finish reason ``warc_write_failed`` and one line naming the file and the error.
"""

from __future__ import annotations

import itertools
import logging
from dataclasses import replace
from datetime import UTC, datetime
from http import HTTPStatus
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlsplit

from fastwarc.warc import HeaderMap
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import deferred_from_coro

from newscrawl.args import site_name
from newscrawl.meta import PageRole, crawl_site, page_role
from newscrawl.middlewares.render import render_statuses
from newscrawl.warc.writer import Exchange, WarcFileWriter

logger = logging.getLogger(__name__)

FAILED_REASON = "warc_write_failed"
STATS = "newscrawl/warc"
# Headers that describe the bytes on the wire, not the body as Scrapy hands it over.
RENAMED_HEADERS = {b"transfer-encoding": b"X-Crawler-Transfer-Encoding"}
# request.meta key of a static article page held back (see the module's docstring); the
# browser's request is made from the static one's and carries it on.
HELD = "newscrawl_warc_held"


def request_head(request: Request) -> HeaderMap:
    """Request line and headers as sent (Host is added by Twisted, so it is added here)."""
    parts = urlsplit(request.url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    head = HeaderMap()
    head.status_line = f"{request.method} {target} HTTP/1.1"
    if "Host" not in request.headers:
        head.append("Host", parts.netloc.rpartition("@")[2])  # never credentials
    for name, values in request.headers.items():
        for value in values:
            head.append_bytes(name, value)
    return head


def response_head(response: Response) -> HeaderMap:
    head = HeaderMap()
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""  # Scrapy keeps no reason phrase; an unknown status goes without
    head.status_line = f"{response.protocol or 'HTTP/1.1'} {response.status} {reason}".rstrip()
    for name, values in response.headers.items():
        name = RENAMED_HEADERS.get(name.lower(), name)
        for value in values:
            head.append_bytes(name, value)
    return head


class WarcRecorder:
    def __init__(self, crawler: Crawler, folder: Path, max_size: int) -> None:
        self.crawler = crawler
        self.folder = folder
        self.max_size = max_size
        self.writer: WarcFileWriter | None = None
        self._failed = False
        self.render_statuses = render_statuses(crawler.settings)
        self._held: dict[int, Exchange] = {}
        self._tokens = itertools.count()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcRecorder:
        settings = crawler.settings
        folder = settings.get("NEWSCRAWL_WARC_DIR")
        if not folder:
            raise NotConfigured
        recorder = cls(crawler, Path(folder), settings.getint("NEWSCRAWL_WARC_MAX_SIZE"))
        crawler.signals.connect(recorder.spider_opened, signals.spider_opened)
        crawler.signals.connect(recorder.response_downloaded, signals.response_downloaded)
        crawler.signals.connect(recorder.response_received, signals.response_received)
        crawler.signals.connect(recorder.spider_closed, signals.spider_closed)
        return recorder

    def spider_opened(self) -> None:
        site = site_name(crawl_site(self.crawler).name)
        settings = self.crawler.settings
        info = {
            "software": f"newscrawl (Scrapy {version('scrapy')}, FastWARC {version('fastwarc')})",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
                          "warc-format/warc-1.1/",
            "isPartOf": site,
            "http-header-user-agent": settings.get("USER_AGENT") or "",
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
        }
        self.writer = WarcFileWriter(self.folder, site, self.max_size, info)
        self.crawler.stats.set_value(f"{STATS}/folder", str(self.folder))  # for the report

    def response_downloaded(self, response: Response, request: Request) -> None:
        if self._failed or self.writer is None:
            return
        if urlsplit(response.url).scheme not in ("http", "https"):
            return  # WARC response records hold HTTP exchanges
        role = page_role(request.meta)
        exchange = Exchange(
            url=response.url,
            request_head=request_head(request),
            request_body=request.body,
            response_head=response_head(response),
            payload=response.body,
            date=datetime.now(UTC),
            ip_address=str(response.ip_address) if response.ip_address else None,
            # DOWNLOAD_FAIL_ON_DATALOSS off: a cut-off body still arrives, flagged.
            truncated="disconnect" if "dataloss" in response.flags else None,
            page=str(role) if role else None,
        )
        if request.meta.get("playwright"):
            static = self._held.pop(request.meta.get(HELD, -1), None)
            if static is not None:
                self._write(replace(static, superseded="rendered"))
        elif role is PageRole.ARTICLE and response.status in self.render_statuses:
            request.meta[HELD] = token = next(self._tokens)
            self._held[token] = exchange
            return
        self._write(exchange)

    def response_received(self, request: Request) -> None:
        """The response came through the downloader middlewares: not sent to the browser."""
        static = self._held.pop(request.meta.get(HELD, -1), None)
        if static is not None:
            self._write(static)

    def _write(self, exchange: Exchange) -> None:
        if self._failed or self.writer is None:
            return
        try:
            records, size = self.writer.write(exchange)
        except OSError as exc:
            self._fail(exc)
            return
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/records", records)
        stats.inc_value(f"{STATS}/bytes", size)
        stats.set_value(f"{STATS}/files", len(self.writer.files))

    def _fail(self, exc: OSError) -> None:
        self._failed = True
        # A failed write names no file (open and mkdir do): the file being written.
        path = exc.filename or (self.writer.files[-1] if self.writer and self.writer.files
                                else self.folder)
        what = f"{path}: {exc.strerror or exc}"
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/write_failed")
        stats.set_value(f"{STATS}/error", what)
        logger.error("newscrawl: cannot write the web archive %s; the crawl stops", what)
        if self.crawler.engine is not None and self.crawler.engine.spider is not None:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=FAILED_REASON))

    def spider_closed(self) -> None:
        # Held pages no middleware handed on (a meta refresh followed, a browser that
        # failed): what the server sent, recorded as it was.
        for token in sorted(self._held):
            self._write(self._held.pop(token))
        if self.writer is not None:
            self.writer.close()
