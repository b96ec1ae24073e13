"""A WordPress site read from its REST API vs walked as HTML: requests and time.

    python benchmarks/wordpress.py [--posts 300] [--theme twentytwentyone]

Starts a real WordPress (the test suite's harness, tests/wordpress/wp_server.py: Debian's
wordpress package, MariaDB, php-fpm and nginx, on a loopback address) with ``--posts``
posts and crawls it in generic mode, once with ``NEWSCRAWL_WORDPRESS_API`` on and once
off, in the same run: a first crawl, an unchanged re-run, and a re-run after 5 new posts.
Each crawl's requests, items and wall time are printed; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from wordpress.wp_server import WordPressServer, missing_parts  # noqa: E402


def crawl(base_url: str, state: Path, workdir: Path, api: bool) -> dict[str, float]:
    workdir.mkdir(parents=True)
    stats_file = workdir / "stats.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"start_url={base_url}/",
         "-s", f"NEWSCRAWL_WORDPRESS_API={api}", "-s", f"NEWSCRAWL_STATE_DIR={state}",
         "-s", f"NEWSCRAWL_STATS_FILE={stats_file}", "-s", "LOG_LEVEL=WARNING"],
        cwd=workdir, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    stats = json.loads(stats_file.read_text())
    return {"requests": stats.get("downloader/request_count", 0),
            "items": stats.get("item_scraped_count", 0), "seconds": round(seconds, 1)}


def measure(posts: int, theme: str) -> dict[str, object]:
    result: dict[str, object] = {"posts": posts, "theme": theme}
    with tempfile.TemporaryDirectory() as tmp, WordPressServer(posts, theme=theme) as server:
        runs = {mode: Path(tmp) / mode for mode in ("api", "html")}
        for mode, folder in runs.items():
            result[mode] = {"first": crawl(server.base_url, folder / "state",
                                           folder / "first", mode == "api")}
        for mode, folder in runs.items():
            result[mode]["unchanged"] = crawl(server.base_url, folder / "state",
                                              folder / "unchanged", mode == "api")
        server.add_posts(5)
        for mode, folder in runs.items():
            result[mode]["five_new"] = crawl(server.base_url, folder / "state",
                                             folder / "five_new", mode == "api")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--theme", default="twentytwentyone")
    args = parser.parse_args()
    if reason := missing_parts(args.theme):
        print(f"benchmarks/wordpress.py: not run: {reason}")
        return 2
    result = measure(args.posts, args.theme)
    for mode in ("api", "html"):
        for name, run in result[mode].items():
            print(f"{mode:4} {name:9} {run['requests']:5} requests {run['items']:5} items "
                  f"{run['seconds']:6.1f} s")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
