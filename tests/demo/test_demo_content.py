"""The demo site's content and ground truth, without a server."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from newscrawl.demo.content import SPECIAL_TITLES, UPDATE_NOTE, load_site, slugify
from newscrawl.demo.themes import make_theme
from newscrawl.demo.truth import truth_records
from newscrawl.schema import FIELDS, Article

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:8000"
BOILERPLATE = ("Related Posts", "Leave A Reply", "Subscribe", "Share", "Views",
               "All rights reserved", "Close Menu", "What's Hot", "Top Posts", "Mins Read",
               "Add A Comment", "Photo:", "Loading")


@pytest.fixture(scope="module")
def truth() -> list[dict]:
    return truth_records(make_theme("finance", load_site(240), BASE))


def test_two_loads_are_equal():
    assert load_site(240) == load_site(240)


def test_truth_does_not_depend_on_hash_seed():
    def run(seed: str) -> str:
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        return subprocess.run([sys.executable, "-m", "newscrawl.demo", "truth", "--articles", "30"],
                              env=env, cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout

    assert run("1") == run("2")


def test_more_articles_only_adds_newer_ones():
    small, large = load_site(240), load_site(250)
    assert large.articles[10:] == small.articles
    assert min(a.published for a in large.articles[:10]) > small.articles[0].published


def test_site_size_and_categories():
    site = load_site()
    assert len(site.articles) >= 240
    assert len(site.categories) >= 8
    counts = Counter(a.category.slug for a in site.articles)
    assert all(counts[c.slug] > 0 for c in site.categories)
    assert len({a.slug for a in load_site(1280).articles}) == 1280


def test_truth_records_validate_in_schema_order(truth):
    assert len(truth) == 240
    for record in truth:
        assert tuple(record) == FIELDS
        Article.model_validate(record)
        assert record["site"] == "demo" and record["language"] == "en"
        assert record["scraped_at"] is None and record["provenance"] == {}
        assert record["word_count"] == len(record["body"].split())
        assert record["reading_time"] >= 1
    assert len({r["url"] for r in truth}) == 240


def test_dates_are_new_york_time_with_the_right_offset(truth):
    zone = ZoneInfo("America/New_York")
    offsets = set()
    for record in truth:
        for field in ("published", "modified"):
            if record[field]:
                moment = datetime.fromisoformat(record[field])
                assert moment.utcoffset() == moment.astimezone(zone).utcoffset()
                assert len(record[field]) == len("2024-12-09T08:30:00-05:00")
                offsets.add(record[field][-6:])
    assert offsets == {"-05:00", "-04:00"}  # the site spans a DST change
    published = [r["published"] for r in truth]
    assert published == sorted(published, key=datetime.fromisoformat)


def test_field_mix_is_realistic(truth):
    n = len(truth)
    sources = Counter(r["source"] for r in truth if r["source"])
    assert set(sources) == {"Reuters", "Bloomberg", "AP"} and n / 16 < sum(sources.values()) < n / 8
    assert any(not r["authors"] for r in truth)
    assert n / 25 < sum(len(r["authors"]) == 2 for r in truth) < n / 8
    assert n / 10 < sum(bool(r["modified"]) for r in truth) < n / 4
    assert all(1 <= len(r["tags"]) <= 4 for r in truth)
    assert all(len(r["images"]) <= 2 for r in truth)
    assert {len(r["images"]) for r in truth} == {0, 1, 2}
    assert any(image["credit"] is None for r in truth for image in r["images"])
    assert all(r["body"].count("\n\n") + 1 >= 4 for r in truth)
    assert any("S&P 500" in r["body"] for r in truth)  # served as &amp;
    assert any("’" in r["body"] for r in truth)  # served as &#8217;


def test_modified_dates_follow_publication(truth):
    for record in truth:
        if record["modified"]:
            assert record["modified"] > record["published"]


def test_body_has_no_boilerplate(truth):
    for record in truth:
        for phrase in BOILERPLATE:
            assert phrase not in record["body"], (record["url"], phrase)
        assert "\n\n\n" not in record["body"] and record["body"] == record["body"].strip()
        assert all(p == " ".join(p.split()) for p in record["body"].split("\n\n"))


def test_hostile_titles_exist(truth):
    titles = {r["title"] for r in truth}
    assert set(SPECIAL_TITLES.values()) <= titles
    assert {t[0] for t in SPECIAL_TITLES.values()} == {"-", "+", "="}


def test_revised_article_gets_update_note_and_later_modified():
    site = load_site(240)
    slug = site.articles[-20].slug
    revised = load_site(240, revised={slug})
    before = next(a for a in site.articles if a.slug == slug)
    after = next(a for a in revised.articles if a.slug == slug)
    assert after.body_text().endswith("\n\n" + UPDATE_NOTE)
    assert after.modified and after.modified > (before.modified or before.published)
    assert [a for a in revised.articles if a.slug != slug] == \
        [a for a in site.articles if a.slug != slug]


def test_js_articles_are_extra_and_optional():
    plain, live = load_site(24), load_site(24, js_articles=4)
    extra = [a for a in live.articles if a.live]
    assert len(extra) == 4 and all(a.category.name == "Live Markets" for a in extra)
    assert [a for a in live.articles if not a.live] == plain.articles
    assert "Live Markets" not in {c.name for c in plain.categories}
    records = truth_records(make_theme("finance", live, BASE))
    assert len(records) == 28
    for record in records:
        Article.model_validate(record)




def test_a_seed_gives_a_site_of_other_articles_and_seed_0_the_usual_one():
    assert load_site(240, seed=0) == load_site(240)
    assert len({a.slug for a in load_site(1280, seed=1).articles}) == 1280
    usual, other = load_site(240), load_site(240, seed=1)
    special = {slugify(title) for title in SPECIAL_TITLES.values()}
    shared = {a.slug for a in usual.articles} & {a.slug for a in other.articles}
    assert shared == special
    assert [a.published for a in usual.articles] == [a.published for a in other.articles]
    assert usual.articles[0].paragraphs() != other.articles[0].paragraphs()
