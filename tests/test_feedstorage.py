"""Feed files written in delivery batches: whole batches or nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from newscrawl.feedstorage import BatchFile
from tests.conftest import ROOT


def test_nothing_reaches_the_file_before_its_batch_is_delivered(tmp_path):
    path = tmp_path / "feed.jsonl"
    feed = BatchFile(path, overwrite=True)
    feed.write(b'{"n": 1}\n')
    assert path.read_bytes() == b""
    feed.deliver()
    feed.settle()
    feed.write(b'{"n": 2}\n')
    feed.rollback()  # the store could not record the batch: it is taken back
    feed.close()
    assert path.read_bytes() == b'{"n": 1}\n'


def test_appending_keeps_what_was_there(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"n": 0}\n')
    feed = BatchFile(path, overwrite=False)
    feed.write(b'{"n": 1}\n')
    feed.close()
    assert path.read_bytes() == b'{"n": 0}\n{"n": 1}\n'


# Batches of 40 lines of ~1 kB in a file limited to 100 kB: the third batch does not fit.
_FILL = """
import sys
from pathlib import Path
from newscrawl.feedstorage import BatchFile
feed = BatchFile(Path(sys.argv[1]), overwrite=True)
line = b'{"body": "' + b"x" * 1000 + b'"}\\n'
for batch in range(5):
    for _ in range(40):
        feed.write(line)
    try:
        feed.deliver()
    except OSError as exc:
        print(exc)
        break
    feed.settle()
feed.close()
"""


def test_a_batch_that_does_not_fit_is_taken_back_whole(tmp_path):
    path = tmp_path / "feed.jsonl"
    # Python ignores SIGXFSZ: a write past the limit fails with EFBIG, as on a full disk.
    out = subprocess.run(["prlimit", "--fsize=100000", sys.executable, "-c", _FILL, str(path)],
                         capture_output=True, text=True, cwd=ROOT, check=True,
                         env={"PYTHONPATH": str(ROOT)}).stdout
    assert "File too large" in out and str(path) in out
    lines = Path(path).read_text().splitlines()
    assert len(lines) == 80  # two whole batches, no half line
    assert all(json.loads(line) for line in lines)
