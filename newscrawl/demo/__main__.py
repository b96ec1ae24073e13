"""``python -m newscrawl.demo serve`` serves the demo site; ``truth`` prints its ground truth."""

from __future__ import annotations

import argparse
import ipaddress
import json
import os
import signal
import sys
import threading
from typing import NoReturn

from newscrawl.demo.content import load_site
from newscrawl.demo.server import DemoServer
from newscrawl.demo.themes import THEMES, make_theme
from newscrawl.demo.truth import truth_records


class _Parser(argparse.ArgumentParser):
    """One line on a bad argument (not the usage block): scripts show it as it is."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}")
    return int(value)


def _positive(value: str) -> int:
    number = _count(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


def _port(value: str) -> int:
    number = _count(value)
    if number > 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {number}")
    return number


def _slugs(value: str) -> frozenset[str]:
    return frozenset(filter(None, value.split(",")))


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m newscrawl.demo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the demo site until SIGTERM or Ctrl-C")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000, help="0: a free port")
    serve.add_argument("--sites", type=_positive, default=1,
                       help="serve N sites on N loopback addresses from --host on "
                            "(127.0.0.1, 127.0.0.2, …), the themes taking turns and each "
                            "site with the next seed")
    truth = commands.add_parser("truth", help="print the ground truth as JSON Lines")
    truth.add_argument("--base-url", default="http://127.0.0.1:8000")
    for command in (serve, truth):
        command.add_argument("--articles", type=_positive, default=240)
        command.add_argument("--theme", choices=sorted(THEMES), default="finance")
        command.add_argument("--modified", "--revised", dest="revised", type=_slugs,
                             default=frozenset(), metavar="SLUG[,SLUG...]",
                             help="articles updated after publication")
        command.add_argument("--js-articles", type=_count, default=0, metavar="K",
                             help='extra "Live Markets" articles whose body JavaScript loads')
        command.add_argument("--seed", type=_count, default=0,
                             help="which articles the site publishes (0: the usual demo)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "truth":
        site = load_site(args.articles, args.revised, args.js_articles, args.seed)
        theme = make_theme(args.theme, site, args.base_url.rstrip("/"))
        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in truth_records(theme))
        try:
            sys.stdout.write(lines)
            sys.stdout.flush()
        except BrokenPipeError:  # `truth | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    themes = sorted(THEMES)
    first = themes.index(args.theme)
    servers: list[DemoServer] = []
    try:
        for number, host in enumerate(_hosts(args.host, args.sites)):
            theme = themes[(first + number) % len(themes)]
            servers.append(DemoServer(args.articles, theme, host, args.port, args.revised,
                                      args.js_articles, args.seed + number))
    except (OSError, ValueError) as exc:
        for server in servers:
            server.stop()
        why = getattr(exc, "strerror", None) or str(exc)
        print(f"python -m newscrawl.demo: error: cannot serve on {args.host}:{args.port}: "
              f"{why}", file=sys.stderr)
        return 2
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    for server in servers:
        server.start()
        print(f"serving {server.base_url}/", flush=True)
    stop.wait()
    for server in servers:
        server.stop()
    return 0


def _hosts(first: str, count: int) -> list[str]:
    """``count`` loopback addresses from ``first`` on: distinct sites on one machine."""
    if count == 1:
        return [first]
    wrong = ValueError(f"{count} sites need {count} IPv4 loopback addresses from {first}")
    try:
        start = ipaddress.IPv4Address(first)
    except ValueError:
        raise wrong from None
    hosts = [start + number for number in range(count)]
    if not all(host.is_loopback for host in hosts):
        raise wrong
    return [str(host) for host in hosts]


if __name__ == "__main__":
    raise SystemExit(main())
