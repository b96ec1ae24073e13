"""Does ``body_confidence`` flag the bodies that are wrong? Measured on the shared sets.

    python benchmarks/confidence.py

For every page of zyte-articles, the article pages of wcxb-dev-articles, fundus-dev and
fundus-intl-dev (in ../shared/bench, loaded with the evaluators' own loaders), the
generic body extractor's text is scored against the reference with body_eval.py's
4-word-shingle F1, beside its confidence. Printed per set: the pages flagged uncertain
(confidence below ``UNCERTAIN``), how many of them are wrong (F1 below 0.5), how many of
the wrong ones are flagged, and the mean F1 of flagged and other pages. The last line is
one JSON object. Without ../shared/bench it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from shared_bench import BENCH, missing

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newscrawl.extract.body import UNCERTAIN, extract_body  # noqa: E402
from newscrawl.extract.page import Page  # noqa: E402

WRONG = 0.5


def pages() -> dict[str, list[tuple[str, str, str]]]:
    """(url, html, reference body) of every page, per set."""
    sys.path.insert(0, str(BENCH))
    import body_eval
    import field_eval

    options = argparse.Namespace(split="dev", page_type="article", limit=None)
    found: dict[str, list[tuple[str, str, str]]] = {}
    for name, load in (("zyte-articles", body_eval.load_zyte),
                       ("wcxb-dev-articles", body_eval.load_wcxb)):
        found[name] = [(page.url, page.html(), page.reference)
                       for page in load(BENCH / name, options)]
    for name in ("fundus-dev", "fundus-intl-dev"):
        found[name] = [(page["gt"].get("url") or "", page["html"], page["gt"].get("body") or "")
                       for page in field_eval.load_pages(BENCH / name)]
    return found


def measure(rows: list[tuple[str, str, str]]) -> dict[str, Any]:
    from body_eval import score_page

    flagged, others = [], []
    for url, html, reference in rows:
        body = extract_body(Page.from_html(html, url))
        f1 = score_page(reference, body.text).f1
        (flagged if body.confidence < UNCERTAIN else others).append(f1)
    wrong = sum(f1 < WRONG for f1 in flagged + others)
    return {
        "pages": len(rows), "flagged": len(flagged),
        "flagged_wrong": sum(f1 < WRONG for f1 in flagged), "wrong": wrong,
        "mean_f1_flagged": round(sum(flagged) / len(flagged), 3) if flagged else None,
        "mean_f1_others": round(sum(others) / len(others), 3) if others else None,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.parse_args()
    if missing("body_eval.py"):
        return 0
    result = {name: measure(rows) for name, rows in pages().items()}
    for name, numbers in result.items():
        print(f"{name:18} {numbers['flagged']:4} of {numbers['pages']:4} flagged, "
              f"{numbers['flagged_wrong']:3} of them wrong; {numbers['flagged_wrong']:3} of "
              f"{numbers['wrong']:3} wrong pages flagged; mean F1 flagged "
              f"{numbers['mean_f1_flagged']}, others {numbers['mean_f1_others']}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
