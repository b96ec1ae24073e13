"""Which workers take part in a site's crawl, whether they are alive, and when it is over.

Every worker holds a lease in ``<site>:workers`` (deadline in Redis server time, so clocks of
different machines do not matter) and renews it on every tick. A worker whose lease ran out
is dead: any worker that notices moves the dead one's in-flight requests back to the queue.
Scripts run atomically in Redis, so two workers never recover the same requests twice.
The crawl has an id (``<site>:crawl``): a tick tells a worker whose crawl vanished from Redis
(restarted without persistence) instead of letting it take the empty queue for a finished
crawl.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from newscrawl.distributed.keys import RedisKeys

_NOW = "local t = redis.call('TIME') local now = tonumber(t[1]) + tonumber(t[2]) / 1000000\n"

# KEYS: workers, crawl; ARGV: own id, lease seconds, a new crawl id.
# Join the crawl, or start one; registered at once, so that a worker leaving meanwhile
# does not take the crawl for finished and remove it.
_JOIN = _NOW + """
redis.call('SET', KEYS[2], ARGV[3], 'NX')
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
return redis.call('GET', KEYS[2])
"""

# KEYS: workers, queue, crawl; ARGV: own id, lease seconds, in-flight key prefix, crawl id.
# Nothing when the crawl is gone (false); else renew the own lease, then recover the
# requests of every worker whose lease expired.
_TICK = _NOW + """
if redis.call('GET', KEYS[3]) ~= ARGV[4] then return false end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
local recovered = 0
for _, worker in ipairs(dead) do
  local inflight = ARGV[3] .. worker
  local items = redis.call('ZRANGE', inflight, 0, -1, 'WITHSCORES')
  for i = 1, #items, 2 do redis.call('ZADD', KEYS[2], items[i + 1], items[i]) end
  recovered = recovered + #items / 2
  redis.call('DEL', inflight)
  redis.call('ZREM', KEYS[1], worker)
end
return {#dead, recovered}
"""

# KEYS: workers, queue; ARGV: in-flight key prefix.
# Work left in the crawl: queued requests plus requests in flight at any registered worker
# (dead ones not yet recovered included: their requests are not finished either).
_PENDING = """
local pending = redis.call('ZCARD', KEYS[2])
for _, worker in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  pending = pending + redis.call('ZCARD', ARGV[1] .. worker)
end
return pending
"""

# KEYS: workers, queue, dupefilter, own in-flight, crawl; ARGV: own id.
# Leave the crawl; the last worker out of a finished crawl removes its state, so the next
# run starts a new crawl instead of finding every URL "already seen".
_LEAVE = """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[4])
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
if redis.call('ZCARD', KEYS[2]) > 0 then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[5])
return 1
"""


class CrawlStateLost(Exception):
    """Redis answers, but the crawl this worker joined is no longer in it."""


@dataclass(frozen=True)
class Recovery:
    dead_workers: int
    recovered_requests: int


class WorkerRegistry:
    def __init__(self, server: Any, keys: RedisKeys, worker_id: str, lease_seconds: float,
                 state_ttl: int) -> None:
        self.server = server
        self.keys = keys
        self.worker_id = worker_id
        self.lease_seconds = lease_seconds
        self.state_ttl = state_ttl
        self.crawl_id: bytes | None = None
        self._join = server.register_script(_JOIN)
        self._tick = server.register_script(_TICK)
        self._pending = server.register_script(_PENDING)
        self._leave = server.register_script(_LEAVE)

    def tick(self) -> Recovery:
        """Renew this worker's lease and recover the in-flight requests of dead workers.

        Raises CrawlStateLost when the crawl joined is no longer in Redis.
        """
        result = self._tick(
            keys=[self.keys.workers, self.keys.queue, self.keys.crawl],
            args=[self.worker_id, self.lease_seconds, self.keys.inflight_prefix,
                  self.crawl_id or b""],
        )
        if result is None:
            raise CrawlStateLost(self.keys.crawl)
        dead, recovered = result
        return Recovery(int(dead), int(recovered))

    def join(self) -> Recovery:
        self.crawl_id = self._join(keys=[self.keys.workers, self.keys.crawl],
                                   args=[self.worker_id, self.lease_seconds,
                                         secrets.token_hex(8)])
        return self.tick()

    def pending(self) -> int:
        """Requests queued or in flight anywhere in the crawl."""
        return int(self._pending(keys=[self.keys.workers, self.keys.queue],
                                 args=[self.keys.inflight_prefix]))

    def workers(self) -> list[str]:
        return [w.decode() if isinstance(w, bytes) else w
                for w in self.server.zrange(self.keys.workers, 0, -1)]

    def refresh_ttl(self) -> None:
        """Shared state expires ``state_ttl`` after the last worker stopped renewing it.

        Covers crawls nobody finishes (every worker killed and never restarted): their queue,
        duplicate filter and leases do not stay in Redis forever.
        """
        pipe = self.server.pipeline(transaction=False)
        for key in (self.keys.queue, self.keys.dupefilter, self.keys.workers, self.keys.crawl,
                    self.keys.inflight(self.worker_id)):
            pipe.expire(key, self.state_ttl)
        pipe.execute()

    def leave(self) -> bool:
        """Unregister; True when this was the last worker of a finished crawl (state removed)."""
        return bool(self._leave(
            keys=[self.keys.workers, self.keys.queue, self.keys.dupefilter,
                  self.keys.inflight(self.worker_id), self.keys.crawl],
            args=[self.worker_id],
        ))
