"""The newspaper theme: a non-WordPress news site with other URLs and markup.

Sections at ``/section/<slug>?page=N`` with a relative "Load more" link (``?page=2``),
articles at ``/news/<id>-<slug>``, a standalone JSON-LD ``NewsArticle`` on every story.
"""

from __future__ import annotations

import json
import re

from newscrawl.demo.content import Article, Block, iso, slugify
from newscrawl.demo.themes.base import PER_PAGE, SOCIAL, Theme, e, numbered, page_number

# A "Most read" entry of a withdrawn story (ids of live stories start at 100000): a 404.
DEAD_LINK = "/news/99999-story-withdrawn"
_STORY = re.compile(r"^/news/(\d+)-[a-z0-9-]+$")
_LISTING = re.compile(r"^/(?:(section|topic|people)/([a-z0-9-]+))?$")


def _short_date(article: Article) -> str:
    moment = article.published
    hour = moment.hour % 12 or 12
    return (f"{moment:%b}. {moment.day}, {moment.year} {hour}:{moment:%M} "
            f"{'a.m.' if moment.hour < 12 else 'p.m.'} ET")


class NewspaperTheme(Theme):
    key = "newspaper"
    image_prefix = "/media/"
    dead_link = DEAD_LINK

    def article_path(self, article: Article) -> str:
        return f"/news/{article.id}-{article.slug}"

    def category_path(self, slug: str) -> str:
        return f"/section/{slug}"

    def route(self, path: str, query: dict[str, list[str]]) -> str | None:
        story = _STORY.match(path)
        if story:
            article = self.articles.get(path)
            return self.article(article) if article else None
        listing = _LISTING.match(path)
        page_no = page_number(query)
        if not listing or page_no is None:
            return super().route(path, query)
        found = self._archive(listing[1], listing[2])
        if found is None or page_no > numbered(len(found[1])):
            return None
        return self.listing(*found, page_no)

    def _archive(self, kind: str | None, slug: str | None) -> tuple[str, list[Article]] | None:
        if kind is None or slug is None:
            return "Top Stories", self.site.articles
        if kind == "section":
            category = self.site.category(slug)
            return (category.name, self.site.in_category(slug)) if category else None
        found = self.site.with_tag(slug) if kind == "topic" else self.site.by_author(slug)
        if not found:
            return None
        names = found[0].tags if kind == "topic" else found[0].authors
        return next(name for name in names if slugify(name) == slug), found

    # -- frame -----------------------------------------------------------------------
    def page(self, title: str, main: str, head: str = "", body_class: str = "") -> str:
        sections = "".join(f'<a href="{self.category_path(c.slug)}">{e(c.name)}</a>'
                           for c in self.site.categories)
        most_read = "".join(f'<li><a href="{self.article_path(a)}">{e(a.display_title)}</a></li>'
                            for a in self.site.articles[5:8])
        social = " ".join(f'<a href="{url}" rel="noopener">{e(name)}</a>' for name, url in SOCIAL)
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">{head}</head>
<body class="{body_class}"><a class="skip-link" href="#content">Skip to content</a>
<header class="masthead"><a class="brand" href="/">{e(self.name)}</a>
<nav class="sections" aria-label="Sections"><a href="/">Top Stories</a>{sections}</nav>
<a class="subscribe-button" href="/contact/">Subscribe</a></header>
<div class="layout"><main id="content">{main}</main>
<aside class="rail"><section class="most-read"><h2>Most Read</h2><ol>{most_read}
<li><a href="{DEAD_LINK}">A story that was withdrawn</a></li></ol></section></aside></div>
<footer class="site-footer"><nav><a href="/contact/">Contact Us</a>
<a href="/privacy-policy/">Privacy Policy</a> <a href="/terms-of-service/">Terms Of Service</a>
</nav><p class="follow">Follow us: {social}</p>
<p class="copyright">© 2026 {e(self.name)} - All rights reserved.</p></footer></body></html>"""

    # -- listings --------------------------------------------------------------------
    def listing(self, heading: str, articles: list[Article], page_no: int) -> str:
        cards = "".join(
            f"""<div class="story-card"><a class="story-card__link" href="{self.article_path(a)}">
