"""``python -m newscrawl demo``: the quick start's command, repeatable."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_demo_shows_the_whole_crawl_every_time(tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-m", "newscrawl", "demo", "--articles", "40"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        match = re.search(r"demo ground truth: (\d+)/(\d+) articles with every field equal, "
                          r"(\d+) missed, (\d+) not in the truth", proc.stdout)
        assert match, proc.stdout
        equal, total, missed, extra = map(int, match.groups())
        assert (equal, missed, extra) == (total, 0, 0) and total >= 40
    assert (tmp_path / "output" / "demo" / "store.sqlite3").exists()
