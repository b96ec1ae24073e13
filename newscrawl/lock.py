"""One crawl per site and state folder at a time (``NEWSCRAWL_STATE_DIR``)."""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path

from scrapy.settings import BaseSettings

from newscrawl.args import site_path


class CrawlLocked(Exception):
    """Another process is crawling the same site with the same state."""


class CrawlLock:
    """One crawl per site and state folder at a time: a second one would overwrite the
    first one's feeds and interleave its seen state.

    The lock is ``flock`` on ``<state dir>/<site>.lock``: the kernel releases it when its
    process ends, however it ends, so a killed crawl's lock is free at once. The file says
    who holds it and since when, for the message of the crawl that is turned away.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self._fd, 200, 0).decode(errors="replace").strip()
            os.close(self._fd)
            raise CrawlLocked(f"{path} is held by {holder or 'another crawl'}") from None
        os.ftruncate(self._fd, 0)
        started = datetime.now(UTC).isoformat(timespec="seconds")
        os.pwrite(self._fd, f"pid {os.getpid()} since {started}\n".encode(), 0)

    @classmethod
    def for_site(cls, settings: BaseSettings, site: str) -> CrawlLock:
        return cls(Path(settings["NEWSCRAWL_STATE_DIR"]) / site_path("%(site)s.lock", site))

    def release(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = -1
