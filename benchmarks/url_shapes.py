"""Generic mode's URL shapes (``newscrawl.spiders.generic_links.classify_url``) on real
pages: how many article URLs they take for articles, and how many of the links of the
same pages' site furniture they take for articles too.

    python benchmarks/url_shapes.py [--sets LIST]

Reads the article pages of the shared benchmark sets in ``../shared/bench``
(zyte-articles, wcxb-dev-articles, fundus-dev, fundus-intl-dev; nothing is copied into
the project), as ``benchmarks/replay.py`` loads them:

- **recall**: the share of the pages' own URLs (every one an article) that the crawl
  fetches as articles (``article``, or ``headline``: a slug whose page must confirm it),
  and the share ``article`` alone (a date or an id: no confirmation asked), per set;
  the rest is counted by the kind given instead; and **confirmed**, the share of all
  pages that come out as articles once fetched: ``article``, or ``headline`` with the
  page's confirmation (``page_confirms_article``: a date, or article metadata);
- **furniture**: the same-host links inside each page's ``<nav>``, ``<header>`` and
  ``<footer>`` (sections, static pages, the odd featured story), once per page, and the
  shares of them fetched as articles and taken for articles by their URL alone: a proxy
  for what a listing page's furniture makes the crawl fetch. Not all of those are
  mistakes: menus and footers link featured stories too.

The last line printed is one JSON object with the figures. Without ../shared/bench it
says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from replay import BENCH, SETS, load_pages

from newscrawl.cleaning import link_url
from newscrawl.extract import extract_response
from newscrawl.extract.page import links_base, page_selector
from newscrawl.spiders.generic_links import (
    ARTICLE,
    HEADLINE,
    classify_url,
    page_confirms_article,
)

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
    confirmed: Counter[str] = Counter()
    for name, url, html in pages:
        response = HtmlResponse(url=url, body=html)
        kind = classify_url(url)
        kinds.setdefault(name, Counter())[kind] += 1
        confirmed[name] += kind == ARTICLE or (kind == HEADLINE and page_confirms_article(
            response, extract_response(response, None) or {}))
        host, base = urlsplit(url).hostname, links_base(response)
        links = {found for href in page_selector(response).css(FURNITURE).getall()
                 if (found := link_url(href, base)) and urlsplit(found).hostname == host}
        furniture.update(map(classify_url, links))
    fetched = (ARTICLE, HEADLINE)
    result: dict[str, Any] = {"recall": {}, "proven": {}, "confirmed": {},
                              "kinds": {name: dict(counts) for name, counts in kinds.items()}}
    print(f"{'set':<20}{'pages':>6}{'recall':>8}{'proven':>8}{'confirmed':>10}  kinds")
    for name, counts in kinds.items():
        total = sum(counts.values())
        result["recall"][name] = round(sum(counts[kind] for kind in fetched) / total, 3)
        result["proven"][name] = round(counts[ARTICLE] / total, 3)
        result["confirmed"][name] = round(confirmed[name] / total, 3)
        print(f"{name:<20}{total:>6}{result['recall'][name]:>8.3f}"
              f"{result['proven'][name]:>8.3f}{result['confirmed'][name]:>10.3f}  "
              f"{dict(counts.most_common())}")
    links = sum(furniture.values())
    result["furniture_links"] = links
    result["furniture_fetched_share"] = round(
        sum(furniture[kind] for kind in fetched) / links, 3) if links else None
    result["furniture_proven_share"] = round(furniture[ARTICLE] / links, 3) if links else None
    print(f"furniture links: {links}, fetched as articles: "
          f"{result['furniture_fetched_share']}, articles by URL alone: "
          f"{result['furniture_proven_share']}; {dict(furniture)}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
