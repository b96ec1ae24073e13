"""What every theme of the demo site shares: escaping, dates, page lookup and body blocks.

A theme owns the site's URLs and HTML; the content (``DemoSite``) is the same in every
theme, so one ground truth describes them all up to the URLs.
"""

from __future__ import annotations

import re
from datetime import datetime
from html import escape
from typing import Any, ClassVar

from newscrawl.demo.content import Article, Block, DemoSite, data, iso, slugify

PER_PAGE = 10
STATIC = {
    "/contact/": ("Contact Us", "Write to the newsroom at the address below."),
    "/privacy-policy/": ("Privacy Policy", "We keep as little data about readers as we can."),
    "/terms-of-service/": ("Terms Of Service", "Using this site means accepting these terms."),
}
SOCIAL = (("Facebook", "https://www.facebook.com/demofinance"),
          ("X (Twitter)", "https://x.com/demofinance"),
          ("Instagram", "https://www.instagram.com/demofinance"))
EXTERNAL_REPORT = "https://www.example.com/reports/quarterly"
# Fills a "Live Markets" body from the JSON endpoint: only a browser sees these paragraphs.
LIVE_SCRIPT = """<script>
(function () {
  var box = document.querySelector("[data-src]");
  fetch(box.getAttribute("data-src")).then(function (r) { return r.json(); })
    .then(function (story) {
      box.textContent = "";
      story.paragraphs.forEach(function (text) {
        var p = document.createElement("p");
        p.textContent = text;
        box.appendChild(p);
      });
    });
})();
</script>"""


def e(text: str) -> str:
    """Escaped text, with curly quotes as numeric entities as WordPress writes them."""
    return (escape(text, quote=True).replace("’", "&#8217;").replace("“", "&#8220;")
            .replace("”", "&#8221;"))


def long_date(moment: datetime) -> str:
    return f"{moment:%B} {moment.day}, {moment.year}"


def page_number(query: dict[str, list[str]]) -> int | None:
    """``?page=N`` (1 without it); None for a malformed number, which answers 404."""
    value = query.get("page", ["1"])[0]
    return int(value) if re.fullmatch(r"[1-9]\d{0,5}", value) else None


