"""Generic extraction on hand-written news pages (made-up text): sources, precedence,
provenance and robustness."""

from __future__ import annotations

import json

import pytest

from newscrawl.extract.generic import extract_generic
from newscrawl.extract.page import Page

URL = "https://www.gazette.test/2026/03/03/ferry-timetable/?utm_source=feed"
PARAGRAPHS = [
    "The harbour council approved the new ferry timetable on Tuesday evening, after a "
    "debate that ran past midnight and split the members over weekend services.",
    "Residents of the northern islands will get two extra crossings a day from March, "
    "while the late boat on Sundays is cut to save fuel and crew hours.",
]


def page(head: str = "", body: str = "", lang: str = "en-GB") -> Page:
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    html = f"""<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}</head>
    <body><article><h1>Visible headline</h1>{body}
    <div class="entry-content">{paragraphs}</div></article></body></html>"""
    return Page.from_html(html, URL)


def jsonld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


OPENGRAPH = """
<meta property="og:title" content="OG headline | The Gazette">
<meta property="og:site_name" content="The Gazette">
<meta property="og:url" content="https://www.gazette.test/og-url">
<meta property="og:description" content="OG summary.">
<meta property="og:locale" content="fr_FR">
<meta property="article:published_time" content="2026-03-03T09:00:00+01:00">
<meta property="article:modified_time" content="2026-03-03T11:00:00+01:00">
<meta property="article:section" content="OG section">
<meta property="article:tag" content="og tag">
<meta name="author" content="Meta Author">
"""
ARTICLE = {
    "@context": "https://schema.org", "@type": "NewsArticle",
    "headline": "JSON-LD headline", "description": "JSON-LD summary.",
    "datePublished": "2026-03-03T08:30:00-05:00", "dateModified": "2026-03-04T10:00:00-05:00",
    "articleSection": ["Local", "Transport"], "keywords": "ferries, council, islands",
    "inLanguage": "en-US",
    "author": [{"@type": "Person", "name": "Ann Example"},
               {"@type": "Organization", "name": "Gazette Staff"}],
    "publisher": {"@type": "NewsMediaOrganization", "name": "The Gazette"},
}


def test_jsonld_wins_over_opengraph_and_meta():
    found = extract_generic(page(OPENGRAPH + jsonld(ARTICLE)))
    assert found["title"] == ("JSON-LD headline", "jsonld")
    assert found["summary"] == ("JSON-LD summary.", "jsonld")
    assert found["published"] == ("2026-03-03T08:30:00-05:00", "jsonld")
    assert found["modified"] == ("2026-03-04T10:00:00-05:00", "jsonld")
    assert found["category"] == ("Local", "jsonld")
    assert found["tags"] == (["ferries", "council", "islands"], "jsonld")
    assert found["language"] == ("en", "jsonld")
    assert found["authors"] == (["Ann Example"], "jsonld")


def test_opengraph_then_meta_without_jsonld():
    found = extract_generic(page(OPENGRAPH))
    assert found["title"] == ("OG headline", "opengraph")  # site name removed
    assert found["summary"] == ("OG summary.", "opengraph")
    assert found["published"] == ("2026-03-03T09:00:00+01:00", "opengraph")
    assert found["category"] == ("OG section", "opengraph")
    assert found["tags"] == (["og tag"], "opengraph")
    assert found["authors"] == (["Meta Author"], "meta")
    assert found["language"] == ("fr", "opengraph")
    assert found["url"] == ("https://www.gazette.test/og-url", "opengraph")


def test_markup_when_there_is_no_metadata():
    body = """<div class="byline">By Ann Example and Bo Sample | Staff Writers</div>
    <time datetime="2026-03-03T07:45:00+02:00">3 March</time> <span>4 min read</span>
    <time class="updated" datetime="2026-03-04T08:00:00+02:00">Updated 4 March</time>
    <nav class="breadcrumbs"><a href="/">Home</a> › <a href="/local/">Local news</a></nav>
    <footer><a rel="tag" href="/t/ferries">ferries</a>
     <a rel="tag" href="/t/islands">islands</a></footer>"""
    found = extract_generic(page(body=body))
    assert found["title"] == ("Visible headline", "html")
    assert found["authors"] == (["Ann Example", "Bo Sample"], "html")
    assert found["published"] == ("2026-03-03T07:45:00+02:00", "html")
    assert found["modified"] == ("2026-03-04T08:00:00+02:00", "html")
    assert found["reading_time"] == ("4 min read", "html")
    assert found["category"] == ("Local news", "html")
    assert found["tags"] == (["ferries", "islands"], "html")
    assert found["language"] == ("en", "html")
    assert found["body"] == ("\n\n".join(PARAGRAPHS), "body")


