"""A Scrapy DNS resolver for tests: every name under ``.test`` is 127.0.0.1, so a test
server answers for real host names (``example.test``, ``www.example.test``) with no change
to the machine's resolver. Crawls take it with ``-s DNS_RESOLVER=loopback_resolver.
LoopbackResolver`` (``tests/`` is on the path of the crawls ``bad_input.crawl`` runs)."""

from __future__ import annotations

from collections.abc import Sequence

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.defer import Deferred

RESOLVER = "loopback_resolver.LoopbackResolver"


class LoopbackResolver(CachingThreadedResolver):
    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        if name == "test" or name.endswith(".test"):
            return defer.succeed("127.0.0.1")
        return super().getHostByName(name, timeout)
