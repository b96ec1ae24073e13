"""Scrapy settings for newscrawl.

Politeness defaults are for real sites; a site definition may tighten or (the
embedded demo site) relax them through its ``settings``.
"""

from newscrawl.schema import FIELDS

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# Politeness: name the project and a contact page, obey robots.txt, adapt speed.
NEWSCRAWL_CONTACT_URL = "https://github.com/newscrawl/newscrawl"
USER_AGENT = f"newscrawl/0.1 (+{NEWSCRAWL_CONTACT_URL})"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts this many asyncio tasks for every response's output. An article page
# gives one item and a listing a few dozen requests, all handled without waiting: the
# default (100) cost more CPU than the site definition's extraction.
CONCURRENT_ITEMS = 1
# Scrapy reads a callback's source (inspect + ast) to warn about `return value` in a
# generator, again for many responses; newscrawl's callbacks return nothing.
WARN_ON_GENERATOR_RETURN_VALUE = False
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
RETRY_TIMES = 2
# A 429/503 with Retry-After pauses its host as asked (capped at this many seconds; 0 turns
# it off): its requests wait outside the downloader, other hosts are crawled meanwhile.
NEWSCRAWL_RETRY_AFTER_MAX = 300
# A robots.txt Crawl-delay is obeyed up to this many seconds between two requests (0:
# ignored, as Scrapy does).
NEWSCRAWL_CRAWL_DELAY_MAX = 30.0
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's, except that every request waiting for robots.txt is checked against it.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.middlewares.robots.RobotsTxtMiddleware": 100,
    # Scrapy's, counting what they give up on (newscrawl/skipped/*) ...
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawl.middlewares.skipped.MetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newscrawl.middlewares.skipped.RedirectMiddleware": 600,
    # ... and responses over DOWNLOAD_MAXSIZE: after DownloaderStats (850) counted the
    # exception, before anything else sees it; once decompressed, where Scrapy unpacks.
    "newscrawl.middlewares.skipped.TooLargeMiddleware": 840,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawl.middlewares.skipped.HttpCompressionMiddleware": 590,
    # Above Retry (550): it sees 429/503 answers first.
    "newscrawl.middlewares.retry_after.RetryAfterMiddleware": 560,
    # Below HttpCompression (590), Redirect (600) and Retry (550): it sees decoded, final
    # responses, and its browser re-fetch goes through them like any request.
    "newscrawl.middlewares.render.RenderMiddleware": 540,
}
# Metered paywalls count a reader's articles in a cookie: a crawler that keeps none reads
# every article as a first visit.
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

ITEM_PIPELINES = {
    "newscrawl.pipelines.clean.CleanPipeline": 300,
    "newscrawl.pipelines.boilerplate.BoilerplatePipeline": 350,
    "newscrawl.pipelines.validate.ValidatePipeline": 400,
    "newscrawl.pipelines.dedupe.DedupePipeline": 500,
    "newscrawl.pipelines.store.StorePipeline": 600,  # after dedupe: stores what feeds get
}

# Feeds: every crawl writes JSON Lines and CSV per site; `-o`/`-O` replace them.
FEEDS = {
    "output/%(site)s/articles.jsonl": {"format": "jsonlines", "overwrite": True},
    "output/%(site)s/articles.csv": {"format": "csv", "overwrite": True},
}
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(FIELDS)
FEED_EXPORTERS = {"csv": "newscrawl.exporters.ArticleCsvItemExporter",
                  "jsonlines": "newscrawl.exporters.ArticleJsonLinesItemExporter"}
FEED_STORAGES = {"": "newscrawl.feedstorage.BatchFileFeedStorage",
                 "file": "newscrawl.feedstorage.BatchFileFeedStorage"}

# Incremental crawling: articles delivered before (the ledger knows them) are not fetched
# again unless a sitemap lastmod says they changed, and a listing stops after
# NEWSCRAWL_KNOWN_PAGES_BEFORE_STOP pages of known articles. False: everything is fetched
# and delivered again (complete feeds); the ledger still adds a version only for a change.
NEWSCRAWL_INCREMENTAL = True
# The one-crawl-per-site locks (<site>.lock).
NEWSCRAWL_STATE_DIR = ".newscrawl"
NEWSCRAWL_KNOWN_PAGES_BEFORE_STOP = 1
# Listing pages followed per section at most, and WordPress API pages of posts: traps end.
# -a max_pages can lower it for a crawl, never raise it.
NEWSCRAWL_MAX_PAGES = 1000
DUPEFILTER_CLASS = "newscrawl.dupefilter.CanonicalDupeFilter"
# WordPress sites: their REST API (every post with its authors, terms and UTC dates, 100
# per request) is the article source where it is open; 0 walks their HTML like any site.
NEWSCRAWL_WORDPRESS_API = True

