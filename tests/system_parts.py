"""Skip-or-fail for tests that need a system part (redis-server, Chromium, WordPress…).

A plain module, imported as ``system_parts`` (tests/ is on ``sys.path``): test folders
without ``__init__.py`` all have a ``conftest`` module, so importing the root conftest
by name may find another one.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


def unavailable(message: str) -> NoReturn:
    """Skip a test whose system part is missing; a failure with NEWSCRAWL_REQUIRE_ALL=1."""
    if os.environ.get("NEWSCRAWL_REQUIRE_ALL") == "1":
        pytest.fail(message)
    pytest.skip(message)


def require_binary(name: str) -> str:
    """Path of a system binary; skip without it (a failure with NEWSCRAWL_REQUIRE_ALL=1)."""
    path = shutil.which(name)
    if path:
        return path
    unavailable(f"{name} is not installed (make test installs it when run as root)")
