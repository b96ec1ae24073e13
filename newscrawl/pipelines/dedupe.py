"""De-duplication pipeline: one article per canonical URL, within and across runs, and one
article per story when the same text is published under two URLs.

1. A canonical URL already emitted in this run: dropped (``duplicate_url``).
2. A canonical URL already in the ledger (an earlier run): dropped when unchanged and
   delivered to the feeds (``seen_before``); a changed body or ``modified`` date passes, as
   a new version, and so does a version stored but never delivered (``undelivered``). With
   ``NEWSCRAWL_INCREMENTAL = False`` unchanged articles pass too (``unchanged``): a full
   run's feeds hold every article, while the store adds a version only for a change.
3. A new URL whose body is a near-duplicate of a stored article of the same site (the
   same wire story under another URL): dropped (``near_duplicate``), its URL recorded in
   the store as another URL of that article.

Every drop is counted as ``newscrawl/dedupe/<reason>``: nothing disappears without a trace.
A drop is logged in one line (``DropItem``'s level): a repeated URL or an unchanged
article at DEBUG, being what an incremental crawl is for; a near-duplicate at INFO, naming
the article it repeats.

Near-duplicates are found with a MinHash signature of the body's 4-word shingles and
locality-sensitive hashing: the store indexes 16 bands of 8 signature values each, so a
lookup costs one indexed query, not a comparison with every stored article. The signature
is one-permutation MinHash (one hash per shingle, 128 bins, empty bins filled by rotation)
so that it costs one hash per shingle instead of one per shingle and permutation.
"""

from __future__ import annotations

import hashlib
import logging
import re
import struct
from collections.abc import Iterable
from functools import lru_cache
from operator import eq
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.cleaning import canonical_key
from newscrawl.ledger import Candidate, CrawlLedger, Ledger, LedgerError, ledger_failed

logger = logging.getLogger(__name__)

SHINGLE_WORDS = 4
_LOG_LEVELS = {"duplicate_url": "DEBUG", "seen_before": "DEBUG", "near_duplicate": "INFO"}
BINS = 128  # a power of two: the low bits of a shingle's hash choose its bin
# 16 bands of 8 rows: a pair with similarity 0.9 shares a band with p ≈ 0.9999, 0.85 with
# 0.994, 0.8 with 0.95; articles that merely share phrases (0.2-0.4) almost never do. With
# 4 rows, every article of a site with a house style became a candidate of every other,
# and each new article cost a scan growing with the store (measured on the demo site).
BAND_ROWS = 8
_MASK32 = 0xFFFFFFFF
_EMPTY = 1 << 32
_ROTATION = 0x9E3779B1  # odd: bins filled from different neighbours get different values
_WORD = re.compile(r"\w+")
_HASHER = hashlib.blake2b(digest_size=8)  # copied for each shingle, never updated


@lru_cache(maxsize=64)  # the store pipeline asks again for the body the dedupe just hashed
def body_signature(body: str) -> tuple[int, ...]:
    """MinHash signature of a text: equal positions estimate the Jaccard similarity of
    the two texts' sets of 4-word shingles (case and punctuation ignored)."""
    words = _WORD.findall(body.lower())
    if len(words) > SHINGLE_WORDS:  # each word with the next three; the shorter lists end it
        tails = (words[i:] for i in range(SHINGLE_WORDS))
        shingles = set(map(" ".join, zip(*tails, strict=False)))
    else:
        shingles = {" ".join(words)}
    hashes = _shingle_hashes(shingles)
    # Low bits choose the bin, high bits are the value: each bin keeps its smallest.
    mins: dict[int, int] = {}
    smallest = mins.get
    for h in hashes:
        slot, value = h & (BINS - 1), h >> 32
        if value < smallest(slot, _EMPTY):
            mins[slot] = value
    if len(mins) == BINS:  # every bin filled: an article of more than a few sentences
        return tuple(map(mins.__getitem__, range(BINS)))
    return _densified([mins.get(slot, _EMPTY) for slot in range(BINS)])


def _shingle_hashes(shingles: Iterable[str]) -> tuple[int, ...]:
    """Each shingle's 8-byte BLAKE2b as an integer (little-endian). A copy of one
    unkeyed hasher gives the same digest as a new ``blake2b(digest_size=8)`` at two
    thirds of its cost (no parameters to parse): the stored signatures do not change."""
    copy = _HASHER.copy
    digests = []
    for shingle in shingles:
        hasher = copy()
        hasher.update(shingle.encode())
        digests.append(hasher.digest())
    return struct.unpack(f"<{len(digests)}Q", b"".join(digests))


def _densified(mins: list[int]) -> tuple[int, ...]:
    """Empty bins take the next non-empty bin's value, shifted by the distance (rotation
    densification): two short texts do not look alike merely for both leaving bins empty."""
    filled = [i for i, value in enumerate(mins) if value != _EMPTY]
    if len(filled) == len(mins):
        return tuple(mins)
    out = list(mins)
    for i, value in enumerate(mins):
        if value == _EMPTY:
            distance = next(d for d in range(1, BINS) if mins[(i + d) % BINS] != _EMPTY)
            out[i] = (mins[(i + distance) % BINS] + distance * _ROTATION) & _MASK32
    return tuple(out)


