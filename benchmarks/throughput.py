"""Throughput and memory of newscrawl against bare Scrapy, on the demo site.

    python benchmarks/throughput.py [--articles 5000] [--repeat 3] [--postgres] [--parts]
    python benchmarks/throughput.py --scale 1000,5000,20000

The demo site is rendered to files and served by a separate process (a static file
server), whose own ceiling is measured with wrk when wrk is installed. Then, in the same
run and alternating so that machine noise hits each alike, it crawls with (a) a bare
Scrapy spider following the same links and yielding URL and title, (b) ``news`` with the
demo site definition, (c) ``news`` in generic mode, and (d) the bare spider again with the
Scrapy settings newscrawl changes for speed (``ENGINE_SETTINGS``): (a) is Scrapy as
shipped, (d) shows how much of the gap is newscrawl's own work. With ``--postgres``, (e)
is (b) with its ledger in PostgreSQL (a throwaway server on 127.0.0.1 started by the
tests' ``tests/postgres_server.py``, a fresh database per round) instead of SQLite. With
``--parts``, (b) is also run less one part of its per-article work at a time (``PARTS``:
every item pipeline; the store pipeline; the feeds, report and monitors), each one's
ratio to (d) showing what is left once that part is gone. The last line printed is one
JSON object with the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl import settings  # noqa: E402
from newscrawl.demo.server import DemoSiteApp  # noqa: E402

# Scrapy settings of newscrawl's that make any spider faster (see newscrawl/settings.py).
ENGINE_SETTINGS = ("CONCURRENT_ITEMS", "WARN_ON_GENERATOR_RETURN_VALUE")
KINDS = ("bare", "site", "generic", "bare_tuned")


def _without(setting: str, *paths: str) -> list[str]:
    """``-s`` arguments for newscrawl's ``setting`` (a components dict) less ``paths``."""
    components = {path: order for path, order in getattr(settings, setting).items()
                  if path not in paths}
    return ["-s", f"{setting}={json.dumps(components)}"]


# With --parts: the site crawl less one part of newscrawl's per-article work, to show
# what each part costs beside bare Scrapy (what is left once it is gone).
PARTS = {
    "site_no_pipelines": ["-s", "ITEM_PIPELINES={}"],
    "site_no_store": _without("ITEM_PIPELINES", "newscrawl.pipelines.store.StorePipeline"),
    "site_no_feeds_report": _without(
        "EXTENSIONS", "newscrawl.extensions.feeds.ArticleFeedExporter",
        "newscrawl.extensions.report.SiteHealthReport",
        "spidermon.contrib.scrapy.extensions.Spidermon"),
}


def render_site(n_articles: int, base_url: str, folder: Path, theme: str = "finance") -> int:
    """Every page of the demo site as a file: ``/a/b/`` → ``a/b/index.html``."""
    app = DemoSiteApp(n_articles, base_url, frozenset(), theme=theme)
    queue, seen = ["/", "/robots.txt", "/sitemap.xml", "/post-sitemap.xml", "/feed/"], set()
    link = re.compile(r'href="(?:' + re.escape(base_url) + r')?(/[^"#?]*)"')
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        status, ctype, body = app.handle(path)
        if status == 500:  # the demo's answer-500-once page: its second answer is the page
            status, ctype, body = app.handle(path)
        if status != 200 or not ctype.startswith(("text/html", "application/xml", "text/plain")):
            continue
        target = folder / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        if ctype.startswith("text/html"):
            queue.extend(p for p in link.findall(body.decode()) if p not in seen
                         and not p.startswith("/wp-content/"))
    return len(seen)


