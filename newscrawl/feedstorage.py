"""Local feed files written in delivery batches, whole or not at all.

Items are exported into memory and reach the file when their batch is delivered
(``newscrawl.extensions.feeds``): only then are they recorded in the store and the seen
state. A write that fails (disk full, a read-only folder) takes the file back to the end of
the last delivered batch, so a feed never ends in half a line and never holds an item that
the next run would not know to deliver again.
"""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path
from typing import Any

from scrapy.extensions.feedexport import FileFeedStorage


class BatchFile(io.RawIOBase):
    """A file open for writing whose writes wait in memory until ``deliver()``."""

    def __init__(self, path: Path, overwrite: bool) -> None:
        super().__init__()
        self.path = path
        flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_APPEND)
        try:
            self._fd = os.open(path, flags, 0o644)
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        self._delivered = os.lseek(self._fd, 0, os.SEEK_END)
        # Opened to append to a file that holds a feed already: no second header row.
        self.continues = self._delivered > 0
        self._pending = bytearray()
        self._broken = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self._broken:
            raise OSError(errno.EIO, "an earlier write failed", str(self.path))
        self._pending += data
        return len(data)

    def deliver(self) -> None:
        """Write what is pending; on failure truncate back and raise (naming the file)."""
        written = 0
        try:
            with memoryview(self._pending) as pending:
                while written < len(pending):
                    written += os.write(self._fd, pending[written:])
        except OSError as exc:
            self.rollback()
            raise OSError(exc.errno, exc.strerror, str(self.path)) from None
        self._pending.clear()

    def settle(self) -> None:
        """What was written belongs to a delivered batch: no rollback takes it back."""
        self._delivered = os.lseek(self._fd, 0, os.SEEK_END)

    @property
    def broken(self) -> bool:
        return self._broken

    def discard(self) -> None:
        """Back to the end of the last delivered batch; later batches are welcome."""
        self._pending.clear()
        os.ftruncate(self._fd, self._delivered)
        # A file opened to be replaced (not O_APPEND) writes at its offset: left past the
        # end, the next batch would follow a hole of NUL bytes.
        os.lseek(self._fd, self._delivered, os.SEEK_SET)

    def rollback(self) -> None:
        """Back to the end of the last delivered batch, for good: the file takes no more."""
        self.discard()
        self._broken = True

    def flush(self) -> None:
        """Nothing: ``io`` calls this on every ``close()``; only ``deliver()`` writes."""

    def close(self) -> None:
        if not self.closed:
            try:
                if not self._broken:
                    self.deliver()  # what an exporter writes last (a JSON array's "]")
            finally:
                os.close(self._fd)
                super().close()


class BatchFileFeedStorage(FileFeedStorage):
    def open(self, spider: Any) -> BatchFile:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return BatchFile(path, overwrite=self.write_mode == "wb")
