"""``scrapy crawl`` with test-only site definitions registered first.

    python tests/bad_input/crawl.py SITES.json crawl news -a site=NAME ...

SITES.json holds a list of site definitions (``SiteDefinition.model_dump(mode="json")``);
each is added to the registry of this process only, so a test can crawl a site that
``newscrawl/sites/`` does not ship (a broken selector, a hostile test server).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def run(workdir: Path, sites: list[Any], *args: str, settings: dict[str, Any] | None = None,
        timeout: float = 180) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """Crawl ``news`` in a subprocess in ``workdir``; the process and its final stats."""
    workdir.mkdir(parents=True, exist_ok=True)
    sites_file = workdir / "sites.json"
    sites_file.write_text(json.dumps([site.model_dump(mode="json") for site in sites]))
    stats_path = workdir / "stats.json"
    command = [sys.executable, __file__, str(sites_file), "crawl", "news",
               "-s", f"NEWSCRAWL_STATS_FILE={stats_path}"]
    for name, value in (settings or {}).items():
        command += ["-s", f"{name}={value}"]
    for arg in args:
        command += ["-a", arg]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(command, cwd=workdir, env=env, capture_output=True, text=True,
                          timeout=timeout)
    stats = json.loads(stats_path.read_text()) if stats_path.exists() else {}
    return proc, stats


def main(argv: list[str]) -> None:
    from newscrawl.sites import SiteDefinition, all_sites

    for values in json.loads(Path(argv[0]).read_text()):
        site = SiteDefinition.model_validate(values)
        all_sites()[site.name] = site
    from scrapy.cmdline import execute

    execute(["scrapy", *argv[1:]])


if __name__ == "__main__":
    main(sys.argv[1:])
