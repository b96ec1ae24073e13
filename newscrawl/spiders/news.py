"""The ``news`` spider: home page → section listings → pagination → article pages,
plus the site's feeds and sitemaps as further sources of article links. A WordPress
site whose REST API is open is read from the API instead, its HTML walked only when the
API refuses.

It only routes: which links to follow comes from a link finder, what an article says
comes from ``newscrawl.extract``, what was seen before from ``newscrawl.ledger``.
"""

from __future__ import annotations

import logging
import re
import struct
import sys
import zlib
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Iterator
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.misc import load_object
from twisted.internet.task import LoopingCall
from twisted.python.failure import Failure

from newscrawl.args import ArgumentError, CrawlArgs, site_path
from newscrawl.cleaning import (
    canonical_key,
    clean_url,
    is_loopback,
    link_url,
    on_domains,
    parse_moment,
)
from newscrawl.extract import Page, extract_response, fill_missing, wordpress
from newscrawl.extract.feeds import Entry, parse_discovery
from newscrawl.ledger import CrawlLedger, LedgerError, SiteArticles, ledger_failed
from newscrawl.meta import (
    RENDER,
    CrawlSite,
    PageRole,
    page_meta,
    page_role,
    publish_crawl_site,
)
from newscrawl.signals import articles_delivered
from newscrawl.sites import SiteDefinition, get_site
from newscrawl.spiders.generic_links import GenericLinks, page_confirms_article
from newscrawl.spiders.links import LinkFinder, SiteLinks, is_trap
from newscrawl.warc.replay import ReplayedPage, WarcReplay, warc_paths
from newscrawl.warc.workers import ExtractionPool

logger = logging.getLogger(__name__)

# How often a closing replay checks that its last items have left the pipelines.
CLOSE_CHECK_SECONDS = 0.2

# Asked of a posts API on a re-run: changed since the last finished crawl started, less
# this much for a server clock behind ours. Posts changed in the margin and already
# delivered come back in the same API pages and are skipped as known: it costs nothing.
CLOCK_MARGIN = timedelta(hours=1)
# The size a sitemap may have, unpacked, by the sitemap protocol.
SITEMAP_MAXSIZE = 50 * 1024 * 1024

# A sitemap or feed of at least this many entries that dates them all alike gives the
# date it was made (see NewsSpider._entry_dates).
ONE_DATE_ENTRIES = 20
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")

# Finish reason of a replay whose extraction workers died (the crawl command exits 5).
REPLAY_FAILED = "replay_failed"

LOOPBACK_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
}


def _minute(value: str | None) -> str | None:
    """An ISO 8601 date to the minute ("2024-05-02T09:30"), any other date whole."""
    return value[:16] if value and _ISO_DATE.match(value) else value


