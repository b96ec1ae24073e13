"""Replay speed (issue 18): newscrawl's WARC replay beside FastWARC + trafilatura and
news-please's WARC path, on one core, in the same run.

    python benchmarks/replay.py [--repeat 1] [--sets LIST] [--cpu 0] [--workers N]
                                [--news-please-venv /tmp/newsplease-venv] [--no-news-please]

Builds one WARC file in a temporary folder (FastWARC, as ``newscrawl/warc/writer.py``
writes them: a warcinfo record, then request/response pairs, one gzip member per record,
bodies as CC-NEWS stores them, ``Content-Type: text/html; charset=utf-8`` as the pages are
stored) from the article pages of the shared benchmark sets in
``../shared/bench`` (zyte-articles, the article pages of wcxb-dev-articles, fundus-dev,
fundus-intl-dev), each page under its own URL. Nothing is copied into the project. Then,
pinned to one CPU (``--cpu``, inherited by every child process), each round times:

(a) ``scrapy crawl news -a warc=FILE`` end to end in a child process, with a throwaway
    store (``-s NEWSCRAWL_STORE_PATH=``) and its feeds, report and state in a temporary
    folder; pages/s from Scrapy's own elapsed time (start-up excluded; the wall time with
    start-up is printed beside it), and the share of article pages that became items,
    what was quarantined (``newscrawl/rejected/<reason>``) and what de-duplication dropped;
(b) FastWARC + ``trafilatura.bare_extraction(with_metadata=True)`` written by hand, in a
    child process of this virtualenv;
(c) news-please's WARC path (warcio's ArchiveIterator + ``NewsPlease.from_warc``, as its
    CC-NEWS crawler does; ``fetch_images=False``: no network) in a child process of a
    separate virtualenv (news-please pins versions newscrawl cannot use): made under
    ``--news-please-venv`` with ``pip install news-please==1.6.16`` when missing; when that
    fails the reason is printed and (c) is left out.

With ``--workers N``, each round also times (a) with ``-a workers=N`` on N CPUs (the one
of ``--cpu`` and the next ones): N extraction processes beside the crawl's own.

(b) and (c) are timed from opening the file to the last page (imports excluded). The last
line printed is one JSON object with the figures. Without ../shared/bench it says so and
exits 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
SETS = ("zyte-articles", "wcxb-dev-articles", "fundus-dev", "fundus-intl-dev")
NEWS_PLEASE = "news-please==1.6.16"
DATE = datetime(2026, 12, 1, 12, 0, 0, tzinfo=UTC)


# ---------------------------------------------------------------------------------------
# The pages and the WARC file


def _read(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def load_pages(names: list[str]) -> list[tuple[str, str, bytes]]:
    """(set, URL, HTML bytes) of every article page of the sets, read as the shared
    evaluators read them (body_eval.py's zyte and wcxb layouts, field_eval.py's folders)."""
    pages: list[tuple[str, str, bytes]] = []
    for name in names:
        root = BENCH / name
        if name == "zyte-articles":
            truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
            for item_id in sorted(truth):
                pages.append((name, truth[item_id]["url"],
                              _read(root / "html" / f"{item_id}.html.gz")))
        elif name == "wcxb-dev-articles":
            for gt_path in sorted((root / "dev" / "ground-truth").glob("*.json")):
                data = json.loads(gt_path.read_text(encoding="utf-8"))
                page_type = ((data.get("_internal") or {}).get("page_type") or {}).get("primary")
                html = root / "dev" / "html" / f"{gt_path.stem}.html.gz"
                if page_type == "article" and data.get("url") and html.exists():
                    pages.append((name, data["url"], _read(html)))
        else:  # fundus layout: <Name>.json (url, title, body, …) beside <Name>.html.gz
            for gt_path in sorted(root.glob("*.json")):
                data = json.loads(gt_path.read_text(encoding="utf-8"))
                html = gt_path.with_suffix(".html.gz")
                if isinstance(data, dict) and "body" in data and data.get("url") and html.exists():
                    pages.append((name, data["url"], _read(html)))
    return pages


def build_warc(pages: list[tuple[str, str, bytes]], folder: Path) -> Path:
    """One WARC file of request/response pairs, written by newscrawl's own writer (FastWARC,
    gzip per record, warcinfo first), without newscrawl's page-role field: CC-NEWS shape."""
    from fastwarc.warc import HeaderMap

    from newscrawl.warc.writer import Exchange, WarcFileWriter

    writer = WarcFileWriter(folder, "bench", 1 << 40, {"software": "benchmarks/replay.py"})
    try:
        for _, url, html in pages:
            parts = urlsplit(url)
            request = HeaderMap()
            request.status_line = (f"GET {parts.path or '/'}{'?' if parts.query else ''}"
                                   f"{parts.query} HTTP/1.1")
            request.append("Host", parts.netloc)
            response = HeaderMap()
            response.status_line = "HTTP/1.1 200 OK"
            # The pages are stored as UTF-8 (the evaluators read them so), whatever their
            # <meta charset> said when they were fetched (gb2312, iso-8859-1 on 5 pages).
            response.append("Content-Type", "text/html; charset=utf-8")
            response.append("Content-Length", str(len(html)))
            writer.write(Exchange(url=url, request_head=request, request_body=b"",
                                  response_head=response, payload=html, date=DATE,
                                  ip_address="192.0.2.1"))
    finally:
        writer.close()
    return writer.files[0]


