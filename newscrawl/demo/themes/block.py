"""The block theme: the same site as a WordPress block theme (Twenty Twenty-Four style).

No JSON-LD and almost no meta tags: a crawler has to read the ``wp-block-*`` markup itself.
"""

from __future__ import annotations

from newscrawl.demo.content import Article, Block, iso, slugify
from newscrawl.demo.themes.base import PER_PAGE, SOCIAL, WordPressTheme, e, long_date, numbered

LAYOUT = "is-layout-constrained wp-block-group-is-layout-constrained"


class BlockTheme(WordPressTheme):
    key = "block"

    def page(self, title: str, main: str, head: str = "", body_class: str = "") -> str:
        nav = "".join(
            f'<li class="wp-block-navigation-item"><a class="wp-block-navigation-item__content" '
            f'href="{self.category_path(c.slug)}"><span class="wp-block-navigation-item__label">'
            f"{e(c.name)}</span></a></li>" for c in self.site.categories)
        social = "".join(f'<li class="wp-social-link"><a href="{url}">{e(name)}</a></li>'
                         for name, url in SOCIAL)
        return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{e(title)}</title>
{head}</head><body class="{body_class} wp-embed-responsive">
<div class="wp-site-blocks"><header class="wp-block-template-part">
<div class="wp-block-group {LAYOUT}"><p class="wp-block-site-title"><a href="{self.base}/"
 rel="home">{e(self.name)}</a></p><p class="wp-block-site-tagline">Markets, money and the
economy, every day</p>
<nav class="wp-block-navigation" aria-label="Sections"><ul class="wp-block-navigation__container"
><li class="wp-block-navigation-item"><a class="wp-block-navigation-item__content" href="/"
><span class="wp-block-navigation-item__label">Home</span></a></li>{nav}</ul></nav>
<form role="search" class="wp-block-search"><label>Search</label><input type="search" name="s">
<button type="submit">Search</button></form></div></header>
<main class="wp-block-group {LAYOUT}">{main}</main>
<footer class="wp-block-template-part"><div class="wp-block-group {LAYOUT}">
<ul class="wp-block-social-links">{social}</ul>
<p class="has-small-font-size">© 2026 {e(self.name)} - All rights reserved. Designed with
WordPress</p><nav class="wp-block-navigation"><a href="/contact/">Contact Us</a>
<a href="/privacy-policy/">Privacy Policy</a> <a href="/terms-of-service/">Terms Of Service</a>
</nav></div></footer></div></body></html>"""

    # -- listings --------------------------------------------------------------------
    def listing(self, heading: str, base: str, articles: list[Article], page_no: int) -> str:
        pages = numbered(len(articles))
        entries = "".join(
            f"""<li class="wp-block-post post-{a.id} post type-post status-publish">
<h2 class="wp-block-post-title"><a href="{self.article_url(a)}" target="_self"
>{e(a.display_title)}</a></h2>
<div class="wp-block-post-date">{self.time(a)}</div>
<div class="wp-block-post-excerpt"><p class="wp-block-post-excerpt__excerpt">{e(a.summary)}
</p></div></li>"""
            for a in articles[(page_no - 1) * PER_PAGE: page_no * PER_PAGE])
        links = []
        if page_no > 1:
            links.append(f'<a class="wp-block-query-pagination-previous" '
                         f'href="{self.page_url(base, page_no - 1)}">Previous Page</a>')
        links.append('<div class="wp-block-query-pagination-numbers">' + "".join(
            f'<span aria-current="page" class="page-numbers current">{n}</span>' if n == page_no
            else f'<a class="page-numbers" href="{self.page_url(base, n)}">{n}</a>'
            for n in range(1, pages + 1)) + "</div>")
        if page_no < pages:
            links.append(f'<a class="wp-block-query-pagination-next" '
                         f'href="{self.page_url(base, page_no + 1)}">Next Page</a>')
        main = (f'<h1 class="wp-block-query-title">{e(heading)}</h1>'
                f'<div class="wp-block-query"><ul class="wp-block-post-template">{entries}</ul>'
                f'<nav class="wp-block-query-pagination" aria-label="Pagination">'
                f'{"".join(links)}</nav></div>')
        return self.page(f"{heading} – {self.name}", main, body_class="archive category")

    # -- articles --------------------------------------------------------------------
    def block(self, block: Block) -> str:
        if block.kind == "h2":
            return f'<h2 class="wp-block-heading">{e(block.text)}</h2>'
        if block.kind == "ul":
            return ('<ul class="wp-block-list">'
                    + "".join(f"<li>{e(item)}</li>" for item in block.items) + "</ul>")
        return super().block(block)

    def figure(self, block: Block) -> str:
        credit = f' <span class="credit">{e(block.credit)}</span>' if block.credit else ""
        return (f'<figure class="wp-block-image size-large"><img decoding="async" '
                f'src="{self.image_path(block)}" alt="{e(block.text)}">'
                f'<figcaption class="wp-element-caption">{e(block.text)}{credit}</figcaption>'
                f"</figure>")

    def article(self, a: Article) -> str:
        author = ""
        if a.authors:
            names = " and ".join(f'<a href="/author/{slugify(n)}/" rel="author">{e(n)}</a>'
                                 for n in a.authors)
            author = f'<div class="wp-block-post-author-name">{names}</div>'
        updated = (f'<div class="wp-block-post-date wp-block-post-date__modified-date">'
                   f'<time datetime="{iso(a.modified)}">Updated: {long_date(a.modified)}</time>'
                   f"</div>") if a.modified else ""
        category = (f'<div class="taxonomy-category wp-block-post-terms"><a href="'
                    f'{self.category_path(a.category.slug)}" rel="tag">{e(a.category.name)}</a>'
                    f"</div>")
        tags = '<span class="wp-block-post-terms__separator">, </span>'.join(
            f'<a href="/tag/{slugify(t)}/" rel="tag">{e(t)}</a>' for t in a.tags)
        older = next((o for o in self.site.articles if o.published < a.published), None)
        navigation = (f'<div class="post-navigation-link-previous wp-block-post-navigation-link">'
                      f'<a href="{self.article_url(older)}" rel="prev">{e(older.display_title)}'
                      f"</a></div>") if older else ""
        main = f"""<div class="wp-block-group {LAYOUT}">
{category}<h1 class="wp-block-post-title">{e(a.display_title)}</h1>
<div class="wp-block-group is-layout-flex">{author}
<div class="wp-block-post-date">{self.time(a)}</div>{updated}
<div class="wp-block-post-time-to-read">{a.reading_time} Mins Read</div></div></div>
{self.body(a, f'class="entry-content wp-block-post-content {LAYOUT}"')}
<div class="wp-block-group {LAYOUT}">
<div class="taxonomy-post_tag wp-block-post-terms">{tags}</div>
<div class="wp-block-group newsletter-signup"><h3 class="wp-block-heading">Newsletter</h3>
<p>Subscribe to get the morning briefing in your inbox.</p></div>
<nav class="wp-block-group" aria-label="Posts">{navigation}</nav>
<div class="wp-block-comments"><h2 class="wp-block-heading">Leave a Reply</h2>
<form class="comment-form"><textarea name="comment"></textarea>
<input type="submit" value="Post Comment"></form></div></div>"""
        head = (f'<link rel="canonical" href="{self.article_url(a)}">\n'
                f'<meta name="description" content="{e(a.summary)}">')
        return self.page(f"{a.display_title} – {self.name}", main, head=head,
                         body_class="post-template-default single single-post")
