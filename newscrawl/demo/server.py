"""The demo site's web server: standard library only, one thread per request."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from newscrawl.demo import xml
from newscrawl.demo.content import SERVER_ERROR_ONCE, load_site, slugify
from newscrawl.demo.render import Theme

# A 1×1 transparent GIF: every image URL of the site answers with it.
PIXEL = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c0000000001000100"
                      "0002024401003b")
STATIC = {
    "/contact/": ("Contact Us", "Write to the newsroom at the address below."),
    "/privacy-policy/": ("Privacy Policy", "We keep as little data about readers as we can."),
    "/terms-of-service/": ("Terms Of Service", "Using this site means accepting these terms."),
}
_PAGED = re.compile(r"^(?P<base>/(?:(?:category|tag|author)/[^/]+/)?)(?:page/(?P<n>\d+)/)?$")


class DemoSiteApp:
    """Routes a path to (status, content type, body)."""

    def __init__(self, n_articles: int, base_url: str, revised: frozenset[str]) -> None:
        self.site = load_site(n_articles, revised)
        self.theme = Theme(self.site, base_url)
        self.base = base_url
        self.pages = self.site.by_path()
        self.error_path = next((a.path for a in self.site.articles
                                if a.index == SERVER_ERROR_ONCE), None)
        self._errored = False
        self._lock = threading.Lock()

    def handle(self, target: str) -> tuple[int, str, bytes]:
        parts = urlsplit(target)
        path = parts.path
        if path == self.error_path:
            with self._lock:
                first, self._errored = not self._errored, True
            if first:
                return 500, "text/html", b"<html><body>Internal Server Error</body></html>"
        if path.startswith("/wp-content/uploads/"):
            return 200, "image/gif", PIXEL
        handler = self._xml.get(path)
        if handler:
            return 200, "application/xml", handler(self).encode()
        if path == "/robots.txt":
            robots = f"User-agent: *\nDisallow: /wp-admin/\nSitemap: {self.base}/sitemap.xml\n"
            return 200, "text/plain", robots.encode()
        html = self._html(path, parse_qs(parts.query))
        if html is None:
            return 404, "text/html; charset=utf-8", self.theme.static(
                "Page not found", "Nothing was found at this address.").encode()
        return 200, "text/html; charset=utf-8", html.encode()

    _xml = {
        "/feed/": lambda app: xml.rss(app.site, app.base, app.theme.name),
        "/sitemap.xml": lambda app: xml.sitemap_index(app.base),
        "/post-sitemap.xml": lambda app: xml.post_sitemap(app.site, app.base),
        "/page-sitemap.xml": lambda app: xml.page_sitemap(app.base),
        "/category-sitemap.xml": lambda app: xml.category_sitemap(app.site, app.base),
        "/news-sitemap.xml": lambda app: xml.news_sitemap(app.site, app.base, app.theme.name),
    }

    def _html(self, path: str, query: dict[str, list[str]]) -> str | None:
        if path in self.pages:
            return self.theme.article(self.pages[path])
        if path in STATIC:
            return self.theme.static(*STATIC[path])
        if path == "/calendar/":
            return self._calendar(query.get("month", ["2024-01"])[0])
        match = _PAGED.match(path)
        if not match:
            return None
        base, page_no = match["base"], int(match["n"] or 1)
        heading, articles = self._listing(base)
        if articles is None:
            return None
        return self.theme.listing(heading, base, articles, page_no)

    def _listing(self, base: str) -> tuple[str, list | None]:
        if base == "/":
            return "Latest News", self.site.articles
        kind, slug = base.strip("/").split("/")
        if kind == "category":
            name = next((c.name for c in self.site.categories if c.slug == slug), None)
            return (name or "", self.site.in_category(slug) if name else None)
        if kind == "tag":
            found = [a for a in self.site.articles if slug in map(slugify, a.tags)]
        else:
            found = [a for a in self.site.articles if slug in map(slugify, a.authors)]
        return slug.replace("-", " ").title(), found or None

    def _calendar(self, month: str) -> str:
        """An endless archive calendar: every month links to the one before and after."""
        if not re.fullmatch(r"\d{4}-\d{2}", month):
            month = "2024-01"
        year, number = map(int, month.split("-"))
        before = f"{year - (number == 1)}-{12 if number == 1 else number - 1:02d}"
        after = f"{year + (number == 12)}-{1 if number == 12 else number + 1:02d}"
        main = (f'<h1>Archive: {month}</h1><a href="/calendar/?month={before}">Previous month</a>'
                f' <a href="/calendar/?month={after}">Next month</a>')
        return self.theme.page(f"Archive {month}", main)


class _Handler(BaseHTTPRequestHandler):
    app: DemoSiteApp
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        status, ctype, body = self.server.app.handle(self.path)  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass  # a crawl makes thousands of requests; the crawler's log is the record


class DemoServer:
    """The demo site on ``host:port`` (0 = a free port) in a background thread."""

    def __init__(self, n_articles: int = 240, host: str = "127.0.0.1", port: int = 0,
                 revised: frozenset[str] | set[str] = frozenset()) -> None:
        self.httpd = ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.base_url = f"http://{host}:{self.httpd.server_port}"
        self.httpd.app = DemoSiteApp(n_articles, self.base_url, frozenset(revised))  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> str:
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> DemoServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
