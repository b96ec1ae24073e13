"""The files a crawl writes beside its feeds (the run report, the stats file): one that
cannot be written fails the run like a feed (``newscrawl.outcome``), in one line."""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Stats keys of the error, by the component that writes the file.
REPORT_ERROR = "newscrawl/report/error"
STATS_FILE_ERROR = "newscrawl/stats_file/error"


def write_run_file(crawler: Crawler, error_key: str, path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(path) else ""
        message = f"{path}: {exc.strerror or exc}{where}"
        crawler.stats.set_value(error_key, message)
        logger.error("newscrawl: cannot write %s", message)
