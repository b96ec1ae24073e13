"""The demo site's content: deterministic synthetic articles built from ``content.json``.

Article ``i`` (0 = oldest) depends only on ``i``: a larger site only adds newer articles.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

DATA = Path(__file__).with_name("content.json")
# Articles with fixed, hostile titles (CSV formula characters at the start).
SPECIAL_TITLES = {
    5: "-3% slump in regional bank shares rattles investors",
    6: "+5% rally lifts crypto miners to a three-month high",
    8: "=SUM of fears: why index funds keep winning",
}
SERVER_ERROR_ONCE = 3  # this article answers 500 to its first request
NO_AUTHOR_EVERY, NO_AUTHOR_AT = 29, 11


@cache
def data() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Block:
    """One piece of an article body: p, h2, ul (items), quote, or figure."""

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()
    emphasis: bool = False  # first sentence in <strong>
    link: str | None = None  # a phrase of the text linked to another site
    image: str | None = None
    credit: str | None = None


@dataclass(frozen=True)
class Category:
    name: str
    slug: str


@dataclass(frozen=True)
class Article:
    index: int
    slug: str
    title: str  # without syndication suffix
    source: str | None
    authors: tuple[str, ...]
    published: datetime
    modified: datetime | None
    category: Category
    also_in: Category | None
    tags: tuple[str, ...]
    summary: str
    blocks: tuple[Block, ...]
    words: int = field(default=0)

    @property
    def display_title(self) -> str:
        return f"{self.title} By {self.source}" if self.source else self.title

    @property
    def path(self) -> str:
        return f"/{self.published:%Y/%m/%d}/{self.slug}/"

    @property
    def reading_time(self) -> int:
        return max(1, math.ceil(self.words / 200))

    def body_text(self) -> str:
        paragraphs: list[str] = []
        for block in self.blocks:
            if block.kind == "ul":
                paragraphs.extend(block.items)
            elif block.kind != "figure":
                paragraphs.append(block.text)
        return "\n\n".join(paragraphs)

    def images(self, base_url: str) -> list[dict[str, str | None]]:
        return [{"url": base_url + block.image, "caption": block.text, "credit": block.credit}
                for block in self.blocks if block.kind == "figure" and block.image]


def _sentence(rng: Random, d: dict[str, Any]) -> str:
    return f"{rng.choice(d['openers'])} {rng.choice(d['clauses'])}."


def _paragraph(rng: Random, d: dict[str, Any]) -> str:
    sentences = [_sentence(rng, d) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.5:
        sentences.append(rng.choice(d["closers"]))
    return " ".join(sentences)


def _blocks(i: int, rng: Random, d: dict[str, Any], published: datetime, slug: str
            ) -> list[Block]:
    blocks = [Block("p", _paragraph(rng, d), emphasis=True)]
    for n in range(rng.randint(3, 7)):
        text = _paragraph(rng, d)
        if n == 0 and i % 4 == 0:
            text += " The full figures are in the quarterly report."
            blocks.append(Block("p", text, link="quarterly report"))
        else:
            blocks.append(Block("p", text))
        if n == 1 and i % 3 != 2:
            blocks.append(Block("h2", rng.choice(d["subheadings"])))
        if n == 1 and i % 2 == 0:
            blocks.append(Block("ul", items=tuple(rng.sample(d["list_items"], 3))))
        if n == 2 and i % 3 == 0:
            blocks.append(Block("quote", rng.choice(d["quotes"])))
    figures = 0 if i % 5 == 0 else 2 if i % 9 == 0 else 1
    for k in range(figures):
        credit = rng.choice(d["credits"]) if i % 6 else None
        image = f"/wp-content/uploads/{published:%Y/%m}/{slug}-{k + 1}.jpg"
        blocks.insert(1 + 2 * k, Block("figure", rng.choice(d["captions"]), image=image,
                                       credit=credit))
    return blocks


def _updated(blocks: list[Block]) -> list[Block]:
    return [*blocks, Block("p", "Update: this article was revised with the latest figures "
                                "after publication.")]


def build_article(i: int, revised: bool = False) -> Article:
    d = data()
    rng = Random(f"article-{i}")
    tz = ZoneInfo(d["timezone"])
    start = datetime.fromisoformat(d["first_published"])
    published = (start + timedelta(hours=i * d["hours_between_articles"],
                                   minutes=(i * 37) % 60)).replace(tzinfo=tz)
    subjects, moves, reasons = d["subjects"], d["moves"], d["reasons"]
    title = SPECIAL_TITLES.get(i) or (
        f"{subjects[i % len(subjects)]} {moves[(i // len(subjects)) % len(moves)]} "
        f"{reasons[(i * 3 + i // 7) % len(reasons)]}"
    )
    slug = slugify(title) if i < 1280 else f"{slugify(title)}-{i // 1280 + 1}"
    categories = [Category(name, slug_) for name, slug_ in d["categories"]]
    category = categories[rng.randrange(len(categories))]
    also_in = categories[(categories.index(category) + 1) % len(categories)] \
        if i % 10 == 3 else None
    if i % NO_AUTHOR_EVERY == NO_AUTHOR_AT:
        authors: tuple[str, ...] = ()
    elif i % 15 == 2:
        authors = tuple(rng.sample(d["authors"], 2))
    else:
        authors = (rng.choice(d["authors"]),)
    source = d["sources"][i % len(d["sources"])] if i % 12 == 4 else None
    modified = published + timedelta(hours=26) if i % 7 == 1 else None
    blocks = _blocks(i, rng, d, published, slug)
    if revised:
        blocks = _updated(blocks)
        modified = published + timedelta(days=3)
    tags = tuple(rng.sample(d["tags"], rng.randint(1, 4)))
    summary = f"{title[0].upper()}{title[1:]}. {_sentence(rng, d)}"
    article = Article(i, slug, title, source, authors, published, modified, category, also_in,
                      tags, summary, tuple(blocks))
    return Article(**{**article.__dict__, "words": len(article.body_text().split())})


@dataclass
class DemoSite:
    articles: list[Article]  # newest first
    categories: list[Category]

    def in_category(self, slug: str) -> list[Article]:
        return [a for a in self.articles
                if a.category.slug == slug or (a.also_in and a.also_in.slug == slug)]

    def by_path(self) -> dict[str, Article]:
        return {article.path: article for article in self.articles}


def load_site(n_articles: int = 240, revised: frozenset[str] = frozenset()) -> DemoSite:
    """The site with ``n_articles`` articles; slugs in ``revised`` carry an update."""
    articles = [build_article(i) for i in range(n_articles)]
    articles = [build_article(a.index, revised=True) if a.slug in revised else a
                for a in articles]
    categories = [Category(name, slug) for name, slug in data()["categories"]]
    return DemoSite(articles[::-1], categories)


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def truth_record(article: Article, base_url: str) -> dict[str, Any]:
    """What a perfect crawl emits for the article, in the item schema's key order."""
    from newscrawl.schema import FIELDS

    body = article.body_text()
    record = {
        "url": base_url + article.path,
        "site": "demo",
        "title": article.title,
        "authors": list(article.authors),
        "published": iso(article.published),
        "modified": iso(article.modified),
        "category": article.category.name,
        "tags": list(article.tags),
        "summary": article.summary,
        "body": body,
        "images": article.images(base_url),
        "source": article.source,
        "language": "en",
        "reading_time": article.reading_time,
        "word_count": len(body.split()),
        "scraped_at": None,
        "provenance": {},
    }
    return {name: record[name] for name in FIELDS}
