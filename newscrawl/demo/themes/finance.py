"""The finance theme: a SmartMag-style WordPress news theme, as finance-news sites use it.

Every page carries the theme's boilerplate (drawer, trending strip, menu, sidebar, footer,
search overlay), and the article body carries a newsletter box: the crawler has to find
the article inside all that. Class names are a contract with ``newscrawl/sites/_smartmag.py``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from newscrawl.demo.content import Article, iso, slugify
from newscrawl.demo.themes.base import PER_PAGE, SOCIAL, WordPressTheme, e, long_date, numbered

# A "Top Posts" entry of an article the site deleted: crawlers meet a 404 there.
DEAD_LINK = "/2023/06/01/removed-article/"
# A menu entry of a section the site removed: another 404.
DEAD_SECTION = ("Markets Archive", "/category/markets-archive/")
TRACKING = "?utm_source=newsletter&utm_medium=email"
SHARE = ('<div class="post-share {where}"><a href="#">Facebook</a> <a href="#">Twitter</a>'
         ' <a href="#">Pinterest</a> <a href="#">LinkedIn</a> <a href="#">Tumblr</a> '
         '<a href="#">Email</a> <span>Share</span></div>')
NEWSLETTER = ('<div class="inline-newsletter"><h4>Stay informed</h4><p>Subscribe to our '
              "newsletter for the day&#8217;s market news, delivered every morning.</p>"
              '<form><input type="email" placeholder="Your email"><button>Subscribe</button>'
              "</form></div>")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


class FinanceTheme(WordPressTheme):
    key = "finance"
    dead_link = DEAD_LINK

    # -- boilerplate -----------------------------------------------------------------
    def _menu(self) -> str:
        """Absolute links (the listings use relative ones: crawlers must handle both)."""
        items = [f'<li><a href="{self.base}/">Home</a></li>'] + [
            f'<li><a href="{self.base}{self.category_path(c.slug)}">{e(c.name)}</a></li>'
            for c in self.site.categories
        ] + [f'<li><a href="{self.base}{DEAD_SECTION[1]}">{DEAD_SECTION[0]}</a></li>']
        return f'<ul class="menu">{"".join(items)}</ul>'

    @staticmethod
    def _social() -> str:
        return "".join(f'<a href="{url}" class="social" rel="noopener">{e(name)}</a>'
                       for name, url in SOCIAL)

    def _header(self) -> str:
        hot = "".join(
            f'<li><a href="{self.article_path(a)}{TRACKING}">{e(a.display_title)}</a> '
            f"{self.time(a)}</li>" for a in self.site.articles[:3]
        )
        newest = self.site.articles[0].published if self.site.articles else None
        dateline = f"{newest:%A}, {newest:%B} {newest.day}" if newest else ""
        return f"""<div class="off-canvas"><a href="#" class="close">Close Menu</a>
{self._menu()}<div class="newsletter">Get the latest finance news in your inbox every
morning. Subscribe to our newsletter.</div><div class="spc-social">{self._social()}</div></div>
<div class="smart-head"><div class="trending"><span class="heading">What's Hot</span>
<ul>{hot}</ul></div><div class="top-links"><a href="/contact/">Contact Us</a>
<a href="/privacy-policy/">Privacy Policy</a><a href="/terms-of-service/">Terms Of Service</a>
</div><span class="date-text">{dateline}</span>
<a class="logo" href="{self.base}/">{e(self.name)}</a>
<nav class="navigation-main">{self._menu()}</nav>
<a href="#" class="search-icon" title="Search">Search</a></div>"""

    def _sidebar(self) -> str:
        top = "".join(
            f'<li><a href="{self.article_path(a)}">{e(a.display_title)}</a> <span>4 Views</span>'
            f"</li>" for a in self.site.articles[3:6]
        ) + f'<li><a href="{DEAD_LINK}">An article that was removed</a> <span>9 Views</span></li>'
        latest = "".join(
            f'<li><span class="cat">{e(a.category.name)}</span> '
            f'<a href="{self.article_url(a)}">{e(a.display_title)}</a> {self.time(a)}</li>'
            for a in self.site.articles[:4]
        )
        month = f"{self.site.articles[0].published:%Y-%m}" if self.site.articles else "2024-01"
        return f"""<aside class="main-sidebar"><div class="widget"><h5>Top Posts</h5>
