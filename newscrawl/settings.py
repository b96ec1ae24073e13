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
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
RETRY_TIMES = 2
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

ITEM_PIPELINES = {
    "newscrawl.pipelines.clean.CleanPipeline": 300,
    "newscrawl.pipelines.validate.ValidatePipeline": 400,
    "newscrawl.pipelines.dedupe.DedupePipeline": 500,
}

# Feeds: every crawl writes JSON Lines and CSV per site; `-o`/`-O` replace them.
FEEDS = {
    "output/%(site)s/articles.jsonl": {"format": "jsonlines", "overwrite": True},
    "output/%(site)s/articles.csv": {"format": "csv", "overwrite": True},
}
FEED_EXPORT_ENCODING = "utf-8"
FEED_EXPORT_FIELDS = list(FIELDS)
FEED_EXPORTERS = {"csv": "newscrawl.exporters.ArticleCsvItemExporter"}

# Where rejected (invalid) items go, with their reasons: never dropped silently.
NEWSCRAWL_REJECTED_URI = "output/%(site)s/rejected.jsonl"
# Bodies shorter than this many words are rejected as not an article.
NEWSCRAWL_MIN_BODY_WORDS = 30

LOG_LEVEL = "INFO"

EXTENSIONS = {"newscrawl.extensions.stats_file.StatsFile": 0}
# Final stats as JSON at this path (empty: off).
NEWSCRAWL_STATS_FILE = ""
