"""Distributed crawling on scrapy-redis: workers of one site share a queue and a filter.

``scrapy crawl news -a site=demo -s NEWSCRAWL_REDIS_URL=redis://127.0.0.1:6379/0`` started
on several machines (or several times on one) crawls the site once, together. The spider
calls :func:`configure` from ``from_crawler``; with ``NEWSCRAWL_REDIS_URL`` unset nothing
changes. See ``newscrawl.distributed.scheduler`` for what differs from plain scrapy-redis.
"""

from __future__ import annotations

from scrapy.crawler import Crawler

from newscrawl.distributed.keys import RedisKeys
from newscrawl.meta import crawl_site

__all__ = ["RedisKeys", "configure"]

_PACKAGE = __name__


def configure(crawler: Crawler) -> bool:
    """Switch the crawler to the shared Redis scheduler when NEWSCRAWL_REDIS_URL is set.

    Called while settings are still open (spider ``from_crawler``), because the key names
    depend on the site, which is a spider argument. Returns whether distributed mode is on.
    """
    settings = crawler.settings
    url = settings.get("NEWSCRAWL_REDIS_URL")
    if not url:
        return False
    keys = RedisKeys(settings.get("NEWSCRAWL_REDIS_KEY_PREFIX"), crawl_site(crawler).name)
    settings.setdict(
        {
            "SCHEDULER": f"{_PACKAGE}.scheduler.RedisScheduler",
            "DUPEFILTER_CLASS": f"{_PACKAGE}.dupefilter.RedisDupeFilter",
            "REDIS_URL": url,
            # Our scheduler never flushes on close; say so for anything reading the setting.
            "SCHEDULER_PERSIST": True,
            # For tools that read scrapy-redis' settings (keys are per site, not per spider).
            "SCHEDULER_QUEUE_KEY": keys.queue,
            "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
            "SCHEDULER_QUEUE_CLASS": f"{_PACKAGE}.queue.LeasedPriorityQueue",
            # A lease is released once the engine is done with its response: its items must
            # be delivered by then (written, stored, seen), not waiting in a batch.
            "NEWSCRAWL_STORE_COMMIT_ITEMS": 1,
        },
        priority="spider",
    )
    return True
