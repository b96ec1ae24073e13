"""``python -m newscrawl export``: the article store written out as JSON Lines or CSV.

    python -m newscrawl export --site demo --since 2024-12-01 -o demo.csv
    python -m newscrawl export --format jsonl --all-versions > everything.jsonl

Articles are in order of publication, one record per article (its current version), or
every stored version with ``--all-versions``. ``--since``/``--until`` filter on the
published date: a date (``2024-12-01``: the date the site gives, both ends inclusive) or a
moment (``2024-12-01T09:00:00-05:00``; ``until`` exclusive; no offset means UTC).
CSV cells are neutralised against formula injection like the CSV feed's (``csv_cell``);
the JSON Lines records are the items exactly as stored.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from newscrawl.cleaning import in_zone
from newscrawl.exporters import csv_cell
from newscrawl.ledger import DEFAULT_PATH, LedgerError, ledger_location, open_ledger, parse_bound
from newscrawl.schema import FIELDS

FORMATS = ("jsonl", "csv")


def _default_store() -> str:
    """The project's ledger: NEWSCRAWL_STORE_URL, else NEWSCRAWL_STORE_PATH (a settings
    change applies here too)."""
    try:
        from scrapy.utils.project import get_project_settings

        return ledger_location(get_project_settings()) or DEFAULT_PATH
    except Exception:  # outside a project: the default
        return DEFAULT_PATH


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """The ``export`` sub-command, for ``python -m newscrawl``'s parser."""
    parser = subparsers.add_parser(
        "export", help="write the article store out as JSON Lines or CSV",
        description=__doc__.split("\n\n")[0])
    configure_parser(parser)
    return parser


def configure_parser(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", help=f"the ledger: a SQLite file or a postgresql:// URL "
                                        f"(default: NEWSCRAWL_STORE_URL, else "
                                        f"NEWSCRAWL_STORE_PATH, {DEFAULT_PATH})")
    parser.add_argument("--site", action="append",
                        help="only this site (repeat for several)")
    parser.add_argument("--since", help="published on or after this date or moment")
    parser.add_argument("--until", help="published on or before this date, or before this moment")
    parser.add_argument("--format", choices=FORMATS,
                        help="default: from the output file's extension, else jsonl")
    parser.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    parser.add_argument("--all-versions", action="store_true",
                        help="every stored version, not just the current one")


def write_jsonl(items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for item in items:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.writer(out)
    writer.writerow(FIELDS)
    count = 0
    for item in items:
        writer.writerow([csv_cell(item.get(name)) for name in FIELDS])
        count += 1
    return count


@contextmanager
def _opened(output: str, newline: str | None) -> Iterator[IO[str]]:
    if output == "-":
        yield sys.stdout
        return
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline=newline) as out:
        yield out


def run(args: argparse.Namespace) -> int:
    """Run a parsed ``export`` command; the exit status."""
    store = args.store or _default_store()
    if "://" not in store and not Path(store).exists():
        print(f"newscrawl export: no store at {store}", file=sys.stderr)
        return 2
    try:
        since, until = parse_bound(args.since), parse_bound(args.until)
    except ValueError:
        print("newscrawl export: --since/--until take a date (2024-12-01) or an ISO 8601 "
              "moment", file=sys.stderr)
        return 2
    for option, value, bound in (("--since", args.since, since), ("--until", args.until, until)):
        # The store compares moments in UTC: one outside its years 1 to 9999 has no place.
        if isinstance(bound, datetime) and in_zone(bound) is None:
            print(f"newscrawl export: {option} {value} is outside the years 1 to 9999 in UTC",
                  file=sys.stderr)
            return 2
    fmt = args.format or ("csv" if args.output.lower().endswith(".csv") else "jsonl")
    try:
        # Read-only: an export may read a store it may not write, and never disturbs a crawl.
        with open_ledger(store, read_only=True) as ledger:
            items = (item for site in (args.site or [None])
                     for item in ledger.articles(site, since, until, args.all_versions))
            # The csv module writes its own line ends: the file must not translate them.
            with _opened(args.output, "" if fmt == "csv" else None) as out:
                count = (write_csv if fmt == "csv" else write_jsonl)(items, out)
    except LedgerError as exc:
        shown = re.sub(r"//[^/@]*@", "//", store)  # a database URL's password stays out
        print(f"newscrawl export: cannot read the store {shown}: {exc}", file=sys.stderr)
        return 1
    if args.output != "-":
        print(f"wrote {count} articles to {args.output}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl export", description=__doc__)
    configure_parser(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
