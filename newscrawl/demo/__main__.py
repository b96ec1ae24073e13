"""``python -m newscrawl.demo serve`` serves the demo site; ``truth`` prints its ground truth."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from newscrawl.demo.content import load_site, truth_record
from newscrawl.demo.server import DemoServer


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _slugs(value: str) -> frozenset[str]:
    return frozenset(filter(None, value.split(",")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newscrawl.demo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the demo site")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000, help="0: a free port")
    truth = commands.add_parser("truth", help="print the ground truth as JSON Lines")
    truth.add_argument("--base-url", default="http://127.0.0.1:8000")
    for command in (serve, truth):
        command.add_argument("--articles", type=_positive, default=240)
        command.add_argument("--revised", type=_slugs, default=frozenset(),
                             help="comma-separated slugs of articles updated after publication")
    args = parser.parse_args(argv)
    if args.command == "truth":
        site = load_site(args.articles, args.revised)
        base = args.base_url.rstrip("/")
        for article in sorted(site.articles, key=lambda a: a.index):
            print(json.dumps(truth_record(article, base), ensure_ascii=False))
        return 0
    try:
        server = DemoServer(args.articles, args.host, args.port, args.revised)
    except OSError as exc:
        print(f"cannot serve on {args.host}:{args.port}: {exc.strerror}", file=sys.stderr)
        return 2
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server.start()
    print(f"serving {server.base_url}/", flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
