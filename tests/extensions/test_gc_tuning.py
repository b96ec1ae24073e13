"""Garbage-collector tuning while engines run, and the collector as it was afterwards."""

from __future__ import annotations

import gc

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.spiders import Spider
from scrapy.utils.test import get_crawler

from newscrawl.extensions.gc_tuning import GarbageCollectorTuning


def tuning(threshold: int) -> GarbageCollectorTuning:
    return GarbageCollectorTuning.from_crawler(
        get_crawler(Spider, {"NEWSCRAWL_GC_THRESHOLD": threshold}))


def test_tuned_while_any_engine_runs_and_restored_after_the_last():
    before = gc.get_threshold()
    first, second = tuning(50000), tuning(20000)
    first.engine_started()
    second.engine_started()
    assert gc.get_threshold() == (50000, *before[1:])
    assert gc.get_freeze_count() > 0  # what existed at start is out of the collector's sight
    first.engine_stopped()
    assert gc.get_threshold()[0] == 50000  # the second crawl still runs
    second.engine_stopped()
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_zero_turns_it_off():
    with pytest.raises(NotConfigured):
        tuning(0)
