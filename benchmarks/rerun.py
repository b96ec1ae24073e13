"""What an incremental re-run costs, for demo sites of growing size.

    python benchmarks/rerun.py [--sizes 240,2400,24000]

For each size N: a first crawl (everything), a second with nothing new, and a third
after the site grew by 10 articles. Requests and items of each run are printed; the
last line is one JSON object. A re-run's cost should follow the number of sections
and new articles, not N.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.demo.server import DemoServer  # noqa: E402


def crawl(base_url: str, state: Path, workdir: Path) -> dict[str, int]:
    workdir.mkdir(parents=True)
    stats_file = workdir / "stats.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=demo",
         "-a", f"start_url={base_url}/", "-s", f"NEWSCRAWL_STATE_DIR={state}",
         "-s", f"NEWSCRAWL_STATS_FILE={stats_file}", "-s", "LOG_LEVEL=WARNING"],
        cwd=workdir, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stats = json.loads(stats_file.read_text())
    return {"requests": stats.get("downloader/request_count", 0),
            "items": stats.get("item_scraped_count", 0)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure(n_articles: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        state, port = Path(tmp) / "state", free_port()
        with DemoServer(n_articles, port=port) as server:
            first = crawl(server.base_url, state, Path(tmp) / "first")
            again = crawl(server.base_url, state, Path(tmp) / "again")
        with DemoServer(n_articles + 10, port=port) as server:
            grown = crawl(server.base_url, state, Path(tmp) / "grown")
    return {"articles": n_articles, "first": first, "nothing_new": again, "ten_new": grown}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="240,2400,24000")
    args = parser.parse_args()
    rows = [measure(int(size)) for size in args.sizes.split(",")]
    print(f"{'articles':>9} | {'first run':>17} | {'nothing new':>17} | {'10 new':>17}")
    print(f"{'':>9} | {'requests':>8} {'items':>8} | {'requests':>8} {'items':>8} | "
          f"{'requests':>8} {'items':>8}")
    for row in rows:
        cells = " | ".join(f"{row[run]['requests']:>8} {row[run]['items']:>8}"
                           for run in ("first", "nothing_new", "ten_new"))
        print(f"{row['articles']:>9} | {cells}")
    print(json.dumps(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
