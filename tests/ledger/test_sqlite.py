"""The embedded article store: upserts, versions, aliases, filters, batching; and the
store across two crawls of the demo site."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time
from datetime import UTC, date, datetime
from typing import Any

import pytest

from newscrawl.demo.server import DemoServer
from newscrawl.ledger import LedgerError, open_ledger, parse_bound
from newscrawl.ledger.sqlite import SCHEMA_VERSION, SQLiteLedger


def article(n: int = 1, **overrides):
    item = {
        "url": f"http://news.test/2024/12/0{n}/story-{n}/", "site": "demo",
        "title": f"Story {n}", "authors": [], "published": f"2024-12-0{n}T08:30:00-05:00",
        "modified": None, "category": "Markets", "tags": [], "summary": None,
        "body": f"Body of story {n}. " * 20, "images": [], "source": None, "language": "en",
        "reading_time": None, "word_count": 80, "scraped_at": None, "provenance": {},
    }
    item.update(overrides)
    return item


@pytest.fixture
def store(tmp_path):
    with SQLiteLedger(tmp_path / "store.sqlite3") as opened:
        yield opened


def test_new_article_is_stored_once_under_its_canonical_url(store):
    assert store.save(article()) == "new"
    assert len(store) == 1
    assert store.known("http://news.test/2024/12/01/story-1/?utm_source=x#top")
    assert not store.known("http://news.test/2024/12/02/story-2/")
    stored = store.get(article()["url"])
    assert stored.version == 1 and stored.site == "demo"


def test_unchanged_article_replaces_its_record_without_a_new_version(store):
    store.save(article())
    assert store.save(article(title="Story 1, corrected")) == "unchanged"
    assert [v["title"] for v in store.versions(article()["url"])] == ["Story 1, corrected"]


@pytest.mark.parametrize("change", [{"body": "A rewritten body. " * 20},
                                    {"modified": "2024-12-02T10:00:00-05:00"}])
def test_changed_body_or_modified_date_adds_a_version_and_keeps_the_old(store, change):
    store.save(article())
    assert store.save(article(**change)) == "updated"
    versions = store.versions(article()["url"])
    assert len(versions) == 2
    assert versions[0] == article()  # the old one, as it was
    assert versions[1] == article(**change)
    assert list(store.articles()) == [article(**change)]  # the current version
    assert len(list(store.articles(all_versions=True))) == 2


def test_alias_records_another_url_of_an_article(store):
    store.save(article())
    copy = "http://news.test/wire/story-1-copy/"
    store.add_alias(copy, article()["url"], "near_duplicate", 0.9)
    assert store.known(copy)
    assert store.alias_of(copy + "?utm_medium=x") == article()["url"]
    assert store.other_urls(article()["url"]) == [copy]
    assert len(store) == 1


def test_an_alias_url_that_gets_stored_itself_is_an_article_no_more_an_alias(store):
    store.save(article())
    store.add_alias(article(2)["url"], article()["url"], "near_duplicate", 0.9)
    store.save(article(2))
    assert store.alias_of(article(2)["url"]) is None
    assert len(store) == 2


def test_candidates_share_bands_and_exclude_the_article_itself(store):
    store.save(article(1), signature=[1] * 8, bands=[10, 11])
    store.save(article(2), signature=[2] * 8, bands=[11, 12])
    store.save(article(3), signature=[3] * 8, bands=[99])
    found = store.candidates([11, 12], exclude_key=None)
    assert [c.url for c in found] == [article(2)["url"], article(1)["url"]]  # most bands first
    assert found[0].signature == (2,) * 8
    assert store.candidates([11], exclude_key=store.get(article(1)["url"]).key)[0].url == \
        article(2)["url"]
    assert store.candidates([]) == []


def test_filters_by_site_and_publication_date(store):
    store.save(article(1))  # 2024-12-01 08:30 -05:00 (13:30 UTC)
    store.save(article(2))
    store.save(article(3, site="other"))

    def urls(**kwargs):
        return [item["title"] for item in store.articles(**kwargs)]

    assert urls() == ["Story 1", "Story 2", "Story 3"]
    assert urls(site="demo") == ["Story 1", "Story 2"]
    assert urls(since=date(2024, 12, 2)) == ["Story 2", "Story 3"]
    assert urls(until=date(2024, 12, 2)) == ["Story 1", "Story 2"]  # a date's end inclusive
    # A moment compares in UTC, until exclusive.
    assert urls(since=datetime(2024, 12, 1, 13, 30, tzinfo=UTC),
                until=datetime(2024, 12, 2, 13, 30, tzinfo=UTC)) == ["Story 1"]


def test_undated_articles_come_last_and_outside_every_date_range(store):
    store.save(article(4, published=None))
    store.save(article(2))
    store.save(article(1))
    assert [item["title"] for item in store.articles()] == ["Story 1", "Story 2", "Story 4"]
    assert [item["title"] for item in store.articles(since=date(2024, 1, 1))] == \
        ["Story 1", "Story 2"]


def test_after_a_rollback_the_store_refuses_every_write_with_its_cause(store):
    # Two sites' crawlers share one store: one's failed delivery rolls back what the other
    # had written too, which must then not be marked delivered as if it were stored.
    store.save(article(1))
    store.commit()
    store.save(article(2))  # the other site's, not yet committed
    store.rollback("disk I/O error")
    with pytest.raises(LedgerError, match="earlier error: disk I/O error"):
        store.mark_delivered([article(2)["url"]])
    with pytest.raises(LedgerError, match="disk I/O error"):
        store.save(article(3))
    store.commit()  # nothing is pending: closing the store stays possible
    assert store.known(article(1)["url"]) and not store.known(article(2)["url"])


def test_parse_bound():
    assert parse_bound("2024-12-01") == date(2024, 12, 1)
    assert parse_bound("2024-12-01T09:00:00-05:00") == datetime(2024, 12, 1, 14, tzinfo=UTC)
    assert parse_bound("2024-12-01T09:00:00") == datetime(2024, 12, 1, 9, tzinfo=UTC)
    assert parse_bound(None) is None
    with pytest.raises(ValueError):
        parse_bound("last tuesday")


def test_writes_are_committed_in_batches_and_at_close(tmp_path):
    path = tmp_path / "store.sqlite3"
    store = SQLiteLedger(path, commit_items=3, commit_seconds=3600)
    reader = sqlite3.connect(path)

    def committed() -> int:
        return reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    store.save(article(1))
    store.save(article(2))
    assert committed() == 0  # still in the open transaction
    store.save(article(3))
    assert committed() == 3
    store.save(article(4))
    store.close()
    assert committed() == 4
    assert reader.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_commits_reach_the_database_file_through_the_background_checkpointer(tmp_path):
    path = tmp_path / "store.sqlite3"
    store = SQLiteLedger(path, commit_items=50, commit_seconds=3600)
    empty = path.stat().st_size
    writer = store._db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    for n in range(1, 201):
        store.save(article(1, url=f"http://news.test/2024/12/01/story-{n}/",
                           body=f"Body {n}. " * 300))
    # The writing thread never checkpoints; the committed pages still reach the file.
    deadline = time.monotonic() + 10
    while path.stat().st_size == empty and time.monotonic() < deadline:
        time.sleep(0.05)
    grown = path.stat().st_size
    store.close()
    assert writer == 0
    assert grown > empty


def test_reopened_store_remembers(tmp_path):
    with SQLiteLedger(tmp_path / "s.sqlite3") as store:
        store.save(article())
    with SQLiteLedger(tmp_path / "s.sqlite3") as store:
        assert store.known(article()["url"])
        assert store.save(article()) == "unchanged"


def test_throwaway_store_is_deleted_at_close():
    store = SQLiteLedger("")
    store.save(article())
    path = store.path
    assert path.exists()
    store.close()
    assert not path.exists()


def test_demo_crawled_twice_is_stored_once_and_a_revision_adds_a_version(tmp_path, crawl,
                                                                         truth):
    """Run 1 stores every article; run 2, not incremental (every page fetched again),
    writes every article to its feeds again and stores no new version; run 3, incremental,
    after one article's body and modified date changed on the site, fetches that one
    (its sitemap lastmod is newer than the version delivered) and not the unchanged ones,
    and emits and stores exactly that article's second version."""
    store_path = tmp_path / "store.sqlite3"
    settings = {"NEWSCRAWL_STORE_PATH": store_path, "NEWSCRAWL_INCREMENTAL": False}
    with DemoServer(n_articles=240) as server:
        first = crawl("site=demo", f"start_url={server.base_url}/", settings=settings,
                      workdir=tmp_path / "run1")
        second = crawl("site=demo", f"start_url={server.base_url}/", settings=settings,
                       workdir=tmp_path / "run2")
        expected = truth(server.base_url)
        assert first.returncode == 0, first.stderr[-3000:]
        assert second.returncode == 0, second.stderr[-3000:]
        assert first.stats["newscrawl/store/new"] == len(expected) == 240
        # Not incremental means a complete feed; the store only says nothing changed.
        assert {item["url"] for item in second.feed("demo")} == set(expected)
        assert second.stats["newscrawl/dedupe/unchanged"] == 240
        assert second.stats["newscrawl/store/unchanged"] == 240
        assert "newscrawl/store/new" not in second.stats
        # A full re-run records no version: the ledger keeps one per article.
        with SQLiteLedger(store_path) as store:
            assert len(store) == 240
            assert {item["url"] for item in store.articles()} == set(expected)

        target = sorted(expected.values(), key=lambda item: item["published"])[20]
        server.change(revised={target["url"].rstrip("/").rsplit("/", 1)[-1]})
        third = crawl("site=demo", f"start_url={server.base_url}/",
                      settings={"NEWSCRAWL_STORE_PATH": store_path,
                                "NEWSCRAWL_STATE_DIR": tmp_path / "run3" / "state"},
                      workdir=tmp_path / "run3")
    assert third.returncode == 0, third.stderr[-3000:]
    assert [item["url"] for item in third.feed("demo")] == [target["url"]]
    assert third.stats["newscrawl/store/updated"] == 1
    # The ledger, not a state folder of the run's own, knew the other 239.
    assert third.stats["newscrawl/incremental/known"] >= 239
    assert "newscrawl/dedupe/seen_before" not in third.stats
    with SQLiteLedger(store_path) as store:
        assert len(store) == 240
        versions = store.versions(target["url"])
        assert len(versions) == 2
        assert versions[0]["body"] == target["body"]
        assert versions[1]["body"] != target["body"]
        assert versions[1]["modified"] > versions[0]["published"]
        assert len(list(store.articles(all_versions=True))) == 241


