"""``scrapy crawl`` that rejects bad ``news`` arguments in one line, before any crawling."""

from __future__ import annotations

import sys
from argparse import Namespace

from scrapy.commands.crawl import Command as ScrapyCrawl

from newscrawl.args import ArgumentError, CrawlArgs


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: Namespace) -> None:
        if args and args[0] == "news":
            try:
                CrawlArgs.parse(opts.spargs)
            except ArgumentError as exc:
                print(f"newscrawl: {exc}", file=sys.stderr)
                self.exitcode = 2
                return
        super().run(args, opts)
