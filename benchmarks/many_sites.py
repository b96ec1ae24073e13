"""Many sites in one crawl: 200 demo sites x 50 articles in one process, beside one big
site and beside one process per site.

    python benchmarks/many_sites.py [--sites 200] [--articles 50] [--big 10000]

Every site is rendered to files (a third each of the finance, block and newspaper themes;
the first crawled with the ``demo`` definition, the others in generic mode) and
served by one static server process listening on one loopback address per site
(127.1.0.1, 127.1.0.2, …; the big site on 127.1.1.1), with a virtual host per address.
Then, in the same run:

- ``big``: one crawl of one site of ``--big`` articles (the yardstick);
- ``one_process``: ``scrapy crawl news -a sites=<list>``, every site in one process;
- ``serial``: one ``scrapy crawl`` per site, one after another;
- ``two_at_a_time``: the same, two processes at a time (our machines have 2 cores).

For each: pages, wall seconds, pages/s, CPU ms per page, peak RSS (MB; the largest
process for the per-site runs) and, for the one-process run, the slowest site's share
of the run's wall time (fairness: a site that waited behind others shows up here). The
last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from throughput import ROOT, render_site

THEMES = ("finance", "block", "newspaper")
BIG_HOST = "127.1.1.1"


def site_hosts(count: int) -> list[str]:
    return [f"127.1.{number // 250}.{number % 250 + 1}" for number in range(count)]


def serve_forever(config: Path) -> None:
    """The static server: one virtual host per loopback address, all on one port."""
    from twisted.internet import reactor
    from twisted.web import server, static, vhost
    from twisted.web.pages import notFound

    sites = json.loads(config.read_text())
    root = vhost.NameVirtualHost()
    root.default = notFound()
    for host, folder in sites.items():
        root.addHost(host.encode(), static.File(folder))
    factory = server.Site(root)
    first = reactor.listenTCP(0, factory, interface=next(iter(sites)))
    port = first.getHost().port
    for host in list(sites)[1:]:
        reactor.listenTCP(port, factory, interface=host)
    print(port, flush=True)
    reactor.run()


def start_server(sites: dict[str, str], workdir: Path) -> tuple[subprocess.Popen, int]:
    config = workdir / "vhosts.json"
    config.write_text(json.dumps(sites))
    proc = subprocess.Popen([sys.executable, __file__, "--serve", str(config)],
                            stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line.strip().isdigit():
        proc.kill()
        raise SystemExit("the static server did not start")
    return proc, int(line)


def entry(host: str, port: int, definition: bool) -> tuple[str, list[str]]:
    """The site-list line and the spider arguments that crawl one site."""
    url = f"http://{host}:{port}/"
    if definition:
        return f"demo {url}", ["-a", "site=demo", "-a", f"start_url={url}"]
    return url, ["-a", f"start_url={url}"]


def crawl(args: list[str], workdir: Path) -> dict[str, float]:
    """One ``scrapy crawl news`` in a child process: wall and CPU seconds, peak RSS."""
    workdir.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "scrapy", "crawl", "news", *args,
               "-s", "LOG_LEVEL=WARNING", "-s", f"NEWSCRAWL_STATE_DIR={workdir / 'state'}",
               "-s", "NEWSCRAWL_STATS_FILE=stats/%(site)s.json"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    started = time.monotonic()
    with (workdir / "stderr.log").open("w") as stderr:
        proc = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.DEVNULL,
                                stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        tail = (workdir / "stderr.log").read_text()[-2000:]
        raise SystemExit(f"crawl failed ({status}): {' '.join(command)}\n{tail}")
    stats = [json.loads(path.read_text()) for path in (workdir / "stats").glob("*.json")]
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "rss": usage.ru_maxrss / 1024,
            "pages": sum(s.get("response_received_count", 0) for s in stats),
            "items": sum(s.get("item_scraped_count", 0) for s in stats),
            "slowest_site": max(_seconds(s) for s in stats)}


def _seconds(stats: dict) -> float:
    return (datetime.fromisoformat(stats["finish_time"])
            - datetime.fromisoformat(stats["start_time"])).total_seconds()


def separate(runs: list[list[str]], workdir: Path, at_once: int) -> dict[str, float]:
    """One process per site, ``at_once`` at a time."""
    started = time.monotonic()
    with ThreadPoolExecutor(at_once) as pool:
        results = list(pool.map(lambda pair: crawl(pair[1], workdir / str(pair[0])),
                                enumerate(runs)))
    return {"wall": time.monotonic() - started, "cpu": sum(r["cpu"] for r in results),
            "rss": max(r["rss"] for r in results),
            "pages": sum(r["pages"] for r in results), "items": sum(r["items"] for r in results),
            "slowest_site": max(r["wall"] for r in results)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--articles", type=int, default=50)
    parser.add_argument("--big", type=int, default=10000, help="articles of the big site")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve_forever(args.serve)
        return 0
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        hosts = site_hosts(args.sites)
        folders = {host: tmpdir / "sites" / host for host in [*hosts, BIG_HOST]}
        server, port = start_server({host: str(folder) for host, folder in folders.items()},
                                    tmpdir)
        try:
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(2, mp_context=spawn) as pool:
                jobs = [pool.submit(render_site, args.articles, f"http://{host}:{port}",
                                    folders[host], THEMES[number % 3])
                        for number, host in enumerate(hosts)]
                jobs.append(pool.submit(render_site, args.big, f"http://{BIG_HOST}:{port}",
                                        folders[BIG_HOST]))
                for job in jobs:
                    job.result()
            lines, runs = zip(*(entry(host, port, definition=number == 0)
                                for number, host in enumerate(hosts)), strict=True)
            (tmpdir / "sites.txt").write_text("\n".join(lines) + "\n")
            results = {}
            _, big_args = entry(BIG_HOST, port, definition=True)
            results["big"] = crawl(big_args, tmpdir / "big")
            print(f"  big            {results['big']['wall']:7.1f} s", file=sys.stderr)
            results["one_process"] = crawl(["-a", f"sites={tmpdir / 'sites.txt'}"],
                                           tmpdir / "one_process")
            print(f"  one_process    {results['one_process']['wall']:7.1f} s", file=sys.stderr)
            results["serial"] = separate(list(runs), tmpdir / "serial", 1)
            print(f"  serial         {results['serial']['wall']:7.1f} s", file=sys.stderr)
            results["two_at_a_time"] = separate(list(runs), tmpdir / "two", 2)
            print(f"  two_at_a_time  {results['two_at_a_time']['wall']:7.1f} s",
                  file=sys.stderr)
        finally:
            server.terminate()
            server.wait()
    print(f"{args.sites} sites × {args.articles} articles; big site {args.big} articles")
    print(f"{'crawl':14s} {'pages':>7} {'items':>7} {'wall s':>8} {'pages/s':>8} "
          f"{'CPU ms/page':>12} {'peak RSS MB':>12} {'slowest site':>13}")
    figures: dict[str, object] = {"sites": args.sites, "articles": args.articles,
                                  "big_articles": args.big}
    for kind, r in results.items():
        pages_per_s = r["pages"] / r["wall"]
        share = r["slowest_site"] / r["wall"]
        print(f"{kind:14s} {r['pages']:7.0f} {r['items']:7.0f} {r['wall']:8.1f} "
              f"{pages_per_s:8.1f} {1000 * r['cpu'] / r['pages']:12.2f} {r['rss']:12.1f} "
              f"{share:12.0%}")
        figures[kind] = {"pages": r["pages"], "items": r["items"], "wall_s": round(r["wall"], 1),
                         "pages_per_s": round(pages_per_s, 1),
                         "cpu_ms_per_page": round(1000 * r["cpu"] / r["pages"], 2),
                         "peak_rss_mb": round(r["rss"], 1), "slowest_site_share": round(share, 3)}
    big_rate = figures["big"]["pages_per_s"]
    figures["one_process_vs_big"] = round(figures["one_process"]["pages_per_s"] / big_rate, 3)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
