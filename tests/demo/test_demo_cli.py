"""``python -m newscrawl.demo serve|truth`` as a user runs it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from newscrawl.demo.content import SPECIAL_TITLES
from newscrawl.demo.themes import THEMES
from newscrawl.schema import FIELDS

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
DEMO = [sys.executable, "-m", "newscrawl.demo"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DEMO, *args], cwd=ROOT, env=ENV, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_its_url_serves_and_stops_cleanly(signum):
    proc = subprocess.Popen([*DEMO, "serve", "--port", "0", "--articles", "20"], cwd=ROOT,
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        assert line.startswith("serving http://127.0.0.1:") and line.endswith("/\n")
        base = line.split(" ", 1)[1].strip()
        port = int(base.rstrip("/").rsplit(":", 1)[1])
        assert port > 0
        with urllib.request.urlopen(base, timeout=10) as response:
            assert response.status == 200
            assert b'class="loop loop-grid"' in response.read()
    finally:
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 0, stderr
    assert stderr == ""


def test_truth_prints_one_record_per_article():
    proc = run("truth", "--articles", "25", "--base-url", "http://127.0.0.1:9999/")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == 25
    assert all(tuple(r) == FIELDS for r in records)
    assert all(r["url"].startswith("http://127.0.0.1:9999/20") for r in records)


def test_truth_with_js_articles_and_modified():
    plain = run("truth", "--articles", "24").stdout.splitlines()
    slug = json.loads(plain[3])["url"].rstrip("/").rsplit("/", 1)[1]
    proc = run("truth", "--articles", "24", "--js-articles", "4", "--modified", slug)
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(records) == 28
    assert sum(r["category"] == "Live Markets" for r in records) == 4
    revised = next(r for r in records if r["url"].endswith(f"/{slug}/"))
    assert revised["body"].endswith("revised with the latest figures after publication.")


@pytest.mark.parametrize("args", [
    ("truth", "--articles", "0"), ("truth", "--articles", "many"), ("serve", "--port", "-1"),
    ("truth", "--theme", "nope"), ("serve", "--colour", "blue"), ("dance",), (),
])
def test_bad_argument_is_one_line_and_exit_2(args):
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert proc.stderr.startswith("python -m newscrawl.demo")


def test_port_in_use_is_one_line_and_exit_2():
    proc = subprocess.Popen([*DEMO, "serve", "--port", "0", "--articles", "5"], cwd=ROOT,
                            env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        port = proc.stdout.readline().strip().rstrip("/").rsplit(":", 1)[1]
        clash = run("serve", "--port", port, "--articles", "5")
    finally:
        proc.terminate()
        proc.wait(10)
    assert clash.returncode == 2
    assert len(clash.stderr.splitlines()) == 1 and "cannot serve" in clash.stderr


def test_serve_several_sites_on_several_loopback_addresses_in_turning_themes_and_seeds():
    proc = subprocess.Popen([*DEMO, "serve", "--sites", "3", "--port", "0", "--articles", "6"],
                            cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        bases = [proc.stdout.readline().split(" ", 1)[1].strip() for _ in range(3)]
        assert [base.split(":")[1] for base in bases] == [
            "//127.0.0.1", "//127.0.0.2", "//127.0.0.3"]
        homes = []
        for base in bases:
            with urllib.request.urlopen(base, timeout=10) as response:
                assert response.status == 200
                homes.append(response.read())
        # The finance theme first, then the others: three different layouts.
        assert b'class="loop loop-grid"' in homes[0]
        assert not any(b'class="loop loop-grid"' in home for home in homes[1:])
        assert homes[1] != homes[2]
        # Site k publishes the articles of seed k: its own truth, none of another's (but
        # the hostile titles every site has).
        themes = sorted(THEMES)
        first = themes.index("finance")
        slugs = []
        for number, base in enumerate(bases):
            theme = themes[(first + number) % len(themes)]
            truth = run("truth", "--articles", "6", "--theme", theme, "--seed", str(number),
                        "--base-url", base)
            slugs.append({json.loads(line)["url"].rstrip("/").rsplit("/", 1)[1]
                          for line in truth.stdout.splitlines()
                          if json.loads(line)["title"] not in SPECIAL_TITLES.values()})
        assert len(set.union(*slugs)) == sum(map(len, slugs)) == 15
        for home, own in zip(homes, slugs, strict=True):
            assert any(slug.encode() in home for slug in own)
        assert not any(slug.encode() in homes[0] for slug in slugs[1] | slugs[2])
    finally:
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=10)
    assert proc.returncode == 0, stderr


def test_several_sites_need_loopback_addresses():
    proc = run("serve", "--sites", "2", "--host", "localhost")
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1 and "loopback" in proc.stderr