# Where rejected (invalid) items go, with their reasons: never dropped silently.
NEWSCRAWL_REJECTED_URI = "output/%(site)s/rejected.jsonl"
# Bodies shorter than this many words are rejected as not an article.
NEWSCRAWL_MIN_BODY_WORDS = 30
# Template text out of bodies: a body paragraph (at most MAX_WORDS words) that the site
# also shows on this many listing pages, and in this many article bodies, is removed.
# MIN_LISTINGS = 0 turns it off.
NEWSCRAWL_BOILERPLATE_MIN_LISTINGS = 2
NEWSCRAWL_BOILERPLATE_MIN_ARTICLES = 2
NEWSCRAWL_BOILERPLATE_MAX_WORDS = 60
# Listing pages learned from (the first ones a crawl fetches).
NEWSCRAWL_BOILERPLATE_LEARN_LISTINGS = 100

LOG_LEVEL = "INFO"
# A dropped item in one line, without the item (body and all) under it.
LOG_FORMATTER = "newscrawl.logformatter.ArticleLogFormatter"

# Order matters for spider_closed: the monitors (500) run first, then the report (600)
# can show their outcome, and the stats file (1000) is written last, with both in it.
EXTENSIONS = {
    # Feeds delivered in batches that the ledger records as delivered.
    "scrapy.extensions.feedexport.FeedExporter": None,
    "newscrawl.extensions.feeds.ArticleFeedExporter": 0,
    # What the crawl knows about articles (newscrawl.ledger): the pipelines, the feeds and
    # the spider reach it through this extension.
    "newscrawl.ledger.CrawlLedger": 10,
    "spidermon.contrib.scrapy.extensions.Spidermon": 500,
    "newscrawl.extensions.report.SiteHealthReport": 600,
    "newscrawl.extensions.stats_file.StatsFile": 1000,
    "newscrawl.extensions.item_errors.ItemErrorStats": 0,
    "newscrawl.extensions.gc_tuning.GarbageCollectorTuning": 0,
    # Every fetched response into WARC files when NEWSCRAWL_WARC_DIR is set.
    "newscrawl.warc.recorder.WarcRecorder": 100,
}
# Final stats as JSON at this path (empty: off).
NEWSCRAWL_STATS_FILE = ""
# While a crawl runs, the garbage collector's generation 0 runs every this many
# allocations (CPython: 700) and skips the objects made before the crawl (0: off).
NEWSCRAWL_GC_THRESHOLD = 50000

# --- Web archive ------------------------------------------------------------------------
# Every fetched response (pages, feeds, sitemaps, robots.txt, redirects, errors) with its
# request as WARC 1.1 records, gzip per record, into <dir>/<site>-<UTC time>-<serial>.warc.gz.
# Empty: no recording. A file that cannot be written stops the crawl (warc_write_failed).
NEWSCRAWL_WARC_DIR = ""
# A new file is started before one would pass this many bytes (1 GB, the size archives use).
NEWSCRAWL_WARC_MAX_SIZE = 1_000_000_000

# --- Pipelines: store, health and monitors ---------------------------------------------
# The article ledger (newscrawl.ledger): what was delivered, every version, aliases and
# near-duplicate bands. NEWSCRAWL_STORE_URL = "postgresql://user@host/db": one ledger that
# every Redis worker on every machine shares; else SQLite at NEWSCRAWL_STORE_PATH. An
# empty path: a throwaway file, so nothing is remembered across runs.
NEWSCRAWL_STORE_URL = ""
NEWSCRAWL_STORE_PATH = "output/newscrawl.sqlite3"
# Items are delivered in batches (every N items or S seconds, and at the end): feeds
# written, then the ledger marks them delivered and commits (a commit per item would
# cost more than the rest of the pipeline). Redis workers deliver item by item.
NEWSCRAWL_STORE_COMMIT_ITEMS = 100
NEWSCRAWL_STORE_COMMIT_SECONDS = 2.0
# Two bodies at least this alike (estimated Jaccard similarity of their 4-word shingles)
# are one story under two URLs: the later one is dropped and its URL recorded. 0: off.
NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD = 0.8
# Field health in the stats and the run report (output/<site>/report.md; empty: no file).
NEWSCRAWL_REPORT_ENABLED = True
NEWSCRAWL_REPORT_URI = "output/%(site)s/report.md"
# A crawl of several sites (-a sites=): how many crawl at once, and its summary.
NEWSCRAWL_SITES_AT_ONCE = 16
NEWSCRAWL_SUMMARY_URI = "output/summary.md"
# Scheduled crawls: every file of a run goes into output/<site>/<UTC start time>/.
NEWSCRAWL_PER_RUN_FEEDS = False
ADDONS = {"newscrawl.extensions.per_run.PerRunFeeds": 0}
# Monitors (Spidermon) run when the spider closes; a failure makes `scrapy crawl` exit
# with status 3. Minimum fill rates per field (a site definition's min_fill overrides
# them; a field with a selector in the definition counts only what that selector found).
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newscrawl.monitors.SiteHealthMonitorSuite"]
NEWSCRAWL_MIN_FILL = {"title": 0.9, "published": 0.9, "body": 0.9}
# More than this share of items rejected by validation fails the run.
NEWSCRAWL_MAX_REJECTED_SHARE = 0.2
# More than this share of the pages requested given up on after their retries (server
# errors, timeouts: a site down or refusing the crawler) fails the run; the next run
# asks for them again either way.
NEWSCRAWL_MAX_GIVEN_UP_SHARE = 0.1
# --- Redis workers and browser rendering -----------------------------------------------
# Everything below is off or lazy unless asked for; see the README.

