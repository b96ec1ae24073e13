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
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="regex on publisher names: a subset")
    parser.add_argument("--peers", default="all", help="field_eval.py peers ('' for none)")
    parser.add_argument("--json", type=Path, help="write every score to this JSON file")
    args = parser.parse_args()
    if not (BENCH / "field_eval.py").exists():
        print(f"no shared benchmark at {BENCH}: nothing to measure")
        return 0
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "benchmarks")])}
    extractors = ",".join(filter(None, ["adapters:site_fields", "adapters:fields", args.peers]))
    command = [sys.executable, "field_eval.py", "--extractor", extractors]
    if args.only:
        command += ["--only", args.only]
    if args.json:
        command += ["--json", str(args.json.resolve())]
    return subprocess.run(command, cwd=BENCH, env=env, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
