"""A site's template text, learned from its listing pages while it is crawled.

Listing pages (home, sections, their pagination) carry the site's furniture (newsletter
boxes, "Top Posts", social blurbs, footers) but no article's body text. A paragraph of an
article body that is also on several listing pages, and in the bodies of several
articles, is template, not article. Teasers on listings quote one article each, so a
paragraph in one body only is never taken for template.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from newscrawl.cleaning import normalize_text
from newscrawl.extract.body import segment

# Only what never holds visible text is skipped: furniture is what is being learned.
_NO_TEXT = frozenset({"script", "style", "noscript", "template", "svg", "head", "title",
                      "meta", "link", "iframe", "object", "embed", "select", "option"})


def fingerprint(text: str) -> str:
    return normalize_text(text).casefold()


class TemplateText:
    """Paragraph fingerprints counted over listing pages and over article bodies."""

    def __init__(self, min_listings: int = 2, min_articles: int = 2, max_words: int = 60) -> None:
        self.min_listings = min_listings
        self.min_articles = min_articles
        self.max_words = max_words
        self._listings: Counter[str] = Counter()
        self._articles: Counter[str] = Counter()

    def learn_listing(self, root: Any) -> None:
        """Count the short text blocks of one listing page (an lxml tree)."""
        blocks = {fingerprint(block.text) for block in segment(root, _NO_TEXT)
                  if 2 <= len(block.text.split()) <= self.max_words}
        self._listings.update(blocks)

    def remove_from(self, body: str) -> tuple[str, int]:
        """The body without template paragraphs, and how many were removed.

        ``body`` is a cleaned body (``cleaning.clean_body``): its paragraphs are
        normalised already, so their fingerprint is their folded text.
        """
        kept, removed, counted = [], 0, set()
        for paragraph in body.split("\n\n"):
            key = paragraph.casefold()
            if self._listings[key] >= self.min_listings:
                if key not in counted:
                    counted.add(key)
                    self._articles[key] += 1
                if self._articles[key] >= self.min_articles:
                    removed += 1
                    continue
            kept.append(paragraph)
        return ("\n\n".join(kept), removed) if removed else (body, 0)