def serve(folder: Path, port: int) -> subprocess.Popen:
    """Twisted's static file server in its own process (thousands of requests/s here)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "twisted", "web", "--path", str(folder),
         "--listen", f"tcp:{port}:interface=127.0.0.1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the static server did not start")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_ceiling(url: str) -> float | None:
    """Requests per second wrk gets from the server for one article page (None without wrk)."""
    if not shutil.which("wrk"):
        return None
    out = subprocess.run(["wrk", "-t1", "-c8", "-d3s", url], capture_output=True, text=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else None


def run(command: list[str], workdir: Path, stats_file: Path) -> dict[str, float]:
    """One crawl in a child process: pages/s, CPU seconds per page, peak RSS (MB)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    log = workdir / "stderr.log"
    with log.open("w") as stderr:
        proc = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.DEVNULL,
                                stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    if status != 0:
        detail = log.read_text()[-2000:]
        raise SystemExit(f"crawl failed ({status}): {' '.join(command)}\n{detail}")
    stats = json.loads(stats_file.read_text())
    pages = stats.get("response_received_count", 0)
    elapsed = float(stats.get("elapsed_time_seconds") or wall)
    return {
        "pages": pages,
        "items": stats.get("item_scraped_count", 0),
        "pages_per_s": pages / elapsed,
        "cpu_s_per_page": (usage.ru_utime + usage.ru_stime) / max(pages, 1),
        "peak_rss_mb": usage.ru_maxrss / 1024,
    }