def similarity(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated Jaccard similarity of two signatures' texts (0..1)."""
    if len(a) != len(b):
        raise ValueError(f"signatures of {len(a)} and {len(b)} values")
    return sum(map(eq, a, b)) / len(a)  # in C: a near-duplicate check compares a few


@lru_cache(maxsize=64)  # the store pipeline asks again for the bands the dedupe looked up
def band_keys(signature: tuple[int, ...], scope: str) -> tuple[int, ...]:
    """LSH band keys; ``scope`` (the site) is mixed in, so only a site's own articles match."""
    prefix = scope.encode() + b"\0"
    keys = []
    for start in range(0, len(signature), BAND_ROWS):
        band = struct.pack(f"<H{BAND_ROWS}I", start, *signature[start:start + BAND_ROWS])
        digest = hashlib.blake2b(prefix + band, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))  # SQLite INTEGER is signed
    return tuple(keys)


def nearest(signature: tuple[int, ...], candidates: list[Candidate],
            threshold: float) -> tuple[Candidate, float] | None:
    """The most similar candidate at or above the threshold."""
    scored = [(similarity(signature, c.signature), c) for c in candidates]
    best = max(scored, key=lambda pair: pair[0], default=None)
    return (best[1], best[0]) if best and best[0] >= threshold else None


class DedupePipeline:
    def __init__(self, crawler: Crawler, store: Ledger, threshold: float,
                 incremental: bool = True) -> None:
        self.crawler = crawler
        self.store = store
        self.threshold = threshold  # 0: no near-duplicate detection
        self.incremental = incremental
        self._seen: set[str] = set()
        self._told_other_site = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupePipeline:
        settings = crawler.settings
        return cls(crawler, CrawlLedger.of(crawler),
                   settings.getfloat("NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD", 0.8),
                   settings.getbool("NEWSCRAWL_INCREMENTAL", True))

    def _drop(self, reason: str, message: str) -> DropItem:
        self.crawler.stats.inc_value(f"newscrawl/dedupe/{reason}")
        return DropItem(message, log_level=_LOG_LEVELS[reason])

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._checked(item)
        except LedgerError as exc:
            ledger_failed(self.crawler, self.store, exc)
            raise DropItem(f"not checked against the store ({exc}); the next run fetches "
                           f"it again: {item['url']}") from None

    def _checked(self, item: dict[str, Any]) -> dict[str, Any]:
        url = item["url"]
        key = canonical_key(url)
        if key in self._seen:
            self.store.repeated(url)
            raise self._drop("duplicate_url", f"duplicate of an article already emitted: {url}")
        stored = self.store.get(url)
        if stored is not None:
            site = item.get("site") or ""
            moved = stored.site != site
            if moved:
                self._other_site(stored.site, site)
            if stored.differs(item):
                self.crawler.stats.inc_value("newscrawl/dedupe/new_version")
            elif not stored.was_delivered:  # its feed write failed, or a kill came first
                self.crawler.stats.inc_value("newscrawl/dedupe/undelivered")
            elif self.incremental:
                # Moved, it is found among its new site's articles (the store pipeline,
                # which does that for what it saves, never sees it).
                bands = band_keys(body_signature(item.get("body") or ""), site) if moved else None
                self.store.seen_again(url, site, bands)
                raise self._drop("seen_before", f"unchanged since an earlier run: {url}")
            else:
                self.crawler.stats.inc_value("newscrawl/dedupe/unchanged")
        elif self.threshold > 0:
            self._check_near_duplicate(item, key)
        self._seen.add(key)
        return item

    def _other_site(self, stored_as: str, site: str) -> None:
        """An article a crawl under another site name stored (generic mode, before the
        site had a definition): the ledger moves it to this site, whose next crawl then
        skips it instead of fetching it at every run."""
        self.crawler.stats.inc_value("newscrawl/dedupe/other_site")
        if not self._told_other_site:
            self._told_other_site = True
            logger.info("Articles stored by crawls of site %r are met by this crawl of %r: "
                        "they are %r's from now on, and delivered again only when changed "
                        "(-s NEWSCRAWL_INCREMENTAL=0 delivers them all)", stored_as, site, site)

    def _check_near_duplicate(self, item: dict[str, Any], key: str) -> None:
        signature = body_signature(item.get("body") or "")
        candidates = self.store.candidates(band_keys(signature, item.get("site") or ""), key)
        match = nearest(signature, candidates, self.threshold)
        if match is None:
            return
        original, score = match
        self.store.add_alias(item["url"], original.url, "near_duplicate", round(score, 3))
        raise self._drop(
            "near_duplicate",
            f"near-duplicate ({score:.0%} alike) of {original.url}, recorded as another "
            f"URL of it: {item['url']}",
        )
