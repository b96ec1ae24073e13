"""Site definitions on the real pages of ../shared/bench/fundus-dev, per field and publisher.

    python benchmarks/sites.py [--only REGEX] [--peers LIST] [--json OUT]

Runs ../shared/bench/field_eval.py with three kinds of extractor side by side:
``adapters:site_fields`` (each page's site definition, matched by host, with the
generic fallback and the clean pipeline: what a crawl emits), ``adapters:fields``
(the generic extractor alone) and the installed peers. Without ../shared/bench it
says so and exits 0.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from shared_bench import evaluate, missing


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="regex on publisher names: a subset")
    parser.add_argument("--peers", default="all", help="field_eval.py peers ('' for none)")
    parser.add_argument("--json", type=Path, help="write every score to this JSON file")
    args = parser.parse_args()
    if missing("field_eval.py"):
        return 0
    extractors = ",".join(filter(None, ["adapters:site_fields", "adapters:fields", args.peers]))
    options = ["--extractor", extractors]
    if args.only:
        options += ["--only", args.only]
    if args.json:
        options += ["--json", str(args.json.resolve())]
    return evaluate("field_eval.py", *options)


if __name__ == "__main__":
    raise SystemExit(main())