def crawl_commands(kind: str, base: str, workdir: Path, stats: Path,
                   store_url: str = "") -> list[str]:
    common = ["-s", "LOG_LEVEL=WARNING", "-s", "CONCURRENT_REQUESTS=16",
              "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
    if kind.startswith("bare"):
        spider = str(ROOT / "benchmarks" / "bare_spider.py")
        tuned = [arg for name in ENGINE_SETTINGS
                 for arg in ("-s", f"{name}={getattr(settings, name)}")]
        return [sys.executable, "-m", "scrapy", "runspider", spider,
                "-a", f"start_url={base}/", "-a", f"stats_file={stats}", "-O", "bare.jsonl",
                *common, *(tuned if kind == "bare_tuned" else [])]
    state = workdir / f"state-{time.monotonic_ns()}"
    args = ["-a", "site=demo"] if kind.startswith("site") else []
    args += PARTS.get(kind, [])
    if store_url:
        args += ["-s", f"NEWSCRAWL_STORE_URL={store_url}"]
    return [sys.executable, "-m", "scrapy", "crawl", "news", *args, "-a", f"start_url={base}/",
            "-s", f"NEWSCRAWL_STATE_DIR={state}", "-s", f"NEWSCRAWL_STATS_FILE={stats}", *common]


def measure(n_articles: int, repeat: int, kinds: tuple[str, ...],
            postgres: Any = None) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        # In a process of its own: a crawl started from this one would inherit its peak
        # RSS (Linux keeps ru_maxrss across fork and exec), and rendering 20,000 articles
        # peaks higher than a crawl of them.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            pages = pool.submit(render_site, n_articles, base, tmpdir / "site").result()
        server = serve(tmpdir / "site", port)
        try:
            sample = next((tmpdir / "site").glob("20*/*/*/*/index.html"))
            ceiling = server_ceiling(base + "/" + str(sample.parent.relative_to(tmpdir / "site"))
                                     + "/")
            results: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
            for round_no in range(repeat):
                for kind in kinds:
                    workdir = tmpdir / f"{kind}-{round_no}"
                    workdir.mkdir()
                    # SCRAPY_SETTINGS_MODULE only for news: bare Scrapy runs with defaults.
                    stats = workdir / "stats.json"
                    store_url = (postgres.create_database(f"bench_{round_no}")
                                 if kind == "site_postgres" else "")
                    command = crawl_commands(kind, base, workdir, stats, store_url)
                    if not kind.startswith("bare"):
                        os.environ["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
                    else:
                        os.environ.pop("SCRAPY_SETTINGS_MODULE", None)
                    results[kind].append(run(command, workdir, stats))
                    print(f"  round {round_no + 1} {kind:8s} "
                          f"{results[kind][-1]['pages_per_s']:7.1f} pages/s", file=sys.stderr)
        finally:
            server.terminate()
            server.wait()
    summary = {kind: {key: statistics.median(r[key] for r in runs) for key in runs[0]}
               for kind, runs in results.items()}
    return {"articles": n_articles, "site_pages": pages, "server_ceiling": ceiling, **summary}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)  # a median of three: noise
    parser.add_argument("--scale", help="comma-separated article counts: site crawl only")
    parser.add_argument("--postgres", action="store_true",
                        help="also the site crawl with a PostgreSQL ledger")
    parser.add_argument("--parts", action="store_true",
                        help="also the site crawl less its pipelines, its store, its feeds "
                             "and report: what each part costs")
    args = parser.parse_args()
    # SIGTERM unwinds like Ctrl-C, so the static server is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    if args.scale:
        rows = [measure(int(n), 1, ("site",)) for n in args.scale.split(",")]
        print(f"{'articles':>9} {'pages':>7} {'seconds':>8} {'pages/s':>8} {'peak RSS MB':>12}")
        for row in rows:
            site = row["site"]
            seconds = site["pages"] / site["pages_per_s"]
            print(f"{row['articles']:>9} {site['pages']:>7.0f} {seconds:>8.1f}"
                  f" {site['pages_per_s']:>8.1f} {site['peak_rss_mb']:>12.1f}")
        print(json.dumps({"scale": [{"articles": r["articles"], **r["site"]} for r in rows]}))
        return 0
    kinds = (*KINDS, *PARTS) if args.parts else KINDS
    with contextlib.ExitStack() as stack:
        postgres = None
        if args.postgres:
            sys.path.insert(0, str(ROOT / "tests"))
            from postgres_server import PostgresServer

            postgres = stack.enter_context(PostgresServer())
            kinds = (*kinds, "site_postgres")
        result = measure(args.articles, args.repeat, kinds, postgres)
    print(f"{args.articles} articles, {result['site_pages']} pages; server ceiling "
          f"{result['server_ceiling'] or 'n/a (no wrk)'} requests/s")
    print(f"{'crawl':20s} {'pages/s':>8} {'CPU ms/page':>12} {'peak RSS MB':>12} {'items':>6}")
    for kind in kinds:
        r = result[kind]
        print(f"{kind:20s} {r['pages_per_s']:8.1f} {1000 * r['cpu_s_per_page']:12.2f} "
              f"{r['peak_rss_mb']:12.1f} {r['items']:6.0f}")
    bare = result["bare"]["pages_per_s"]
    figures = {
        "articles": args.articles,
        **{f"{kind}_pages_per_s": round(result[kind]["pages_per_s"], 1) for kind in kinds},
        "site_ratio": round(result["site"]["pages_per_s"] / bare, 3),
        "generic_ratio": round(result["generic"]["pages_per_s"] / bare, 3),
        "site_ratio_vs_bare_tuned": round(
            result["site"]["pages_per_s"] / result["bare_tuned"]["pages_per_s"], 3),
        **{f"{kind}_cpu_ms_per_page": round(1000 * result[kind]["cpu_s_per_page"], 2)
           for kind in kinds},
        **{f"{kind}_ratio_vs_bare_tuned": round(
            result[kind]["pages_per_s"] / result["bare_tuned"]["pages_per_s"], 3)
           for kind in kinds if kind in PARTS},
        "peak_rss_mb": round(max(result[k]["peak_rss_mb"] for k in ("bare", "site", "generic")), 1),
        "server_ceiling_pages_per_s": result["server_ceiling"],
    }
    if postgres is not None:
        site, on_postgres = result["site"], result["site_postgres"]
        figures["postgres_ratio_vs_sqlite"] = round(
            on_postgres["pages_per_s"] / site["pages_per_s"], 3)
        # Wall time the PostgreSQL ledger adds per delivered article.
        figures["postgres_ms_per_article"] = round(1000 * (
            on_postgres["pages"] / on_postgres["pages_per_s"]
            - site["pages"] / site["pages_per_s"]) / max(site["items"], 1), 3)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
