"""Headline candidates cross-checked: the site's name, or a heading unrelated to what
``<title>``, ``og:title`` and JSON-LD agree on, is not the headline (made-up pages)."""

from __future__ import annotations

import pytest

from newscrawl.extract import extract_article
from newscrawl.extract.generic import _without_suffix

URL = "https://gazette.test/2026/03/03/ferry-timetable/"
HEADLINE = "Harbour council approves the new ferry timetable"
TEXT = ("<p>The harbour council approved the new ferry timetable on Tuesday evening, after a "
        "debate that ran past midnight and split the members over weekend services.</p>")


def _block_theme_post(post_title_tag: str) -> str:
    """A post of a WordPress block theme with no SEO plugin (no JSON-LD, no OpenGraph):
    the site's title is the page's first ``<h1>``, on every post."""
    return f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">
<title>{HEADLINE} &#8211; Island Gazette</title>
<meta name="generator" content="WordPress 6.4.2"></head>
<body class="post-template-default single single-post postid-42 single-format-standard">
<div class="wp-site-blocks"><header class="wp-block-template-part">
<div class="wp-block-group alignwide is-layout-flex">
<h1 class="wp-block-site-title"><a href="https://gazette.test" rel="home">Island Gazette</a></h1>
<p class="wp-block-site-tagline">News from the islands</p>
<nav class="wp-block-navigation"><ul><li><a href="/news/">News</a></li>
<li><a href="/about/">About</a></li></ul></nav></div></header>
<main class="wp-block-group is-layout-constrained">
<{post_title_tag} class="wp-block-post-title">{HEADLINE}</{post_title_tag}>
<div class="wp-block-post-date"><time datetime="2026-03-03T09:00:00+00:00">March 3, 2026</time>
</div><div class="entry-content wp-block-post-content">{TEXT}</div></main>
<footer class="wp-block-template-part"><p>Proudly powered by WordPress</p></footer>
</div></body></html>"""


@pytest.mark.parametrize("post_title_tag", ["h1", "h2"])
def test_a_block_themes_site_title_heading_is_not_the_headline(post_title_tag: str) -> None:
    found = extract_article(_block_theme_post(post_title_tag), URL)
    assert found["title"] == HEADLINE


def test_an_og_title_that_is_the_site_name_loses() -> None:
    html = f"""<html><head><title>{HEADLINE} | The Gazette</title>
    <meta property="og:site_name" content="The Gazette">
    <meta property="og:title" content="The Gazette"></head>
    <body><article><h1>{HEADLINE}</h1>{TEXT}</article></body></html>"""
    assert extract_article(html, URL)["title"] == HEADLINE


def test_a_heading_unrelated_to_the_titles_that_agree_loses() -> None:
    html = f"""<html><head><title>{HEADLINE} | The Gazette</title>
    <meta property="og:title" content="{HEADLINE}"></head>
    <body><div itemscope itemtype="https://schema.org/NewsArticle">
    <span itemprop="headline">Sign up for our morning briefing</span>
    <h1>{HEADLINE}</h1>{TEXT}</div></body></html>"""
    assert extract_article(html, URL)["title"] == HEADLINE


def test_a_site_name_at_the_start_of_the_title_leaves_the_headline_heading_alone() -> None:
    html = f"""<html><head><title>Gazette | {HEADLINE}</title></head>
    <body><article><h1>{HEADLINE}</h1>{TEXT}</article></body></html>"""
    assert extract_article(html, URL)["title"] == HEADLINE


def test_a_website_named_after_the_headline_does_not_hide_it() -> None:
    # Sloppy markup: the WebSite node carries the page's title; og:title and <title> agree
    # with the JSON-LD headline, so it is the headline, not the site's name.
    html = f"""<html><head><title>{HEADLINE}</title>
    <meta property="og:title" content="{HEADLINE}">
    <script type="application/ld+json">{{"@graph": [
      {{"@type": "WebSite", "name": "{HEADLINE}"}},
      {{"@type": "NewsArticle", "headline": "{HEADLINE}"}}]}}</script></head>
    <body><article><h1>{HEADLINE}</h1>{TEXT}</article></body></html>"""
    assert extract_article(html, URL)["title"] == HEADLINE


def _page(head: str, body: str = "") -> str:
    return f"<html><head>{head}</head><body><article>{body}{TEXT}</article></body></html>"


def test_a_site_name_after_an_unspaced_full_width_separator_is_removed() -> None:
    # Japanese and Chinese titles write the site's name after a full-width colon or bar.
    html = _page('<meta property="og:site_name" content="港町日報">'
                 '<meta property="og:title" content="フェリー新ダイヤを承認：港町日報">')
    assert extract_article(html, URL)["title"] == "フェリー新ダイヤを承認"


def test_a_suffix_the_site_names_miss_goes_when_the_heading_states_the_rest() -> None:
    html = _page(f'<meta property="og:site_name" content="Gazette">'
                 f'<meta property="og:title" content="{HEADLINE} | Gazette Haber">',
                 f"<h1>{HEADLINE}</h1>")
    assert extract_article(html, URL)["title"] == HEADLINE


def test_a_byline_after_the_site_name_goes_too() -> None:
    html = _page(f'<meta property="og:title" content="{HEADLINE} * Gazette * by Ann Lee">',
                 f"<h1>{HEADLINE}</h1>")
    assert extract_article(html, URL)["title"] == HEADLINE


def test_a_section_before_the_headline_goes_when_the_heading_states_the_rest() -> None:
    html = _page(f'<meta property="og:title" content="Harbour news | {HEADLINE}">',
                 f"<h1>{HEADLINE}</h1>")
    assert extract_article(html, URL)["title"] == HEADLINE


def test_a_kicker_before_a_colon_stays() -> None:
    # "Kicker: headline" is the headline; the <h1> may print the kicker apart.
    headline = f"Ferries: {HEADLINE}"
    html = _page(f'<meta property="og:title" content="{headline}">', f"<h1>{HEADLINE}</h1>")
    assert extract_article(html, URL)["title"] == headline


def test_two_sources_compare_without_spaces() -> None:
    html = _page('<meta property="og:title" content="Police: two held after fire - Town News">',
                 "<h1>Police:two held after fire</h1>")
    assert extract_article(html, URL)["title"] == "Police: two held after fire"


def test_an_og_title_that_is_the_pages_host_loses() -> None:
    html = _page('<meta property="og:title" content="gazette.test">', f"<h1>{HEADLINE}</h1>")
    assert extract_article(html, URL)["title"] == HEADLINE


def test_a_title_suffix_that_spells_the_host_is_a_site_name() -> None:
    html = _page(f"<title>{HEADLINE} – Gazette Blog</title>")
    assert extract_article(html, "https://blog.gazette.test/ferry-timetable/")["title"] == HEADLINE


def test_a_twice_escaped_entity_in_json_ld_is_decoded() -> None:
    html = _page('<script type="application/ld+json">{"@type": "NewsArticle", '
                 '"headline": "And finally&amp;#8230; the ferry runs"}</script>')
    assert extract_article(html, URL)["title"] == "And finally… the ferry runs"


def test_quotes_around_a_whole_headline_go_when_another_source_has_none() -> None:
    html = _page(f'<meta property="og:title" content="{HEADLINE}">'
                 f'<script type="application/ld+json">{{"@type": "NewsArticle", '
                 f'"headline": "\\"{HEADLINE}\\""}}</script>')
    assert extract_article(html, URL)["title"] == HEADLINE


SEO_HEADLINE = "Ferry timetable: council approves new crossings"


def _seo_page(seo_heading: str, shown_heading: str) -> str:
    """A page whose JSON-LD gives the SEO headline and og:title the published one."""
    return f"""<html><head><title>{SEO_HEADLINE} | Island Gazette</title>
