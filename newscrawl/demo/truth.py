"""The demo site's ground truth: the item a perfect crawl emits for each article."""

from __future__ import annotations

from typing import Any

from newscrawl.cleaning import count_words
from newscrawl.demo.content import Article, iso
from newscrawl.demo.themes.base import Theme
from newscrawl.schema import FIELDS
from newscrawl.schema import Article as ArticleItem

# What the ground truth speaks for: not when an item was fetched, where each value came
# from or how sure the extractor was (facts about a crawl, not about the article).
TRUTH_FIELDS = tuple(name for name in FIELDS
                     if name not in ("scraped_at", "provenance", "body_confidence"))


def truth_record(article: Article, theme: Theme) -> dict[str, Any]:
    """The article as the item schema has it, keys in schema order, validated."""
    body = article.body_text()
    record = {
        "url": theme.article_url(article),
        "site": "demo",
        "title": article.title,
        "authors": list(article.authors),
        "published": iso(article.published),
        "modified": iso(article.modified),
        "category": article.category.name,
        "tags": list(article.tags),
        "summary": article.summary,
        "body": body,
        "images": theme.images(article),
        "source": article.source,
        "language": "en",
        "reading_time": article.reading_time,
        "word_count": count_words(body),
        "body_confidence": None,  # not in TRUTH_FIELDS
        "scraped_at": None,
        "provenance": {},
    }
    ArticleItem.model_validate(record)
    return {name: record[name] for name in FIELDS}


def truth_records(theme: Theme) -> list[dict[str, Any]]:
    """Every article of the theme's site, oldest first."""
    return [truth_record(a, theme) for a in reversed(theme.site.articles)]
