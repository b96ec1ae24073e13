"""The demo site's content: deterministic synthetic articles built from ``content.json``.

Article ``i`` (0 = oldest) depends only on ``i`` and the site's ``seed`` (its own seeded
``Random``, no clock, no hash randomization): a larger site only adds newer articles, so
incremental crawls can be tested by restarting the server with more articles, and sites with
different seeds (``serve --sites N``) publish different articles on the same schedule (the
hostile ``SPECIAL_TITLES`` are on every site).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from functools import cache, cached_property
from importlib.resources import files
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

# Articles with fixed, hostile titles (CSV formula characters at the start).
SPECIAL_TITLES = {
    5: "-3% slump in regional bank shares rattles investors",
    6: "+5% rally lifts crypto miners to a three-month high",
    8: "=SUM of fears: why index funds keep winning",
}
SERVER_ERROR_ONCE = 3  # this article answers 500 to its first request
NO_AUTHOR_EVERY, NO_AUTHOR_AT = 29, 11
UPDATE_NOTE = "Update: this article was revised with the latest figures after publication."
LIVE_ID_BASE, ARTICLE_ID_BASE = 900000, 100000
# How far one seed rotates the titles: sites of up to 257 articles with seeds 0-4 share no
# title (but the special ones). There are 1,280 titles; bodies differ with every seed.
SEED_TITLE_STEP = 257


@cache
def data() -> dict[str, Any]:
    """``content.json``, read as package data (Scrapyd runs the project from a zipped egg)."""
    return json.loads(files(__package__).joinpath("content.json").read_text(encoding="utf-8"))


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the site's offset, seconds precision: the format of the ground truth."""
    return moment.isoformat(timespec="seconds") if moment else None


@dataclass(frozen=True)
class Block:
    """One piece of an article body: p, h2, ul (items), quote, or figure."""

    kind: str
    text: str = ""
    items: tuple[str, ...] = ()
    emphasis: bool = False  # first sentence in <strong>
    link: str | None = None  # a phrase of the text linked to another site
    image: str | None = None  # path below the theme's upload folder, e.g. 2024/12/slug-1.jpg
    credit: str | None = None


@dataclass(frozen=True)
class Category:
    name: str
    slug: str


@dataclass(frozen=True)
class Article:
    index: int  # position among its kind, 0 = oldest
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
    live: bool = False  # body loaded by JavaScript from /api/article/<id>.json

    @property
    def id(self) -> int:
        """A numeric id, for the URLs of themes that use one (``/news/<id>-<slug>``)."""
        return (LIVE_ID_BASE if self.live else ARTICLE_ID_BASE) + self.index

    @property
    def display_title(self) -> str:
        return f"{self.title} By {self.source}" if self.source else self.title

    def paragraphs(self) -> list[str]:
        """The body's text blocks in order: each p, heading, list item and quote."""
        paragraphs: list[str] = []
        for block in self.blocks:
            if block.kind == "ul":
                paragraphs.extend(block.items)
            elif block.kind != "figure":
                paragraphs.append(block.text)
        return paragraphs

    def body_text(self) -> str:
        return "\n\n".join(self.paragraphs())

    @property
    def words(self) -> int:
        return len(self.body_text().split())

    @property
    def reading_time(self) -> int:
        return max(1, math.ceil(self.words / 200))

    def figures(self) -> list[Block]:
        return [block for block in self.blocks if block.kind == "figure"]


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
        image = f"{published:%Y/%m}/{slug}-{k + 1}.jpg"
        blocks.insert(1 + 2 * k, Block("figure", rng.choice(d["captions"]), image=image,
                                       credit=credit))
    return blocks


