"""Where a crawl's CPU goes: the demo site (or a WARC replay) crawled under a profiler.

    python benchmarks/profile_crawl.py [--articles 2000] [--generic] [--out crawl.prof]
    python benchmarks/profile_crawl.py --sampler [--warc FILE] [--out crawl.txt]

The site is rendered and served as in ``throughput.py``; the ``news`` crawl runs in a child
process. By default under cProfile, which inflates Python-heavy code: it prints each
package's own time (``tottime``) and newscrawl's functions by cumulative time; ``--out``
keeps the profile for pstats. With ``--sampler`` under py-spy instead (``pip install -r
benchmarks/requirements.txt``), which samples the running process 250 times a second and
leaves its speed as it is: it prints each newscrawl component's share of the samples
(the outermost newscrawl frame of each sample: a spider callback, a pipeline, a middleware,
an extension; "Scrapy and Twisted" where there is none) and the busiest lines; ``--out``
keeps the collapsed stacks (py-spy's raw format). ``--warc FILE`` profiles a replay of
that WARC file (``-a warc=FILE``) instead of the demo site. The shares are a guide; the
ratios of ``throughput.py`` and ``replay.py`` are the measure.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from throughput import ROOT, free_port, render_site, serve

SAMPLES_PER_S = 250
# A thread blocked in Python's threading (the ledger's checkpointer between checkpoints,
# an idle worker of the reactor's thread pool) is not idle to py-spy: such samples are no
# CPU, and are left out.
WAITING = ("Condition.wait (threading.py",)


def package(filename: str, function: str) -> str:
    if "/newscrawl/" in filename:
        return "newscrawl/" + filename.split("/newscrawl/")[-1]
    if "site-packages/" in filename:
        return filename.split("site-packages/")[-1].split("/")[0]
    if filename.startswith("~"):  # a builtin: C code called from Python
        return f"builtin {function}"
    return "stdlib " + Path(filename).name


def print_cprofile(profile: Path) -> None:
    stats = pstats.Stats(str(profile)).stats  # type: ignore[attr-defined]
    total = sum(row[2] for row in stats.values())
    own: Counter[str] = Counter()
    for (filename, _, function), row in stats.items():
        own[package(filename, function)] += row[2]
    print(f"{total:.1f} s under the profiler; own time by package:")
    for name, seconds in own.most_common(25):
        print(f"{seconds:7.2f} s {100 * seconds / total:5.1f} %  {name}")
    print("\nnewscrawl functions by cumulative time:")
    ours = sorted(((row[3], row[1], key) for key, row in stats.items()
                   if "/newscrawl/" in key[0]), reverse=True)
    for seconds, calls, (filename, line, function) in ours[:25]:
        where = filename.split("/newscrawl/")[-1]
        print(f"{seconds:7.2f} s {calls:8d} calls  {where}:{line} {function}")


def _frame_name(frame: str) -> str:
    """``Class.method (newscrawl/x.py:12)`` → ``Class.method newscrawl/x.py``."""
    function, _, where = frame.rpartition(" (")
    return f"{function} {where.split(':')[0]}"


def print_samples(collapsed: Path) -> None:
    """Shares of py-spy's collapsed stacks (``frame;frame;… count`` per line)."""
    components: Counter[str] = Counter()
    lines: Counter[str] = Counter()
    waiting = 0
    for row in collapsed.read_text().splitlines():
        stack, _, count = row.rpartition(" ")
        if not stack:
            continue
        frames = stack.split(";")
        if frames[-1].startswith(WAITING):
            waiting += int(count)
            continue
        # The command module runs the whole crawl: below it is the component at work.
        ours = [frame for frame in frames
                if "(newscrawl/" in frame and "(newscrawl/commands/" not in frame]
        components[_frame_name(ours[0]) if ours else "Scrapy and Twisted"] += int(count)
        lines[frames[-1]] += int(count)
    total = sum(components.values())
    print(f"{total} samples ({total / SAMPLES_PER_S:.1f} s of CPU; {waiting} of threads "
          f"waiting left out); by component:")
    for name, count in components.most_common(30):
        print(f"{100 * count / total:5.1f} %  {name}")
    print("\nbusiest lines:")
    for frame, count in lines.most_common(25):
        print(f"{100 * count / total:5.1f} %  {frame}")


def py_spy() -> str | None:
    """py-spy beside this Python (a virtual environment's, not on PATH), else on PATH."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


def crawl_command(args: argparse.Namespace, out: Path, start: list[str]) -> list[str]:
    # ERROR: a replay's dropped items (duplicates, quarantined pages) are logged as warnings.
    crawl = ["-m", "scrapy", "crawl", "news", *start, "-s", "LOG_LEVEL=ERROR",
             "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
    if args.sampler:
        return [py_spy() or "py-spy", "record", "--rate", str(SAMPLES_PER_S),
                "--format", "raw", "--output", str(out), "--", sys.executable, *crawl]
    return [sys.executable, "-m", "cProfile", "-o", str(out), *crawl]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--generic", action="store_true", help="generic mode, no site definition")
    parser.add_argument("--warc", type=Path, help="profile a replay of this WARC file")
    parser.add_argument("--sampler", action="store_true", help="py-spy instead of cProfile")
    parser.add_argument("--out", type=Path, help="keep the profile here")
    args = parser.parse_args()
    if args.sampler and not py_spy():
        print("py-spy is not installed: pip install -r benchmarks/requirements.txt",
              file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        out = args.out.resolve() if args.out else tmpdir / "crawl.prof"
        env = {**os.environ, "PYTHONPATH": str(ROOT),
               "SCRAPY_SETTINGS_MODULE": "newscrawl.settings"}
        state = ["-s", f"NEWSCRAWL_STATE_DIR={tmpdir / 'state'}",
                 "-s", f"NEWSCRAWL_STORE_PATH={tmpdir / 'store.sqlite3'}"]
        server = None
        if args.warc:
            start = ["-a", f"warc={args.warc.resolve()}", *state]
        else:
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
                pool.submit(render_site, args.articles, base, tmpdir / "site").result()
            server = serve(tmpdir / "site", port)
            site = [] if args.generic else ["-a", "site=demo"]
            start = [*site, "-a", f"start_url={base}/", *state]
        try:
            subprocess.run(crawl_command(args, out, start), cwd=tmpdir, env=env, check=True,
                           stdout=subprocess.DEVNULL)
        finally:
            if server is not None:
                server.terminate()
                server.wait()
        if args.sampler:
            print_samples(out)
        else:
            print_cprofile(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
