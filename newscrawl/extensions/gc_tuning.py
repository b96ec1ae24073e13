"""Garbage-collector tuning for the length of a crawl.

A crawl allocates many short-lived objects per page while keeping tens of thousands alive
(pending requests, seen URLs). With CPython's default thresholds the collector then takes
about a tenth of a crawl's CPU, mostly re-scanning objects that never become garbage
(measured with ``benchmarks/throughput.py``, see docs/benchmarks.md). While an engine runs:

- the objects that exist when it starts (modules, settings, components) are frozen
  (``gc.freeze``): full collections no longer walk them;
- generation 0 is collected every ``NEWSCRAWL_GC_THRESHOLD`` allocations instead of 700.

When the last running engine stops, the collector is as it was. 0 turns this off.
"""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

# Engines of this process running with the tuning, and the thresholds before the first.
_running: list[GarbageCollectorTuning] = []
_saved_thresholds: tuple[int, int, int] = gc.get_threshold()


class GarbageCollectorTuning:
    def __init__(self, threshold: int) -> None:
        self.threshold = threshold

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> GarbageCollectorTuning:
        threshold = crawler.settings.getint("NEWSCRAWL_GC_THRESHOLD")
        if threshold <= 0:
            raise NotConfigured("NEWSCRAWL_GC_THRESHOLD is 0")
        extension = cls(threshold)
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_started(self) -> None:
        global _saved_thresholds
        if not _running:
            _saved_thresholds = gc.get_threshold()
        _running.append(self)
        gc.collect()  # what is garbage now is not frozen
        gc.freeze()
        gc.set_threshold(max(self.threshold, gc.get_threshold()[0]), *_saved_thresholds[1:])

    def engine_stopped(self) -> None:
        if self in _running:
            _running.remove(self)
        if not _running:
            gc.unfreeze()
            gc.set_threshold(*_saved_thresholds)