class Theme:
    """One look of the demo site: its URLs and its HTML."""

    key: ClassVar[str]
    image_prefix: ClassVar[str] = "/wp-content/uploads/"
    dead_link: ClassVar[str | None] = None  # linked from every page, answers 404

    def __init__(self, site: DemoSite, base_url: str) -> None:
        self.site = site
        self.base = base_url
        self.name: str = data()["site_name"]
        self.articles = {self.article_path(a): a for a in site.articles}

    # -- URLs ------------------------------------------------------------------------
    def article_path(self, article: Article) -> str:
        raise NotImplementedError

    def category_path(self, slug: str) -> str:
        raise NotImplementedError

    def article_url(self, article: Article) -> str:
        return self.base + self.article_path(article)

    def image_path(self, block: Block) -> str:
        return f"{self.image_prefix}{block.image}"

    def images(self, article: Article) -> list[dict[str, Any]]:
        """The article's in-body images as the item schema has them."""
        return [{"url": self.base + self.image_path(block), "caption": block.text,
                 "credit": block.credit} for block in article.figures()]

    # -- pages -----------------------------------------------------------------------
    def route(self, path: str, query: dict[str, list[str]]) -> str | None:
        """The HTML at ``path``, or None for a 404."""
        if path in STATIC:
            return self.static(*STATIC[path])
        return None

    def page(self, title: str, main: str, head: str = "", body_class: str = "") -> str:
        raise NotImplementedError

    def static(self, title: str, text: str) -> str:
        return self.page(f"{title} - {self.name}",
                         f'<div class="page-content"><h1>{e(title)}</h1><p>{e(text)}</p></div>',
                         body_class="page")

    def not_found(self) -> str:
        return self.static("Page not found", "Nothing was found at this address.")

    # -- article bodies --------------------------------------------------------------
    def block(self, block: Block) -> str:
        """A body block as WordPress's classic editor writes it; themes restyle a few."""
        if block.kind == "h2":
            return f"<h2>{e(block.text)}</h2>"
        if block.kind == "ul":
            return "<ul>" + "".join(f"<li>{e(item)}</li>" for item in block.items) + "</ul>"
        if block.kind == "quote":
            return f'<blockquote class="wp-block-quote"><p>{e(block.text)}</p></blockquote>'
        if block.kind == "figure":
            return self.figure(block)
        return f"<p>{self.inline(block)}</p>"

    def figure(self, block: Block) -> str:
        credit = f' <span class="credit">{e(block.credit)}</span>' if block.credit else ""
        return (f'<figure class="wp-caption"><img src="{self.image_path(block)}" '
                f'alt="{e(block.text)}"><figcaption class="wp-caption-text">{e(block.text)}'
                f'{credit}</figcaption></figure>')

    @staticmethod
    def inline(block: Block) -> str:
        """A paragraph's text with its inline markup: a bold lead sentence, outside links."""
        text = e(block.text)
        if block.emphasis:
            first, sep, rest = block.text.partition(". ")
            text = f"<strong>{e(first + sep.rstrip())}</strong> {e(rest)}" if rest else text
        if block.link:
            text = text.replace(e(block.link), f'<a href="{EXTERNAL_REPORT}" target="_blank" '
                                               f'rel="noopener">{e(block.link)}</a>')
        return text

    def body(self, article: Article, container: str, tail: str = "") -> str:
        """The body container (``container``: its attributes) with the blocks, then ``tail``.

        A live article's container is empty: an inline script fills it from the JSON API.
        """
        if article.live:
            return (f'<div {container} data-src="/api/article/{article.id}.json">Loading…</div>'
                    f"\n{LIVE_SCRIPT}")
        return f"<div {container}>{''.join(self.block(b) for b in article.blocks)}{tail}</div>"

    @staticmethod
    def time(article: Article, css: str = "") -> str:
        klass = f' class="{css}"' if css else ""
        return (f'<time{klass} datetime="{iso(article.published)}">'
                f"{long_date(article.published)}</time>")


def numbered(count: int, per_page: int = PER_PAGE) -> int:
    """How many listing pages ``count`` entries take (at least one)."""
    return max(1, -(-count // per_page))


_PAGED = re.compile(r"^(?P<base>/(?:(?:category|tag|author)/[^/]+/)?)(?:page/(?P<n>[1-9]\d*)/)?$")


class WordPressTheme(Theme):
    """WordPress permalinks: ``/YYYY/MM/DD/slug/``, ``/category/<slug>/page/N/``, …"""

    def article_path(self, article: Article) -> str:
        return f"/{article.published:%Y/%m/%d}/{article.slug}/"

    def category_path(self, slug: str) -> str:
        return f"/category/{slug}/"

    @staticmethod
    def page_url(base: str, n: int) -> str:
        return base if n == 1 else f"{base}page/{n}/"

    def route(self, path: str, query: dict[str, list[str]]) -> str | None:
        if path in self.articles:
            return self.article(self.articles[path])
        match = _PAGED.match(path)
        found = self.archive(match["base"]) if match else None
        if not match or found is None:
            return super().route(path, query)
        heading, articles = found
        page_no = int(match["n"] or 1)
        if page_no > numbered(len(articles)):
            return None
        return self.listing(heading, match["base"], articles, page_no)

    def archive(self, base: str) -> tuple[str, list[Article]] | None:
        """Heading and entries (newest first) of a listing, None when there is no such one."""
        if base == "/":
            return "Latest News", self.site.articles
        kind, slug = base.strip("/").split("/")
        if kind == "category":
            category = self.site.category(slug)
            return (category.name, self.site.in_category(slug)) if category else None
        found = self.site.with_tag(slug) if kind == "tag" else self.site.by_author(slug)
        if not found:
            return None
        names = found[0].tags if kind == "tag" else found[0].authors
        return next(name for name in names if slugify(name) == slug), found

    def article(self, article: Article) -> str:
        raise NotImplementedError

    def listing(self, heading: str, base: str, articles: list[Article], page_no: int) -> str:
        raise NotImplementedError