# Distributed crawling (newscrawl.distributed): a Redis URL turns it on. Every worker
# started for the same site then shares one request queue and duplicate filter there.
NEWSCRAWL_REDIS_URL = ""
# Keys are <prefix>:<site>:requests|dupefilter|workers|crawl|inflight:<worker>.
NEWSCRAWL_REDIS_KEY_PREFIX = "newscrawl"
# A worker ends when the whole crawl (queue and every worker's in-flight requests) has
# been empty this many seconds; waiting lets it pick up work other workers still add.
NEWSCRAWL_REDIS_IDLE_CLOSE = 5.0
# Seconds between a worker's looks at the shared queue, lease renewals and dead-worker
# checks (Scrapy's own heartbeat is 5 s: new requests from other workers would wait).
NEWSCRAWL_REDIS_POLL_INTERVAL = 0.5
# A worker silent this long is dead: its in-flight requests go back to the queue.
NEWSCRAWL_REDIS_WORKER_TIMEOUT = 30.0
# A crawl's shared state expires this many seconds after the last worker stopped renewing
# it (all workers killed and never restarted); a finished crawl removes it at once.
NEWSCRAWL_REDIS_STATE_TTL = 24 * 3600
# Seconds a Redis connect or reply may take: Redis calls block the crawl (and its shutdown),
# so an unreachable server must fail fast rather than hang it.
NEWSCRAWL_REDIS_TIMEOUT = 5.0
# While Redis is away a worker keeps its work and retries, first after the poll interval,
# then at doubling intervals up to this many seconds.
NEWSCRAWL_REDIS_RETRY_MAX = 10.0
# A worker that has not reached Redis for this many seconds stops (finish reason
# redis_unavailable, its leases stay in Redis for the next worker); 0: wait for ever.
NEWSCRAWL_REDIS_OUTAGE_CLOSE = 300.0

# JavaScript pages (newscrawl.middlewares.render): scrapy-playwright's handler is installed
# for http(s) but starts nothing until a request carries meta["playwright"].
DOWNLOAD_HANDLERS = {
    "http": "newscrawl.middlewares.render.LazyPlaywrightDownloadHandler",
    "https": "newscrawl.middlewares.render.LazyPlaywrightDownloadHandler",
}
# Off: never use the browser, not even for render_js sites.
NEWSCRAWL_RENDER_ENABLED = True
# A body container with fewer words than this (or a "Loading…" text) is empty.
NEWSCRAWL_RENDER_EMPTY_WORDS = 5
# Statuses whose empty article pages are re-fetched through the browser.
NEWSCRAWL_RENDER_STATUSES = [200]
# Seconds a rendered page may take to fill its body before it is taken as it is, and
# how often (seconds) the page is checked meanwhile.
NEWSCRAWL_RENDER_WAIT = 10.0
NEWSCRAWL_RENDER_POLL = 0.05
# The browser: a system Chromium ("" = `chromium` on PATH, else Playwright's own download).
NEWSCRAWL_BROWSER_EXECUTABLE = ""
NEWSCRAWL_BROWSER_ARGS = [
    "--no-sandbox",  # root in containers and CI; Chromium refuses to start sandboxed there
    "--headless=new",
    "--disable-gpu",
    "--disable-dev-shm-usage",  # small /dev/shm in containers crashes tabs
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
# At most 4 pages open at once (~0.4 s and ~100 MiB each); static requests are not held up.
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 4
PLAYWRIGHT_ABORT_REQUEST = "newscrawl.middlewares.render.abort_heavy_resources"