def test_an_organisation_is_the_author_only_when_no_person_is_named():
    desk = {"@type": "Organization", "name": "Gazette Staff"}
    alone = extract_generic(page(jsonld({**ARTICLE, "author": desk})), ["authors"])
    assert alone == {"authors": (["Gazette Staff"], "jsonld")}
    beside = {**ARTICLE, "author": [desk, {"@type": "Person", "name": "Cy Writer"}]}
    assert extract_generic(page(jsonld(beside)))["authors"] == (["Cy Writer"], "jsonld")
    byline = '<p class="byline">By Ann Lee</p>'
    found = extract_generic(page(jsonld({**ARTICLE, "author": desk}), byline), ["authors"])
    assert found == {"authors": (["Ann Lee"], "html")}  # a byline names a person


def test_publisher_named_as_author_is_not_a_person():
    article = {**ARTICLE, "author": ["The Gazette", "Cy Writer"]}
    assert extract_generic(page(jsonld(article)))["authors"] == (["Cy Writer"], "jsonld")


def test_author_references_in_a_graph_are_resolved():
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": "https://www.gazette.test/#site", "name": "The Gazette"},
        {"@type": "Article", "headline": "Graph headline",
         "author": {"@id": "https://www.gazette.test/#/person/1"}},
        {"@type": "Person", "@id": "https://www.gazette.test/#/person/1", "name": "Di Author"},
    ]}
    found = extract_generic(page(jsonld(graph)))
    assert found["title"] == ("Graph headline", "jsonld")
    assert found["authors"] == (["Di Author"], "jsonld")


def test_a_byline_string_is_split_into_people():
    article = {**ARTICLE, "author": "By Ann Example, Bo Sample and Cy Writer"}
    found = extract_generic(page(jsonld(article)))
    assert found["authors"] == (["Ann Example", "Bo Sample", "Cy Writer"], "jsonld")


@pytest.mark.parametrize("blocks", [
    ['{"@type": "NewsArticle", "headline": "Broken", }'],  # trailing comma: still read
    ['<!-- {"@type": "NewsArticle", "headline": "Broken"} -->'],
])
def test_sloppy_jsonld_is_still_read(blocks):
    head = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    assert extract_generic(page(head), ["title"])["title"] == ("Broken", "jsonld")


@pytest.mark.parametrize("script", [
    "{not json at all", "", "[]", "null", "42", '"a string"', '{"@type": 7}',
    '{"@type": "NewsArticle", "headline": {"nested": ["odd"]}, "author": 12}',
    '{"@graph": "not a list"}', '[[[{"@type": "NewsArticle"}]]]',
])
def test_bad_jsonld_never_raises(script):
    head = f'<script type="application/ld+json">{script}</script>' + OPENGRAPH
    found = extract_generic(page(head))
    assert found["summary"] == ("OG summary.", "opengraph")
    assert found["body"][1] == "body"


def test_one_bad_block_does_not_hide_the_good_one():
    head = '<script type="application/ld+json">{oops</script>' + jsonld(ARTICLE)
    assert extract_generic(page(head), ["title"])["title"] == ("JSON-LD headline", "jsonld")


def test_duplicated_article_blocks_are_merged():
    first = {"@type": "NewsArticle", "headline": "Same headline"}
    second = {"@type": "NewsArticle", "headline": "Same headline",
              "datePublished": "2026-03-03T08:30:00Z"}
    found = extract_generic(page(jsonld(first) + jsonld(second)))
    assert found["title"] == ("Same headline", "jsonld")
    assert found["published"] == ("2026-03-03T08:30:00+00:00", "jsonld")


def test_dates_keep_the_offset_the_page_gives():
    head = ('<meta property="article:published_time" content="2026-03-03T23:30:00+0530">'
            '<meta property="article:modified_time" content="Tue, 03 Mar 2026 20:00:00 -0800">')
    found = extract_generic(page(head))
    assert found["published"] == ("2026-03-03T23:30:00+05:30", "opengraph")
    assert found["modified"] == ("2026-03-03T20:00:00-08:00", "opengraph")


