"""The PostgreSQL ledger against a real server on 127.0.0.1 (``tests/postgres_server.py``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest
from conftest import ROOT, run_crawl

from newscrawl.ledger import LedgerError, open_ledger
from newscrawl.ledger.postgres import PostgresLedger
from newscrawl.pipelines.dedupe import band_keys, body_signature

BODY = ("The harbour authority said on Monday that the ferry would return to the river "
        "route next spring, after two years of repairs to the landing stages. ") * 3


def article(url: str = "http://n.test/a/", body: str = BODY, **fields):
    return {"url": url, "site": "demo", "title": "Ferry returns", "body": body,
            "published": "2024-12-01T08:00:00-05:00", "modified": None, **fields}


def save(ledger, item) -> str:
    signature = body_signature(item["body"])
    return ledger.save(item, signature, band_keys(signature, item["site"]))


def test_the_ledger_keeps_versions_aliases_bands_and_deliveries(postgres_url):
    with open_ledger(postgres_url) as ledger:
        assert isinstance(ledger, PostgresLedger)
        assert ledger.open_site("demo").last_finished_start is None
        assert "password" not in ledger.location and ledger.location.startswith("postgresql://")
        first = article()
        assert save(ledger, first) == "new"
        assert save(ledger, article(title="Ferry returns (corrected)")) == "unchanged"
        revised = article(body=BODY + "Update: the date moved.", modified="2024-12-02T09:00:00Z")
        assert save(ledger, revised) == "updated"
        copy = article("http://n.test/copy/", BODY + "Reporting by the wire.")
        candidates = ledger.candidates(band_keys(body_signature(copy["body"]), "demo"),
                                       exclude_key="http://n.test/copy/")
        assert [c.url for c in candidates] == [first["url"]]
        ledger.add_alias(copy["url"], first["url"], "near_duplicate", 0.9)
        ledger.mark_delivered([first["url"]])
        ledger.commit()
        ledger.mark_finished("demo")

    with open_ledger(postgres_url, read_only=True) as reader:
        assert len(reader) == 1
        assert [v["body"] for v in reader.versions(first["url"])] == [BODY, revised["body"]]
        assert reader.versions(first["url"])[0]["title"] == "Ferry returns (corrected)"
        assert reader.alias_of(copy["url"]) == first["url"]
        assert reader.other_urls(first["url"]) == [copy["url"]]
        assert [item["url"] for item in reader.articles("demo")] == [first["url"]]
        assert reader.get(first["url"]).was_delivered
    with open_ledger(postgres_url) as ledger:
        seen = ledger.open_site("demo")
    assert seen.known_at_start(first["url"]) and seen.is_known(copy["url"])
    assert not seen.is_known(first["url"], lastmod="2024-12-03T00:00:00Z")
    assert seen.last_finished_start is not None


def test_undated_articles_come_last_as_in_sqlite(postgres_url):
    # PostgreSQL sorts NULL last, SQLite first: the export's order must not depend on it.
    with open_ledger(postgres_url) as ledger:
        save(ledger, article("http://n.test/undated/", published=None))
        save(ledger, article("http://n.test/dated/", BODY + "Another story."))
        ledger.commit()
        assert [item["url"] for item in ledger.articles()] == \
            ["http://n.test/dated/", "http://n.test/undated/"]


def test_two_workers_saving_one_article_at_once_lose_no_version(postgres_url):
    # Long transactions on purpose: the second save meets the first one's uncommitted row.
    one = open_ledger(postgres_url, commit_items=1000)
    two = open_ledger(postgres_url, commit_items=1000)
    assert save(one, article()) == "new"
    outcome: dict[str, object] = {}

    def second_worker() -> None:
        try:
            outcome["two"] = save(two, article(body=BODY + "A later paragraph."))
            two.commit()
        except LedgerError as exc:  # pragma: no cover - the failure this test looks for
            outcome["two"] = exc

    worker = threading.Thread(target=second_worker)
    worker.start()
    one.commit()  # the second worker's save goes on from here, or found the row committed
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert outcome["two"] == "updated"
    assert [v["body"] for v in one.versions("http://n.test/a/")] == [
        BODY, BODY + "A later paragraph."]
    one.close()
    two.close()


def test_a_ledger_whose_server_died_refuses_writes_and_keeps_what_it_committed(own_postgres):
    url = own_postgres.create_database("ledger")
    ledger = open_ledger(url, commit_items=1000)
    save(ledger, article())
    ledger.commit()
    save(ledger, article("http://n.test/b/", "Another story altogether. " * 10))
    own_postgres.kill()
    with pytest.raises(LedgerError):
        save(ledger, article("http://n.test/c/", "A third story, never stored. " * 10))
    # The uncommitted save died with the server: it is neither stored nor deliverable.
    with pytest.raises(LedgerError):
        ledger.mark_delivered(["http://n.test/b/"])
    ledger.close()
    own_postgres.start()
    with open_ledger(url, read_only=True) as reader:
        assert [item["url"] for item in reader.articles()] == ["http://n.test/a/"]


def test_an_unreachable_server_is_one_clear_error():
    with pytest.raises(LedgerError, match=r"cannot connect to postgresql://127\.0\.0\.1:9/x"):
        open_ledger("postgresql://crawler:secret@127.0.0.1:9/x")
    # (the password stays out of the message: pytest.raises matched on its text above)


def test_a_crawl_whose_postgresql_restarts_stops_in_one_line_and_the_rerun_completes_it(
        own_postgres, demo_url, tmp_path, truth):
    url = own_postgres.create_database("crawl")
    settings = {"NEWSCRAWL_STORE_URL": url, "NEWSCRAWL_STORE_COMMIT_ITEMS": 10,
                "CONCURRENT_REQUESTS": 2, "DOWNLOAD_DELAY": 0.02}
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=demo",
               "-a", f"start_url={demo_url}/"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings", "PYTHONPATH": str(ROOT)}
    workdir = tmp_path / "run1"
    workdir.mkdir()
    feed = workdir / "output" / "demo" / "articles.jsonl"
    with (workdir / "stderr.log").open("w") as log:
        crawl = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.DEVNULL,
                                 stderr=log)
        deadline = time.monotonic() + 120
        while not (feed.exists() and feed.read_text().count("\n") >= 40):
            assert crawl.poll() is None, "the crawl ended before the restart"
            assert time.monotonic() < deadline, "timed out waiting for 40 articles"
            time.sleep(0.05)
        own_postgres.stop()  # every connection ends; the crawl's next write fails
        own_postgres.start()
        assert crawl.wait(timeout=120) == 4
    said = [line for line in (workdir / "stderr.log").read_text().splitlines()
            if line.startswith("newscrawl:")]
    assert len(said) == 1 and "postgresql://127.0.0.1" in said[0], said

    written = [json.loads(line)["url"] for line in feed.read_text().splitlines()]
    rerun = run_crawl(tmp_path / "run2", "site=demo", f"start_url={demo_url}/",
                      settings={"NEWSCRAWL_STORE_URL": url})
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    urls = written + [item["url"] for item in rerun.feed("demo")]
    assert sorted(urls) == sorted(truth(demo_url)), "an article lost or delivered twice"
    with open_ledger(url, read_only=True) as ledger:
        assert sorted(item["url"] for item in ledger.articles()) == sorted(urls)


def test_a_ledger_an_older_newscrawl_made_gets_the_columns_it_lacks(postgres_url):
    import psycopg

    with open_ledger(postgres_url) as ledger:
        save(ledger, article())
        ledger.mark_delivered([article()["url"]])
    with psycopg.connect(postgres_url, autocommit=True) as db:  # the first layout
        db.execute("ALTER TABLE articles DROP COLUMN lastmod_fetched")
        db.execute("ALTER TABLE articles DROP COLUMN lastmod_known")
    with open_ledger(postgres_url) as ledger:
        ledger.note_fetch(article()["url"], "2024-12-09T10:00:00Z")
        ledger.seen_again(article()["url"], "demo")
    with open_ledger(postgres_url) as ledger:
        assert ledger.open_site("demo").is_known(article()["url"], "2024-12-09T10:00:00Z")
