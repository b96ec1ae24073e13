"""Running the shared evaluators of ``../shared/bench`` on ``benchmarks/adapters.py``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"


def missing(script: str) -> bool:
    """Whether the evaluator is absent (said once, so a run without it exits cleanly)."""
    if (BENCH / script).exists():
        return False
    print(f"no shared benchmark at {BENCH}: nothing to measure")
    return True


def evaluate(script: str, *args: str) -> int:
    """One evaluator run in ``../shared/bench``, with newscrawl and the adapters importable."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "benchmarks")])}
    return subprocess.run([sys.executable, script, *args], cwd=BENCH, env=env,
                          check=False).returncode
