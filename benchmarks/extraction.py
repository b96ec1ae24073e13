"""Body and per-field extraction quality of newscrawl's generic extractor beside its peers.

    python benchmarks/extraction.py [--sets LIST] [--body-peers LIST] [--field-peers LIST]
                                    [--limit N]

Runs the shared evaluators of ../shared/bench on ``benchmarks/adapters.py`` and on the
peers that are installed (``pip install -r benchmarks/requirements.txt`` adds them; the
evaluators skip the missing ones), one run per set so the timings are side by side:
body_eval.py on zyte-articles (181 pages) and on the article pages of wcxb-dev-articles
(709 pages, 695 sites nobody tuned for), field_eval.py on fundus-dev (40 English-language
publishers) and fundus-intl-dev (61 publishers, 19 languages). Ends with one table of
every set and extractor, with the pages whose body scores below F1 0.5 (the garbage a
user would see) and the median time per page (body_eval: the body alone; field_eval: a
whole extraction, every field). "body F1" is the 4-shingle F1 of body_eval on every set;
on the field_eval sets "token F1" is field_eval's own body score beside it. Without
../shared/bench it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path
from typing import Any

from shared_bench import evaluate, missing

BODY_PEERS = ("trafilatura,trafilatura-precision,trafilatura-recall,trafilatura-fast,"
              "readability,newspaper4k,goose3,justext")
# Set name: the evaluator and its options for that set.
SETS = {
    "zyte-articles": ("body_eval.py",),
    "wcxb-dev-articles": ("body_eval.py", "--split", "dev", "--page-type", "article"),
    "fundus-dev": ("field_eval.py",),
    "fundus-intl-dev": ("field_eval.py",),
}
LOW_F1 = 0.5


def _score(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def _body_rows(data: dict[str, Any]) -> list[tuple[str, ...]]:
    """body_eval.py's JSON: (extractor, body F1, token F1 (none: "-"), pages below
    LOW_F1, title exact, median ms per page)."""
    return [(result["extractor"], _score(result["metrics"]["f1"]), "-",
             str(sum(page["f1"] < LOW_F1 for page in result["per_page"])), "-",
             _ms(result["time"]["median_ms"]))
            for result in data["results"]]


def _field_rows(data: dict[str, Any]) -> list[tuple[str, ...]]:
    """field_eval.py's JSON: the body is its 4-shingle F1 (body_eval's metric), then its
    token F1 (the body score field_eval prints first, and issue 14's figures for
    fundus-intl-dev); pages below LOW_F1 by its per-page token F1 (the only per-page body
    score it keeps); the median time of a whole extraction, every field (field_eval
    itself prints the mean, which the first page's one-time loading weighs on)."""
    rows = []
    for name, result in data["extractors"].items():
        summary, pages = result["summary"], result["pages"]
        body = summary.get("body_zyte")
        low = sum(page["scores"].get("body_f1") is not None
                  and page["scores"]["body_f1"] < LOW_F1 for page in pages)
        seconds = [page["seconds"] for page in pages if page.get("seconds") is not None]
        rows.append((name, _score(body), _score(summary.get("body_f1")),
                     "-" if body is None else str(low), _score(summary.get("title_exact")),
                     _ms(1000 * statistics.median(seconds) if seconds else None)))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated sets")
    parser.add_argument("--body-peers", default=BODY_PEERS, help="body_eval.py peers")
    parser.add_argument("--field-peers", default="all", help="field_eval.py peers")
    parser.add_argument("--limit", type=int, help="body pages per set (a quick look)")
    args = parser.parse_args()
    if missing("body_eval.py"):
        return 0
    names = [name for name in args.sets.split(",") if name]
    unknown = set(names) - SETS.keys()
    if unknown:
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    codes, table = [], []
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            script, *options = SETS[name]
            out = Path(folder) / f"{name}.json"
            if script == "body_eval.py":
                options += ["--extractor", f"adapters:body,{args.body_peers}"]
                options += ["--limit", str(args.limit)] if args.limit else []
            else:
                options += ["--extractor", f"adapters:fields,{args.field_peers}"]
            codes.append(evaluate(script, "--data", name, *options, "--json", str(out)))
            if out.exists():
                data = json.loads(out.read_text(encoding="utf-8"))
                rows = _body_rows(data) if script == "body_eval.py" else _field_rows(data)
                table += [(name, *row) for row in rows]
    print(f"\n{'set':<18} {'extractor':<24} {'body F1':>8} {'token F1':>8} "
          f"{'< ' + str(LOW_F1):>6} {'title exact':>11} {'median ms':>9}")
    for name, extractor, f1, token_f1, low, title, ms in table:
        print(f"{name:<18} {extractor:<24} {f1:>8} {token_f1:>8} {low:>6} {title:>11} {ms:>9}")
    return max(codes)


if __name__ == "__main__":
    raise SystemExit(main())
