"""Extraction with a bug that one page hits (the URL in ``$NEWSCRAWL_TEST_BUGGY_URL``),
for both replay paths: in the crawl's own process and in extraction workers."""

import os
from typing import Any

from newscrawl.extract import extract_response as correct_extraction
from newscrawl.warc import workers

BUGGY_URL = "NEWSCRAWL_TEST_BUGGY_URL"
_correct_worker = workers._extract


def _check(url: str) -> None:
    if url == os.environ[BUGGY_URL]:
        raise ValueError(f"a bug this page hits: {url}")


def extract_response(response: Any, definition: Any) -> Any:
    _check(response.url)
    return correct_extraction(response, definition)


def extract(url: str, *args: Any) -> Any:
    _check(url)
    return _correct_worker(url, *args)