def _title(i: int, d: dict[str, Any], seed: int) -> str:
    """Unique for the first subjects * moves * reasons articles (a bijection on that range,
    which a seed rotates)."""
    if i in SPECIAL_TITLES:
        return SPECIAL_TITLES[i]
    subjects, moves, reasons = d["subjects"], d["moves"], d["reasons"]
    i += seed * SEED_TITLE_STEP
    block = len(subjects) * len(moves)
    within = i % block
    reason = (i // block + within * 3 + within // 7) % len(reasons)
    return f"{subjects[i % len(subjects)]} {moves[within // len(subjects)]} {reasons[reason]}"


def _published(minutes: int, d: dict[str, Any]) -> datetime:
    """That long after the first article, in the site's zone."""
    start = datetime.fromisoformat(d["first_published"]).replace(tzinfo=ZoneInfo(d["timezone"]))
    return later(start, timedelta(minutes=minutes))


def later(moment: datetime, delta: timedelta) -> datetime:
    """``moment + delta`` added in UTC: local arithmetic across a DST change would give a
    wall-clock time that does not exist (02:15 on the spring-forward day)."""
    return (moment.astimezone(UTC) + delta).astimezone(moment.tzinfo)


def _random(kind: str, i: int, seed: int) -> Random:
    """Seed 0 keeps the site every earlier version of the demo served."""
    return Random(f"{kind}-{i}" if seed == 0 else f"{kind}-{i}-seed-{seed}")


def build_article(i: int, seed: int = 0) -> Article:
    d = data()
    rng = _random("article", i, seed)
    # Jitter below the spacing keeps publication order equal to article order; 24,000
    # articles still end in the past (a future date is rejected by validation).
    spacing = d["minutes_between_articles"]
    published = _published(i * spacing + i * 37 % (spacing * 2 // 3), d)
    title = _title(i, d, seed)
    cycle = len(d["subjects"]) * len(d["moves"]) * len(d["reasons"])
    slug = slugify(title) if i < cycle else f"{slugify(title)}-{i // cycle + 1}"
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
    source = d["sources"][i // 12 % len(d["sources"])] if i % 12 == 4 else None
    modified = later(published, timedelta(hours=26)) if i % 7 == 1 else None
    blocks = _blocks(i, rng, d, published, slug)
    tags = tuple(rng.sample(d["tags"], rng.randint(1, 4)))
    summary = f"{title[0].upper()}{title[1:]}. {_sentence(rng, d)}"
    return Article(i, slug, title, source, authors, published, modified, category, also_in,
                   tags, summary, tuple(blocks))


def build_live_article(k: int, seed: int = 0) -> Article:
    """A "Live Markets" article: its body reaches the page only through JavaScript."""
    d = data()
    rng = _random("live", k, seed)
    # Between two ordinary articles (after one's latest jitter, before the next), one
    # every five articles, whatever the site's size.
    spacing = d["minutes_between_articles"]
    published = _published((5 * k + 2) * spacing + spacing * 5 // 6, d)
    subject = d["subjects"][rng.randrange(len(d["subjects"]))]
    title = (f"Markets live, {published:%B} {published.day}: {subject} "
             f"{rng.choice(d['moves'])} {rng.choice(d['reasons'])}")
    paragraphs = [_paragraph(rng, d) for _ in range(rng.randint(4, 6))]
    return Article(
        index=k, slug=slugify(title), title=title, source=None,
        authors=(rng.choice(d["authors"]),), published=published, modified=None,
        category=Category(*d["live_category"]), also_in=None,
        tags=tuple(rng.sample(d["tags"], rng.randint(1, 2))),
        summary=f"{title}. {_sentence(rng, d)}",
        blocks=tuple(Block("p", text) for text in paragraphs), live=True,
    )


@dataclass
class DemoSite:
    articles: list[Article]  # newest first
    categories: list[Category]

    def in_category(self, slug: str) -> list[Article]:
        return self._index["category"].get(slug, [])

    def with_tag(self, slug: str) -> list[Article]:
        return self._index["tag"].get(slug, [])

    def by_author(self, slug: str) -> list[Article]:
        return self._index["author"].get(slug, [])

    @cached_property
    def _index(self) -> dict[str, dict[str, list[Article]]]:
        """Articles (newest first) by category, tag and author slug, built once: every
        listing page scanning every article made a 20,000-article site take minutes."""
        index: dict[str, dict[str, list[Article]]] = {"category": {}, "tag": {}, "author": {}}
        for a in self.articles:
            categories = {a.category.slug} | ({a.also_in.slug} if a.also_in else set())
            for kind, slugs in (("category", categories), ("tag", set(map(slugify, a.tags))),
                                ("author", set(map(slugify, a.authors)))):
                for slug in slugs:
                    index[kind].setdefault(slug, []).append(a)
        return index

    def category(self, slug: str) -> Category | None:
        return next((c for c in self.categories if c.slug == slug), None)


def load_site(n_articles: int = 240, revised: Iterable[str] = (), js_articles: int = 0,
              seed: int = 0) -> DemoSite:
    """The site with ``n_articles`` articles (+ ``js_articles`` "Live Markets" ones).

    Slugs in ``revised`` carry an update note and a later modification date; ``seed`` picks
    which articles the site publishes.
    """
    revised = frozenset(revised)
    articles = [build_article(i, seed) for i in range(n_articles)]
    articles = [with_update(a) if a.slug in revised else a for a in articles]
    articles += [build_live_article(k, seed) for k in range(js_articles)]
    articles.sort(key=lambda a: a.published, reverse=True)
    categories = [Category(name, slug) for name, slug in data()["categories"]]
    if js_articles:
        categories.append(Category(*data()["live_category"]))
    return DemoSite(articles, categories)


def with_update(article: Article) -> Article:
    """The article as revised after publication (what ``revised`` slugs serve)."""
    return replace(article, modified=later(article.published, timedelta(days=3)),
                   blocks=(*article.blocks, Block("p", UPDATE_NOTE)))
