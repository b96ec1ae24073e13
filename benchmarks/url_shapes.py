"""Generic mode's URL shapes (``newscrawl.spiders.generic_links.classify_url``) on real
pages: how many article URLs they take for articles, and how many of the links of the
same pages' site furniture they take for articles too.

    python benchmarks/url_shapes.py [--sets LIST]

Reads the article pages of the shared benchmark sets in ``../shared/bench``
(zyte-articles, wcxb-dev-articles, fundus-dev, fundus-intl-dev; nothing is copied into
the project), as ``benchmarks/replay.py`` loads them:

- **recall**: the share of the pages' own URLs (every one an article) classified
  ``article``, per set; the rest is counted by the kind given instead;
- **furniture**: the same-host links inside each page's ``<nav>``, ``<header>`` and
  ``<footer>`` (sections, static pages, the odd featured story), once per page, and the
  share of them classified ``article``: a proxy for what a listing page's furniture would
  make the crawl fetch as articles. Not all of those are mistakes: menus and footers link
  featured stories too.

The last line printed is one JSON object with the figures. Without ../shared/bench it
says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from replay import BENCH, SETS, load_pages

from newscrawl.cleaning import link_url
from newscrawl.extract.page import links_base, page_selector
from newscrawl.spiders.generic_links import ARTICLE, classify_url

FURNITURE = "nav a::attr(href), header a::attr(href), footer a::attr(href)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(SETS))
    args = parser.parse_args()
    if not BENCH.exists():
        print(f"no shared benchmark at {BENCH}: nothing to measure")
        return 0
    pages = load_pages(args.sets.split(","))
    kinds: dict[str, Counter[str]] = {}
    furniture: Counter[str] = Counter()
    for name, url, html in pages:
        kinds.setdefault(name, Counter())[classify_url(url)] += 1
        response = HtmlResponse(url=url, body=html)
        host, base = urlsplit(url).hostname, links_base(response)
        links = {found for href in page_selector(response).css(FURNITURE).getall()
                 if (found := link_url(href, base)) and urlsplit(found).hostname == host}
        furniture.update(map(classify_url, links))
    result = {"recall": {}, "kinds": {name: dict(counts) for name, counts in kinds.items()}}
    print(f"{'set':<20}{'pages':>6}{'recall':>8}  other kinds")
    for name, counts in kinds.items():
        total = sum(counts.values())
        result["recall"][name] = round(counts[ARTICLE] / total, 3)
        rest = ", ".join(f"{kind} {n}" for kind, n in counts.most_common() if kind != ARTICLE)
        print(f"{name:<20}{total:>6}{result['recall'][name]:>8.3f}  {rest}")
    links = sum(furniture.values())
    result["furniture_links"] = links
    result["furniture_article_share"] = round(furniture[ARTICLE] / links, 3) if links else None
    print(f"furniture links: {links}, taken for articles: {furniture[ARTICLE]} "
          f"({result['furniture_article_share']}); {dict(furniture)}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
