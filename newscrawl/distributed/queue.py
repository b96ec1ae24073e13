"""The shared request queue, with leases: a request taken by a worker is not lost if it dies.

scrapy-redis' ``PriorityQueue`` pops a request out of Redis: from then on it exists only in
the memory of one process, and a worker killed with SIGKILL takes its in-flight requests
with it. Here a pop *moves* the request, atomically, into the worker's in-flight set; the
scheduler removes it from there (``ack``) once the engine has completely finished with it
(downloaded, parsed, its items exported, its follow-up requests queued). What a dead
worker leaves in its in-flight set goes back to the queue (``WorkerRegistry.tick``).
Exported means delivered: Redis workers deliver item by item (``configure`` sets a batch of
one, ``newscrawl.extensions.feeds``), so a released lease never stands for an item still in
a batch.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from scrapy import Request, Spider
from scrapy_redis.queue import PriorityQueue

logger = logging.getLogger(__name__)

# ZPOPMIN + ZADD in one script: no moment where the request is in neither set.
_LEASE = """
local popped = redis.call('ZPOPMIN', KEYS[1])
if #popped == 0 then return false end
redis.call('ZADD', KEYS[2], popped[2], popped[1])
return popped[1]
"""

# Own leftovers back to the queue (a graceful close that still holds leases).
_RETURN_ALL = """
local items = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #items, 2 do redis.call('ZADD', KEYS[1], items[i + 1], items[i]) end
redis.call('DEL', KEYS[2])
return #items / 2
"""

# KEYS: queue, own in-flight; ARGV: the leases this worker holds.
# Leases this worker does not know it holds back to the queue: taken by a lease call whose
# answer was lost with the connection, they would stay in flight for ever.
_RETURN_UNKNOWN = """
local held = {}
for _, token in ipairs(ARGV) do held[token] = true end
local items = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
local returned = 0
for i = 1, #items, 2 do
  if not held[items[i]] then
    redis.call('ZADD', KEYS[1], items[i + 1], items[i])
    redis.call('ZREM', KEYS[2], items[i])
    returned = returned + 1
  end
end
return returned
"""


class LeasedPriorityQueue(PriorityQueue):
    """scrapy-redis' priority queue (same key layout and encoding) plus per-worker leases."""

    def __init__(self, server: Any, spider: Spider, key: str, inflight_key: str,
                 serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.inflight_key = inflight_key
        self._lease = server.register_script(_LEASE)
        self._return_all = server.register_script(_RETURN_ALL)
        self._return_unknown = server.register_script(_RETURN_UNKNOWN)

    def push(self, request: Request) -> None:
        """Priority first (as scrapy-redis), then newest first, like Scrapy's own scheduler.

        scrapy-redis scores by priority only, so requests of equal priority come out in the
        order of their pickled bytes. A site's listing chain (page N links page N+1) then
        waits behind every article queued so far, and the crawl runs at the pace of that
        chain however many workers there are. Scrapy's default queue is LIFO within a
        priority; here the score's fraction is the push time (seconds / 1e10, below 1 until
        the year 2286, so never crossing into the next priority): later means smaller.
        """
        score = -request.priority - time.time() / 1e10
        self.server.execute_command("ZADD", self.key, score, self._encode_request(request))

    def lease(self) -> tuple[Request, bytes] | None:
        """The next request and its lease token (the encoded request in the in-flight set)."""
        while True:
            token = self._lease(keys=[self.key, self.inflight_key])
            if not token:
                return None
            try:
                return self._decode_request(token), token
            except Exception:
                # A request this code cannot rebuild (e.g. queued by an older version whose
                # callback is gone) would otherwise come back forever: drop it, loudly.
                logger.exception("dropping an undecodable request from %s", self.key)
                self.ack(token)
                if self.spider.crawler.stats:
                    self.spider.crawler.stats.inc_value("newscrawl/distributed/undecodable")

    def ack(self, token: bytes) -> None:
        """The request is completely handled: forget the lease."""
        self.server.zrem(self.inflight_key, token)

    def return_all(self) -> int:
        """Put every request still leased by this worker back into the queue."""
        return int(self._return_all(keys=[self.key, self.inflight_key]))

    def return_unknown(self, held: Iterable[bytes]) -> int:
        """Put back every request leased by this worker but not in ``held``."""
        return int(self._return_unknown(keys=[self.key, self.inflight_key], args=list(held)))

    def pop(self, timeout: int = 0) -> Request | None:
        """Compatibility with scrapy-redis callers: a pop that is acknowledged at once."""
        leased = self.lease()
        if leased is None:
            return None
        request, token = leased
        self.ack(token)
        return request