<h3 class="story-card__headline">{e(a.display_title)}</h3></a>
<p class="story-card__summary">{e(a.summary)}</p>
<time datetime="{iso(a.published)}">{_short_date(a)}</time></div>"""
            for a in articles[(page_no - 1) * PER_PAGE: page_no * PER_PAGE])
        more = (f'<a class="load-more" href="?page={page_no + 1}">Load more</a>'
                if page_no < numbered(len(articles)) else "")
        main = (f'<h1 class="section-title">{e(heading)}</h1>'
                f'<div class="story-list">{cards}</div>{more}')
        return self.page(f"{heading} | {self.name}", main, body_class="section")

    # -- articles --------------------------------------------------------------------
    def block(self, block: Block) -> str:
        if block.kind == "h2":
            return f'<h2 class="story-subhead">{e(block.text)}</h2>'
        if block.kind == "quote":
            return f'<blockquote class="pull-quote"><p>{e(block.text)}</p></blockquote>'
        return super().block(block)

    def figure(self, block: Block) -> str:
        credit = f' <span class="credit">{e(block.credit)}</span>' if block.credit else ""
        return (f'<figure class="story-image"><img src="{self.image_path(block)}" '
                f'alt="{e(block.text)}" loading="lazy"><figcaption><span class="caption">'
                f"{e(block.text)}</span>{credit}</figcaption></figure>")

    def _jsonld(self, a: Article) -> str:
        story = {
            "@context": "https://schema.org", "@type": "NewsArticle",
            "mainEntityOfPage": self.article_url(a), "headline": a.display_title,
            "description": a.summary, "datePublished": iso(a.published),
            "dateModified": iso(a.modified or a.published),
            "author": [{"@type": "Person", "name": name,
                        "url": f"{self.base}/people/{slugify(name)}"} for name in a.authors],
            "articleSection": a.category.name, "keywords": ", ".join(a.tags),
            "image": [image["url"] for image in self.images(a)],
            "publisher": {"@type": "NewsMediaOrganization", "name": self.name},
            "isAccessibleForFree": True,
        }
        return json.dumps(story, ensure_ascii=False).replace("</", "<\\/")

    def article(self, a: Article) -> str:
        byline = ""
        if a.authors:
            names = " and ".join(f'<a class="author" rel="author" href="/people/{slugify(n)}">'
                                 f"{e(n)}</a>" for n in a.authors)
            byline = f'<p class="byline">By {names}</p>'
        updated = (f' <time class="updated" datetime="{iso(a.modified)}">Updated '
                   f"{a.modified:%b}. {a.modified.day}, {a.modified.year}</time>"
                   ) if a.modified else ""
        topics = "".join(f'<li><a rel="tag" href="/topic/{slugify(t)}">{e(t)}</a></li>'
                         for t in a.tags)
        promo = ('<aside class="newsletter-promo"><p>Get our markets newsletter: Subscribe '
                 "for free.</p></aside>")
        main = f"""<article class="story">
<header class="story-header"><a class="kicker" href="{self.category_path(a.category.slug)}"
>{e(a.category.name)}</a><h1 class="headline">{e(a.display_title)}</h1>
<p class="standfirst">{e(a.summary)}</p>{byline}
<p class="dateline"><time class="published" datetime="{iso(a.published)}">{_short_date(a)}</time>
{updated} <span class="read-time">{a.reading_time} Mins Read</span></p></header>
{self.body(a, 'class="story-body"', tail=promo)}
<footer class="story-footer"><h2>Topics</h2><ul class="story-topics">{topics}</ul>
<div class="share-tools">Share this story: Email Facebook X</div></footer></article>"""
        head = (f'\n<link rel="canonical" href="{self.article_url(a)}">'
                f'\n<meta name="description" content="{e(a.summary)}">'
                f'\n<script type="application/ld+json">{self._jsonld(a)}</script>')
        return self.page(f"{a.display_title} | {self.name}", main, head=head, body_class="story")
