"""Per-run file names (NEWSCRAWL_PER_RUN_FEEDS): the add-on, and a crawl using it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from scrapy.settings import Settings

from newscrawl.extensions.per_run import PerRunFeeds, per_run_uri, run_time

FEEDS = {"output/%(site)s/articles.jsonl": {"format": "jsonlines"},
         "output/%(site)s/articles.csv": {"format": "csv"}}


def settings(**values) -> Settings:
    result = Settings()
    result.setdict({"FEEDS": FEEDS, "NEWSCRAWL_REJECTED_URI": "output/%(site)s/rejected.jsonl",
                    "NEWSCRAWL_REPORT_URI": "output/%(site)s/report.md", **values},
                   priority="project")
    return result


def test_time_is_scrapys_feed_time_format():
    assert run_time(datetime(2026, 11, 28, 12, 0, 5, 123, tzinfo=UTC)) == \
        "2026-11-28T12-00-05+00-00"


def test_per_run_uri():
    assert per_run_uri("output/%(site)s/articles.jsonl", "T") == "output/%(site)s/T/articles.jsonl"
    assert per_run_uri("s3://bucket/articles.jsonl", "T") == "s3://bucket/T/articles.jsonl"
    assert per_run_uri("articles.jsonl", "T") == "T/articles.jsonl"


def test_every_file_of_a_run_moves_into_one_time_folder():
    values = settings(NEWSCRAWL_PER_RUN_FEEDS=True)
    PerRunFeeds().update_settings(values)
    uris = [*values.getdict("FEEDS"), values["NEWSCRAWL_REJECTED_URI"],
            values["NEWSCRAWL_REPORT_URI"]]
    folders = {re.fullmatch(r"output/%\(site\)s/([^/]+)/[a-z.]+", uri)[1] for uri in uris}
    assert len(folders) == 1  # the same time for all, not one per file
    assert values.getdict("FEEDS")[f"output/%(site)s/{folders.pop()}/articles.csv"] == \
        {"format": "csv"}


def test_off_by_default_and_command_line_feeds_are_left_alone():
    values = settings()
    PerRunFeeds().update_settings(values)
    assert values.getdict("FEEDS") == FEEDS
    values = settings(NEWSCRAWL_PER_RUN_FEEDS=True)
    values.set("FEEDS", {"mine.jsonl": {"format": "jsonlines"}}, priority="cmdline")
    PerRunFeeds().update_settings(values)
    assert values.getdict("FEEDS") == {"mine.jsonl": {"format": "jsonlines"}}
    # The project's own files still move.
    assert values["NEWSCRAWL_REPORT_URI"] != "output/%(site)s/report.md"


def test_a_scheduled_crawl_writes_feeds_quarantine_and_report_per_run(demo_url, crawl, tmp_path):
    result = crawl("site=demo", f"start_url={demo_url}/", "max_articles=3",
                   settings={"NEWSCRAWL_PER_RUN_FEEDS": True,
                             "NEWSCRAWL_STATE_DIR": tmp_path / "state"})
    assert result.returncode == 0, result.stderr[-3000:]
    runs = list((result.output / "demo").iterdir())
    assert len(runs) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\+00-00", runs[0].name)
    assert {path.name for path in runs[0].iterdir()} >= {"articles.jsonl", "articles.csv",
                                                         "report.md"}
    assert len(result.feed("demo", f"{runs[0].name}/articles.jsonl")) == 3
