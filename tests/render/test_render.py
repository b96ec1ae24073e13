"""JavaScript article pages through scrapy-playwright and the system Chromium.

The end-to-end tests launch the real headless browser (skipped without ``chromium``,
failures under NEWSCRAWL_REQUIRE_ALL=1).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import scrapy
from fastwarc.warc import ArchiveIterator, WarcRecordType
from js_site import JsSite
from parsel import Selector
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler
from system_parts import require_binary

import newscrawl.settings as project_settings
from newscrawl.demo.server import DemoServer
from newscrawl.meta import PageRole, page_meta
from newscrawl.middlewares.render import RenderMiddleware, browser_launch_options, needs_rendering
from newscrawl.sites import all_sites, get_site
from newscrawl.warc.writer import SUPERSEDED_HEADER

ROOT = Path(__file__).resolve().parents[2]
BODY = ".the-post .entry-content"
SCRIPT = "<script>window.x = 1;</script>"
PROSE = " ".join(["word"] * 60)


def page(body: str, head: str = SCRIPT) -> Selector:
    return Selector(text=f"<html><head>{head}</head><body>{body}</body></html>")


def article(inner: str) -> str:
    return f'<article class="the-post"><div class="entry-content">{inner}</div></article>'


# -- deciding (no browser) -------------------------------------------------------------------

@pytest.mark.parametrize(("html", "head", "expected"), [
    (article(f"<p>{PROSE}</p>"), SCRIPT, None),  # a normal page with a theme script
    (article(""), SCRIPT, "empty_body"),
    (article("Loading…"), SCRIPT, "empty_body"),
    (article("<p>Please wait while the story loads from our newsroom server</p>"), SCRIPT,
     "empty_body"),
    (article(""), "", None),  # no script: a browser would show the same empty page
    (article(""), '<script type="application/ld+json">{}</script>', None),
    ("<p>Checking your browser before accessing the site.</p>", SCRIPT, "challenge"),
    ('<div id="app"></div>', SCRIPT, "shell"),
    (f"<main><p>{PROSE}</p></main>", SCRIPT, None),  # no container but a real page
])
def test_needs_rendering(html, head, expected):
    assert needs_rendering(page(html, head), BODY, empty_words=5) == expected


def middleware(**settings: Any) -> tuple[RenderMiddleware, Any]:
    crawler = get_crawler(settings_dict={**vars_of(project_settings), **settings})
    return RenderMiddleware.from_crawler(crawler), crawler


def vars_of(module: Any) -> dict[str, Any]:
    return {name: getattr(module, name) for name in dir(module) if name.isupper()}


def request(url: str, role: PageRole, site: str = "demo") -> scrapy.Request:
    # What the middleware knows of a request is its meta, as the spider sets it; the
    # callback's name plays no part (a renamed callback changes nothing).
    return scrapy.Request(url, callback=lambda response: None, meta=page_meta(role, site))


def test_render_js_sites_render_articles_but_not_listings(monkeypatch):
    mw, crawler = middleware()
    monkeypatch.setitem(all_sites(), "demo",
                        get_site("demo").model_copy(update={"render_js": True}))
    article_request = request("http://127.0.0.1/a/", PageRole.ARTICLE)
    listing_request = request("http://127.0.0.1/", PageRole.LISTING)
    home_request = request("http://127.0.0.1/", PageRole.HOME)
    mw.process_request(article_request)
    mw.process_request(home_request)
    mw.process_request(listing_request)
    assert article_request.meta["playwright"] is True
    assert article_request.meta["playwright_page_methods"][0].method == "wait_for_function"
    assert "playwright" not in listing_request.meta
    assert "playwright" not in home_request.meta
    assert crawler.stats.get_value("newscrawl/render/render_js") == 1


def test_static_sites_render_nothing_up_front():
    mw, _ = middleware()
    article = request("http://127.0.0.1/a/", PageRole.ARTICLE)
    mw.process_request(article)
    assert "playwright" not in article.meta


def test_middleware_can_be_switched_off():
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        middleware(NEWSCRAWL_RENDER_ENABLED=False)


def test_launch_options_use_the_system_chromium():
    settings = Settings(vars_of(project_settings))
    settings.set("NEWSCRAWL_BROWSER_EXECUTABLE", "/opt/browser/chrome")
    options = browser_launch_options(settings)
    assert options["executable_path"] == "/opt/browser/chrome"
    assert options["headless"] is True
    assert "--no-sandbox" in options["args"] and "--headless=new" in options["args"]


# -- the real browser ---------------------------------------------------------------------

@pytest.fixture
def chromium() -> str:
    return require_binary("chromium")


@pytest.fixture
def js_site() -> Any:
    with JsSite(n_static=4, n_live=3, n_guard=1) as site:
        yield site


def test_only_pages_without_a_body_go_through_the_browser(chromium, js_site, crawl):
    result = crawl("site=demo", f"start_url={js_site.base_url}/")
    assert result.returncode == 0, result.stderr[-3000:]
    items = {item["url"]: item for item in result.feed("demo")}
    assert set(items) == set(js_site.article_urls())
    for url in js_site.article_urls():
        assert items[url]["body"] == js_site.body_of(url), url

    stats = result.stats
    assert stats["newscrawl/render/escalated/empty_body"] == 3
    assert stats["newscrawl/render/escalated/challenge"] == 1
    assert stats["newscrawl/render/escalated"] == 4
    assert stats["newscrawl/render/rendered"] == 4
    assert stats["playwright/page_count"] == 4
    assert stats.get("newscrawl/render/still_empty", 0) == 0
    # Static articles were downloaded once, by Scrapy; escalated ones once more, by Chromium.
    for url in js_site.article_urls("static"):
        assert js_site.hits[url.removeprefix(js_site.base_url)] == 1
    for url in js_site.article_urls("live"):
        assert js_site.hits[url.removeprefix(js_site.base_url)] == 2


def test_render_js_site_renders_every_article_directly(chromium, js_site, tmp_path):
    # A site definition with render_js: the demo's, switched on in the crawl's process.
    script = (
        "import sys\n"
        "from newscrawl.sites import all_sites, get_site\n"
        "all_sites()['demo'] = get_site('demo').model_copy(update={'render_js': True})\n"
        "from scrapy.cmdline import execute\n"
        "execute(sys.argv)\n"
    )
    stats_path = tmp_path / "stats.json"
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(
        [sys.executable, "-c", script, "crawl", "news", "-a", "site=demo",
         "-a", f"start_url={js_site.base_url}/", "-s", f"NEWSCRAWL_STATS_FILE={stats_path}"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    stats = json.loads(stats_path.read_text())
    articles = js_site.article_urls()
    assert stats["newscrawl/render/render_js"] == len(articles)
    assert stats["newscrawl/render/rendered"] == len(articles)
    assert stats.get("newscrawl/render/escalated", 0) == 0  # rendered up front, not twice
    # One download each, by the browser (the challenge page reloads itself: two).
    for url in js_site.article_urls("static") + js_site.article_urls("live"):
        assert js_site.hits[url.removeprefix(js_site.base_url)] == 1
    feed = (tmp_path / "output" / "demo" / "articles.jsonl").read_text().splitlines()
    bodies = {json.loads(line)["url"]: json.loads(line)["body"] for line in feed}
    assert bodies == {url: js_site.body_of(url) for url in articles}


def test_static_demo_crawl_never_starts_the_browser(demo_url, crawl):
    result = crawl("site=demo", f"start_url={demo_url}/")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stats["item_scraped_count"] > 0
    assert not [key for key in result.stats if key.startswith(("playwright/", "newscrawl/render"))]
    # scrapy-playwright logs this when it starts Playwright; lazily, it never does here.
    assert "Starting download handler" not in result.stderr


def test_demo_js_articles_come_with_their_full_bodies(chromium, tmp_path, crawl):
    """The demo's "Live Markets" articles (body filled by JavaScript), once it has them."""
    demo = [sys.executable, "-m", "newscrawl.demo"]
    if "--js-articles" not in subprocess.run([*demo, "serve", "--help"], capture_output=True,
                                             text=True, cwd=ROOT).stdout:
        pytest.skip("the demo has no --js-articles yet: JsSite above covers these pages")
    server = subprocess.Popen([*demo, "serve", "--port", "0", "--articles", "24",
                               "--js-articles", "4"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        base_url = server.stdout.readline().split("serving ", 1)[1].strip().rstrip("/")
        result = crawl("site=demo", f"start_url={base_url}/")
        truth_lines = subprocess.run(
            [*demo, "truth", "--articles", "24", "--js-articles", "4", "--base-url", base_url],
            capture_output=True, text=True, cwd=ROOT, check=True).stdout.splitlines()
    finally:
        server.terminate()
        server.wait(10)
    assert result.returncode == 0, result.stderr[-3000:]
    truth = {record["url"]: record for record in map(json.loads, truth_lines)}
    items = {item["url"]: item for item in result.feed("demo")}
    assert set(items) == set(truth)
    assert {url: item["body"] for url, item in items.items()} == {
        url: record["body"] for url, record in truth.items()}
    assert result.stats["newscrawl/render/escalated"] == 4  # the JavaScript articles only
    assert result.stats["playwright/page_count"] == 4


def test_a_recorded_crawl_replays_each_rendered_page_once(chromium, js_site, crawl, tmp_path):
    live = crawl("site=demo", f"start_url={js_site.base_url}/", workdir=tmp_path / "live",
                 settings={"NEWSCRAWL_WARC_DIR": str(tmp_path / "warc")})
    assert live.returncode == 0, live.stderr[-3000:]
    assert live.stats["newscrawl/render/rendered"] == 4
    # The static page the browser fetched again is in the archive, marked as such.
    superseded = Counter(
        record.headers["WARC-Target-URI"]
        for path in (tmp_path / "warc").glob("*.warc.gz")
        for record in ArchiveIterator(path.open("rb"), record_types=WarcRecordType.response)
        if record.headers.get(SUPERSEDED_HEADER) == "rendered")
    assert superseded == Counter(set(js_site.article_urls()) - set(js_site.article_urls("static")))
    replayed = crawl(f"warc={tmp_path / 'warc'}", workdir=tmp_path / "replay")
    assert replayed.returncode == 0, replayed.stderr[-3000:]
    assert replayed.feed("demo", "rejected.jsonl") == []
    assert replayed.stats["newscrawl/warc/skipped/superseded"] == 4
    uncompared = {"scraped_at"}
    assert sorted(({k: v for k, v in item.items() if k not in uncompared}
                   for item in replayed.feed("demo")), key=lambda item: item["url"]) == sorted(
        ({k: v for k, v in item.items() if k not in uncompared} for item in live.feed("demo")),
        key=lambda item: item["url"])


def test_pages_the_browser_fails_fail_the_run_and_are_asked_for_again(tmp_path, crawl):
    """No browser at the configured path: the "Live Markets" articles that need one were
    logged as download errors and lost, and the run exited 0."""
    settings = {"NEWSCRAWL_BROWSER_EXECUTABLE": str(tmp_path / "no-such-chromium"),
                "NEWSCRAWL_STORE_PATH": tmp_path / "ledger.sqlite3"}
    with DemoServer(n_articles=20, js_articles=3) as server:
        first = crawl("site=demo", f"start_url={server.base_url}/", settings=settings,
                      workdir=tmp_path / "first")
        again = crawl("site=demo", f"start_url={server.base_url}/", settings=settings,
                      workdir=tmp_path / "again")
    assert first.returncode == 3, first.stderr[-3000:]
    assert len(first.feed("demo")) == 20  # every static article all the same
    assert first.stats["newscrawl/render/failed"] == 3
    assert first.stats["newscrawl/unfetched/recorded"] == 3
    (failure,) = first.stats["newscrawl/monitors/failures"]
    assert "the browser failed 3 page(s)" in failure and "no-such-chromium" in failure
    assert again.stats["newscrawl/unfetched/asked_again"] == 3
    assert again.returncode == 3
