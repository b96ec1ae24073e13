"""Replayed pages extracted in worker processes (``-a workers=N``).

A replay is CPU-bound and Scrapy runs in one thread: extraction, most of a page's cost,
runs in N processes while the crawl's own process reads the archive and runs the
pipelines and feeds. Each worker gets the decoded response (URL, headers, body) and the
site definition, rebuilds the response and extracts it exactly as the crawl's process
would; results come back in the archive's order, so the output is the same as with one
process.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from scrapy.http import HtmlResponse

from newscrawl.extract import extract_response
from newscrawl.sites import SiteDefinition

# Pages in flight per worker: enough that none waits while the crawl's process runs the
# pipelines, few enough that memory holds only a handful of pages.
PAGES_PER_WORKER = 4


def _extract(url: str, headers: dict[bytes, list[bytes]], body: bytes,
             site: SiteDefinition | None) -> dict[str, Any] | None:
    return extract_response(HtmlResponse(url=url, headers=headers, body=body), site)


class ExtractionPool:
    def __init__(self, workers: int) -> None:
        self.window = workers * PAGES_PER_WORKER
        # forkserver: workers start from a clean process, not a fork of a running reactor.
        self._executor = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("forkserver"))

    def submit(self, response: HtmlResponse,
               site: SiteDefinition | None) -> asyncio.Future[dict[str, Any] | None]:
        """The page's fields, as ``extract_response`` gives them, from a worker."""
        return asyncio.wrap_future(self._executor.submit(
            _extract, response.url, dict(response.headers), response.body, site))

    def close(self) -> None:
        self._executor.shutdown(cancel_futures=True)
