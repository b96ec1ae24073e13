"""Where a crawl's CPU goes: the demo site crawled under cProfile, time grouped by package.

    python benchmarks/profile_crawl.py [--articles 2000] [--generic] [--out crawl.prof]

The site is rendered and served as in ``throughput.py``; the ``news`` crawl runs in a child
process under cProfile (which inflates Python-heavy code: the shares are a guide, the
ratios of ``throughput.py`` are the measure). Prints each package's own time (``tottime``)
and newscrawl's functions by cumulative time; ``--out`` keeps the profile for pstats.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pstats
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from throughput import ROOT, free_port, render_site, serve


def package(filename: str, function: str) -> str:
    if "/newscrawl/" in filename:
        return "newscrawl/" + filename.split("/newscrawl/")[-1]
    if "site-packages/" in filename:
        return filename.split("site-packages/")[-1].split("/")[0]
    if filename.startswith("~"):  # a builtin: C code called from Python
        return f"builtin {function}"
    return "stdlib " + Path(filename).name


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--generic", action="store_true", help="generic mode, no site definition")
    parser.add_argument("--out", type=Path, help="keep the profile here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
            pool.submit(render_site, args.articles, base, tmpdir / "site").result()
        server = serve(tmpdir / "site", port)
        profile = args.out.resolve() if args.out else tmpdir / "crawl.prof"
        site = [] if args.generic else ["-a", "site=demo"]
        env = {**os.environ, "PYTHONPATH": str(ROOT),
               "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
        try:
            subprocess.run(
                [sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "scrapy", "crawl",
                 "news", *site, "-a", f"start_url={base}/", "-s", "LOG_LEVEL=WARNING",
                 "-s", f"NEWSCRAWL_STATE_DIR={tmpdir / 'state'}",
                 "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"],
                cwd=tmpdir, env=env, check=True, stdout=subprocess.DEVNULL)
        finally:
            server.terminate()
            server.wait()
        stats = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in stats.values())
    own: Counter[str] = Counter()
    for (filename, _, function), row in stats.items():
        own[package(filename, function)] += row[2]
    print(f"{total:.1f} s under the profiler; own time by package:")
    for name, seconds in own.most_common(25):
        print(f"{seconds:7.2f} s {100 * seconds / total:5.1f} %  {name}")
    print("\nnewscrawl functions by cumulative time:")
    ours = sorted(((row[3], row[1], key) for key, row in stats.items()
                   if "/newscrawl/" in key[0]), reverse=True)
    for seconds, calls, (filename, line, function) in ours[:25]:
        where = filename.split("/newscrawl/")[-1]
        print(f"{seconds:7.2f} s {calls:8d} calls  {where}:{line} {function}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
