"""What the ledger tells a site's crawl: the skip check, the stop rule, the last finished run."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from newscrawl.ledger import open_ledger
from newscrawl.ledger.sqlite import SQLiteLedger


def deliver(ledger, url, published=None, modified=None, site="demo"):
    ledger.save({"url": url, "site": site, "body": f"text of {url}", "published": published,
                 "modified": modified})
    ledger.mark_delivered([url])
    ledger.commit()


def test_delivered_articles_are_known_until_a_newer_lastmod(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    with SQLiteLedger(path) as ledger:
        assert not ledger.open_site("demo").is_known("http://n.test/a/")
        deliver(ledger, "http://n.test/a/?utm_source=x", published="2024-12-09T08:30:00-05:00")
        # Stored but never delivered (a feed write failed): not known, fetched again.
        ledger.save({"url": "http://n.test/b/", "site": "demo", "body": "b"})
        ledger.commit()

    with SQLiteLedger(path) as ledger:
        seen = ledger.open_site("demo")
    assert seen.is_known("http://n.test/a/")
    assert not seen.is_known("http://n.test/b/")
    assert seen.is_known("http://n.test/a/", lastmod="2024-12-09T13:30:00+00:00")  # same instant
    assert seen.is_known("http://n.test/a/", lastmod="Mon, 09 Dec 2024 13:00:00 +0000")
    assert not seen.is_known("http://n.test/a/", lastmod="2024-12-10T00:00:00+00:00")
    seen.delivered([{"url": "http://n.test/a/", "modified": "2024-12-10T00:00:00+00:00"}])
    assert seen.is_known("http://n.test/a/", lastmod="2024-12-10T00:00:00+00:00")
    assert not ledger_sites_mix(tmp_path)


def ledger_sites_mix(tmp_path):
    """Another site's crawl does not count this site's articles as its own."""
    with SQLiteLedger(tmp_path / "ledger.sqlite3") as ledger:
        return ledger.open_site("other").is_known("http://n.test/a/")


def test_known_at_start_counts_only_articles_of_finished_crawls(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    with SQLiteLedger(path) as ledger:
        ledger.open_site("demo")
        deliver(ledger, "http://n.test/a/")
    # A crawl that did not finish (killed, or closed for another reason).
    with SQLiteLedger(path) as ledger:
        seen = ledger.open_site("demo")
        assert seen.is_known("http://n.test/a/") and not seen.known_at_start("http://n.test/a/")
        ledger.mark_finished("demo")
    with SQLiteLedger(path) as ledger:
        seen = ledger.open_site("demo")
        deliver(ledger, "http://n.test/b/")
    assert seen.known_at_start("http://n.test/a/?utm_medium=feed")
    assert not seen.known_at_start("http://n.test/b/")


def test_last_finished_start_is_the_start_of_the_earliest_unfinished_crawl(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    with SQLiteLedger(path) as ledger:
        before = datetime.now(UTC)
        assert ledger.open_site("demo").last_finished_start is None  # must send everything
        after = datetime.now(UTC)
        ledger.mark_finished("demo")
    # A crawl that started later and never finished (killed) does not move it; the crawl
    # after it counts from the killed one's start, so it asks for what that one may have
    # missed.
    with SQLiteLedger(path) as ledger:
        killed_before = datetime.now(UTC)
        finished = ledger.open_site("demo").last_finished_start
        killed_after = datetime.now(UTC)
        deliver(ledger, "http://n.test/a/")
    assert finished is not None and before <= finished <= after
    with SQLiteLedger(path) as ledger:
        assert ledger.open_site("demo").last_finished_start == finished
        ledger.mark_finished("demo")
    with SQLiteLedger(path) as ledger:
        resumed = ledger.open_site("demo").last_finished_start
    assert killed_before <= resumed <= killed_after


def test_a_crawl_that_lost_pages_does_not_move_the_last_finished_start(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    with SQLiteLedger(path) as ledger:
        ledger.open_site("demo")
        ledger.mark_finished("demo")
    with SQLiteLedger(path) as ledger:
        finished = ledger.open_site("demo").last_finished_start
        deliver(ledger, "http://n.test/a/")
        ledger.mark_finished("demo", complete=False)  # pages given up on: not a moment to trust
    with SQLiteLedger(path) as ledger:
        again = ledger.open_site("demo")
    assert again.last_finished_start == finished
    assert again.known_at_start("http://n.test/a/")  # what it delivered is still known


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_crawl_limited_to_the_newest_articles_stops_no_listing(backend, tmp_path, request):
    """What a crawl kept to the site's newest part delivered is skipped, but neither stops
    a listing nor moves the last finished start, until a whole crawl finishes."""
    location = (str(tmp_path / "ledger.sqlite3") if backend == "sqlite"
                else request.getfixturevalue("postgres_url"))
    with open_ledger(location) as ledger:
        ledger.open_site("demo")
        deliver(ledger, "http://n.test/a/")
        ledger.mark_finished("demo")
    with open_ledger(location) as ledger:
        finished = ledger.open_site("demo").last_finished_start
        deliver(ledger, "http://n.test/b/")
        ledger.mark_finished("demo", whole=False)
    with open_ledger(location) as ledger:
        seen = ledger.open_site("demo")
        assert seen.is_known("http://n.test/b/") and not seen.known_at_start("http://n.test/b/")
        assert seen.known_at_start("http://n.test/a/")
        assert seen.last_finished_start == finished
        ledger.mark_finished("demo")
    with open_ledger(location) as ledger:
        seen = ledger.open_site("demo")
    assert seen.known_at_start("http://n.test/b/") and seen.last_finished_start > finished


def test_another_url_of_a_delivered_story_is_known(tmp_path):
    with SQLiteLedger(tmp_path / "ledger.sqlite3") as ledger:
        deliver(ledger, "http://n.test/a/")
        ledger.add_alias("http://n.test/copy-of-a/", "http://n.test/a/", "near_duplicate", 0.9)
        ledger.mark_finished("demo")
        seen = ledger.open_site("demo")
    assert seen.is_known("http://n.test/copy-of-a/")
    assert seen.known_at_start("http://n.test/copy-of-a/")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_link_an_article_was_fetched_from_is_known_as_its_own(backend, tmp_path, request):
    """A link to ``/a`` whose page names ``/a/`` as its URL (a redirect, a canonical): the
    next run meets ``/a`` again and must know it, at the article's version; the stop rule
    counts it once a whole crawl delivered the article."""
    location = (str(tmp_path / "ledger.sqlite3") if backend == "sqlite"
                else request.getfixturevalue("postgres_url"))
    published = "2024-06-01T10:00:00+00:00"
    with open_ledger(location) as ledger:
        ledger.open_site("demo")
        ledger.note_fetch("http://n.test/a/", linked_as="http://n.test/a")
        deliver(ledger, "http://n.test/a/", published=published)
        # Found unchanged under another link (stored before links were recorded).
        ledger.note_fetch("http://n.test/a/", linked_as="http://old.n.test/a")
        ledger.seen_again("http://n.test/a/", "demo")
        # A near-duplicate's link is another URL of the story it repeats.
        ledger.note_fetch("http://n.test/b/", linked_as="http://n.test/b")
        ledger.add_alias("http://n.test/b/", "http://n.test/a/", "near_duplicate", 0.9)
        ledger.commit()
        seen = ledger.open_site("demo")
        assert all(map(seen.is_known, ["http://n.test/a", "http://old.n.test/a",
                                       "http://n.test/b", "http://n.test/b/"]))
        assert not seen.is_known("http://n.test/a", lastmod="2024-06-02T00:00:00Z")
        assert not seen.known_at_start("http://n.test/a")  # no crawl finished yet
        ledger.mark_finished("demo")
    with open_ledger(location) as ledger:
        seen = ledger.open_site("demo")
        assert seen.known_at_start("http://n.test/a") and seen.known_at_start("http://n.test/b")
        assert ledger.other_urls("http://n.test/a/") == [
            "http://n.test/a", "http://n.test/b", "http://n.test/b/", "http://old.n.test/a"]


def test_an_older_seen_state_file_is_taken_over(tmp_path, caplog):
    """A store and a per-site seen-state file of the layout before the ledger."""
    old = tmp_path / "state" / "demo.sqlite3"
    old.parent.mkdir()
    db = sqlite3.connect(old)
    db.executescript(
        "CREATE TABLE seen (key TEXT PRIMARY KEY, url TEXT NOT NULL, version TEXT, "
        "pending INTEGER NOT NULL DEFAULT 1);"
        "CREATE TABLE finished_run (id INTEGER PRIMARY KEY, started TEXT NOT NULL);"
        "INSERT INTO finished_run VALUES (1, '2024-12-01T10:00:00+00:00');"
        "INSERT INTO seen VALUES ('http://n.test/a/', 'http://n.test/a/', NULL, 0);"
        "INSERT INTO seen VALUES ('http://n.test/gone/', 'http://n.test/gone/', NULL, 0);")
    db.commit()
    db.close()
    path = tmp_path / "ledger.sqlite3"
    with SQLiteLedger(path) as ledger:
        deliver(ledger, "http://n.test/a/")
        ledger.import_seen_state(old, "demo")
        seen = ledger.open_site("demo")
    assert seen.last_finished_start == datetime(2024, 12, 1, 10, tzinfo=UTC)
    assert seen.known_at_start("http://n.test/a/")
    assert not old.exists() and old.with_name("demo.sqlite3.imported").exists()
    assert "1 of its 2 articles are stored" in caplog.text


def test_workers_of_one_crawl_finishing_one_after_another_keep_its_start(tmp_path):
    """Redis workers share the ledger: each opens the site and each finishes the crawl."""
    path = tmp_path / "ledger.sqlite3"
    with SQLiteLedger(path) as first, SQLiteLedger(path) as second:
        before = datetime.now(UTC)
        first.open_site("demo")
        after = datetime.now(UTC)
        second.open_site("demo")  # joins later: the crawl's start stays the first one's
        first.mark_finished("demo")
        second.mark_finished("demo")
    with SQLiteLedger(path) as ledger:
        finished = ledger.open_site("demo").last_finished_start
    assert finished is not None and before <= finished <= after


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_pages_given_up_on_are_remembered_until_a_finished_crawl_had_their_answer(
        backend, tmp_path, request):
    location = (str(tmp_path / "ledger.sqlite3") if backend == "sqlite"
                else request.getfixturevalue("postgres_url"))
    with open_ledger(location) as ledger:
        ledger.open_site("demo")
        ledger.give_up("demo", "http://n.test/a/?utm_source=x", "article")
        ledger.give_up("demo", "http://n.test/a/", "article")  # the same page again
        ledger.give_up("demo", "http://n.test/s/page/3/", "listing")
        ledger.give_up("other", "http://o.test/b/", "article")
        ledger.mark_finished("demo")
    with open_ledger(location) as ledger:
        unfetched = ledger.open_site("demo").unfetched
        assert sorted(unfetched.values()) == [("http://n.test/a/", "article"),
                                              ("http://n.test/s/page/3/", "listing")]
        # Killed before it finished: what answered is asked for again all the same.
    with open_ledger(location) as ledger:
        assert ledger.open_site("demo").unfetched == unfetched
        ledger.mark_finished("demo", answered=[key for key, (url, _) in unfetched.items()
                                               if url == "http://n.test/a/"])
    with open_ledger(location) as ledger:
        assert list(ledger.open_site("demo").unfetched.values()) == [
            ("http://n.test/s/page/3/", "listing")]
        assert list(ledger.open_site("other").unfetched.values()) == [
            ("http://o.test/b/", "article")]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_sitemap_date_an_article_was_fetched_for_is_known_once_it_is_done(
        backend, tmp_path, request):
    """A page fetched for a sitemap date later than the article's own: that date is known
    once the article is delivered or dropped as unchanged, not when it is only stored (a
    kill before its delivery must leave it to be fetched again)."""
    location = (str(tmp_path / "ledger.sqlite3") if backend == "sqlite"
                else request.getfixturevalue("postgres_url"))
    url, first, second = "http://n.test/a/", "2024-06-01T10:00:00+00:00", "2024-06-09T10:00:00Z"
    with open_ledger(location) as ledger:
        ledger.open_site("demo")
        ledger.note_fetch(url, first)
        deliver(ledger, url, published="2024-05-02T09:30:00+02:00")
    with open_ledger(location) as ledger:
        seen = ledger.open_site("demo")
        assert seen.is_known(url, first) and not seen.is_known(url, second)
        # Fetched again for the newer date, stored, but the crawl is killed before the
        # feeds get it.
        ledger.note_fetch(url, second)
        ledger.save({"url": url, "site": "demo", "body": "a changed text"})
        ledger.commit()
    with open_ledger(location) as ledger:
        assert not ledger.open_site("demo").is_known(url, second)
        ledger.note_fetch(url, second)
        ledger.seen_again(url, "demo")  # the next run found it as stored
        ledger.commit()
    with open_ledger(location) as ledger:
        assert ledger.open_site("demo").is_known(url, second)


def test_a_ledger_of_the_layout_before_sitemap_dates_is_upgraded(tmp_path):
    path = tmp_path / "ledger.sqlite3"
    with SQLiteLedger(path) as ledger:
        deliver(ledger, "http://n.test/a/", published="2024-05-02T09:30:00+02:00")
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE articles DROP COLUMN lastmod_fetched")
        db.execute("ALTER TABLE articles DROP COLUMN lastmod_known")
        db.execute("PRAGMA user_version=3")
    with SQLiteLedger(path) as ledger:
        seen = ledger.open_site("demo")
        assert seen.is_known("http://n.test/a/", "2024-05-01")
        assert not seen.is_known("http://n.test/a/", "2024-06-01")
        ledger.note_fetch("http://n.test/a/", "2024-06-01")
        ledger.seen_again("http://n.test/a/", "demo")
    with SQLiteLedger(path) as ledger:
        assert ledger.open_site("demo").is_known("http://n.test/a/", "2024-06-01")