# ---------------------------------------------------------------------------------------
# (b) and (c): child processes, each printing one JSON line


def worker_trafilatura(warc: str) -> dict[str, Any]:
    import trafilatura
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    pages = extracted = 0
    started, cpu = time.perf_counter(), time.process_time()
    with open(warc, "rb") as stream:
        for record in ArchiveIterator(stream, record_types=WarcRecordType.response,
                                      parse_http=True):
            if record.http_headers.status_code != 200 or "html" not in (
                    record.http_headers.get("Content-Type") or ""):
                continue
            pages += 1
            html = record.reader.read()
            url = record.headers.get("WARC-Target-URI")
            doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
            extracted += bool(doc is not None and doc.text)
    return {"pages": pages, "extracted": extracted, "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu}


def worker_news_please(warc: str) -> dict[str, Any]:
    import logging

    from newsplease import NewsPlease
    from warcio.archiveiterator import ArchiveIterator

    logging.disable(logging.WARNING)  # news-please logs every page it cannot date
    pages = extracted = 0
    started, cpu = time.perf_counter(), time.process_time()
    with open(warc, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or "html" not in (
                    record.http_headers.get_header("Content-Type") or ""):
                continue
            pages += 1
            try:
                article = NewsPlease.from_warc(record, fetch_images=False)
            except Exception:  # a page it cannot read counts as one without text
                continue
            extracted += bool(article and article.maintext)
    return {"pages": pages, "extracted": extracted, "seconds": time.perf_counter() - started,
            "cpu_seconds": time.process_time() - cpu}


def worker_stages(warc: str) -> dict[str, Any]:
    """newscrawl's replay cut in stages, in one process without the engine: the WARC reader
    alone (records to decoded responses, ``WarcReplay``), then reader + one parse +
    ``extract_page``; each timed (CPU) over the whole file: the first pass of the second
    (cold), then the best of two warm passes of each."""
    sys.path.insert(0, str(ROOT))
    from scrapy import Spider
    from scrapy.utils.test import get_crawler

    from newscrawl import settings
    from newscrawl.extract import Page, extract_page
    from newscrawl.warc.replay import WarcReplay

    crawler = get_crawler(Spider, {"DOWNLOAD_MAXSIZE": settings.DOWNLOAD_MAXSIZE})
    paths = [Path(warc)]

    def read() -> int:
        return sum(1 for _ in WarcReplay(crawler, paths))

    def extract() -> int:
        pages = 0
        for page in WarcReplay(crawler, paths):
            extract_page(Page.from_response(page.response), page.site)
            pages += 1
        return pages

    out: dict[str, Any] = {}
    started = time.process_time()
    extract()  # cold: lazy imports and first-use caches (dateparser's locales), once a process
    out["read_extract_cold_cpu_seconds"] = time.process_time() - started
    for name, stage in (("read", read), ("read_extract", extract)):
        best = float("inf")
        for _ in range(2):
            started = time.process_time()
            out["pages"] = stage()
            best = min(best, time.process_time() - started)
        out[f"{name}_cpu_seconds"] = best
    return out


WORKERS = {"trafilatura": worker_trafilatura, "news-please": worker_news_please,
           "stages": worker_stages}


def run_worker(python: str, kind: str, warc: Path) -> dict[str, Any]:
    proc = subprocess.run([python, __file__, "--worker", kind, str(warc)], capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} worker failed: {proc.stderr[-2000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    if "seconds" in result:
        result["pages_per_s"] = result["pages"] / result["seconds"]
        result["pages_per_cpu_s"] = result["pages"] / result["cpu_seconds"]
    return result


def news_please_python(venv: Path) -> tuple[str | None, str]:
    """The separate virtualenv's Python with news-please importable (made when missing),
    or None and why not."""
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"making {venv} with {NEWS_PLEASE} (a separate virtualenv) ...", file=sys.stderr)
        made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True,
                              text=True, check=False)
        if made.returncode != 0:
            return None, f"python -m venv failed: {made.stderr.strip()[-300:]}"
        pip = subprocess.run([str(python), "-m", "pip", "install", "-q", NEWS_PLEASE],
                             capture_output=True, text=True, check=False)
        if pip.returncode != 0:
            return None, f"pip install {NEWS_PLEASE} failed: {pip.stderr.strip()[-300:]}"
    check = subprocess.run([str(python), "-c", "import newsplease, warcio"],
                           capture_output=True, text=True, check=False)
    if check.returncode != 0:
        return None, f"news-please does not import in {venv}: {check.stderr.strip()[-300:]}"
    return str(python), ""


# ---------------------------------------------------------------------------------------
# (a): newscrawl


# The replay without what comes after extraction: no item pipelines, feeds, run report or
# monitors. Its CPU against the full replay's is what those cost per page.
BARE = ("-s", "ITEM_PIPELINES={}", "-s", "FEEDS={}", "-s", "NEWSCRAWL_REPORT_ENABLED=False",
        "-s", "SPIDERMON_ENABLED=False")


# Kinds whose CPU time is measured: the process's own (wait4). The extraction workers of
# "workers" are not in the crawl process's figure, so it has wall-clock pages/s only.
PER_CPU = ("newscrawl", "trafilatura", "news-please")


def replay_command(warc: Path, workdir: Path, stats: Path) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"warc={warc}",
            "-s", "NEWSCRAWL_STORE_PATH=", "-s", f"NEWSCRAWL_STATS_FILE={stats}",
            "-s", f"NEWSCRAWL_STATE_DIR={workdir / 'state'}", "-s", "LOG_LEVEL=WARNING"]


def run_newscrawl(warc: Path, workdir: Path, extra: tuple[str, ...] = (),
                  cpus: set[int] | None = None) -> dict[str, Any]:
    """One replay in a child process (cwd ``workdir``: its output/ folder is the feeds'),
    on ``cpus`` when given, else on this process's."""
    workdir.mkdir(parents=True)
    stats_file = workdir / "stats.json"
    command = [*replay_command(warc, workdir, stats_file), *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
    log = workdir / "stderr.log"
    started = time.monotonic()
    with log.open("w") as stderr:
        proc = subprocess.Popen(command, cwd=workdir, env=env, stdout=subprocess.DEVNULL,
                                stderr=stderr,
                                preexec_fn=cpus and (lambda: os.sched_setaffinity(0, cpus)))
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    if not stats_file.exists():
        raise SystemExit(f"replay failed ({status}): {' '.join(command)}\n"
                         f"{log.read_text()[-2000:]}")
    stats = json.loads(stats_file.read_text())
    prefix = ("newscrawl/rejected/", "newscrawl/dedupe/", "newscrawl/warc/skipped/")
    return {
        "exit_status": os.waitstatus_to_exitcode(status),
        "replayed": stats.get("newscrawl/warc/replayed", 0),
        "items": stats.get("item_scraped_count", 0),
        "quarantined": stats.get("newscrawl/validate/rejected", 0),
        "dropped": stats.get("item_dropped_count", 0),
        "reasons": {key: value for key, value in sorted(stats.items())
                    if key.startswith(prefix)},
        "seconds": float(stats["elapsed_time_seconds"]),  # Scrapy's start to finish
        "wall_seconds": wall,  # the process, start-up included
        "cpu_seconds": usage.ru_utime + usage.ru_stime,  # the process, start-up included
        "command": " ".join(command),
    }


def newscrawl_round(warc: Path, tiny: Path, workdir: Path, pages: int, split: bool,
                    workers: int = 1, cpus: set[int] | None = None) -> dict[str, Any]:
    """The replay of ``warc``; its CPU less that of a replay of one page (``tiny``): the
    CPU of start-up and shut-down is not the pages'. ``split``: the bare replay too."""
    extra = ("-a", f"workers={workers}") if workers > 1 else ()
    startup = run_newscrawl(tiny, workdir / "one-page", extra, cpus)
    result = run_newscrawl(warc, workdir / "all", extra, cpus)
    if split:
        result["bare_cpu_seconds"] = run_newscrawl(warc, workdir / "bare", BARE)["cpu_seconds"]
    result["pages"] = pages
    result["startup_cpu_seconds"] = startup["cpu_seconds"]
    result["pages_per_s"] = pages / result["seconds"]
    result["wall_pages_per_s"] = pages / result["wall_seconds"]
    result["pages_per_cpu_s"] = (pages - 1) / (result["cpu_seconds"] - startup["cpu_seconds"])
    return result


# ---------------------------------------------------------------------------------------


def _share(part: int, whole: int) -> str:
    return f"{part:4d} = {100 * part / whole:5.1f} %"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="rounds of (a), (b), (c)")
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated sets")
    parser.add_argument("--cpu", type=int, default=0, help="the one CPU everything runs on")
    parser.add_argument("--news-please-venv", type=Path, default=Path("/tmp/newsplease-venv"))
    parser.add_argument("--no-news-please", action="store_true", help="leave (c) out")
    parser.add_argument("--workers", type=int, default=0,
                        help="also time (a) with -a workers=N on N CPUs")
    parser.add_argument("--no-stages", action="store_true", help="leave the stage split out")
    parser.add_argument("--keep", type=Path, help="keep the WARC file here (outside the project)")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "WARC"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(WORKERS[args.worker[0]](args.worker[1])))
        return 0
    if not BENCH.is_dir():
        print(f"no shared benchmark pages at {BENCH}: nothing to measure")
        return 0
    names = [name for name in args.sets.split(",") if name]
    unknown = set(names) - set(SETS)
    if unknown:
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    # (a) with workers: on --cpu and the next CPUs this process may use.
    cpus = set(sorted(os.sched_getaffinity(0) - {args.cpu})[:args.workers - 1]) | {args.cpu}
    if args.workers > 1 and len(cpus) < args.workers:
        parser.error(f"--workers {args.workers}: {len(cpus)} CPUs available")
    os.sched_setaffinity(0, {args.cpu})  # one core, for this process and every child
    sys.path.insert(0, str(ROOT))

    np_python, np_why = (None, "left out (--no-news-please)") if args.no_news_please else (
        news_please_python(args.news_please_venv))
    if np_python is None:
        print(f"(c) news-please: {np_why}", file=sys.stderr)

    pages = load_pages(names)
    n = len(pages)
    per_set = {name: sum(p[0] == name for p in pages) for name in names}
    results: dict[str, list[dict[str, Any]]] = {"newscrawl": [], "trafilatura": [],
                                                "news-please": [], "workers": []}
    stages: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        folder = args.keep.resolve() if args.keep else tmpdir / "warc"
        warc = build_warc(pages, folder)
        tiny = build_warc(pages[:1], tmpdir / "one-page")
        size = warc.stat().st_size
        print(f"{n} article pages ({', '.join(f'{k} {v}' for k, v in per_set.items())}), "
              f"{len({p[1].split('/')[2] for p in pages})} hosts; WARC {size / 1e6:.1f} MB "
              f"at {warc}; CPU {args.cpu}", file=sys.stderr)
        for round_no in range(args.repeat):
            results["newscrawl"].append(newscrawl_round(
                warc, tiny, tmpdir / f"replay-{round_no}", n, not args.no_stages))
            if args.workers > 1:
                results["workers"].append(newscrawl_round(
                    warc, tiny, tmpdir / f"workers-{round_no}", n, False, args.workers, cpus))
            results["trafilatura"].append(run_worker(sys.executable, "trafilatura", warc))
            if np_python:
                results["news-please"].append(run_worker(np_python, "news-please", warc))
            print(f"  round {round_no + 1}: " + ", ".join(
                f"{kind} {runs[-1]['pages_per_s']:.1f}" + (
                    f" ({runs[-1]['pages_per_cpu_s']:.1f} per CPU s)" if kind in PER_CPU else "")
                for kind, runs in results.items() if runs) + " pages/s", file=sys.stderr)
        if not args.no_stages:
            stages = run_worker(sys.executable, "stages", warc)

    def median(kind: str, key: str) -> float | None:
        runs = results[kind]
        return statistics.median(r[key] for r in runs) if runs else None

    def ratio(kind: str, key: str) -> float | None:
        """newscrawl / ``kind``, per round (same machine state), then the median."""
        if not results[kind]:
            return None
        return statistics.median(a[key] / b[key] for a, b in zip(results["newscrawl"],
                                                                 results[kind], strict=True))

    ours, traf = results["newscrawl"][-1], results["trafilatura"][-1]
    npr = results["news-please"][-1] if results["news-please"] else None
    print(f"\n{n} article pages, one WARC file of {size / 1e6:.1f} MB, CPU {args.cpu}, "
          f"{args.repeat} round(s)")
    print(f"{'':28s} {'pages/s':>8} {'pages/CPU s':>12} {'items or text':>16}")
    rows = [("(a) newscrawl replay", "newscrawl", ours["items"]),
            ("(b) FastWARC + trafilatura", "trafilatura", traf["extracted"])]
    if npr:
        rows.append(("(c) news-please from_warc", "news-please", npr["extracted"]))
    for label, kind, good in rows:
        print(f"{label:28s} {median(kind, 'pages_per_s'):8.1f} "
              f"{median(kind, 'pages_per_cpu_s'):12.1f} {_share(good, n):>16}")
    if not npr:
        print(f"(c) news-please: not measured: {np_why}")
    workers = ratio("workers", "pages_per_s") if results["workers"] else None
    if workers:
        # ratio() is newscrawl / kind: the workers' speed-up is its inverse.
        print(f"(a) with -a workers={args.workers} on {args.workers} CPUs: "
              f"{median('workers', 'pages_per_s'):.1f} pages/s, {1 / workers:.2f}x (a); "
              f"{results['workers'][-1]['items']} items")
    print(f"(a) with start-up (whole process, wall): {median('newscrawl', 'wall_pages_per_s'):.1f}"
          f" pages/s; start-up and shut-down {ours['startup_cpu_seconds']:.1f} CPU s")
    goals = {"trafilatura": 5, "news-please": 15}
    ratios = {kind: (ratio(kind, "pages_per_s"), ratio(kind, "pages_per_cpu_s"))
              for kind in goals if results[kind]}
    for kind, (wall, cpu) in ratios.items():
        print(f"newscrawl / {kind}: {wall:.2f}x (pages/s), {cpu:.2f}x (pages per CPU s); "
              f"goal >= {goals[kind]}x")
    print(f"newscrawl: {ours['replayed']} pages replayed, {ours['items']} items, "
          f"{ours['quarantined']} quarantined, {ours['dropped']} dropped in all; "
          f"exit status {ours['exit_status']}")
    for key, value in ours["reasons"].items():
        print(f"  {key}: {value}")
    split = None
    if stages:
        # ms of CPU per page. The crawl's: start-up and shut-down taken out (one-page run).
        crawl = 1000 / median("newscrawl", "pages_per_cpu_s")
        after = 1000 * statistics.median((r["cpu_seconds"] - r["bare_cpu_seconds"]) / n
                                         for r in results["newscrawl"])
        read = 1000 * stages["read_cpu_seconds"] / n
        warm = 1000 * stages["read_extract_cpu_seconds"] / n - read
        cold = 1000 * stages["read_extract_cold_cpu_seconds"] / n - read
        split = {"crawl": crawl, "read": read, "parse_extract_warm": warm,
                 "first_use": cold - warm, "pipelines_feeds_report": after,
                 "engine_rest": crawl - after - cold}
        split = {key: round(value, 2) for key, value in split.items()}
        print(f"CPU ms per page: {crawl:.2f} in the crawl = WARC reading {read:.2f} + parse and "
              f"extraction {warm:.2f} + their first-use cost in a fresh process "
              f"{cold - warm:.2f} + pipelines, feeds, report and monitors {after:.2f} "
              f"+ the rest (engine) {split['engine_rest']:.2f}")
    print(f"command: {ours['command']}")

    def rounded(value: float | None, digits: int = 2) -> float | None:
        return None if value is None else round(value, digits)

    figures = {
        "pages": n, "sets": per_set, "rounds": args.repeat,
        **{f"{kind.replace('-', '_')}_pages_per_s": rounded(median(kind, "pages_per_s"))
           for kind in results},
        **{f"{kind.replace('-', '_')}_pages_per_cpu_s": rounded(median(kind, "pages_per_cpu_s"))
           for kind in PER_CPU},
        "newscrawl_wall_pages_per_s": rounded(median("newscrawl", "wall_pages_per_s")),
        "ratio_vs_trafilatura": rounded(ratios["trafilatura"][0]),
        "ratio_vs_trafilatura_cpu": rounded(ratios["trafilatura"][1]),
        "ratio_vs_news_please": rounded(ratios["news-please"][0]) if npr else None,
        "ratio_vs_news_please_cpu": rounded(ratios["news-please"][1]) if npr else None,
        "news_please_missing": None if np_python else np_why,
        "workers": args.workers or None,
        "workers_speedup": rounded(1 / workers) if workers else None,
        "items": ours["items"], "item_share": round(ours["items"] / n, 4),
        "quarantined": ours["quarantined"], "reasons": ours["reasons"],
        "trafilatura_text_share": round(traf["extracted"] / n, 4),
        "news_please_text_share": round(npr["extracted"] / n, 4) if npr else None,
        "cpu_ms_per_page": split,
        "per_round": {kind: [round(r["pages_per_s"], 2) for r in runs]
                      for kind, runs in results.items()},
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
