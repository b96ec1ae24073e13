"""Incremental re-runs, since, and resume after SIGKILL, against the demo site over HTTP."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import demo_discovery_requests, demo_sections

from newscrawl.demo.server import DemoServer

ROOT = Path(__file__).resolve().parents[2]


def test_rerun_fetches_only_what_is_new(tmp_path, crawl, truth):
    state = {"NEWSCRAWL_STATE_DIR": tmp_path / "state",
             "NEWSCRAWL_STORE_PATH": tmp_path / "ledger.sqlite3"}
    with DemoServer(n_articles=240) as server:
        first = crawl("site=demo", f"start_url={server.base_url}/", settings=state,
                      workdir=tmp_path / "run1")
        second = crawl("site=demo", f"start_url={server.base_url}/", settings=state,
                       workdir=tmp_path / "run2")
        sections = demo_sections(server.base_url)
        discovery = demo_discovery_requests(server.base_url)
        assert first.returncode == 0 and second.returncode == 0, second.stderr[-3000:]
        assert len(first.feed("demo")) == 240
        assert second.feed("demo") == []
        # robots.txt + home page + one listing page per category + feeds/sitemaps
        assert second.stats["downloader/request_count"] <= 2 + sections + discovery
        assert second.stats["newscrawl/incremental/listing_stopped"] >= sections - 1

        server.change(n_articles=250)
        third = crawl("site=demo", f"start_url={server.base_url}/", settings=state,
                      workdir=tmp_path / "run3")
        after = truth(server.base_url, articles=250)
    newest = sorted(after.values(), key=lambda item: item["published"])[-10:]
    assert sorted(item["url"] for item in third.feed("demo")) == sorted(
        item["url"] for item in newest)


def test_incremental_off_fetches_everything_again(demo_url, tmp_path, crawl):
    # The same folder (state and store) for both: the second run, not incremental, must
    # write every article again, although the store already has them all.
    first = crawl("site=demo", f"start_url={demo_url}/")
    assert len(first.feed("demo")) == 240
    again = crawl("site=demo", f"start_url={demo_url}/",
                  settings={"NEWSCRAWL_INCREMENTAL": 0})
    assert again.returncode == 0, again.stderr[-3000:]
    assert len(again.feed("demo")) == 240


def test_a_site_crawled_in_generic_mode_then_with_its_definition_is_not_fetched_again(
        demo_url, tmp_path, crawl):
    """A site crawled in generic mode (named after its host), then with a definition: the
    ledger kept its articles under the host's name, so every crawl of the definition
    fetched every article again and dropped it as seen before, at every run."""
    generic = crawl(f"start_url={demo_url}/")
    assert generic.returncode == 0 and generic.stats["newscrawl/store/new"] == 240
    moved = crawl("site=demo", f"start_url={demo_url}/")
    assert moved.returncode == 0, moved.stderr[-3000:]
    again = crawl("site=demo", f"start_url={demo_url}/")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "newscrawl/dedupe/seen_before" not in again.stats
    # robots.txt + home page + one listing page per category + feeds/sitemaps
    assert again.stats["downloader/request_count"] <= (
        2 + demo_sections(demo_url) + demo_discovery_requests(demo_url))
    assert moved.stats["newscrawl/dedupe/other_site"] == 240
    assert "are met by this crawl of 'demo'" in moved.stderr


def test_since_keeps_only_newer_articles(demo_url, crawl, truth, tmp_path):
    articles = truth(demo_url)
    dates = sorted(item["published"][:10] for item in articles.values())
    since = dates[-30]
    result = crawl("site=demo", f"start_url={demo_url}/", f"since={since}",
                   settings={"NEWSCRAWL_STATE_DIR": tmp_path / "state",
                             "NEWSCRAWL_STORE_PATH": tmp_path / "ledger.sqlite3"})
    assert result.returncode == 0, result.stderr[-3000:]
    expected = {url for url, item in articles.items() if item["published"][:10] >= since}
    assert {item["url"] for item in result.feed("demo")} == expected
    # listings stop once a page is wholly older; far fewer pages than a full crawl
    assert result.stats["newscrawl/since/listing_stopped"] >= 1


def _read(path: Path) -> list[dict]:
    """A feed's whole lines: a kill in the middle of a write can cut the last one, whose
    item was not recorded as delivered yet (the next run delivers it)."""
    if not path.exists():
        return []
    lines = path.read_text().split("\n")[:-1]  # what follows the last newline is cut
    return [json.loads(line) for line in lines if line.strip()]


@pytest.mark.parametrize("ledger", ["sqlite", "postgresql"])
def test_resume_after_sigkill_loses_nothing_and_repeats_at_most_one_batch(
        demo_url, tmp_path, truth, ledger, request):
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
           "PYTHONPATH": str(ROOT)}
    store = (request.getfixturevalue("postgres_url") if ledger == "postgresql"
             else str(tmp_path / "ledger.sqlite3"))
    where = "NEWSCRAWL_STORE_URL" if ledger == "postgresql" else "NEWSCRAWL_STORE_PATH"

    def crawl(out: Path) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=demo",
             "-a", f"start_url={demo_url}/", "-O", str(out), "-s", f"{where}={store}",
             "-s", f"JOBDIR={tmp_path / 'job'}", "-s", "CONCURRENT_REQUESTS=4"],
            cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    first = crawl(tmp_path / "first.jsonl")
    deadline = time.monotonic() + 120
    while len(_read(tmp_path / "first.jsonl")) < 60 and time.monotonic() < deadline:
        assert first.poll() is None, "the crawl ended before it could be killed"
        time.sleep(0.02)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    killed_with = len(_read(tmp_path / "first.jsonl"))
    assert 60 <= killed_with < 240

    second = crawl(tmp_path / "second.jsonl")
    assert second.wait(timeout=300) == 0
    first_urls = [item["url"] for item in _read(tmp_path / "first.jsonl")]
    urls = first_urls + [item["url"] for item in _read(tmp_path / "second.jsonl")]
    assert set(urls) == set(truth(demo_url)), "an article was lost"
    # Written twice only if the kill fell between a batch's feed write and its recording
    # (about a millisecond): then it is that batch, the last of the first feed, at most.
    twice = {url for url in urls if urls.count(url) > 1}
    assert twice <= set(first_urls[-100:]), "an article was emitted twice"
    stored = [json.loads(line)["url"] for line in subprocess.run(
        [sys.executable, "-m", "newscrawl", "export", "--store", store, "-o", "-"], env=env,
        check=True, capture_output=True, text=True).stdout.splitlines()]
    assert sorted(stored) == sorted(truth(demo_url)), "not every article once in the ledger"


def test_sitemap_lastmod_change_refetches_exactly_that_article(tmp_path, crawl, truth):
    state = {"NEWSCRAWL_STATE_DIR": tmp_path / "state",
             "NEWSCRAWL_STORE_PATH": tmp_path / "ledger.sqlite3"}
    with DemoServer(n_articles=240) as server:
        first = crawl("site=demo", f"start_url={server.base_url}/", settings=state,
                      workdir=tmp_path / "run1")
        assert len(first.feed("demo")) == 240
        # An old article (far down every listing) is revised: only the sitemap shows it.
        target = sorted(truth(server.base_url).values(),
                        key=lambda item: item["published"])[20]
        server.change(revised={target["url"].rstrip("/").rsplit("/", 1)[-1]})
        second = crawl("site=demo", f"start_url={server.base_url}/", settings=state,
                       workdir=tmp_path / "run2")
    items = second.feed("demo")
    assert [item["url"] for item in items] == [target["url"]]
    assert items[0]["modified"] is not None and items[0]["modified"] > target["published"]
    assert items[0]["body"].endswith("revised with the latest figures after publication.")


def test_pages_given_up_on_are_asked_for_again_by_the_next_run(tmp_path):
    """A site with no feed or sitemap. In the first run the server fails an article deep in
    a section, a section's second page and an article that is later removed; the rerun
    stops each section at its first page (all known), yet gets what failed; the third
    run asks for none of it again."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.cases import site_definition as bad_site
    from bad_input.server import RouteServer

    html = [("Content-Type", "text/html; charset=utf-8")]
    busy = (503, html, b"<html><body>Busy</body></html>")

    def listing(paths: list[str], older: str | None = None) -> tuple:
        links = "".join(f'<li><a href="{path}">{path}</a></li>' for path in paths)
        more = f'<a class="next" href="{older}">Older</a>' if older else ""
        page = f'<html><body><ul class="articles">{links}</ul>{more}</body></html>'
        return 200, html, page.encode()

    def article(name: str) -> tuple:
        return 200, html, article_html(f"asked-again-{name}").encode()

    with RouteServer() as server:
        base = server.base_url
        site = bad_site(base).model_copy(update={"links": bad_site(base).links.model_copy(
            update={"category": "nav a", "pagination": "a.next"})})
        server.routes.update({
            "/": (200, html, b'<html><body><nav><a href="/s/">S</a><a href="/t/">T</a></nav>'
                             b'</body></html>'),
            "/s/": listing(["/news/s1/", "/news/s2/"], "/s/2/"),
            "/s/2/": listing(["/news/deep/", "/news/gone/", "/news/s3/"]),
            "/t/": listing(["/news/t1/"], "/t/2/"),
            "/t/2/": busy,
            **{f"/news/{name}/": article(name) for name in ("s1", "s2", "s3", "t1", "t2")},
            "/news/deep/": busy,
            "/news/gone/": busy,
        })

        def run(workdir: Path) -> tuple[list[str], dict, dict]:
            server.hits.clear()
            result = crawl.run(workdir, [site], "site=badinput", f"start_url={base}/",
                               settings={"SPIDERMON_ENABLED": False, "RETRY_TIMES": 1})
            assert result.returncode == 0, result.stderr[-3000:]
            names = sorted(item["url"].rsplit("/", 2)[1] for item in result.feed("badinput"))
            return names, result.stats, dict(server.hits)

        names, stats, _ = run(tmp_path)
        assert names == ["s1", "s2", "s3", "t1"]
        assert stats["newscrawl/unfetched/recorded"] == 3  # deep, gone, /t/2/

        server.routes.update({"/t/2/": listing(["/news/t2/"]), "/news/deep/": article("deep"),
                              "/news/gone/": (404, html, b"<html><body>Gone</body></html>")})
        names, stats, hits = run(tmp_path)
        assert names == ["deep", "t2"]
        assert stats["newscrawl/unfetched/asked_again"] == 3
        # Both sections stop at their first page: /t/2/ is asked for as itself.
        assert stats["newscrawl/incremental/listing_stopped"] == 2
        assert "/s/2/" not in hits and hits["/t/2/"] == hits["/news/gone/"] == 1

        names, stats, hits = run(tmp_path)
        assert names == [] and "newscrawl/unfetched/asked_again" not in stats
        assert not {"/news/deep/", "/news/gone/", "/t/2/", "/news/t2/"} & set(hits)


