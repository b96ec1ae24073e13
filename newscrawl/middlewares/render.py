"""Article pages that need JavaScript go through a headless browser, the rest never do.

Two components, both on scrapy-playwright:

* ``RenderMiddleware`` (downloader middleware) decides per request. Sites whose definition
  says ``render_js`` get every article page rendered. On other sites an article page is
  fetched statically first; when its HTML has no article body (an empty container, a
  "Loading…" shell, a JavaScript challenge page) and has scripts that could fill it, that
  page alone is fetched again through the browser, once (stats ``newscrawl/render/*``).
* ``LazyPlaywrightDownloadHandler`` is scrapy-playwright's download handler, installed for
  http(s) but started on the first request that needs a browser: scrapy-playwright starts
  its Playwright driver at engine start, which every static crawl would pay for; the
  browser itself is launched on the first rendered page either way. Requests without
  ``meta["playwright"]`` use Scrapy's HTTP handler, as with scrapy-playwright itself.

The browser is the system Chromium (Playwright's own browser download is not needed):
``NEWSCRAWL_BROWSER_EXECUTABLE`` and ``NEWSCRAWL_BROWSER_ARGS``.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
from typing import Any

from lxml import etree
from parsel import Selector
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.page import PageMethod

from newscrawl.extract.page import page_selector
from newscrawl.meta import RENDER, SITE, PageRole, page_role
from newscrawl.query import run_query
from newscrawl.sites import SiteDefinition, all_sites

logger = logging.getLogger(__name__)

STATS = "newscrawl/render"

# Text a page shows while its content is still being fetched or a challenge runs.
PLACEHOLDER = re.compile(
    r"^\W*(loading|please wait|one moment|just a moment|checking your browser"
    r"|enable javascript|javascript is required)",
    re.IGNORECASE,
)
CHALLENGE = re.compile(
    r"checking your browser|just a moment\.\.\.|enable javascript and cookies|cf-chl|"
    r"challenge-platform|ddos protection|verify you are human",
    re.IGNORECASE,
)
# A page with a missing body container and fewer words than this is an application shell.
SHELL_WORDS = 50

# Compiled once, run on the page's shared tree: parsel's ``xpath()`` compiles the query on
# every call and wraps every text node in a Selector of its own.
_RUNNABLE_SCRIPTS = etree.XPath(
    "//script[not(@type) or @type='module' or contains(@type, 'javascript')"
    " or contains(@type, 'ecmascript')]"
)
_VISIBLE_TEXT = etree.XPath(
    ".//text()[not(ancestor::script) and not(ancestor::style)"
    " and not(ancestor::noscript) and not(ancestor::template)]", smart_strings=False)
_PAGE_TEXT = etree.XPath("//title//text() | //body//text()[not(ancestor::script)]",
                         smart_strings=False)
_BODY = etree.XPath("//body")

# Runs in the page: true once the body container(s) hold real text, or after maxMs (the
# page is then taken as it is and validation reports what is missing). Playwright re-runs
# it after a navigation, so challenge pages that reload themselves are waited out too.
WAIT_FOR_BODY = """([selector, minWords, maxMs, placeholder]) => {
  const start = (window.__newscrawlWaitStart ??= Date.now());
  let text = "";
  document.querySelectorAll(selector).forEach((node) => { text += " " + node.innerText; });
  const words = text.split(/\\s+/).filter(Boolean).length;
  const ready = words >= minWords && !new RegExp(placeholder, "i").test(text.trim());
  return ready || Date.now() - start > maxMs;
}"""


def _words(elements: list[Any]) -> list[str]:
    return " ".join(text for element in elements for text in _VISIBLE_TEXT(element)).split()


def needs_rendering(selector: Selector, body_css: str | None, empty_words: int) -> str | None:
    """Why a statically fetched article page must be rendered, or None when it need not.

    Only pages with scripts qualify: without JavaScript a browser would show the same page.
    """
    root = selector.root
    if not _RUNNABLE_SCRIPTS(root):
        return None
    containers = run_query(root, body_css) if body_css else None
    if containers:
        words = _words(containers)
        if len(words) < empty_words or PLACEHOLDER.match(" ".join(words)):
            return "empty_body"
        return None
    text = " ".join(_PAGE_TEXT(root))
    if CHALLENGE.search(text):
        return "challenge"
    if len(_words(_BODY(root))) < SHELL_WORDS:
        return "shell"
    return None


def render_statuses(settings: BaseSettings) -> frozenset[int]:
    """Statuses of the article pages RenderMiddleware may fetch again through the browser;
    none when it is off."""
    if not settings.getbool("NEWSCRAWL_RENDER_ENABLED"):
        return frozenset()
    return frozenset(int(status) for status in settings.getlist("NEWSCRAWL_RENDER_STATUSES"))


def browser_launch_options(settings: BaseSettings) -> dict[str, Any]:
    """Playwright launch options for the system Chromium (PLAYWRIGHT_LAUNCH_OPTIONS wins)."""
    executable = (settings.get("NEWSCRAWL_BROWSER_EXECUTABLE") or shutil.which("chromium")
                  or shutil.which("chromium-browser"))
    options: dict[str, Any] = {
        "headless": True,
        "args": list(settings.getlist("NEWSCRAWL_BROWSER_ARGS")),
    }
    if executable:  # else Playwright's own browser, if `playwright install` put one there
        options["executable_path"] = executable
    return options


def abort_heavy_resources(request: Any) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: images, media and fonts never change an article's text."""
    return request.resource_type in {"image", "media", "font"}


