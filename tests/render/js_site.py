"""A small news site in the demo's (SmartMag) layout whose article bodies need JavaScript.

Three kinds of article pages, all linked from one listing:

* ``/static/<n>/``: the body is in the HTML (the page also carries a theme script, so
  "has scripts" alone must not send a page to the browser);
* ``/live/<n>/``: ``<div class="post-content entry-content" data-src=…>Loading…</div>``,
  filled by a script from ``/api/article/<n>.json``;
* ``/guard/<n>/``: a JavaScript challenge ("Just a moment…") that sets a cookie and
  reloads; with the cookie the full article is served.

Served on 127.0.0.1 from a thread; ``body_of(url)`` is the expected body text.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

WORDS = (
    "markets", "rally", "as", "investors", "weigh", "central", "bank", "signals", "while",
    "bond", "yields", "ease", "and", "currency", "traders", "brace", "for", "volatile",
    "sessions", "ahead", "of", "the", "earnings", "season",
)


def paragraphs(kind: str, n: int) -> list[str]:
    return [
        " ".join(f"{WORDS[(n * 7 + p * 3 + i) % len(WORDS)]}" for i in range(18))
        + f" ({kind} article {n}, paragraph {p + 1})."
        for p in range(3)
    ]


THEME_SCRIPT = "<script>document.documentElement.classList.add('js');</script>"

FILL_SCRIPT = """<script>
document.addEventListener('DOMContentLoaded', () => {
  const box = document.querySelector('[data-src]');
  setTimeout(() => fetch(box.dataset.src).then((r) => r.json()).then((data) => {
    box.innerHTML = data.paragraphs.map((p) => '<p>' + p + '</p>').join('');
  }), 150);
});
</script>"""

CHALLENGE_PAGE = """<!doctype html><html lang="en"><head><title>Just a moment...</title>
<script>
setTimeout(() => { document.cookie = 'nc_pass=1; path=/'; location.reload(); }, 200);
</script></head>
<body><p>Checking your browser before accessing the site.</p>
<noscript>Enable JavaScript and cookies to continue</noscript></body></html>"""


def article_page(base: str, kind: str, n: int, body_html: str, extra: str = "") -> str:
    url = f"{base}/{kind}/{n}/"
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{kind.title()} story {n}</title><link rel="canonical" href="{url}">
<meta name="description" content="Summary of {kind} story {n}.">{THEME_SCRIPT}</head>
<body><div class="main"><article class="the-post">
<div class="the-post-header"><div class="cat-labels"><a href="{base}/">Markets</a></div>
<h1 class="post-title">{kind.title()} story {n}</h1>
<span class="post-author"><a href="{base}/author/a/">Ann Writer</a></span>
<time class="post-date" datetime="2026-11-0{1 + n % 9}T09:30:00-05:00">Nov</time></div>
{body_html}
</article></div>{extra}</body></html>"""


class JsSite:
    def __init__(self, n_static: int = 3, n_live: int = 3, n_guard: int = 1) -> None:
        self.counts = {"static": n_static, "live": n_live, "guard": n_guard}
        self.hits: dict[str, int] = {}
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.base_url = ""

    def article_urls(self, kind: str | None = None) -> list[str]:
        return [f"{self.base_url}/{k}/{n}/" for k, count in self.counts.items()
                if kind in (None, k) for n in range(1, count + 1)]

    def body_of(self, url: str) -> str:
        kind, n = url.rstrip("/").split("/")[-2:]
        return "\n\n".join(paragraphs(kind, int(n)))

    def _page(self, path: str, cookie: str) -> tuple[int, str, str]:
        base = self.base_url
        parts = [part for part in path.split("?")[0].split("/") if part]
        if not parts:
            links = "".join(f'<article class="l-post"><h2 class="post-title"><a href="{url}">'
                            f"{url}</a></h2></article>" for url in self.article_urls())
            return 200, "text/html", (
                f'<html lang="en"><body><nav class="navigation-main"><ul class="menu"></ul>'
                f'</nav><section class="loop">{links}</section></body></html>')
        if parts == ["robots.txt"]:
            return 200, "text/plain", "User-agent: *\nAllow: /\n"
        if len(parts) == 3 and parts[:2] == ["api", "article"] and parts[2].endswith(".json"):
            n = int(parts[2].removesuffix(".json"))
            return 200, "application/json", json.dumps({"paragraphs": paragraphs("live", n)})
        if len(parts) == 2 and parts[0] in self.counts and parts[1].isdigit():
            kind, n = parts[0], int(parts[1])
            if not 1 <= n <= self.counts[kind]:
                return 404, "text/html", "<html><body>Not found</body></html>"
            body = "".join(f"<p>{p}</p>" for p in paragraphs(kind, n))
            if kind == "live":
                box = (f'<div class="post-content entry-content" data-src="/api/article/{n}.json">'
                       "Loading…</div>")
                return 200, "text/html", article_page(base, kind, n, box, FILL_SCRIPT)
            if kind == "guard" and "nc_pass=1" not in cookie:
                return 200, "text/html", CHALLENGE_PAGE
            box = f'<div class="post-content entry-content">{body}</div>'
            return 200, "text/html", article_page(base, kind, n, box)
        return 404, "text/html", "<html><body>Not found</body></html>"

    def start(self) -> str:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with site._lock:
                    site.hits[self.path] = site.hits.get(self.path, 0) + 1
                status, ctype, text = site._page(self.path, self.headers.get("Cookie", ""))
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> JsSite:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
