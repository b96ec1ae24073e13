"""A tiny HTTP server for hostile pages: a fixed table of path → (status, headers, body)."""

from __future__ import annotations

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = tuple[int, list[tuple[str, str]], bytes]
NOT_FOUND: Route = (404, [("Content-Type", "text/html")], b"<html><body>Not found</body></html>")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def do_GET(self) -> None:
        status, headers, body = self.server.routes.get(self.path, NOT_FOUND)
        self.server.hits[self.path] = self.server.hits.get(self.path, 0) + 1
        self.server.arrivals.append((time.monotonic(), self.path))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The crawler may hang up on purpose (a page over its size limit).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Route]
    hits: dict[str, int]
    arrivals: list[tuple[float, str]]  # (time.monotonic(), path) of each request


class RouteServer:
    """Serves ``routes`` on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self) -> None:
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.routes = {}
        self.httpd.hits = {}
        self.httpd.arrivals = []
        self.port = self.httpd.server_port
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def routes(self) -> dict[str, Route]:
        return self.httpd.routes

    @property
    def hits(self) -> dict[str, int]:
        return self.httpd.hits

    @property
    def arrivals(self) -> list[tuple[float, str]]:
        return self.httpd.arrivals

    def __enter__(self) -> RouteServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