@pytest.mark.parametrize("limit", ["max_pages=1", "max_articles=3", "since=2024-05-09"])
def test_a_crawl_limited_by_its_arguments_leaves_the_rest_to_the_next_run(tmp_path, limit):
    """A site with no feed or sitemap, one section of three listing pages. A first run
    limited by an argument delivers the newest articles; the next, unlimited, run must
    walk past them to the older ones (before, it stopped at the first page, all of it
    known, and the older articles were never fetched); the run after that stops there."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.cases import site_definition as bad_site
    from bad_input.server import RouteServer

    html = [("Content-Type", "text/html; charset=utf-8")]
    day = {f"a{n}": f"2024-05-{11 - n:02d}" for n in range(1, 6)}  # a1 newest

    def listing(names: list[str], older: str | None = None) -> tuple:
        entries = "".join(f'<li><a href="/news/{name}/">{name}</a><time datetime="'
                          f'{day[name]}T08:00:00+00:00">{day[name]}</time></li>'
                          for name in names)
        more = f'<a class="next" href="{older}">Older</a>' if older else ""
        return 200, html, f'<html><body><ul class="articles">{entries}</ul>{more}' \
                          f'</body></html>'.encode()

    with RouteServer() as server:
        base = server.base_url
        site = bad_site(base).model_copy(update={"links": bad_site(base).links.model_copy(
            update={"category": "nav a", "pagination": "a.next", "date": ".articles time"
                    "::attr(datetime)"})})
        server.routes.update({
            "/": (200, html, b'<html><body><nav><a href="/s/">S</a></nav></body></html>'),
            "/s/": listing(["a1", "a2"], "/s/2/"),
            "/s/2/": listing(["a3", "a4"], "/s/3/"),
            "/s/3/": listing(["a5"]),
            **{f"/news/{name}/": (200, html, article_html(
                name, published=f"{date}T08:00:00+00:00").encode())
               for name, date in day.items()},
        })

        def run(*args: str) -> tuple[list[str], dict]:
            result = crawl.run(tmp_path, [site], "site=badinput", f"start_url={base}/", *args,
                               settings={"SPIDERMON_ENABLED": False})
            assert result.returncode == 0, result.stderr[-3000:]
            return sorted(item["url"].rsplit("/", 2)[1] for item in result.feed("badinput")), \
                result.stats

        first, _ = run(limit)
        assert first and len(first) < 5
        rest, _ = run()
        assert sorted(first + rest) == sorted(day)
        nothing_new, stats = run()
        assert nothing_new == [] and stats["newscrawl/incremental/listing_stopped"] == 1


def test_an_article_fetched_again_for_a_sitemap_date_is_not_fetched_again_for_it(tmp_path):
    """A sitemap dates an article later than the page does (it shows no modified date, or
    the sitemap counts edits the page does not): the article was fetched again by every
    run, unchanged every time. Now once for each new date, and not for the one it was
    first fetched for."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.cases import site_definition as bad_site
    from bad_input.server import RouteServer
    from pydantic import HttpUrl

    html = [("Content-Type", "text/html; charset=utf-8")]

    def sitemap(lastmods: dict[str, str]) -> tuple:
        entries = "".join(f"<url><loc>{base}/news/{name}/</loc><lastmod>{lastmod}</lastmod>"
                          f"</url>" for name, lastmod in lastmods.items())
        return 200, [("Content-Type", "application/xml")], (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>").encode()

    with RouteServer() as server:
        base = server.base_url
        site = bad_site(base).model_copy(update={"sitemaps": (HttpUrl(f"{base}/sitemap.xml"),)})
        # The pages say published 2024-05-02 and nothing of a change.
        lastmods = {name: "2024-06-01T10:00:00+00:00" for name in ("s1", "s2", "s3")}
        server.routes.update({
            "/": (200, html, b"<html><body>Home</body></html>"),
            "/sitemap.xml": sitemap(lastmods),
            **{f"/news/{name}/": (200, html, article_html(name).encode()) for name in lastmods},
        })

        def run() -> tuple[int, int]:
            server.hits.clear()
            result = crawl.run(tmp_path, [site], "site=badinput", f"start_url={base}/",
                               settings={"SPIDERMON_ENABLED": False})
            assert result.returncode == 0, result.stderr[-3000:]
            fetched = sum(hits for path, hits in server.hits.items() if path.startswith("/news/"))
            return fetched, len(result.feed("badinput"))

        assert run() == (3, 3)
        assert run() == (0, 0)  # the dates they were fetched for: nothing to fetch
        lastmods["s2"] = "2024-06-09T10:00:00+00:00"
        server.routes["/sitemap.xml"] = sitemap(lastmods)
        assert run() == (1, 0)
        assert run() == (0, 0)


@pytest.mark.parametrize("named", ["redirect", "canonical"])
def test_articles_linked_under_another_url_than_their_own_are_not_fetched_again(
        tmp_path, named):
    """Listings link ``/story``, and the page says it is ``/story/`` (a redirect there, or
    its canonical URL). The ledger knew ``/story/`` only: every later run fetched every
    article again and walked every listing page, all of them dropped as seen before."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.server import RouteServer

    html = [("Content-Type", "text/html; charset=utf-8")]
    stories = [f"/2024/05/{n:02d}/story-{n}" for n in range(1, 13)]
    with RouteServer() as server:
        base = server.base_url
        for page in range(3):
            links = "".join(f'<a href="{path}">Story {path}</a>'
                            for path in stories[page * 4:page * 4 + 4])
            more = f'<a rel="next" href="/page/{page + 2}/">Next</a>' if page < 2 else ""
            server.routes["/" if page == 0 else f"/page/{page + 1}/"] = (
                200, html, f"<html><body>{links}{more}</body></html>".encode())
        for path in stories:
            page = (200, html, article_html(path[-7:], canonical=f"{base}{path}/").encode())
            server.routes[path] = ((301, [("Location", f"{base}{path}/")], b"")
                                   if named == "redirect" else page)
            server.routes[path + "/"] = page

        def run() -> tuple[int, int, dict]:
            server.hits.clear()
            result = crawl.run(tmp_path, [], f"start_url={base}/",
                               settings={"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0})
            assert result.returncode == 0, result.stderr[-3000:]
            fetched = sum(hits for path, hits in server.hits.items() if "/story-" in path)
            return fetched, len(result.feed(f"127.0.0.1:{server.port}")), result.stats

        fetched, delivered, _ = run()
        assert delivered == len(stories) and fetched >= len(stories)
        fetched, delivered, stats = run()
    assert (fetched, delivered) == (0, 0)
    assert stats["newscrawl/incremental/listing_stopped"] == 1


def test_a_second_link_to_an_article_met_in_the_same_run_is_not_fetched_again(tmp_path):
    """Two links lead to one story, neither its own URL (an AMP copy, a print version):
    the second page's item is dropped as a repeat of the first, and the link it came from
    was not recorded as another URL of the story, so the next run fetched it again."""
    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.server import RouteServer

    html = [("Content-Type", "text/html; charset=utf-8")]
    links = ["/2024/05/01/senate-passes-the-bill-amp/", "/2024/05/01/senate-passes-bill-print/"]
    with RouteServer() as server:
        base = server.base_url
        page = (200, html, article_html("Senate passes the bill",
                                        canonical=f"{base}/2024/05/01/senate-passes-the-bill/"
                                        ).encode())
        server.routes.update({
            "/": (200, html, "".join(f'<a href="{path}">Story</a>' for path in links).encode()),
            **{path: page for path in links}})

        def run() -> tuple[int, int]:
            server.hits.clear()
            result = crawl.run(tmp_path, [], f"start_url={base}/",
                               settings={"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0})
            assert result.returncode == 0, result.stderr[-3000:]
            return (sum(server.hits.get(path, 0) for path in links),
                    len(result.feed(f"127.0.0.1:{server.port}")))

        assert run() == (2, 1)
        assert run() == (0, 0)


def test_sitemaps_unchanged_since_the_last_finished_crawl_are_not_read_again(tmp_path):
    """A sitemap index lists a sitemap per month, back for years: every run read all of
    them. A re-run now reads those its index dates after the last finished crawl's start,
    and those it gives no date; a run with ``since``, those dated on or after that day."""
    from datetime import UTC, datetime

    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.cases import site_definition as bad_site
    from bad_input.server import RouteServer
    from pydantic import HttpUrl

    xml = [("Content-Type", "application/xml")]
    html = [("Content-Type", "text/html; charset=utf-8")]

    def sitemap(names: list[str]) -> tuple:
        entries = "".join(f"<url><loc>{base}/news/{name}/</loc></url>" for name in names)
        return 200, xml, ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                          f"{entries}</urlset>").encode()

    def index(lastmods: dict[str, str | None]) -> tuple:
        entries = "".join(f"<sitemap><loc>{base}/{name}.xml</loc>"
                          + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "")
                          + "</sitemap>" for name, lastmod in lastmods.items())
        return 200, xml, ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                          f"{entries}</sitemapindex>").encode()

    with RouteServer() as server:
        base = server.base_url
        site = bad_site(base).model_copy(update={"sitemaps": (HttpUrl(f"{base}/index.xml"),)})
        lastmods = {"2024-01": "2024-01-31T10:00:00+00:00", "2024-02": "2024-02-29",
                    "undated": None}
        server.routes.update({
            "/": (200, html, b"<html><body>Home</body></html>"),
            "/index.xml": index(lastmods),
            "/2024-01.xml": sitemap(["a1", "a2"]),
            "/2024-02.xml": sitemap(["b1"]),
            "/undated.xml": sitemap(["c1"]),
            **{f"/news/{name}/": (200, html, article_html(name).encode())
               for name in ("a1", "a2", "b1", "b2", "c1")},
        })

        def run(*args: str, workdir: Path = tmp_path) -> tuple[set[str], list[str]]:
            server.hits.clear()
            result = crawl.run(workdir, [site], "site=badinput", f"start_url={base}/", *args,
                               settings={"SPIDERMON_ENABLED": False})
            assert result.returncode == 0, result.stderr[-3000:]
            read = {path for path in server.hits if path.endswith(".xml")}
            return read, sorted(item["url"].rsplit("/", 2)[1] for item in result.feed("badinput"))

        # A crawl limited by since reads no sitemap last changed before that day.
        assert run("since=2024-02-01", workdir=tmp_path / "since") == (
            {"/index.xml", "/2024-02.xml", "/undated.xml"}, ["b1", "c1"])
        assert run() == ({"/index.xml", "/2024-01.xml", "/2024-02.xml", "/undated.xml"},
                         ["a1", "a2", "b1", "c1"])
        # February gets a story, and its sitemap a date after the first crawl.
        lastmods["2024-02"] = datetime.now(UTC).isoformat()
        server.routes["/index.xml"] = index(lastmods)
        server.routes["/2024-02.xml"] = sitemap(["b1", "b2"])
        assert run() == ({"/index.xml", "/2024-02.xml", "/undated.xml"}, ["b2"])


def test_a_sitemap_that_dates_every_article_alike_is_not_taken_at_its_word(tmp_path):
    """A sitemap plugin that writes the time of the request as every entry's lastmod: each
    run saw every article as changed since it was delivered and fetched them all again."""
    from datetime import UTC, datetime

    from bad_input import crawl
    from bad_input.cases import article_html
    from bad_input.cases import site_definition as bad_site
    from bad_input.server import RouteServer
    from pydantic import HttpUrl

    names = [f"s{n}" for n in range(25)]

    def sitemap() -> tuple:
        # The time each entry was written, as such plugins do.
        entries = "".join(f"<url><loc>{base}/news/{name}/</loc><lastmod>"
                          f"{datetime.now(UTC).isoformat(timespec='microseconds')}</lastmod>"
                          "</url>" for name in names)
        return 200, [("Content-Type", "application/xml")], (
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</urlset>").encode()

    html = [("Content-Type", "text/html; charset=utf-8")]
    with RouteServer() as server:
        base = server.base_url
        site = bad_site(base).model_copy(update={"sitemaps": (HttpUrl(f"{base}/sitemap.xml"),)})
        server.routes.update({
            "/": (200, html, b"<html><body>Home</body></html>"),
            **{f"/news/{name}/": (200, html, article_html(name).encode()) for name in names},
        })

        def run() -> tuple[int, int, dict]:
            server.hits.clear()
            server.routes["/sitemap.xml"] = sitemap()
            result = crawl.run(tmp_path, [site], "site=badinput", f"start_url={base}/",
                               settings={"SPIDERMON_ENABLED": False})
            assert result.returncode == 0, result.stderr[-3000:]
            fetched = sum(hits for path, hits in server.hits.items() if path.startswith("/news/"))
            return fetched, len(result.feed("badinput")), result.stats

        assert run()[:2] == (25, 25)
        fetched, delivered, stats = run()
    assert (fetched, delivered) == (0, 0)
    assert stats["newscrawl/incremental/one_date_for_all"] == 1
