from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newscrawl.state import SeenArticles


def test_seen_articles_persist_and_detect_changes(tmp_path):
    path = tmp_path / "state" / "demo.sqlite3"
    seen = SeenArticles(path)
    assert not seen.is_known("http://n.test/a/")
    seen.add("http://n.test/a/?utm_source=x", version="2024-12-09T08:30:00-05:00")
    seen.close()

    seen = SeenArticles(path)
    assert len(seen) == 1
    assert seen.is_known("http://n.test/a/")
    assert seen.is_known("http://n.test/a/", lastmod="2024-12-09T13:30:00+00:00")  # same instant
    assert seen.is_known("http://n.test/a/", lastmod="Mon, 09 Dec 2024 13:00:00 +0000")
    assert not seen.is_known("http://n.test/a/", lastmod="2024-12-10T00:00:00+00:00")
    seen.add("http://n.test/a/", version="2024-12-10T00:00:00+00:00")
    assert seen.is_known("http://n.test/a/", lastmod="2024-12-10T00:00:00+00:00")
    assert len(seen) == 1


def test_known_at_start_counts_only_articles_of_finished_crawls(tmp_path):
    path = tmp_path / "demo.sqlite3"
    seen = SeenArticles(path)
    seen.add("http://n.test/a/")
    assert seen.is_known("http://n.test/a/") and not seen.known_at_start("http://n.test/a/")
    seen.close()  # a crawl that did not finish (killed, or closed for another reason)
    seen = SeenArticles(path)
    assert seen.is_known("http://n.test/a/") and not seen.known_at_start("http://n.test/a/")
    seen.mark_finished()
    seen.close()
    seen = SeenArticles(path)
    seen.add("http://n.test/b/")
    assert seen.known_at_start("http://n.test/a/?utm_medium=feed")
    assert not seen.known_at_start("http://n.test/b/")


def test_last_finished_start_is_the_start_of_the_last_crawl_that_finished(tmp_path):
    path = tmp_path / "demo.sqlite3"
    seen = SeenArticles(path)
    assert seen.last_finished_start is None  # never finished: a source must send everything
    before = datetime.now(UTC)
    seen.mark_finished()
    seen.close()
    finished = SeenArticles(path).last_finished_start
    assert finished is not None and before - timedelta(seconds=1) <= finished <= before
    killed = SeenArticles(path)  # started later, never finished: does not move it
    killed.add("http://n.test/a/")
    killed.close()
    assert SeenArticles(path).last_finished_start == finished


def test_a_crawl_that_lost_pages_does_not_move_the_last_finished_start(tmp_path):
    path = tmp_path / "demo.sqlite3"
    seen = SeenArticles(path)
    seen.mark_finished()
    seen.close()
    finished = SeenArticles(path).last_finished_start
    lossy = SeenArticles(path)
    lossy.add("http://n.test/a/")
    lossy.mark_finished(complete=False)  # pages given up on: not a moment to trust
    lossy.close()
    again = SeenArticles(path)
    assert again.last_finished_start == finished
    assert again.known_at_start("http://n.test/a/")  # what it emitted is still known
