"""The demo site's web server: standard library only, one thread per request."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from typing import Any
from urllib.parse import parse_qs, urlsplit

from newscrawl.demo import xml
from newscrawl.demo.content import SERVER_ERROR_ONCE, load_site
from newscrawl.demo.themes import make_theme
from newscrawl.demo.themes.base import Theme, e

HTML = "text/html; charset=UTF-8"
IMAGES = {".jpg": ("image/jpeg", "placeholder.jpg"), ".jpeg": ("image/jpeg", "placeholder.jpg"),
          ".png": ("image/png", "placeholder.png")}
_API = re.compile(r"^/api/article/(\d+)\.json$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

Response = tuple[int, str, bytes]


def _image(path: str) -> Response | None:
    suffix = path[path.rfind("."):].lower()
    if suffix not in IMAGES:
        return None
    ctype, name = IMAGES[suffix]
    return 200, ctype, files(__package__).joinpath("static", name).read_bytes()


class DemoSiteApp:
    """Routes a request target to (status, content type, body); no sockets, for benchmarks."""

    def __init__(self, n_articles: int, base_url: str, revised: Iterable[str] = (),
                 theme: str = "finance", js_articles: int = 0, seed: int = 0) -> None:
        self.site = load_site(n_articles, revised, js_articles, seed)
        self.theme: Theme = make_theme(theme, self.site, base_url)
        self.base = base_url
        # The article that fails once, as a server under load sometimes does.
        self.error_path = next((self.theme.article_path(a) for a in self.site.articles
                                if a.index == SERVER_ERROR_ONCE and not a.live), None)
        self._errored = False
        self._lock = threading.Lock()

    def handle(self, target: str) -> Response:
        parts = urlsplit(target)
        path = parts.path
        if path == self.error_path:
            with self._lock:
                first, self._errored = not self._errored, True
            if first:
                return 500, HTML, b"<html><body><h1>Internal Server Error</h1></body></html>"
        if path.startswith(self.theme.image_prefix):
            image = _image(path)
            if image:
                return image
        document = xml.DOCUMENTS.get(path)
        if document:
            return 200, "application/xml; charset=UTF-8", document(self.theme).encode()
        if path == "/robots.txt":
            robots = (f"User-agent: *\nDisallow: /wp-admin/\nDisallow: /api/\n\n"
                      f"Sitemap: {self.base}/sitemap.xml\n")
            return 200, "text/plain; charset=UTF-8", robots.encode()
        api = _API.match(path)
        if api:
            return self._api(int(api[1]))
        query = parse_qs(parts.query)
        html = self._calendar(query) if path == "/calendar/" else self.theme.route(path, query)
        if html is None:
            return 404, HTML, self.theme.not_found().encode()
        return 200, HTML, html.encode()

    def _api(self, article_id: int) -> Response:
        """The body of a live article, which its page loads with JavaScript."""
        article = next((a for a in self.site.articles if a.live and a.id == article_id), None)
        if article is None:
            return 404, "application/json", b'{"error": "not found"}'
        story = {"id": article.id, "paragraphs": article.paragraphs()}
        return 200, "application/json", json.dumps(story, ensure_ascii=False).encode()

    def _calendar(self, query: dict[str, list[str]]) -> str:
        """A crawler trap: an archive calendar whose every month links to the next and previous."""
        newest = self.site.articles[0].published if self.site.articles else None
        month = query.get("month", [f"{newest:%Y-%m}" if newest else "2024-01"])[0]
        match = _MONTH.match(month)
        year, number = (int(match[1]), int(match[2])) if match else (2024, 1)
        before = f"{year - (number == 1)}-{12 if number == 1 else number - 1:02d}"
        after = f"{year + (number == 12)}-{1 if number == 12 else number + 1:02d}"
        label = f"{year}-{number:02d}"
        main = (f'<div class="calendar"><h1>Archive: {e(label)}</h1>'
                f'<a class="prev" href="/calendar/?month={before}">« Previous month</a> '
                f'<a class="next" href="/calendar/?month={after}">Next month »</a></div>')
        return self.theme.page(f"Archive {label} - {self.theme.name}", main)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, send_body: bool) -> None:
        status, ctype, body = self.server.app.handle(self.path)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass  # a crawl makes thousands of requests; the crawler's log is the record


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    app: DemoSiteApp


class DemoServer:
    """The demo site on ``host:port`` (0 = a free port) in a background thread.

    ``revised``: slugs of articles updated after publication; ``js_articles``: how many
    "Live Markets" articles whose body only JavaScript loads; ``seed``: which articles the
    site publishes.
    """

    def __init__(self, n_articles: int = 240, theme: str = "finance", host: str = "127.0.0.1",
                 port: int = 0, revised: Iterable[str] = (), js_articles: int = 0,
                 seed: int = 0) -> None:
        self.httpd = _Server((host, port), _Handler)
        self.base_url = f"http://{host}:{self.httpd.server_port}"
        self._site = {"n_articles": n_articles, "theme": theme, "js_articles": js_articles,
                      "seed": seed}
        self.httpd.app = DemoSiteApp(base_url=self.base_url, revised=revised, **self._site)
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def app(self) -> DemoSiteApp:
        return self.httpd.app

    def change(self, n_articles: int | None = None, revised: Iterable[str] = ()) -> None:
        """The same site at the same address, changed as a real site changes between two
        crawls: ``n_articles`` published by now, ``revised`` (slugs) updated since."""
        if n_articles is not None:
            self._site["n_articles"] = n_articles
        self.httpd.app = DemoSiteApp(base_url=self.base_url, revised=revised, **self._site)

    def start(self) -> str:
        """Serve in the background; the base URL, e.g. ``http://127.0.0.1:PORT``."""
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
