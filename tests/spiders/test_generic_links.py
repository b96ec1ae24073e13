"""Generic-mode discovery heuristics, table-driven: URL → kind, page → links."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from newscrawl.spiders.generic_links import (
    ARTICLE,
    HEADLINE,
    LISTING,
    OTHER,
    PAGINATION,
    GenericLinks,
    classify_url,
)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://n.test/2024/12/09/oil-prices-slip/", ARTICLE),
        ("http://n.test/2024/12/oil-prices-slip", ARTICLE),
        ("http://n.test/news/12345-oil-prices-slip", ARTICLE),
        ("http://n.test/world/europe/oil-prices-slip-as-supply-rises-67011234", ARTICLE),
        ("http://n.test/business/oil-prices-slip-20241209.html", ARTICLE),
        ("http://n.test/news/oil-prices-slip-again", HEADLINE),
        ("http://n.test/category/stock-market/", LISTING),
        ("http://n.test/section/markets", LISTING),
        ("http://n.test/tag/oil/", LISTING),
        ("http://n.test/category/stock-market/page/3/", PAGINATION),
        ("http://n.test/section/markets?page=2", PAGINATION),
        ("http://n.test/contact/", OTHER),
        ("http://n.test/privacy-policy/", OTHER),
        ("http://n.test/calendar/?month=2024-01", OTHER),
        ("http://n.test/?s=oil", OTHER),
        ("http://n.test/feed/", OTHER),
        ("http://n.test/", OTHER),
        # Shapes of the big news CMSs: a date then more segments, a month by name, a
        # bare id, an id in the query, a slug with its date, an opaque id, a headline slug.
        ("http://n.test/2024/05/05/politics/senate-passes-bill/index.html", ARTICLE),
        ("http://n.test/world/2024/may/21/heatwave-hits-europe", ARTICLE),
        ("http://n.test/2024/05/21/1234567/senate-passes-bill", ARTICLE),
        ("http://n.test/news/12345", ARTICLE),
        ("http://n.test/story.html?id=9", ARTICLE),
        ("http://n.test/?p=123", ARTICLE),
        ("http://n.test/world/europe/eu-leaders-meet-on-energy-2024-05-20/", ARTICLE),
        ("http://n.test/news/article-13456789/Senate-passes-bill.html", ARTICLE),
        ("http://n.test/india/articleshow/110312345.cms", ARTICLE),
        ("http://n.test/news/articles/c4ngk17zzkpo", ARTICLE),
        ("http://n.test/senate-passes-the-bill/", HEADLINE),
        ("http://n.test/politics/senate-passes-spending-bill", HEADLINE),
        ("http://n.test/archive/2024/05/01/senate-passes-bill/", ARTICLE),
        ("http://n.test/news/articleView.html?idxno=123456", ARTICLE),
        ("http://n.test/node/4521", ARTICLE),
        ("http://n.test/archives/12345", ARTICLE),
        ("http://n.test/?p=42", ARTICLE),
        # A dated slug starting with a word of the site's own pages; a slug of a few
        # words that only the page can tell from a site's page (/code-of-ethics-policy/).
        ("http://n.test/2024/05/04/privacy-concerns-grow/", ARTICLE),
        ("http://n.test/code-of-ethics-policy/", HEADLINE),
        # Non-Latin slugs, percent-encoded: a section of two words, a headline.
        ("http://n.test/%D0%BE-%D0%BD%D0%B0%D1%81/", LISTING),
        ("http://n.test/%D0%BC%D1%8D%D1%80-%D1%83%D1%88%D0%B5%D0%BB-%D0%B2-%D0%BE%D1%82%D1%81"
         "%D1%82%D0%B0%D0%B2%D0%BA%D1%83/", HEADLINE),
        # A slug that starts with a word of the site's own pages is a headline.
        ("http://n.test/2024/05/04/jobs-report-beats-expectations/", ARTICLE),
        ("http://n.test/2024/05/04/cartel-leader-arrested/", ARTICLE),
        ("http://n.test/accountability-office-faults-rail-agency/", HEADLINE),
        ("http://n.test/about-us/", OTHER),
        ("http://n.test/terms-of-service/", OTHER),
        ("http://n.test/jobs/", OTHER),
        # Sections by any name, taxonomies, archives of a day; files and AMP copies.
        ("http://n.test/culture/", LISTING),
        ("http://n.test/world/europe/", LISTING),
        ("http://n.test/science-and-environment/", LISTING),
        ("http://n.test/news/tag/oil-prices-and-supply/", LISTING),
        ("http://n.test/2024/06/02/", OTHER),
        ("http://n.test/wp-content/uploads/2024/05/senate-passes-the-bill.jpg", OTHER),
        ("http://n.test/2024/05/05/senate-passes-bill.amp", OTHER),
        ("http://n.test/news/?p=2", PAGINATION),
    ],
)
def test_classify_url(url, kind):
    assert classify_url(url) == kind


PAGE = b"""<html><body>
<header><nav><a href="/">Home</a><a href="/category/crypto/">Crypto</a>
  <a href="/contact/">Contact</a><a href="https://elsewhere.test/category/x/">Away</a></nav></header>