def test_machine_tags_are_dropped_and_labelled_tags_unwrapped():
    article = {**ARTICLE, "keywords": ["Category: Ferries", "0a1b2c3d-1111-2222-3333-444455556666",
                                       "gazette.test", "editors_pick", "Islands"]}
    assert extract_generic(page(jsonld(article)))["tags"] == (["Ferries", "Islands"], "jsonld")


def test_canonical_url_and_only_the_fields_asked_for():
    head = '<link rel="canonical" href="/2026/03/03/ferry-timetable/">' + OPENGRAPH
    found = extract_generic(page(head), ["url", "title"])
    assert found == {
        "url": ("https://www.gazette.test/2026/03/03/ferry-timetable/", "meta"),
        "title": ("OG headline", "opengraph"),
    }


def test_images_come_from_figures_in_the_body():
    body = """<div class="entry-content"><p>{}</p><figure><img src="/img/quay.jpg">
      <figcaption>The quay at dawn. <span class="credit">Lee Lens</span></figcaption>
    </figure><p>{}</p><figure><img src="/img/placeholder.png">
      <img srcset="/img/boat-400.jpg 400w, /img/boat-1200.jpg 1200w, /img/boat-800.jpg 800w">
      <figcaption>The new boat on trial (Photo: Lee Lens)</figcaption></figure>
    </div>""".format(*PARAGRAPHS)
    html = f"""<html><body><article><h1>T</h1>{body}</article>
    <aside><figure><img src="/img/ad.jpg"></figure></aside></body></html>"""
    found = extract_generic(Page.from_html(html, URL), ["images"])
    assert found["images"] == ([
        {"url": "https://www.gazette.test/img/quay.jpg", "caption": "The quay at dawn.",
         "credit": "Lee Lens"},
        {"url": "https://www.gazette.test/img/boat-1200.jpg",
         "caption": "The new boat on trial", "credit": "Lee Lens"},
    ], "body")


def test_deeply_nested_jsonld_never_raises():
    head = f'<script type="application/ld+json">{"[" * 5000}{"]" * 5000}</script>' + OPENGRAPH
    assert extract_generic(page(head), ["title"])["title"] == ("OG headline", "opengraph")


def test_wordpress_category_links_are_the_category_not_tags():
    body = """<nav class="menu"><a href="/category/sport/">Sport</a></nav>
    <div class="taxonomy-category"><a href="/category/local/" rel="tag">Local</a></div>
    <footer class="entry-footer"><span class="tags-links"><a href="/tag/ferries/" rel="tag"
    >Ferries</a></span></footer>"""
    found = extract_generic(page(body=body), ["category", "tags"])
    assert found == {"category": ("Local", "html"), "tags": (["Ferries"], "html")}


def test_microdata_when_there_is_no_jsonld():
    body = """<div itemscope itemtype="https://schema.org/NewsArticle">
      <h2 itemprop="headline">Microdata headline</h2>
      <span itemprop="author" itemscope itemtype="https://schema.org/Person">
        <span itemprop="name">Ann Example</span></span>
      <span itemprop="author" itemscope itemtype="https://schema.org/Organization">
        <span itemprop="name">Gazette Desk</span></span>
      <meta itemprop="datePublished" content="2026-03-03T06:00:00+01:00"></div>"""
    found = extract_generic(page(body=body), ["title", "authors", "published"])
    assert found == {
        "title": ("Microdata headline", "microdata"),
        "authors": (["Ann Example"], "microdata"),
        "published": ("2026-03-03T06:00:00+01:00", "microdata"),
    }


def test_a_post_element_named_for_its_categories_is_not_a_category_box():
    html = f"""<html><body><article class="post type-post category-health">
    <h1>Visible headline</h1><a class="share" href="/share">Share14K</a>
    <span class="cat-links"><a href="/category/health/">Health</a></span>
    <div class="entry-content">{"".join(f"<p>{text}</p>" for text in PARAGRAPHS)}</div>
    </article></body></html>"""
    found = extract_generic(Page.from_html(html, URL), ["category"])
    assert found == {"category": ("Health", "html")}
