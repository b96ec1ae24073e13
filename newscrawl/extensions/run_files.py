"""The files a crawl writes beside its feeds (the run report, the stats file, the
quarantine feed): one that cannot be written fails the run like a feed
(``newscrawl.outcome``), in one line."""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

# Stats keys of the error, by the component that writes the file.
REPORT_ERROR = "newscrawl/report/error"
STATS_FILE_ERROR = "newscrawl/stats_file/error"
QUARANTINE_ERROR = "newscrawl/quarantine/error"
RUN_FILE_ERRORS = (REPORT_ERROR, STATS_FILE_ERROR, QUARANTINE_ERROR)


def write_run_file(crawler: Crawler, error_key: str, path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        run_file_failed(crawler, error_key, path, exc)


def run_file_failed(crawler: Crawler, error_key: str, path: Path, exc: OSError) -> None:
    """Counted under ``error_key`` (the first error kept) and logged in one line."""
    where = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(path) else ""
    message = f"{path}: {exc.strerror or exc}{where}"
    if not crawler.stats.get_value(error_key):
        crawler.stats.set_value(error_key, message)
        logger.error("newscrawl: cannot write %s", message)
