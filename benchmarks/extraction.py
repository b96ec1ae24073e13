"""Body and per-field extraction quality of newscrawl's generic extractor beside its peers.

    python benchmarks/extraction.py [--body-peers LIST] [--field-peers LIST] [--limit N]

Runs ../shared/bench/body_eval.py (181 real article pages) and field_eval.py (40
publishers) on ``benchmarks/adapters.py`` and on the peers that are installed
(``pip install -r benchmarks/requirements.txt`` adds them; the evaluators skip the
missing ones), in one run each so the timings are side by side. Without ../shared/bench
it says so and exits 0.
"""

from __future__ import annotations

import argparse

from shared_bench import evaluate, missing

BODY_PEERS = ("trafilatura,trafilatura-precision,trafilatura-recall,trafilatura-fast,"
              "readability,newspaper4k,goose3,justext")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--body-peers", default=BODY_PEERS, help="body_eval.py peers")
    parser.add_argument("--field-peers", default="all", help="field_eval.py peers")
    parser.add_argument("--limit", type=int, help="body pages (a quick look)")
    args = parser.parse_args()
    if missing("body_eval.py"):
        return 0
    limit = ["--limit", str(args.limit)] if args.limit else []
    codes = [evaluate("body_eval.py", "--extractor", f"adapters:body,{args.body_peers}", *limit),
             evaluate("field_eval.py", "--extractor", f"adapters:fields,{args.field_peers}")]
    return max(codes)


if __name__ == "__main__":
    raise SystemExit(main())