def _is_home(url: SplitResult) -> bool:
    return url.path in ("", "/") and not url.query


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.args = CrawlArgs.parse(kwargs)
        if self.args.sites:
            # One crawler per site (newscrawl.collection); this spider crawls one of them.
            raise ArgumentError("-a sites=<list> is run by `scrapy crawl news`")
        self.site = self.args.site_name
        self.site_definition = get_site(self.args.site) if self.args.site else None
        definition = self.site_definition
        # What earlier runs delivered (the skip check, the stop rule); None when the
        # crawl is not incremental or is a replay.
        self.seen: SiteArticles | None = None
        self._articles_requested: set[str] = set()
        self._known_pages: dict[str, int] = {}
        # Per section, the articles its last listing page listed (keys).
        self._last_listed: dict[str, frozenset[str]] = {}
        # Pages earlier runs gave up on (key → URL, role), asked for again; those that
        # answered this time.
        self._unfetched: dict[str, tuple[str, str]] = {}
        self._answered: set[str] = set()
        # Set once the site's HTML is walked: the posts API was off, absent or refused.
        self._walking_html = False
        self._warned_canonical: set[str] = set()  # the kinds of page named, each warned once
        self._close_check = LoopingCall(self._check_closed)  # a replay's, see _open_replay
        if self.args.warc:
            # Replay: nothing is fetched; the pages come from the archive (see start()).
            self.start_urls, self.discovery = [], []
            self.allowed_domains = list(definition.domains) if definition else []
            return
        if self.args.start_url:
            self.start_urls = [str(self.args.start_url)]
        else:
            self.start_urls = [str(url) for url in definition.start_urls]
        hosts = {urlsplit(url).hostname for url in self.start_urls}
        self.links: LinkFinder
        if definition:
            self.allowed_domains = sorted(set(definition.domains) | hosts)
            self.links = SiteLinks(definition)
            feeds = self._on_start_host(definition.feeds)
            sitemaps = self._on_start_host(definition.sitemaps)
            self.discovery = [*((url, PageRole.FEED) for url in feeds),
                              *((url, PageRole.SITEMAP) for url in sitemaps)]
        else:
            host = urlsplit(self.start_urls[0]).hostname or ""
            self.links = GenericLinks(host)
            # The host without "www.": Scrapy lets its subdomains through, "www." too.
            self.allowed_domains = [host.removeprefix("www.")]
            root = urlsplit(self.start_urls[0])._replace(path="/", query="", fragment="")
            self.discovery = [(root._replace(path="/robots.txt").geturl(), PageRole.ROBOTS)]

    def _on_start_host(self, urls: Any) -> list[str]:
        """A definition's feed/sitemap URLs, moved to the start URL's host when that was given."""
        start = urlsplit(self.start_urls[0])
        return [urlsplit(str(url))._replace(scheme=start.scheme, netloc=start.netloc).geturl()
                if self.args.start_url else str(url) for url in urls]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # Settings are still open here. Politeness towards one's own machine only slows
        # tests and benchmarks down; a site may tighten (or relax) it further.
        if all(is_loopback(host) for host in spider.allowed_domains):
            crawler.settings.setdict(LOOPBACK_SETTINGS, priority="spider")
        if spider.site_definition:
            crawler.settings.setdict(spider.site_definition.settings, priority="spider")
        settings = crawler.settings
        publish_crawl_site(settings, CrawlSite(spider.site, spider.site_definition,
                                               tuple(spider.allowed_domains)))
        # The argument lowers the setting, never raises it: the setting is what ends traps.
        spider.max_pages = min(spider.args.max_pages or sys.maxsize,
                               settings.getint("NEWSCRAWL_MAX_PAGES"))
        spider.known_pages_before_stop = settings.getint("NEWSCRAWL_KNOWN_PAGES_BEFORE_STOP")
        spider.max_page_size = settings.getint("DOWNLOAD_MAXSIZE")
        spider.posts_api = settings.getbool("NEWSCRAWL_WORDPRESS_API")
        # What Scrapy's retries are for: a page that still fails with one was given up on.
        spider.retry_codes = frozenset(int(code) for code in settings.getlist("RETRY_HTTP_CODES"))
        spider.retry_exceptions = tuple(
            load_object(path) if isinstance(path, str) else path
            for path in settings.getlist("RETRY_EXCEPTIONS"))
        crawler.signals.connect(spider._open_replay if spider.args.warc else spider._open_site,
                                signal=signals.spider_opened)
        from newscrawl.distributed import configure  # Redis workers when NEWSCRAWL_REDIS_URL set
        configure(crawler)
        return spider

    def _open_site(self) -> None:
        """What the ledger (an extension, made after the spider) knows of the site."""
        settings = self.crawler.settings
        ledger = CrawlLedger.of(self.crawler)
        older = Path(settings["NEWSCRAWL_STATE_DIR"]) / site_path("%(site)s.sqlite3", self.site)
        try:
            if older.exists():
                ledger.import_seen_state(older, self.site)
            known = ledger.open_site(self.site)
        except LedgerError as exc:
            # Without what was delivered, the skip check and the stop rule cannot work.
            ledger_failed(self.crawler, ledger, exc)
            return
        if settings.getbool("NEWSCRAWL_INCREMENTAL"):
            self.seen = known
            self.crawler.signals.connect(known.delivered, signal=articles_delivered)
        self._unfetched = known.unfetched
        if self._unfetched:
            self.crawler.signals.connect(self._note_answer, signal=signals.response_received)
        # Connected now, after the feed exporter's: its last batch is delivered first.
        self.crawler.signals.connect(self._finish_site, signal=signals.spider_closed)

    def _open_replay(self) -> None:
        """A replay delivers what its archive holds: what a live crawl has seen plays no
        part. Its run is recorded all the same: the replay that completes a killed one
        skips what that one delivered, and appends to its feeds."""
        # Scrapy checks whether a closing spider's scraper is idle after each response,
        # never after an item of start(): a replay's items have no response, and a close
        # that began while one was in the pipelines (Ctrl-C, a CLOSESPIDER_* limit, a feed
        # that failed) waited for ever. While a replay closes, that is checked here.
        self._close_check.start(CLOSE_CHECK_SECONDS, now=False)
        self.crawler.signals.connect(self._end_close_check, signal=signals.spider_closed)
        ledger = CrawlLedger.of(self.crawler)
        try:
            ledger.begin_run(self.site)
        except LedgerError as exc:
            ledger_failed(self.crawler, ledger, exc)
            return
        self.crawler.signals.connect(self._finish_site, signal=signals.spider_closed)

    def _closing(self) -> bool:
        """Scrapy has begun closing the spider (its engine slot's ``closing``)."""
        slot = getattr(self.crawler.engine, "_slot", None)
        return slot is None or slot.closing is not None

    def _check_closed(self) -> None:
        scraper = self.crawler.engine.scraper
        if scraper.slot is not None and scraper.slot.closing is not None:
            scraper._check_if_closing()

    def _end_close_check(self) -> None:
        if self._close_check.running:
            self._close_check.stop()

    def _finish_site(self, reason: str) -> None:
        if reason == "finished":
            stats = self.crawler.stats
            # Pages given up on (after their retries) or an API that broke: what they held
            # may be missing, so the next run must not ask only for what changed since.
            lost = stats.get_value("retry/max_reached") or stats.get_value(
                "newscrawl/wordpress/api_refused")
            # Arguments that kept this crawl to the site's newest part (a limit that never
            # took effect kept nothing out), or an archive, which holds what it holds.
            limited = bool(self.args.warc or self.args.since) or any(
                getattr(self.args, limit) and stats.get_value(f"newscrawl/limits/{limit}")
                for limit in ("max_articles", "max_pages"))
            CrawlLedger.of(self.crawler).mark_finished(
                self.site, complete=not lost, whole=not limited, answered=self._answered)

    async def start(self) -> AsyncIterator[scrapy.Request | dict[str, Any]]:
        if self.args.warc:
            async for item in self._replay():
                if self._closing():
                    # Ctrl-C, a CLOSESPIDER_* limit, a feed that failed: Scrapy goes on
                    # taking start()'s items while it closes. The rest of the archive is
                    # the next replay's, which completes this one.
                    return
                yield item
            return
        if not self.posts_api:
            # Otherwise the home page decides: a posts API makes feeds and sitemaps moot.
            for request in self._walk_html():
                yield request
        for url in self.start_urls:
            yield self._request(url, PageRole.HOME, section=None)
        for request in self._asked_again():
            yield request

    def _asked_again(self) -> Iterator[scrapy.Request]:
        """The pages earlier runs gave up on (see ``_page_failed``)."""
        for url, role in self._unfetched.values():
            request = (self._article(url) if role == PageRole.ARTICLE
                       else self._listing(url, section=url, page_no=1))
            if request:
                self.crawler.stats.inc_value("newscrawl/unfetched/asked_again")
                yield request

    def _note_answer(self, response: Response, request: scrapy.Request) -> None:
        """A page given up on before answered (a refusal such as a 404 is an answer too)."""
        key = canonical_key(request.url)
        if key in self._unfetched and response.status not in self.retry_codes:
            self._answered.add(key)

    def _page_failed(self, failure: Failure) -> Failure:
        """A listing or article page the crawl could not get. One given up on after its
        retries (a server error, a timeout, a dropped connection), or that the browser
        failed, is recorded in the ledger, and the next run asks for it again: listings
        stop at known articles, and might never lead back to it. A refusal (robots.txt,
        another site, a status Scrapy does not retry such as a 404) is not.
        Either way Scrapy goes on as without an errback: the failure is counted, logged."""
        if failure.check(HttpError):
            given_up = failure.value.response.status in self.retry_codes
        else:  # the browser failing a page is no refusal either
            given_up = bool(failure.check(*self.retry_exceptions) or (
                failure.request.meta.get(RENDER) and not failure.check(IgnoreRequest)))
        if given_up:
            request = failure.request
            self.crawler.stats.inc_value("newscrawl/unfetched/recorded")
            ledger = CrawlLedger.of(self.crawler)
            try:
                ledger.give_up(self.site, request.url, page_role(request.meta))
            except LedgerError as exc:
                ledger_failed(self.crawler, ledger, exc)
        return failure

    async def _replay(self) -> AsyncIterator[dict[str, Any]]:
        """Items straight from the archive's pages: no scheduler, downloader or middlewares;
        the item pipelines and feeds as in a live crawl. A recorded page of WordPress posts
        gives its posts' items; a post the live crawl read from its own page (authors
        hidden) gets the API's fields again when that page's record comes, later in the
        archive as it was fetched later. With ``-a workers=N`` pages are extracted in N
        processes, their items in the archive's order all the same."""
        stats = self.crawler.stats
        stats.set_value("newscrawl/warc/replayed_from", self.args.warc)
        api_fields: dict[str, dict[str, Any] | None] = {}
        pool = ExtractionPool(self.args.workers) if self.args.workers > 1 else None
        stats.set_value("newscrawl/warc/workers", self.args.workers)
        extracting: deque[tuple[Awaitable[dict[str, Any] | None], ReplayedPage,
                                dict[str, Any] | None]] = deque()

        async def oldest() -> list[dict[str, Any]]:
            fields, page, known = extracting.popleft()
            try:
                extracted = await fields
            except BrokenProcessPool:
                raise
            except Exception as exc:
                self._page_lost(page.response.url, exc)
                return []
            return self._page_items(page.response.url, self._page_item(
                extracted, page.response.url, page.site_name, page.scraped_at, known))

        try:
            for page in WarcReplay(self.crawler, warc_paths(self.args.warc),
                                   self.site_definition):
                if page.role is PageRole.POSTS:
                    while extracting:  # the pages before it first: the archive's order
                        for item in await oldest():
                            yield item
                    for item in self._page_items(page.response.url,
                                                 self._replayed_posts(page, api_fields)):
                        yield item
                    continue
                known = api_fields.pop(canonical_key(page.response.url), None)
                if pool is None:
                    for item in self._page_items(page.response.url, self._article_item(
                            page.response, page.site, page.site_name, page.scraped_at, known)):
                        yield item
                    continue
                extracting.append((pool.submit(page.response, page.site), page, known))
                if len(extracting) >= pool.window:
                    for item in await oldest():
                        yield item
            while extracting:
                for item in await oldest():
                    yield item
        except BrokenProcessPool as exc:
            logger.error("newscrawl: an extraction worker died (%s); the replay stops", exc)
            raise CloseSpider(REPLAY_FAILED) from None
        finally:
            if pool is not None:
                pool.close()

    def _page_items(self, url: str, items: Iterator[dict[str, Any]]) -> list[dict[str, Any]]:
        """A replayed page's items; none when making them raises (a bug)."""
        try:
            return list(items)
        except Exception as exc:
            self._page_lost(url, exc)
            return []

    def _page_lost(self, url: str, exc: Exception) -> None:
        """A replayed page lost to an exception, logged and counted as a live page's
        callback error is (the errors monitor fails the run). Raised out of ``start()``,
        it would end the replay and lose the rest of the archive."""
        logger.error("newscrawl: replaying %s failed (%r); the replay goes on", url, exc,
                     exc_info=exc)
        self.crawler.stats.inc_value("spider_exceptions/count")
        self.crawler.stats.inc_value(f"spider_exceptions/{type(exc).__name__}")

    def _replayed_posts(self, page: ReplayedPage,
                        api_fields: dict[str, dict[str, Any] | None]) -> Iterator[dict[str, Any]]:
        """A recorded page of posts: its items; what it says of posts read from their
        pages is kept in ``api_fields`` for those pages' records."""
        posts = wordpress.parse_posts(page.response.body)
        if posts is None:  # the live crawl walked the HTML instead: recorded too
            self.crawler.stats.inc_value("newscrawl/warc/skipped/not_posts")
            return
        for output in self._post_items(posts, page.response.url, page.site_name,
                                       page.scraped_at):
            if isinstance(output, scrapy.Request):
                api_fields[canonical_key(output.url)] = output.meta["api_fields"]
            else:
                yield output

    def _request(self, url: str, role: PageRole, dont_filter: bool = False,
                 **meta: Any) -> scrapy.Request:
        """Every request of the crawl: its page's role and site in its meta."""
        callback = {PageRole.HOME: self.parse_listing, PageRole.LISTING: self.parse_listing,
                    PageRole.ARTICLE: self.parse_article,
                    PageRole.POSTS: self.parse_posts}.get(role, self.parse_discovery)
        errback = {PageRole.HOME: self._home_failed, PageRole.POSTS: self._posts_failed,
                   PageRole.LISTING: self._page_failed,
                   PageRole.ARTICLE: self._page_failed}.get(role)
        if role in (PageRole.FEED, PageRole.SITEMAP):
            # Named by the site (its robots.txt, pages or definition, or a sitemap index
            # of its), which may keep them on another host: a feed service, a CDN. The
            # articles they list must still be on the site.
            meta.setdefault("allow_offsite", True)
        if role is PageRole.SITEMAP:
            # A sitemap may hold 50 MB (sitemaps.org), more than a page is let have.
            meta.setdefault("download_maxsize", max(self.max_page_size, SITEMAP_MAXSIZE))
            meta.setdefault("download_warnsize", meta["download_maxsize"])
        return scrapy.Request(url, callback=callback, errback=errback, dont_filter=dont_filter,
                              meta=page_meta(role, self.site, **meta))

    def _walk_html(self) -> Iterator[scrapy.Request]:
        """The site's feeds and sitemaps (robots.txt's, in generic mode), once per crawl."""
        if self._walking_html:
            return
        self._walking_html = True
        for url, role in self.discovery:
            yield self._request(url, role)

    def _api_root(self, response: HtmlResponse) -> str | None:
        """The WordPress REST API to read this site from, or None to walk its HTML."""
        if not self.posts_api or self._walking_html:
            return None
        page = Page.from_response(response)
        root = wordpress.api_root(page, response.headers)
        if root:
            return root
        definition = self.site_definition
        if (definition and definition.platform == "wordpress") or wordpress.is_wordpress(
                page, response.headers):
            return wordpress.default_api_root(response.url)
        return None

    def _posts(self, root: str, page_no: int) -> scrapy.Request:
        changed_since = self.seen.last_finished_start if self.seen is not None else None
        url = wordpress.posts_url(root, page_no, after=self.args.since,
                                  modified_after=changed_since and changed_since - CLOCK_MARGIN)
        return self._request(url, PageRole.POSTS, api_root=root, page_no=page_no,
                             only_new=bool(changed_since or self.args.since))

    def parse_posts(self, response: Response) -> Iterator[scrapy.Request | dict[str, Any]]:
        """A page of WordPress posts: each post an item, the further pages requested from
        the first. A post the API cannot give whole (authors hidden, content empty) is
        read from its page, the API's fields kept where the page has none."""
        posts = wordpress.parse_posts(response.body)
        if posts is None:
            yield from self._api_refused(response.url, f"HTTP {response.status}, not posts")
            return
        stats = self.crawler.stats
        stats.inc_value("newscrawl/wordpress/api_pages")
        root, page_no = response.meta["api_root"], response.meta["page_no"]
        if not posts and page_no == 1 and response.meta["only_new"]:
            # Asked for what changed since the last run (or --since): nothing did.
            stats.inc_value("newscrawl/wordpress/nothing_new")
        # Claimed first: a crawl that has its max_articles asks for no further page.
        items = list(self._post_items(posts, response.url, self.site,
                                      datetime.now(UTC).isoformat(timespec="seconds")))
        yield from self._further_posts(response, root, page_no)
        yield from items

    def _post_items(self, posts: list[dict[str, Any]], api_url: str, site: str,
                    scraped_at: str) -> Iterator[scrapy.Request | dict[str, Any]]:
        """Each readable post an item, or a request for its page carrying the API's fields
        when the API cannot give it whole."""
        stats = self.crawler.stats
        authors_hidden = wordpress.authors_hidden(posts)
        for post in posts:
            if not wordpress.is_readable(post):
                # Listed to whoever may read it (a password-protected post): not an article.
                stats.inc_value("newscrawl/wordpress/unreadable")
                continue
            fields = wordpress.post_fields(post, api_url)
            url = fields["url"] if fields else wordpress.post_url(post, api_url)
            if not url:
                stats.inc_value("newscrawl/wordpress/no_link")
                continue
            version = fields and (fields.get("modified") or fields.get("published"))
            if fields and not authors_hidden:
                if self._claim_article(url, version):
                    yield from self._item(fields, url, site, scraped_at)
                continue
            stats.inc_value("newscrawl/wordpress/from_page")
            request = self._article(url, lastmod=version)
            if request:
                request.meta["api_fields"] = fields
                yield request

    def _further_posts(self, response: Response, root: str,
                       page_no: int) -> Iterator[scrapy.Request]:
        """The posts pages after this one: all of them from the first, by its
        ``X-WP-TotalPages``; without that header, the next one while ``Link`` names one."""
        total = wordpress.total_pages(response.headers)
        if total is not None and page_no > 1:
            return  # the first page asked for every page
        if self._walked_enough():
            return
        if total is None:
            first, last = page_no + 1, page_no + wordpress.has_next_page(response.headers)
        else:
            first, last = 2, total
        if last > self.max_pages:
            self.crawler.stats.inc_value("newscrawl/limits/max_pages")
        for number in range(first, min(last, self.max_pages) + 1):
            yield self._posts(root, number)

    def _home_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        logger.warning("Home page %s failed (%s): the feeds and sitemaps still list "
                       "the site's articles", failure.request.url, failure.getErrorMessage())
        yield from self._walk_html()

    def _posts_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        yield from self._api_refused(failure.request.url, failure.getErrorMessage())

    def _api_refused(self, url: str, why: str) -> Iterator[scrapy.Request]:
        """The API refused or broke: the site is walked as any other, so nothing it lists
        is missed (articles the API gave are not fetched again)."""
        if self._walking_html:
            return
        self.crawler.stats.inc_value("newscrawl/wordpress/api_refused")
        logger.warning("WordPress API %s unusable (%s): crawling the site's pages", url, why)
        yield from self._walk_html()
        for start in self.start_urls:
            yield self._request(start, PageRole.HOME, dont_filter=True, section=None)

    def parse_discovery(self, response: Response) -> Iterator[scrapy.Request]:
        """A feed, sitemap or sitemap index: article links, with their lastmod.

        robots.txt (generic mode) names sitemaps; without any, the usual places are tried.
        """
        if page_role(response.meta) is PageRole.ROBOTS:
            sitemaps = re.findall(r"(?im)^\s*sitemap:\s*(\S+)", response.text) or [
                response.urljoin("/sitemap.xml"), response.urljoin("/wp-sitemap.xml")]
            if self._walked_enough():
                return
            for url in filter(None, (link_url(found, response.url) for found in sitemaps)):
                yield self._request(url, PageRole.SITEMAP)
            return
        body = self._unpacked(response)
        if body is None:
            return
        entries = parse_discovery(body)
        if entries is None:
            self.crawler.stats.inc_value("newscrawl/skipped/not_a_sitemap_or_feed")
            logger.info("Neither a sitemap nor a feed: %s", response.url)
            return
        entries = self._entry_dates(entries, response.url)
        for entry in entries:
            url = link_url(entry.url, response.url)
            if url is None:
                self.crawler.stats.inc_value("newscrawl/skipped/not_a_url")
            elif entry.is_sitemap:
                # A sitemap last changed before ``since`` lists no article after it.
                if (self.links.is_article_sitemap(url) and not self._walked_enough()
                        and not self._older_than_since(entry.lastmod)
                        and not self._read_unchanged(entry.lastmod)):
                    yield self._request(url, PageRole.SITEMAP)
            elif ((self.links.is_feed_article(url) if entry.in_feed
                   else self.links.is_article_url(url))
                  and not self._older_than_since(entry.lastmod)):
                request = self._article(url, lastmod=entry.lastmod)
                if request:
                    yield request

    def _entry_dates(self, entries: list[Entry], url: str) -> list[Entry]:
        """The entries, without their dates when all of them fall in one minute: that is
        when the document was made (some plugins write the time of every request), not
        when the articles changed, and taken at its word every run would fetch every
        article in it again."""
        dates = {_minute(entry.lastmod) for entry in entries}
        if len(entries) < ONE_DATE_ENTRIES or len(dates) != 1 or None in dates:
            return entries
        self.crawler.stats.inc_value("newscrawl/incremental/one_date_for_all")
        logger.info("%s dates all its %d entries alike (%s): the time it was made, not "
                    "theirs; left out", url, len(entries), entries[0].lastmod)
        return [replace(entry, lastmod=None) for entry in entries]

    def _read_unchanged(self, lastmod: str | None) -> bool:
        """A sitemap its index dates before the start of the last crawl that finished
        whole and complete: that crawl read it, and it has not changed since. A news
        site's index lists a sitemap per month or per thousand posts, back for years."""
        finished = self.seen.last_finished_start if self.seen is not None else None
        changed = parse_moment(lastmod, UTC) if finished and lastmod else None
        if changed and changed < finished - CLOCK_MARGIN:
            self.crawler.stats.inc_value("newscrawl/incremental/sitemap_unchanged")
            return True
        return False

    def _unpacked(self, response: Response) -> bytes | None:
        """The body, unpacked when it is a gzip file: a ``sitemap.xml.gz`` served as it is,
        not with a Content-Encoding (which Scrapy decodes). None when it would unpack to
        more than the request's size limit (a gzip bomb), as Scrapy's sitemap spider
        does."""
        if not gzip_magic_number(response):
            return response.body
        max_size = response.meta.get("download_maxsize", self.max_page_size)
        try:
            return gunzip(response.body, max_size=max_size)
        except ValueError:  # Scrapy's "decompressed size exceeded"
            self.crawler.stats.inc_value("newscrawl/skipped/too_large")
            logger.warning("%s unpacks to more than %d bytes: skipped", response.url,
                           max_size)
            return None
        except (OSError, EOFError, struct.error, zlib.error):
            return response.body  # not gzip after all: read as it came

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        """A home page or a section listing: sections, articles, the next page."""
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value("newscrawl/skipped/non_html")
            yield from self._walk_html()
            return
        section = response.meta["section"] or "home"
        page_no = response.meta.get("page_no", 1)
        if page_role(response.meta) is PageRole.HOME:
            root = self._api_root(response)
            if root:
                yield self._posts(root, 1)
                return
            yield from self._walk_html()
            for url in self.links.feeds(response):
                yield self._request(url, PageRole.FEED)
        articles = self.links.articles(response)
        # Claimed first: a crawl that has its max_articles walks to no further section.
        article_requests = list(filter(None, map(self._article, articles)))
        if page_role(response.meta) is PageRole.HOME and not self._walked_enough():
            for url in self.links.categories(response):
                request = self._listing(url, section=url, page_no=1)
                if request:
                    yield request
        yield from article_requests
        if self._stop_paginating(response, section, page_no, articles):
            return
        next_url = self.links.next_page(response)
        if next_url:
            request = self._listing(next_url, section=section, page_no=page_no + 1)
            if request:
                yield request

    def _stop_paginating(self, response: TextResponse, section: str, page_no: int,
                         articles: list[str]) -> bool:
        stats = self.crawler.stats
        if self._walked_enough():
            return True
        if page_no >= self.max_pages:
            stats.inc_value("newscrawl/limits/max_pages")
            return True
        listed = frozenset(map(canonical_key, articles))
        if self._last_listed.get(section) == listed:
            # A server that ignores the page number shows the last page again, or an
            # empty one, behind every "next" link: NEWSCRAWL_MAX_PAGES pages for nothing.
            stats.inc_value("newscrawl/traps/repeated_listing")
            return True
        self._last_listed[section] = listed
        if self.seen is not None and articles and all(map(self.seen.known_at_start, articles)):
            # A whole page of articles from earlier runs: what follows is older and known too.
            self._known_pages[section] = self._known_pages.get(section, 0) + 1
            if self._known_pages[section] >= self.known_pages_before_stop:
                stats.inc_value("newscrawl/incremental/listing_stopped")
                return True
        if self.args.since:
            # A date the listing prints is read as the site's language writes it: a
            # German "09.12.2024" read month first would stop the listing too early.
            language = self.site_definition.language if self.site_definition else None
            dates = [parse_moment(value, UTC, language)
                     for value in self.links.listing_dates(response)]
            if dates and all(d and d.date() < self.args.since for d in dates):
                stats.inc_value("newscrawl/since/listing_stopped")
                return True
        return False

    def _listing(self, url: str, section: str, page_no: int) -> scrapy.Request | None:
        if is_trap(url):
            self.crawler.stats.inc_value("newscrawl/traps/skipped")
            return None
        return self._request(url, PageRole.LISTING, section=section, page_no=page_no)

    def _claim_article(self, url: str, lastmod: str | None = None) -> bool:
        """Whether this run should deliver the article: not yet claimed by this run, new or
        changed since the last, within ``max_articles``."""
        key = canonical_key(url)
        if key in self._articles_requested:
            return False
        if self.allowed_domains and not on_domains(url, self.allowed_domains):
            # Another site's story in a feed or a selector's links: Scrapy's offsite filter
            # would drop it after it had taken a place in ``max_articles``.
            self.crawler.stats.inc_value("newscrawl/skipped/offsite_article")
            return False
        if self.seen is not None and self.seen.is_known(url, lastmod):
            self.crawler.stats.inc_value("newscrawl/incremental/known")
            return False
        if self._has_max_articles():
            self.crawler.stats.inc_value("newscrawl/limits/max_articles")
            return False
        self._articles_requested.add(key)
        return True

    def _has_max_articles(self) -> bool:
        return bool(self.args.max_articles) and (
            len(self._articles_requested) >= self.args.max_articles)

    def _walked_enough(self) -> bool:
        """The crawl has claimed its ``max_articles``: a further listing page, sitemap or
        page of posts could only lead to more (one link the limit kept out)."""
        if self._has_max_articles():
            self.crawler.stats.inc_value("newscrawl/limits/max_articles")
            return True
        return False

    def _article(self, url: str, lastmod: str | None = None) -> scrapy.Request | None:
        if not self._claim_article(url, lastmod):
            return None
        # The date the page is fetched for (see Ledger.note_fetch).
        return self._request(url, PageRole.ARTICLE, **({"lastmod": lastmod} if lastmod else {}))

    def _older_than_since(self, value: str | None) -> bool:
        moment = parse_moment(value, UTC) if self.args.since and value else None
        return bool(moment and moment.date() < self.args.since)

    def parse_article(self, response: Response) -> Iterator[dict[str, Any] | scrapy.Request]:
        if not isinstance(response, HtmlResponse):
            self.crawler.stats.inc_value("newscrawl/skipped/non_html")
            return
        redirects = response.meta.get("redirect_urls")
        if (redirects and not self.links.is_article_url(response.url)
                and not Page.from_response(response).metadata.claims_article):
            # A removed article sent to a section or the home page: a listing, which
            # would come out as an article of the site's name and teasers. A page that
            # says it is an article is one, whatever its new URL looks like.
            self.crawler.stats.inc_value("newscrawl/skipped/redirected_to_non_article")
            logger.info("%s redirects to %s, not an article: skipped", redirects[0],
                        response.url)
            return
        fields = extract_response(response, self.site_definition)
        if self._no_article(response, fields):
            # A site's own page (/code-of-ethics-policy/) or a section front
            # (/health-and-wellness-tips/): its article links are followed as a listing's.
            self.crawler.stats.inc_value("newscrawl/generic/not_an_article")
            yield from filter(None, map(self._article, self.links.articles(response)))
            return
        lastmod = response.meta.get("lastmod")
        # The URL the link gave: the next run's skip check meets that one again, not the
        # URL the page names as its own (``/story`` redirected to ``/story/``).
        linked = redirects[0] if redirects else response.url
        for item in self._page_item(fields, response.url, self.site,
                                    datetime.now(UTC).isoformat(timespec="seconds"),
                                    response.meta.get("api_fields")):
            if lastmod or linked != item["url"]:
                CrawlLedger.of(self.crawler).note_fetch(
                    item["url"], lastmod, linked if linked != item["url"] else None)
            yield item

    def _no_article(self, response: HtmlResponse, fields: dict[str, Any] | None) -> bool:
        """An article by its URL's words alone (generic mode), and nothing says it is one:
        not the posts API, not the page's metadata, not even a date."""
        return (fields is not None and not response.meta.get("api_fields")
                and not self.links.proves_article(response.url)
                and not page_confirms_article(response, fields))

    def _article_item(self, response: HtmlResponse, definition: SiteDefinition | None,
                      site: str, scraped_at: str,
                      api_fields: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """The article of a page; ``api_fields``: what the posts API said of it, kept
        where the page says nothing."""
        yield from self._page_item(extract_response(response, definition), response.url, site,
                                   scraped_at, api_fields)

    def _page_item(self, fields: dict[str, Any] | None, url: str, site: str, scraped_at: str,
                   api_fields: dict[str, Any] | None) -> Iterator[dict[str, Any]]:
        """The item of a page's extracted ``fields`` (None: behind a password)."""
        if fields is None:
            self.crawler.stats.inc_value("newscrawl/skipped/password_protected")
            return
        if api_fields:
            fields = fill_missing(api_fields, fields)
        yield from self._item(fields, url, site, scraped_at)

    def _item(self, fields: dict[str, Any], fetched: str, site: str,
              scraped_at: str) -> Iterator[dict[str, Any]]:
        if self._older_than_since(fields.get("published")):
            self.crawler.stats.inc_value("newscrawl/since/older")
            return
        url = self._own_url(fields.get("url"), fetched)
        if url is None:  # the address it was fetched from: no value the page gave
            url = clean_url(fetched)
            fields = {**fields, "provenance": {
                name: origin for name, origin in fields.get("provenance", {}).items()
                if name != "url"}}
        yield {**fields, "url": url, "site": site, "scraped_at": scraped_at}

    def _own_url(self, canonical: str | None, fetched: str) -> str | None:
        """The URL the page names as its own (rel=canonical, og:url) when it is this
        page's: on this site, and not the site's home page named by a page that is not."""
        url = link_url(canonical, fetched) if canonical else None
        if not url:
            return None
        named, page = urlsplit(url), urlsplit(fetched)
        if named.hostname != page.hostname:
            return None
        if _is_home(named) and not _is_home(page):
            named_page, stat = "home page", "home_page_ignored"
        elif (not self.args.warc  # a replay has no link finder: the home page's rule only
              and self.links.is_listing_url(url) and self.links.is_article_url(fetched)):
            named_page, stat = "listing", "listing_ignored"
        else:
            return url
        # A theme or SEO plugin that names the home page (or the section) on every page:
        # taken at its word, every article would be one URL and all but the first
        # dropped as its duplicates.
        self.crawler.stats.inc_value(f"newscrawl/canonical/{stat}")
        if named_page not in self._warned_canonical:
            self._warned_canonical.add(named_page)
            logger.warning("%s names the %s %s as its URL; such pages are kept under the "
                           "URLs they were fetched from", fetched, named_page, url)
        return None
