"""Per-run file names for scheduled crawls (``NEWSCRAWL_PER_RUN_FEEDS = True``).

A Scrapy add-on (``ADDONS``): its ``update_settings`` runs once per crawl, after the spider
and its site definition have applied their settings and before the feed exporter reads
them. It moves every file a run writes one folder down, into the run's start time:

    output/<site>/articles.jsonl  →  output/<site>/<time>/articles.jsonl

for the ``FEEDS``, the quarantine feed (``NEWSCRAWL_REJECTED_URI``) and the report
(``NEWSCRAWL_REPORT_URI``). ``<time>`` is the UTC start time in the format of Scrapy's
own ``%(time)s`` (``2026-11-28T12-00-00+00-00``), fixed once so that all files of a run
land in the same folder. Feeds given on the command line (``-o``/``-O``) are left alone.
"""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy.settings import SETTINGS_PRIORITIES, Settings

_URI_SETTINGS = ("NEWSCRAWL_REJECTED_URI", "NEWSCRAWL_REPORT_URI")


def run_time(moment: datetime | None = None) -> str:
    """``%(time)s`` as Scrapy's feed exporter formats it."""
    moment = moment or datetime.now(UTC)
    return moment.replace(microsecond=0).isoformat().replace(":", "-")


def per_run_uri(uri: str, time: str) -> str:
    """``a/b/file.ext`` → ``a/b/<time>/file.ext`` (URIs too: ``s3://bucket/x.jsonl``)."""
    folder, slash, name = uri.rpartition("/")
    return f"{folder}/{time}/{name}" if slash else f"{time}/{name}"


class PerRunFeeds:
    def update_settings(self, settings: Settings) -> None:
        if not settings.getbool("NEWSCRAWL_PER_RUN_FEEDS"):
            return
        time = run_time()
        # Same priority as the value replaced: an add-on's own priority is below a
        # project's, and set() ignores a lower one.
        feeds_priority = settings.getpriority("FEEDS") or 0
        if feeds_priority < SETTINGS_PRIORITIES["cmdline"]:
            feeds = {per_run_uri(str(uri), time): options
                     for uri, options in settings.getdict("FEEDS").items()}
            settings.set("FEEDS", feeds, priority=feeds_priority)
        for name in _URI_SETTINGS:
            if settings.get(name):
                settings.set(name, per_run_uri(settings[name], time),
                             priority=settings.getpriority(name) or 0)
