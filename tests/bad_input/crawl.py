"""``scrapy crawl`` with test-only site definitions registered first.

    python tests/bad_input/crawl.py SITES.json crawl news -a site=NAME ...

SITES.json holds a list of site definitions (``SiteDefinition.model_dump(mode="json")``);
each is added to the registry of this process only, so a test can crawl a site that
``newscrawl/sites/`` does not ship (a broken selector, a hostile test server).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))  # run as a script: conftest's crawl runner

from conftest import CrawlResult, run_crawl  # noqa: E402


def run(workdir: Path, sites: list[Any], *args: str, settings: dict[str, Any] | None = None,
        timeout: float = 180) -> CrawlResult:
    """Crawl ``news`` in a subprocess in ``workdir`` with ``sites`` registered first."""
    workdir.mkdir(parents=True, exist_ok=True)
    sites_file = workdir / "sites.json"
    sites_file.write_text(json.dumps([site.model_dump(mode="json") for site in sites]))
    return run_crawl(workdir, *args, settings=settings, timeout=timeout,
                     program=(sys.executable, __file__, str(sites_file)))


def main(argv: list[str]) -> None:
    from newscrawl.sites import SiteDefinition, all_sites

    for values in json.loads(Path(argv[0]).read_text()):
        site = SiteDefinition.model_validate(values)
        all_sites()[site.name] = site
    from scrapy.cmdline import execute

    execute(["scrapy", *argv[1:]])


if __name__ == "__main__":
    main(sys.argv[1:])
