"""``python -m newscrawl``: the demo run and the helper commands."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from newscrawl.demo.truth import TRUTH_FIELDS
from newscrawl.export import add_parser as add_export_parser
from newscrawl.export import run as run_export


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _demo_truth(base_url: str, articles: int) -> dict[str, dict[str, Any]]:
    out = subprocess.run(
        [sys.executable, "-m", "newscrawl.demo", "truth", "--articles", str(articles),
         "--base-url", base_url],
        check=True, capture_output=True, text=True,
    ).stdout
    return {record["url"]: record for record in map(json.loads, out.splitlines())}


def summary(items: list[dict[str, Any]], truth: dict[str, dict[str, Any]]) -> str:
    """One screen: articles per category, items having each field, agreement with the truth."""
    lines = [f"{len(items)} articles", "", "articles per category:"]
    for category, count in Counter(item["category"] for item in items).most_common():
        lines.append(f"  {count:5d}  {category}")
    lines += ["", "items with each field:"]
    for name in TRUTH_FIELDS:
        filled = sum(1 for item in items if item.get(name) not in (None, "", []))
        lines.append(f"  {filled:5d}  {name}")
    by_url = {item["url"]: item for item in items}
    equal = sum(
        1 for url, expected in truth.items()
        if url in by_url and all(by_url[url][name] == expected[name] for name in TRUTH_FIELDS)
    )
    extra = len(set(by_url) - set(truth))
    lines += ["", f"demo ground truth: {equal}/{len(truth)} articles with every field equal, "
                  f"{len(truth) - len(set(by_url) & set(truth))} missed, {extra} not in the truth"]
    return "\n".join(lines)


def run_demo(articles: int, output: Path) -> int:
    from newscrawl.demo.server import DemoServer

    # Fresh state and a fresh store of its own: every demo run shows the whole crawl
    # (a second run against the same store would find every article already stored).
    store = output / "demo" / "store.sqlite3"
    store.unlink(missing_ok=True)
    with DemoServer(n_articles=articles) as server, tempfile.TemporaryDirectory() as state:
        started = time.monotonic()
        crawl = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=demo",
             "-a", f"start_url={server.base_url}/", "-s", f"NEWSCRAWL_STATE_DIR={state}",
             "-s", f"NEWSCRAWL_STORE_PATH={store}", "-s", "LOG_LEVEL=WARNING"],
            check=False,
        )
        elapsed = time.monotonic() - started
        truth = _demo_truth(server.base_url, articles)
    items = _read_jsonl(output / "demo" / "articles.jsonl")
    print(summary(items, truth))
    print(f"\ncrawled in {elapsed:.1f} s; feeds: {output / 'demo' / 'articles.jsonl'}, "
          f"{output / 'demo' / 'articles.csv'}; store: {store}")
    return crawl.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("sites", help="list the supported sites (a Markdown table)")
    demo = commands.add_parser("demo", help="serve the demo site, crawl it, print a summary")
    demo.add_argument("--articles", type=int, default=240)
    addsite = commands.add_parser(
        "addsite", help="save a page as a site fixture and draft its expected item")
    addsite.add_argument("source", help="URL or saved HTML file")
    addsite.add_argument("--site", required=True, help="site definition name")
    addsite.add_argument("--url", help="the page's URL, when SOURCE is a file")
    add_export_parser(commands)
    args = parser.parse_args(argv)
    if args.command == "sites":
        from newscrawl.sites import markdown_table

        print(markdown_table())
        return 0
    if args.command == "demo":
        return run_demo(args.articles, Path("output"))
    if args.command == "export":
        return run_export(args)
    from newscrawl.addsite import add_site

    try:
        written = add_site(args.source, args.site, url=args.url)
    except (OSError, ValueError) as exc:
        print(f"newscrawl addsite: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0