class LazyPlaywrightDownloadHandler(ScrapyPlaywrightDownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        if not crawler.settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"):
            self.config.launch_options = browser_launch_options(crawler.settings)
        self._start_lock = asyncio.Lock()
        self._started = False

    async def _maybe_launch_in_thread(self) -> None:
        """Connected to engine_started by scrapy-playwright: start nothing yet."""

    async def download_request(self, request: Request) -> Response:
        if request.meta.get("playwright"):
            async with self._start_lock:
                if not self._started:
                    await self._launch()
                    self._started = True
                    self.stats.set_value(f"{STATS}/playwright_started", 1)
        return await super().download_request(request)


class RenderMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.empty_words = settings.getint("NEWSCRAWL_RENDER_EMPTY_WORDS")
        self.wait_ms = int(settings.getfloat("NEWSCRAWL_RENDER_WAIT") * 1000)
        self.poll_ms = int(settings.getfloat("NEWSCRAWL_RENDER_POLL") * 1000)
        self.statuses = render_statuses(settings)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_RENDER_ENABLED"):
            raise NotConfigured("NEWSCRAWL_RENDER_ENABLED is off")
        return cls(crawler)

    @staticmethod
    def _site(request: Request) -> SiteDefinition | None:
        return all_sites().get(request.meta.get(SITE) or "")

    @staticmethod
    def _is_article(request: Request) -> bool:
        # Only article pages are rendered; listings, feeds and sitemaps never are.
        return page_role(request.meta) is PageRole.ARTICLE

    def render_meta(self, site: Any) -> dict[str, Any]:
        body = getattr(site, "body", None)
        if body:
            # Polled on a timer: the default (every animation frame) keeps the renderer
            # producing frames while it waits, CPU taken from the other pages.
            wait = PageMethod("wait_for_function", WAIT_FOR_BODY,
                              arg=[body, self.empty_words, self.wait_ms, PLACEHOLDER.pattern],
                              timeout=self.wait_ms + 5000, polling=self.poll_ms)
        else:  # no container to watch: wait for the page's fetches to end
            wait = PageMethod("wait_for_load_state", "networkidle", timeout=self.wait_ms)
        return {"playwright": True, "playwright_page_methods": [wait]}

    def process_request(self, request: Request) -> None:
        site = self._site(request)
        if (site is not None and getattr(site, "render_js", False)
                and not request.meta.get("playwright") and self._is_article(request)):
            request.meta.update(self.render_meta(site))
            request.meta[RENDER] = "render_js"
            self.stats.inc_value(f"{STATS}/render_js")

    def process_exception(self, request: Request, exception: Exception) -> None:
        """A page the browser could not render (it would not start, it crashed, the page
        timed out): counted, the first reason kept for the monitors; Scrapy logs it and
        the spider records the page for the next run."""
        if request.meta.get(RENDER) and not isinstance(exception, IgnoreRequest):
            self.stats.inc_value(f"{STATS}/failed")
            if self.stats.get_value(f"{STATS}/error") is None:
                reason = str(exception).strip().splitlines()
                self.stats.set_value(f"{STATS}/error", reason[0][:300] if reason
                                     else type(exception).__name__)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        if not self._is_article(request) or not isinstance(response, TextResponse):
            return response
        site = self._site(request)
        body_css = getattr(site, "body", None)
        if request.meta.get("playwright"):
            self.stats.inc_value(f"{STATS}/rendered")
            # scrapy-playwright's latency: navigation, waiting for the body, page content.
            latency = float(request.meta.get("download_latency") or 0.0)
            self.stats.inc_value(f"{STATS}/seconds_total", latency)
            self.stats.max_value(f"{STATS}/seconds_max", latency)
            logger.debug("Rendered %s in %.3f s", response.url, latency)
            if needs_rendering(page_selector(response), body_css, self.empty_words):
                # Rendered once already: hand it on, validation reports the missing body.
                self.stats.inc_value(f"{STATS}/still_empty")
                logger.warning("No article body even after rendering: %s", response.url)
            return response
        if response.status not in self.statuses:
            return response
        reason = needs_rendering(page_selector(response), body_css, self.empty_words)
        if reason is None:
            return response
        self.stats.inc_value(f"{STATS}/escalated")
        self.stats.inc_value(f"{STATS}/escalated/{reason}")
        logger.debug("Rendering %s in the browser (%s)", response.url, reason)
        return request.replace(
            meta={**request.meta, **self.render_meta(site), RENDER: reason},
            dont_filter=True,  # the same URL again: the duplicate filter would drop it
        )
