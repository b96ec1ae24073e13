"""``python -m newscrawl export``: the store as JSON Lines or CSV, filtered."""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys

import pytest

from newscrawl.export import add_parser, main, run
from newscrawl.ledger.sqlite import SQLiteLedger
from newscrawl.schema import FIELDS


def article(n: int, site: str = "demo", **overrides):
    item = {name: None for name in FIELDS}
    item.update({
        "url": f"http://news.test/{site}/{n}/", "site": site, "title": f"Story {n}",
        "authors": ["Jane Doe"], "tags": ["Oil", "Gas"], "images": [],
        "published": f"2024-12-{n:02d}T23:30:00-05:00",  # 04:30 UTC the next day
        "body": f"Body {n}. " * 30, "word_count": 60, "provenance": {"title": "site"},
    })
    item.update(overrides)
    return item


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.sqlite3"
    with SQLiteLedger(path) as store:
        store.save(article(1, title="-3% slump in regional bank shares"))
        store.save(article(2))
        store.save(article(2, body="Revised body. " * 30))  # a second version
        store.save(article(3, site="other"))
    return path


def export(store_path, *args: str) -> list[dict]:
    out = store_path.parent / "out.jsonl"
    assert main(["--store", str(store_path), "-o", str(out), *args]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_jsonl_has_every_article_once_as_stored(store_path):
    items = export(store_path)
    assert [item["title"] for item in items] == ["-3% slump in regional bank shares", "Story 2",
                                                 "Story 3"]
    assert list(items[0]) == list(FIELDS)
    assert items[0]["title"].startswith("-")  # JSON keeps values untouched
    assert items[1]["body"].startswith("Revised body.")


def test_all_versions(store_path):
    assert [item["title"] for item in export(store_path, "--all-versions")] == [
        "-3% slump in regional bank shares", "Story 2", "Story 2", "Story 3"]


@pytest.mark.parametrize(
    ("args", "titles"),
    [
        (["--site", "demo"], ["Story 1", "Story 2"]),
        (["--site", "other", "--site", "demo"], ["Story 3", "Story 1", "Story 2"]),
        # A date is the article's own (site-local) date: Story 2 is dated the 2nd.
        (["--since", "2024-12-02"], ["Story 2", "Story 3"]),
        (["--until", "2024-12-02"], ["Story 1", "Story 2"]),
        (["--since", "2024-12-02", "--until", "2024-12-02"], ["Story 2"]),
        # A moment compares in UTC: Story 1 is 2024-12-02T04:30Z.
        (["--since", "2024-12-02T04:30:00Z", "--until", "2024-12-03T04:30:00+00:00"],
         ["Story 1"]),
    ],
)
def test_filters(store_path, args, titles):
    found = [item["title"] for item in export(store_path, *args)]
    assert [title.replace("-3% slump in regional bank shares", "Story 1")
            for title in found] == titles


def test_csv_is_utf8_with_a_header_and_neutralised_formulas(store_path, tmp_path):
    out = tmp_path / "articles.csv"  # the format follows the extension
    assert main(["--store", str(store_path), "-o", str(out), "--site", "demo"]) == 0
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert rows[0] == list(FIELDS)
    record = dict(zip(FIELDS, rows[1], strict=True))
    assert record["title"] == "'-3% slump in regional bank shares"
    assert record["authors"] == "Jane Doe"
    assert record["tags"] == "Oil; Gas"
    assert len(rows) == 3


def test_stdout_and_the_sub_command_parser(store_path, capsys):
    parser = argparse.ArgumentParser(prog="newscrawl")
    commands = parser.add_subparsers(dest="command")
    add_parser(commands)
    args = parser.parse_args(["export", "--store", str(store_path), "--format", "jsonl",
                              "--site", "other"])
    assert run(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["title"] for line in lines] == ["Story 3"]


def test_errors_are_one_line_and_exit_2(tmp_path, store_path, capsys):
    assert main(["--store", str(tmp_path / "none.sqlite3")]) == 2
    assert "no store at" in capsys.readouterr().err
    assert main(["--store", str(store_path), "--since", "last week"]) == 2
    assert "--since/--until" in capsys.readouterr().err


def test_runs_as_a_module(store_path):
    proc = subprocess.run([sys.executable, "-m", "newscrawl.export", "--store", str(store_path),
                           "--site", "other"], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout)["title"] == "Story 3"


def test_runs_as_a_newscrawl_sub_command(store_path):
    proc = subprocess.run([sys.executable, "-m", "newscrawl", "export", "--store", str(store_path),
                           "--site", "other"], capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout)["title"] == "Story 3"


def test_a_moment_outside_utc_range_is_a_bad_argument(store_path, capsys):
    for bound in ("0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-10:00"):
        assert main(["--store", str(store_path), "--since", bound]) == 2
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and bound in err, err


def _untouched(path):
    """The store file's bytes and mtime, and which of its -wal/-shm files exist."""
    files = sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))
    return path.read_bytes(), path.stat().st_mtime_ns, files


def test_export_reads_without_writing(store_path, tmp_path):
    """No -wal/-shm left behind or created, not a byte or the mtime of the store changed:
    an export cannot disturb a crawl, or a store it may not write."""
    before = _untouched(store_path)
    assert before[2] == ["store.sqlite3"]
    out = tmp_path / "elsewhere" / "out.jsonl"
    assert main(["--store", str(store_path), "-o", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 3
    assert _untouched(store_path) == before


def test_export_sees_what_a_running_crawl_committed(store_path, tmp_path):
    """A writer that has the store open keeps commits in its -wal file: export reads them."""
    with SQLiteLedger(store_path) as store:
        store.save(article(4))
        store.commit()
        assert main(["--store", str(store_path), "-o", str(tmp_path / "out.jsonl")]) == 0
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert [json.loads(line)["title"] for line in lines][-1] == "Story 4"


def _without_write_permission() -> list[str]:
    """How to run a command that file permissions apply to: as root, without the
    capabilities that override them (setpriv, util-linux)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("root ignores file permissions, and setpriv is not there to drop that")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", "--"]


def test_export_from_a_read_only_folder(store_path, tmp_path):
    folder = store_path.parent
    store_path.chmod(0o444)
    folder.chmod(0o555)
    try:
        proc = subprocess.run(
            [*_without_write_permission(), sys.executable, "-m", "newscrawl", "export",
             "--store", str(store_path)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
        assert len(proc.stdout.splitlines()) == 3
        assert sorted(p.name for p in folder.iterdir()) == ["store.sqlite3"]
    finally:
        folder.chmod(0o755)


def test_a_database_that_cannot_be_reached_is_one_line_without_its_password(capsys):
    assert main(["--store", "postgresql://crawler:s3cret@127.0.0.1:9/news", "-o", "-"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("newscrawl export: cannot read the store postgresql://127.0.0.1:9/")
    assert "s3cret" not in error
