"""Fixtures for tests against a real WordPress: see wp_server.WordPressServer.

This directory is a package (``__init__.py``), so this conftest is ``wordpress.conftest``
and does not shadow the root one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from system_parts import unavailable

from .wp_server import ApiMode, WordPressServer, missing_parts


def require_wordpress(theme: str) -> None:
    """Everything a WordPressServer runs: Debian's packages, and root for /etc/wordpress."""
    if reason := missing_parts(theme):
        unavailable(reason)


@pytest.fixture(scope="session")
def wordpress() -> Iterator[Callable[..., WordPressServer]]:
    """Shared servers for tests that only read: ``wordpress(posts=30, theme=...,
    pretty_permalinks=..., api=...)``. One server per (posts, theme, pretty_permalinks),
    started on first use and stopped at the end of the session; each call sets its API mode,
    so a test gets the mode it asks for whatever the test before it asked."""
    servers: dict[tuple[int, str, bool], WordPressServer] = {}

    def get(posts: int = 30, *, theme: str = "twentytwentyone",
            pretty_permalinks: bool = True, api: ApiMode = "open") -> WordPressServer:
        key = (posts, theme, pretty_permalinks)
        if key not in servers:
            require_wordpress(theme)
            servers[key] = WordPressServer(posts, theme=theme,
                                           pretty_permalinks=pretty_permalinks).start()
        servers[key].set_api(api)
        return servers[key]

    yield get
    for server in servers.values():
        server.stop()


@pytest.fixture
def own_wordpress() -> Iterator[Callable[..., WordPressServer]]:
    """A test's own servers, for tests that add or modify posts; stopped when it ends.
    Takes WordPressServer's arguments."""
    servers: list[WordPressServer] = []

    def make(posts: int = 30, **options: Any) -> WordPressServer:
        require_wordpress(options.get("theme", "twentytwentyone"))
        servers.append(WordPressServer(posts, **options).start())
        return servers[-1]

    yield make
    for server in servers:
        server.stop()
