"""How a crawl's log speaks of items."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.logformatter import LogFormatter, LogFormatterResult

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.http import Response
    from twisted.python.failure import Failure


class ArticleLogFormatter(LogFormatter):
    """Scrapy's messages, except that a dropped item is one line: why, and its URL (every
    drop message of newscrawl's names it).

    Scrapy writes the whole item under the line, its body included. A re-run that drops
    every unchanged article wrote each one's text into the log (12.6 MB for a replay of
    993 pages). What a drop leaves behind is kept elsewhere: a quarantined item in the
    quarantine feed with its reasons, a duplicate in the ledger and the stats.
    """

    def dropped(self, item: Any, exception: BaseException,
                response: Response | Failure | None, spider: Spider) -> LogFormatterResult:
        entry = super().dropped(item, exception, response, spider)
        return {**entry, "msg": "Dropped: %(exception)s", "args": {"exception": exception}}