def _open_at_once(path: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        with SQLiteLedger(path) as ledger:
            ledger.open_site("demo")
        results.put("opened")
    except LedgerError as exc:
        results.put(str(exc))


def test_workers_that_open_a_new_ledger_at_once_all_open_it(tmp_path):
    """SQLite refused a second connection switching a new file to WAL at the same moment
    ("database is locked", without its busy wait): a Redis worker that started together
    with another one stopped (about one start in four with three workers)."""
    # forkserver: a fork of this process would copy locks its other threads (the test
    # servers) may hold.
    context = multiprocessing.get_context("forkserver")
    for attempt in range(20):
        path = str(tmp_path / f"ledger-{attempt}.sqlite3")
        barrier, results = context.Barrier(3), context.Queue()
        workers = [context.Process(target=_open_at_once, args=(path, barrier, results))
                   for _ in range(3)]
        for worker in workers:
            worker.start()
        outcomes = [results.get(timeout=60) for _ in workers]
        for worker in workers:
            worker.join()
        assert outcomes == ["opened"] * 3, outcomes


@pytest.mark.parametrize("location", ["mysql://user:s3cret@127.0.0.1/db", "sqlite:///x.db"])
def test_a_store_url_of_another_kind_is_refused(tmp_path, monkeypatch, location):
    """It was taken for a SQLite file path: a folder named after the URL, credentials and
    all, and a crawl that exited 0 with its articles in a file nobody looks for."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LedgerError, match="is no store newscrawl knows") as error:
        open_ledger(location)
    assert "s3cret" not in str(error.value)
    assert list(tmp_path.iterdir()) == []