<meta property="og:title" content="{HEADLINE}">
<script type="application/ld+json">{{"@type": "NewsArticle",
 "headline": "{SEO_HEADLINE}"}}</script></head><body>
{seo_heading}<main><article>{shown_heading}{TEXT}</article></main></body></html>"""


@pytest.mark.parametrize("seo_heading", [
    # The breadcrumb trail's last crumb, an <h1> of the SEO headline.
    f'<ol class="breadcrumbs"><li><a href="/">Home</a></li><li><h1>{SEO_HEADLINE}</h1>'
    "</li></ol>",
    # A heading for search engines only.
    f'<h1 class="seotitle">{SEO_HEADLINE}</h1>',
])
def test_the_shown_headline_wins_over_one_printed_only_for_search_engines(seo_heading):
    shown = (f'<h2><span class="kicker">Islands</span> <span class="headline">{HEADLINE}'
             "</span></h2>")
    found = extract_article(_seo_page(seo_heading, shown), URL)
    assert found["title"] == HEADLINE
    assert found["provenance"]["title"] == "opengraph"


def test_a_json_ld_headline_shown_as_kicker_and_headline_is_kept():
    # The shown heading prints the JSON-LD headline, its kicker apart ("Ferry timetable"
    # then the rest): og:title is the headline without the kicker, not another headline.
    seo = f'<ol class="breadcrumb"><li><h1>{SEO_HEADLINE}</h1></li></ol>'
    shown = ('<h2><span class="kicker">Ferry timetable</span> <span class="headline">'
             'council approves new crossings</span></h2>')
    html = _seo_page(seo, shown).replace(f'content="{HEADLINE}"',
                                         'content="council approves new crossings"')
    assert extract_article(html, URL)["title"] == SEO_HEADLINE


def test_a_json_ld_headline_printed_nowhere_is_kept():
    # Many sites print a shorter headline than the one they give search engines: without
    # a heading that prints the JSON-LD one for search engines only, it stays.
    found = extract_article(_seo_page("", f"<h1>{HEADLINE}</h1>"), URL)
    assert found["title"] == SEO_HEADLINE


@pytest.mark.parametrize(("title", "name", "expected"), [
    ("Ferry timetable | Island Gazette", "island gazette", "Ferry timetable"),
    ("Ferry timetable - Island Gazette", "Island Gazette", "Ferry timetable"),
    ("페리 시간표ㅣ한국일보", "한국일보", "페리 시간표"),
    ("Ferry timetable for Island Gazette", "Island Gazette", "Ferry timetable for Island Gazette"),
    ("Island Gazette | Ferry timetable", "Island Gazette", "Island Gazette | Ferry timetable"),
    ("Island Gazette", "Island Gazette", "Island Gazette"),
    ("Ferry | Island Gazette | News", "Island Gazette", "Ferry | Island Gazette | News"),
])
def test_a_site_name_ending_a_title_goes_with_its_separator(title: str, name: str,
                                                            expected: str) -> None:
    assert _without_suffix(title, name) == expected
