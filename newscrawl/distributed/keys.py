"""Names of the Redis keys one site's shared crawl lives in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RedisKeys:
    """``<prefix>:<site>:…``: every worker started for the same site meets at the same keys.

    The spider is always ``news``, so keys are per *site* (scrapy-redis' ``%(spider)s``
    would put every site into one queue).
    """

    prefix: str
    site: str

    def __post_init__(self) -> None:
        # scrapy-redis %-formats key settings with {"spider": ...}: a literal % would break it.
        for part in (self.prefix, self.site):
            if not part or "%" in part or any(ch.isspace() for ch in part):
                raise ValueError(f"bad Redis key part {part!r}")

    @property
    def base(self) -> str:
        return f"{self.prefix}:{self.site}"

    @property
    def queue(self) -> str:
        """Sorted set of serialized requests waiting to be fetched (score: -priority)."""
        return f"{self.base}:requests"

    @property
    def dupefilter(self) -> str:
        """Set of request fingerprints seen in this crawl."""
        return f"{self.base}:dupefilter"

    @property
    def seen(self) -> str:
        """Where newscrawl before the ledger kept the seen articles (a hash): only looked
        at, to say that the ledger keeps them now."""
        return f"{self.prefix}:seen:{self.site}"

    @property
    def crawl(self) -> str:
        """The crawl's id, set by its first worker. Gone or changed under a running worker:
        Redis lost the crawl (restarted without persistence, flushed, expired)."""
        return f"{self.base}:crawl"

    @property
    def workers(self) -> str:
        """Sorted set worker id → lease deadline (Redis server time, seconds)."""
        return f"{self.base}:workers"

    @property
    def inflight_prefix(self) -> str:
        return f"{self.base}:inflight:"

    def inflight(self, worker_id: str) -> str:
        """Sorted set of the requests one worker took from the queue and has not finished."""
        return f"{self.inflight_prefix}{worker_id}"
