"""Body and per-field extraction quality of newscrawl beside its peers.

    python benchmarks/extraction.py [--peers trafilatura,readability] [--limit N]

Runs ../shared/bench/body_eval.py (181 real article pages) and field_eval.py (40
publishers) on newscrawl's generic extractor and the peers that are installed
(`pip install -r benchmarks/requirements.txt` adds them). Without ../shared it says
so and exits 0.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peers", default="trafilatura,readability,newspaper4k,justext",
                        help="body peers beside newscrawl")
    parser.add_argument("--field-peers", default="all", help="per-field peers")
    parser.add_argument("--limit", type=int, help="pages per benchmark (a quick look)")
    args = parser.parse_args()
    if not (BENCH / "body_eval.py").exists():
        print(f"no benchmark data at {BENCH}: nothing to measure")
        return 0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "benchmarks")])}
    limit = ["--limit", str(args.limit)] if args.limit else []
    body = subprocess.run(
        [sys.executable, "body_eval.py", "--extractor", f"adapters:body,{args.peers}", *limit],
        cwd=BENCH, env=env, check=False)
    fields = subprocess.run(
        [sys.executable, "field_eval.py", "--extractor",
         f"adapters:fields_generic,adapters:fields_auto,{args.field_peers}"],
        cwd=BENCH, env=env, check=False)
    return body.returncode or fields.returncode


if __name__ == "__main__":
    raise SystemExit(main())