<ul>{top}</ul></div><div class="widget"><h5>Stay In Touch</h5>{self._social()}</div>
<div class="widget"><h5>Latest</h5><ul>{latest}</ul></div>
<div class="widget"><a href="/calendar/?month={month}">Archive calendar</a></div></aside>"""

    def _footer(self) -> str:
        return f"""<footer class="main-footer"><p>© 2026 {e(self.name)} - All rights reserved.
</p><a href="/contact/">Contact Us</a> <a href="/privacy-policy/">Privacy Policy</a>
<a href="/terms-of-service/">Terms Of Service</a></footer>
<div class="search-modal"><form><input type="search" name="s"></form>
Type above and press Enter to search. Press Esc to cancel.</div>"""

    def page(self, title: str, main: str, head: str = "", body_class: str = "") -> str:
        return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8"><title>{e(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="alternate" type="application/rss+xml" title="{e(self.name)} Feed" href="/feed/">
{head}</head><body class="{body_class}">{self._header()}
<div class="main-wrap"><div class="ts-row"><div class="col-8 main-content">{main}</div>
{self._sidebar()}</div></div>{self._footer()}</body></html>"""

    # -- listings --------------------------------------------------------------------
    def listing(self, heading: str, base: str, articles: list[Article], page_no: int) -> str:
        pages = numbered(len(articles))
        entries = "".join(self._entry(a) for a in
                          articles[(page_no - 1) * PER_PAGE: page_no * PER_PAGE])
        numbers = "".join(
            f'<span class="page-numbers current">{n}</span>' if n == page_no else
            f'<a class="page-numbers" href="{self.page_url(base, n)}">{n}</a>'
            for n in range(1, pages + 1)
        )
        if page_no < pages:
            numbers += (f'<a class="next page-numbers" href="{self.page_url(base, page_no + 1)}"'
                        f">Next</a>")
        main = (f'<h1 class="archive-heading">{e(heading)}</h1><div class="loop loop-grid">'
                f'{entries}</div><nav class="main-pagination pagination-numbers">{numbers}</nav>')
        return self.page(f"{heading} - {self.name}", main, body_class="archive")

    def _entry(self, a: Article) -> str:
        path = self.article_path(a)
        return f"""<article class="l-post grid-post"><a class="image-link" href="{path}">
<span class="img" data-bgsrc="/wp-content/uploads/thumb.jpg"></span></a>
<span class="cat-labels"><a href="{self.category_path(a.category.slug)}" class="category"
>{e(a.category.name)}</a></span>
<h2 class="is-title post-title"><a href="{path}">{e(a.display_title)}</a></h2>
<div class="post-meta-items"><span class="meta-item date">{self.time(a)}</span></div>
<div class="excerpt"><p>{e(a.summary)}</p></div></article>"""

    # -- articles --------------------------------------------------------------------
    @staticmethod
    def _byline(a: Article) -> str:
        if not a.authors:
            return ""
        names = " and ".join(
            f'<a href="/author/{slugify(name)}/" rel="author">{e(name)}</a>' for name in a.authors)
        return f'<span class="meta-item post-author">By {names}</span>'

    def _jsonld(self, a: Article, url: str) -> str:
        images = self.images(a)
        article = {
            "@type": "NewsArticle", "@id": url + "#article", "headline": a.display_title,
            "datePublished": iso(a.published), "dateModified": iso(a.modified or a.published),
            "author": [{"@type": "Person", "name": name} for name in a.authors],
            "articleSection": [a.category.name], "keywords": list(a.tags),
            "publisher": {"@type": "Organization", "name": self.name,
                          "logo": {"@type": "ImageObject",
                                   "url": f"{self.base}/wp-content/uploads/logo.png"}},
            "inLanguage": "en-US", "wordCount": a.words,
            "mainEntityOfPage": {"@id": url},
        }
        if images:
            article["image"] = {"@type": "ImageObject", "url": images[0]["url"]}
        crumbs = {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": self.base + "/"},
            {"@type": "ListItem", "position": 2, "name": a.category.name,
             "item": self.base + self.category_path(a.category.slug)},
            {"@type": "ListItem", "position": 3, "name": a.display_title}]}
        graph = {"@context": "https://schema.org", "@graph": [
            article, {"@type": "WebPage", "@id": url, "url": url, "name": a.display_title},
            crumbs, {"@type": "WebSite", "url": self.base + "/", "name": self.name}]}
        return json.dumps(graph, ensure_ascii=False).replace("</", "<\\/")

    def _head(self, a: Article, url: str) -> str:
        meta = [
            f'<link rel="canonical" href="{url}">',
            f'<meta name="description" content="{e(a.summary)}">',
            '<meta property="og:type" content="article">',
            '<meta property="og:locale" content="en_US">',
            f'<meta property="og:title" content="{e(a.display_title)}">',
            f'<meta property="og:url" content="{url}">',
            f'<meta property="og:description" content="{e(a.summary)}">',
            f'<meta property="og:site_name" content="{e(self.name)}">',
            f'<meta property="article:published_time" content="{_utc(a.published)}">',
            f'<meta property="article:section" content="{e(a.category.name)}">',
        ]
        if a.modified:
            meta.append(f'<meta property="article:modified_time" content="{_utc(a.modified)}">')
        meta += [f'<meta property="article:tag" content="{e(tag)}">' for tag in a.tags]
        images = self.images(a)
        if images:
            meta.append(f'<meta property="og:image" content="{images[0]["url"]}">')
        meta.append(f'<script type="application/ld+json">{self._jsonld(a, url)}</script>')
        return "\n".join(meta)

    def article(self, a: Article) -> str:
        url = self.article_url(a)
        category = self.category_path(a.category.slug)
        updated = (f'<span class="meta-item updated"><time class="updated" '
                   f'datetime="{iso(a.modified)}">Updated: {long_date(a.modified)}</time></span>'
                   ) if a.modified else ""
        related = "".join(
            f'<li><a href="{self.article_path(r)}">{e(r.display_title)}</a> {self.time(r)}</li>'
            for r in [r for r in self.site.in_category(a.category.slug) if r is not a][:3])
        tags = "".join(f'<a href="/tag/{slugify(t)}/" rel="tag">{e(t)}</a> ' for t in a.tags)
        main = f"""<article class="the-post single-post">
<nav class="breadcrumbs"><a href="/">Home</a><span class="delim">»</span>
<a href="{category}">{e(a.category.name)}</a><span class="delim">»</span>
<span class="current">{e(a.display_title)}</span></nav>
<div class="the-post-header"><span class="cat-labels"><a href="{category}"
 class="category" rel="category">{e(a.category.name)}</a></span>
<h1 class="is-title post-title">{e(a.display_title)}</h1>
<div class="post-meta-items">{self._byline(a)}
<span class="meta-item date">{self.time(a, "post-date")}</span>
{updated}<span class="meta-item comments">No Comments</span>
<span class="meta-item read-time">{a.reading_time} Mins Read</span></div></div>
{SHARE.format(where="post-share-top")}
{self.body(a, 'class="post-content entry-content"', tail=NEWSLETTER)}
<div class="the-post-tags"><span>Tags:</span> {tags}</div>
{SHARE.format(where="post-share-bottom")}
<section class="related-posts"><h4>Related Posts</h4><ul>{related}</ul></section>
<div id="comments" class="comments-area"><h3>Add A Comment</h3>
<div id="respond"><h3>Leave A Reply <a href="#">Cancel Reply</a></h3>
<form><textarea name="comment"></textarea><input type="submit" value="Post Comment"></form>
</div></div></article>"""
        return self.page(f"{a.display_title} - {self.name}", main, head=self._head(a, url),
                         body_class="post-template-default single single-post")