<main>
  <article><h2><a href="/2024/12/09/bitcoin-rises/?utm_source=x">Bitcoin rises</a></h2>
    <time datetime="2024-12-09T08:00:00-05:00">Dec 9</time></article>
  <article><h2><a href="http://n.test/2024/12/08/ether-falls/">Ether falls</a></h2></article>
  <a href="/about-us/">About</a>
</main>
<div class="pagination"><a href="/category/crypto/page/2/">Older posts</a></div>
</body></html>"""


def test_generic_links_on_a_listing_page():
    response = HtmlResponse("http://n.test/category/crypto/", body=PAGE)
    links = GenericLinks("n.test")
    assert links.categories(response) == ["http://n.test/category/crypto/"]
    assert links.articles(response) == [
        "http://n.test/2024/12/09/bitcoin-rises/",
        "http://n.test/2024/12/08/ether-falls/",
    ]
    assert links.next_page(response) == "http://n.test/category/crypto/page/2/"
    assert links.listing_dates(response) == ["2024-12-09T08:00:00-05:00"]


@pytest.mark.parametrize(
    "markup",
    [
        b'<link rel="next" href="/news?page=2">',
        b'<a class="load-more" href="?page=2">Load more</a>',
        b'<a href="?page=2">Next \xc2\xbb</a>',
        b'<a href="?page=2"><span class="meta-nav">&larr;</span> Older posts</a>',
        b'<a href="?page=2">&laquo; Older Entries</a>',
        b'<a href="?page=2">N\xc3\xa4chste Seite</a>',
        b'<a href="?page=2">Suivant \xc2\xbb</a>',
        b'<a href="?page=2">Show more</a>',
    ],
)
def test_next_page_conventions(markup):
    response = HtmlResponse("http://n.test/news", body=b"<html><head>" + markup + b"</head></html>")
    assert GenericLinks("n.test").next_page(response) == "http://n.test/news?page=2"


def test_links_are_relative_to_the_base_url():
    response = HtmlResponse("http://n.test/world/page/2/", body=(
        b'<html><head><base href="/"></head><body><nav><a href="culture/">Culture</a></nav>'
        b'<a href="2024/05/09/tunnel-project-approved/">Tunnel</a>'
        b'<a href="world/page/3/">Next</a></body></html>'))
    links = GenericLinks("n.test")
    assert links.articles(response) == ["http://n.test/2024/05/09/tunnel-project-approved/"]
    assert links.categories(response) == ["http://n.test/culture/"]
    assert links.next_page(response) == "http://n.test/world/page/3/"


def test_links_that_are_no_urls_are_passed_over():
    """An IPv6 host left open, a host NFKC changes, a <base href> that is neither: one such
    link cost the whole page its links."""
    broken = (b'<base href="http://[::1/"><link rel="alternate" type="application/rss+xml" '
              b'href="http://[::1/feed/"><a href="http://[::1/2024/12/09/x/">x</a>'
              b'<a href="http://\xe2\x84\x80/2024/12/09/y/">y</a>'
              b'<a rel="next" href="http://[::1/page/2/">Next</a>')
    response = HtmlResponse("http://n.test/category/crypto/", body=PAGE.replace(
        b"<body>", b"<body>" + broken, 1))
    links = GenericLinks("n.test")
    assert links.articles(response) == [
        "http://n.test/2024/12/09/bitcoin-rises/",
        "http://n.test/2024/12/08/ether-falls/",
    ]
    assert links.next_page(response) == "http://n.test/category/crypto/page/2/"
    assert links.feeds(response) == []


@pytest.mark.parametrize("name", [
    "page-sitemap", "category-sitemap", "tag-sitemap", "author-sitemap", "product-sitemap",
    "attachment-sitemap",
    # WordPress core's own sitemaps: static pages, category and tag archives, authors.
    "wp-sitemap-posts-page-1", "wp-sitemap-taxonomies-category-1",
    "wp-sitemap-taxonomies-post_tag-2", "wp-sitemap-users-1",
])
def test_sitemaps_of_other_things_than_articles_are_skipped_in_both_modes(name):
    from newscrawl.sites import get_site
    from newscrawl.spiders.links import SiteLinks

    url = f"https://news.test/{name}.xml"
    assert not GenericLinks("news.test").is_article_sitemap(url)
    assert not SiteLinks(get_site("demo")).is_article_sitemap(url)
    for posts in ("post-sitemap", "wp-sitemap-posts-post-1", "wp-sitemap"):
        assert GenericLinks("news.test").is_article_sitemap(f"https://news.test/{posts}.xml")
