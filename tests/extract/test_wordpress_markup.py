"""WordPress core's and its default themes' markup as generic rules (made-up pages shaped
like twentytwentyone's, twentytwentythree's and twentytwentyfour's output, no metadata):
the post's authors, categories, tags and headline, and never a sidebar's, a comment's or
another post's."""

from __future__ import annotations

import json

import pytest

from newscrawl.extract.generic import extract_generic
from newscrawl.extract.page import Page

SITE = "https://gazette.test"
URL = f"{SITE}/2026/03/03/ferry-timetable/"
HEADLINE = "Harbour council approves the new ferry timetable"
TEXT = "".join(f"<p>{text}</p>" for text in (
    "The harbour council approved the new ferry timetable on Tuesday evening, after a "
    "debate that ran past midnight and split the members over weekend services.",
    "Residents of the northern islands will get two extra crossings a day from March, "
    "while the late boat on Sundays is cut to save fuel and crew hours.",
))
FIELDS = ["title", "authors", "category", "tags"]

# twentytwentyone's entry footer: date and byline, then the_category() and the_tags().
BYLINE = (f'<span class="byline">By <a href="{SITE}/author/maria-lopez/" rel="author">'
          "Maria Lopez</a></span>")
TAXONOMIES = (f'<div class="post-taxonomies"><span class="cat-links">Categorized as <a href='
              f'"{SITE}/category/transport/" rel="category tag">Transport</a>, <a href='
              f'"{SITE}/category/islands/" rel="category tag">Islands</a> </span>'
              f'<span class="tags-links">Tagged <a href="{SITE}/tag/ferries/" rel="tag">ferries'
              f'</a>, <a href="{SITE}/tag/council/" rel="tag">council</a></span></div>')
# twentytwentyone's widget area (after the post, outside the site footer): a categories list,
# a tag cloud, a "Recent posts by" author widget.
WIDGETS = f"""<aside class="widget-area">
<section id="block-6" class="widget widget_block"><h2>Categories</h2>
<ul class="wp-block-categories-list wp-block-categories">
<li class="cat-item cat-item-3"><a href="{SITE}/category/economy/">Economy</a></li>
<li class="cat-item cat-item-4"><a href="{SITE}/category/transport/">Transport</a></li></ul>
</section>
<section id="tag_cloud-2" class="widget widget_tag_cloud"><h2>Tags</h2>
<div class="tagcloud"><a href="{SITE}/tag/budget/" rel="tag" class="tag-cloud-link">budget</a>
<a href="{SITE}/tag/elections/" rel="tag" class="tag-cloud-link">elections</a></div></section>
<section id="authors-2" class="widget widget_authors"><h2>Recent posts by Daniel Okafor</h2>
<a href="{SITE}/author/daniel-okafor/" rel="author">Daniel Okafor</a></section>
</aside>"""


def classic_post(footer: str = BYLINE + TAXONOMIES, after: str = "",
                 body_class: str = "single single-post postid-42",
                 terms: str = "category-transport category-islands tag-ferries") -> Page:
    """A twentytwentyone single post with no SEO plugin: no JSON-LD, no OpenGraph."""
    html = f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">
<title>{HEADLINE} &#8211; Island Gazette</title></head>
<body class="post-template-default {body_class} wp-embed-responsive is-light-theme">
<div id="page" class="site"><header id="masthead" class="site-header">
<div class="site-branding"><p class="site-title"><a href="{SITE}/">Island Gazette</a></p></div>
<nav id="site-navigation" class="primary-navigation">
<ul id="primary-menu-list" class="menu-wrapper">
<li class="menu-item"><a href="{SITE}/category/politics/">Politics</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area">
<main id="main" class="site-main">
<article id="post-42" class="post-42 post type-post status-publish format-standard hentry
 {terms} entry">
<header class="entry-header alignwide"><h1 class="entry-title">{HEADLINE}</h1></header>
<div class="entry-content">{TEXT}</div>
<footer class="entry-footer default-max-width"><div class="posted-by"><span class="posted-on"
>Published <time class="entry-date published updated" datetime="2026-03-03T09:00:00+00:00"
>March 3, 2026</time></span>{footer}</div></footer>
</article>{after}</main></div></div>{WIDGETS}
<footer id="colophon" class="site-footer"><div class="site-name">
<a href="{SITE}/">Island Gazette</a></div></footer></div></body></html>"""
    return Page.from_html(html, URL)


def block_theme_post(meta: str, before_title: str = "", site_title_tag: str = "p",
                     title: str = f"{HEADLINE} &#8211; Island Gazette") -> Page:
    """A block theme's single post: header, Post Title block, content, the post-meta
    template part ``meta``, comments, footer."""
    html = f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8">
<title>{title}</title></head>
<body class="post-template-default single single-post postid-42 single-format-standard">
<div class="wp-site-blocks"><header class="wp-block-template-part">
<div class="wp-block-group alignwide is-layout-flex">
<{site_title_tag} class="wp-block-site-title"><a href="{SITE}" rel="home">Island Gazette</a>
</{site_title_tag}>
<nav class="wp-block-navigation"><ul class="wp-block-page-list">
<li class="wp-block-pages-list__item"><a href="{SITE}/about/">About</a></li></ul></nav>
</div></header>
<main class="wp-block-group is-layout-flow">{before_title}
<div class="wp-block-group is-layout-constrained">
<h1 class="wp-block-post-title">{HEADLINE}</h1></div>
<div class="entry-content wp-block-post-content is-layout-constrained">{TEXT}</div>
<div class="wp-block-template-part">{meta}</div>
<div class="wp-block-comments"><h2 class="wp-block-comments-title">One response</h2>
<ol class="wp-block-comment-template"><li id="comment-2" class="comment even thread-even">
<div class="wp-block-comment-author-name"><a rel="external nofollow ugc"
 href="https://ruth.test">Ruth Sandoval</a></div>
<div class="wp-block-comment-content"><p>The Sunday boat was always late anyway.</p></div>
</li></ol></div></main>
<footer class="wp-block-template-part"><p class="wp-block-site-title">
<a href="{SITE}" rel="home">Island Gazette</a></p></footer></div></body></html>"""
    return Page.from_html(html, URL)


# twentytwentythree's post-meta template part: "Posted <date> in <categories> by <author>",
# then "Tags:" and the Post Terms block of post_tag.
TT3_META = f"""<div class="wp-block-group is-layout-flex"><p>Posted</p>
<div class="wp-block-post-date"><time datetime="2026-03-03T09:00:00+00:00">March 3, 2026</time>
</div><p>in</p><div class="taxonomy-category wp-block-post-terms"><a href=
"{SITE}/category/transport/" rel="tag">Transport</a><span class="wp-block-post-terms__separator"
>, </span><a href="{SITE}/category/islands/" rel="tag">Islands</a></div></div>
<div class="wp-block-group is-layout-flex"><p>by</p><div class="wp-block-post-author">
<div class="wp-block-post-author__content"><p class="wp-block-post-author__name">Maria Lopez</p>
</div></div></div>
<div class="wp-block-group is-vertical is-layout-flex"><p>Tags:</p>
<div class="taxonomy-post_tag wp-block-post-terms"><a href="{SITE}/tag/ferries/" rel="tag"
>ferries</a><span class="wp-block-post-terms__separator">, </span><a href=
"{SITE}/tag/council/" rel="tag">council</a></div></div>"""


def fields(page: Page) -> dict[str, object]:
    return {name: value for name, (value, _) in extract_generic(page, FIELDS).items()}


# --- whole default-theme posts --------------------------------------------------------------

def test_a_twentytwentyone_post():
    # The post's own footer is the post: its byline and the_category() links count, and
    # the categories widget's first link ("Economy") does not.
    assert fields(classic_post()) == {"title": HEADLINE, "authors": ["Maria Lopez"],
                                      "category": "Transport", "tags": ["ferries", "council"]}


def test_a_twentytwentythree_post():
    assert fields(block_theme_post(TT3_META)) == {
        "title": HEADLINE, "authors": ["Maria Lopez"], "category": "Transport",
        "tags": ["ferries", "council"]}


def test_a_twentytwentyfour_post():
    # "by <Post Author Name block, linked> in <categories>"; a first name only.
    meta = f"""<div class="wp-block-group is-layout-flex"><div class="wp-block-post-date">
<time datetime="2026-03-03T09:00:00+00:00"><a href="{URL}">Mar 3, 2026</a></time></div>
<p class="has-small-font-size">by</p><div class="wp-block-post-author-name"><a href=
"{SITE}/author/aiko/" target="_self" class="wp-block-post-author-name__link">Aiko</a></div>
<div class="taxonomy-category wp-block-post-terms"><span class="wp-block-post-terms__prefix"
>in </span><a href="{SITE}/category/transport/" rel="tag">Transport</a></div></div>"""
    assert fields(block_theme_post(meta)) == {"title": HEADLINE, "authors": ["Aiko"],
                                              "category": "Transport"}


# --- authors -------------------------------------------------------------------------------

@pytest.mark.parametrize("wording", [
    "View all of Maria Lopez&#8217;s posts.",  # twentytwentyone
    "View all posts by Maria Lopez <span class=\"meta-nav\">&rarr;</span>",  # twentysixteen
])
def test_the_author_box_link_names_the_author(wording: str):
    # An author with a biography gets twentytwentyone's author box instead of a byline.
    box = f"""<div class="author-bio show-avatars"><div class="author-bio-content">
<h2 class="author-title">By Maria Lopez</h2><p class="author-description">Maria covers the
islands.</p><a class="author-link" href="{SITE}/author/maria-lopez/" rel="author">{wording}</a>
</div></div>"""
    page = classic_post(footer=TAXONOMIES, after=box)
    assert extract_generic(page, ["authors"]) == {"authors": (["Maria Lopez"], "html")}


def test_one_word_is_a_name_when_the_author_archive_is_named_for_it():
    footer = f'<span class="byline">By <a href="{SITE}/author/maria/" rel="author">Maria</a></span>'
    assert fields(classic_post(footer=footer))["authors"] == ["Maria"]


@pytest.mark.parametrize("text", ["Bio", "Google+", "admin", "Admin"])
def test_one_word_that_is_not_the_archives_name_is_no_author(text: str):
    footer = f'<a href="{SITE}/author/maria-lopez/" rel="author">{text}</a>'
    assert "authors" not in fields(classic_post(footer=footer))


@pytest.mark.parametrize("name", ["admin", "Admin"])
def test_the_default_account_is_no_author(name: str):
    meta = (f'<div class="wp-block-post-author"><p class="wp-block-post-author__name">{name}'
            "</p></div>")
    assert "authors" not in fields(block_theme_post(meta))


def test_an_author_archive_link_in_the_posts_meta_line():
    header_meta = (f'<div class="post-meta">Posted on March 3, 2026 by <a href='
                   f'"{SITE}/author/cwatson/">Colin Watson</a></div>')
    html = f"""<html><body class="single postid-42"><article class="post-42 post type-post">
    <header class="entry-header"><h1 class="entry-title">{HEADLINE}</h1>{header_meta}</header>
    <div class="entry-content">{TEXT}<p>As <a href="{SITE}/author/aiko-tanaka/">Aiko Tanaka</a>
    reported last week, the old timetable is gone.</p></div></article></body></html>"""
    found = extract_generic(Page.from_html(html, URL), ["authors"])
    assert found == {"authors": (["Colin Watson"], "html")}


def test_the_author_of_the_entry_meta_line():
    meta = '<div class="entry-meta"><span class="author">Jane Roe</span></div>'
    html = f"""<html><body><article class="post-42 post type-post"><header class="entry-header">
    <h1 class="entry-title">{HEADLINE}</h1>{meta}</header>{TEXT}</article></body></html>"""
    assert fields(Page.from_html(html, URL))["authors"] == ["Jane Roe"]


def test_a_byline_in_the_posts_own_footer_without_a_link():
    footer = '<span class="byline">By Maria Lopez</span>'
    assert fields(classic_post(footer=footer))["authors"] == ["Maria Lopez"]


def test_a_personal_blog_whose_publisher_is_its_author():
    # Yoast SEO's "Person" site representation: the blogger publishes and writes.
    person = {"@type": ["Person", "Organization"], "@id": f"{SITE}/#/schema/person/1",
              "name": "Sarah Rudell"}
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "headline": HEADLINE,
         "author": {"name": "Sarah Rudell", "@id": person["@id"]},
         "publisher": {"@id": person["@id"]}},
        {"@type": "WebSite", "name": "Quiet Mind Notes", "publisher": {"@id": person["@id"]}},
        person]}
    html = f"""<html><head><script type="application/ld+json">{json.dumps(graph)}</script>
    </head><body><article><h1>{HEADLINE}</h1>{TEXT}</article></body></html>"""
    found = extract_generic(Page.from_html(html, URL), ["authors"])
    assert found == {"authors": (["Sarah Rudell"], "jsonld")}


def test_the_publication_is_the_author_only_when_it_credits_no_person():
    graph = {"@type": "NewsArticle", "headline": HEADLINE, "author": "Island Gazette",
             "publisher": {"@type": "Organization", "name": "Island Gazette"}}
    html = f"""<html><head><script type="application/ld+json">{json.dumps(graph)}</script>
    </head><body><article><h1>{HEADLINE}</h1>BYLINE{TEXT}</article></body></html>"""
    staff = extract_generic(Page.from_html(html.replace("BYLINE", ""), URL), ["authors"])
    assert staff == {"authors": (["Island Gazette"], "jsonld")}
    byline = '<span class="byline">By Maria Lopez</span>'
    signed = extract_generic(Page.from_html(html.replace("BYLINE", byline), URL),
                            ["authors"])
    assert signed == {"authors": (["Maria Lopez"], "html")}


def test_sidebar_author_widgets_and_comment_authors_are_not_the_authors():
    comments = f"""<div id="comments" class="comments-area default-max-width">
<ol class="comment-list"><li id="comment-2" class="comment byuser even thread-even depth-1">
<article class="comment-body"><footer class="comment-meta"><div class="comment-author vcard">
<b class="fn"><a href="{SITE}/author/peter-lindgren/" rel="author external nofollow ugc"
 class="url">Peter Lindgren</a></b> <span class="says">says:</span></div></footer>
<div class="comment-content"><p>Good news for the islands.</p></div></article></li></ol></div>"""
    page = classic_post(after=comments)  # the widget area names Daniel Okafor
    assert fields(page)["authors"] == ["Maria Lopez"]


def test_with_no_byline_of_its_own_the_post_takes_none_from_the_page_around_it():
    comments = """<div id="comments" class="comments-area"><ol class="comment-list">
<li class="comment"><div class="comment-author vcard"><span class="byline">By Peter Lindgren
</span></div></li></ol></div>"""
    assert "authors" not in fields(classic_post(footer=TAXONOMIES, after=comments))


def test_other_posts_authors_are_not_the_authors():
    # A block theme's query loop of other posts, and related-post teasers after the
    # post's own meta line: only the first meta line's author archive link counts.
    loop = """<ul class="wp-block-post-template"><li class="wp-block-post">
<h2 class="wp-block-post-title"><a href="/other/">Bridge repairs start in May</a></h2>
<div class="wp-block-post-author-name">Daniel Okafor</div></li></ul>"""
    teasers = "".join(f"""<article class="post type-post"><div class="entry-meta">By <a
href="{SITE}/author/{slug}/">{name}</a></div></article>""" for slug, name in (
        ("dokafor", "Daniel Okafor"), ("atanaka", "Aiko Tanaka")))
    html = f"""<html><body><main>{loop}<article class="post-42 post type-post">
    <h1 class="entry-title">{HEADLINE}</h1><div class="entry-meta">By <a
    href="{SITE}/author/mlopez/">Maria Lopez</a></div>{TEXT}</article>
    <section class="more-stories">{teasers}</section></main></body></html>"""
    assert fields(Page.from_html(html, URL))["authors"] == ["Maria Lopez"]


def test_an_author_card_made_one_link_is_no_name():
    # Its text runs the name into the job title: "Written by Maria Lopez Transport Desk".
    card = f"""<div class="author"><a href="{SITE}/author/maria-lopez/"><div class="name">Written
by <span>Maria Lopez</span></div><div class="position">Transport Desk</div></a></div>"""
    html = f"""<html><body><article><h1>{HEADLINE}</h1>{TEXT}{card}</article></body></html>"""
    assert "authors" not in fields(Page.from_html(html, URL))


# --- categories ----------------------------------------------------------------------------

def test_the_categorys_rel_link_comes_before_other_category_links():
    trending = (f'<div class="trending-categories"><a href="{SITE}/category/opinion/">Opinion</a>'
                "</div>")
    html = f"""<html><body>{trending}<article class="post-42 post type-post">
    <h1 class="entry-title">{HEADLINE}</h1>{TEXT}<footer class="entry-footer">{TAXONOMIES}
    </footer></article></body></html>"""
    assert fields(Page.from_html(html, URL))["category"] == "Transport"


def test_without_pretty_permalinks_the_category_link_is_rel_category():
    footer = (f'<span class="cat-links">Categorized as <a href="{SITE}/?cat=4" rel="category">'
              "Transport</a></span>")
    assert fields(classic_post(footer=footer))["category"] == "Transport"


def test_body_classes_do_not_hide_the_post():
    # Themes name <body> for their options: "has-fixed-menu", "comments-open".
    page = classic_post(body_class="single postid-42 has-fixed-menu comments-open", terms="")
    assert fields(page) == {"title": HEADLINE, "authors": ["Maria Lopez"],
                            "category": "Transport", "tags": ["ferries", "council"]}


def test_the_post_class_names_the_category_a_link_on_the_page_calls():
    # No category links in the post: its classes name the category by slug, the menu
    # names it.
    menu = f"""<nav class="main-navigation"><ul class="menu"><li class="menu-item"><a
href="{SITE}/category/economy/">Economy</a></li><li class="menu-item"><a
href="{SITE}/category/festivals-events/">Festivals &amp; Events</a></li></ul></nav>"""
    html = f"""<html><body class="single single-post postid-42">{menu}
    <article class="post-42 post type-post status-publish hentry category-festivals-events
    tag-music"><h1 class="entry-title">{HEADLINE}</h1>{TEXT}</article></body></html>"""
    found = extract_generic(Page.from_html(html, URL), ["category"])
    assert found == {"category": ("Festivals & Events", "html")}


def test_a_category_slug_without_a_link_that_names_it_gives_nothing():
    # "us-politics" could be "US Politics", "U.S. politics": no guess.
    html = f"""<html><body class="single single-post postid-42">
    <article class="post-42 post type-post category-us-politics"><h1>{HEADLINE}</h1>{TEXT}
    </article></body></html>"""
    assert "category" not in fields(Page.from_html(html, URL))


def test_another_posts_category_classes_are_not_the_posts():
    html = f"""<html><body class="single single-post postid-42">
    <nav><a href="{SITE}/category/sport/">Sport</a></nav>
    <article class="post-42 post type-post"><h1>{HEADLINE}</h1>{TEXT}</article>
    <article class="post-77 post type-post category-sport"><h2>Regatta results</h2></article>
    </body></html>"""
    assert "category" not in fields(Page.from_html(html, URL))


def test_category_menus_and_widgets_are_not_the_category():
    # The widget area lists Economy and Transport, the menu Politics; the post names none.
    page = classic_post(footer=BYLINE, terms="")
    assert "category" not in fields(page)


# --- tags ----------------------------------------------------------------------------------

@pytest.mark.parametrize("box", ["tags-links", "taxonomy-post_tag wp-block-post-terms"])
def test_tag_lists_without_rel_tag(box: str):
    footer = (f'<span class="{box}">Tagged <a href="{SITE}/tag/ferries/">ferries</a>, '
              f'<a href="{SITE}/tag/council/">council</a></span>')
    assert fields(classic_post(footer=footer))["tags"] == ["ferries", "council"]


def test_a_sidebar_tag_cloud_is_not_the_tags():
    assert "tags" not in fields(classic_post(footer=BYLINE))


# --- headline ------------------------------------------------------------------------------

def test_the_post_title_block_beats_a_site_title_heading():
    # An SEO plugin's <title> without the site's name: nothing says the first <h1> is
    # the site's, but the Post Title block says which heading is the post's.
    page = block_theme_post(TT3_META, site_title_tag="h1", title=HEADLINE)
    assert extract_generic(page, ["title"]) == {"title": (HEADLINE, "html")}


def test_the_posts_entry_title_beats_a_site_title_heading():
    html = f"""<html><head><title>{HEADLINE}</title></head><body class="single postid-42">
    <header id="branding"><h1 id="site-title"><a href="/">Island Gazette</a></h1></header>
    <article id="post-42" class="post-42 post type-post hentry"><header class="entry-header">
    <h2 class="entry-title">{HEADLINE}</h2></header>{TEXT}</article></body></html>"""
    assert fields(Page.from_html(html, URL))["title"] == HEADLINE


def test_titles_in_lists_of_other_posts_are_not_the_headline():
    loop = """<div class="wp-block-query"><ul class="wp-block-post-template">
<li class="wp-block-post"><h2 class="wp-block-post-title">Bridge repairs start in May</h2></li>
</ul></div>"""
    related = """<div class="related-posts"><article class="post type-post">
<h2 class="entry-title">Regatta results</h2></article></div>"""
    html = f"""<html><head><title>{HEADLINE}</title></head><body>{loop}{related}
    <main><h1>{HEADLINE}</h1>{TEXT}</main></body></html>"""
    assert fields(Page.from_html(html, URL))["title"] == HEADLINE


# --- what is the post's own, whatever the element ------------------------------------------

def test_a_nav_and_an_aside_inside_the_article_are_the_posts():
    html = f"""<html><body><article class="post"><h1>{HEADLINE}</h1>{TEXT}
    <aside class="category-block"><a href="{SITE}/category/transport/">Transport</a></aside>
    <footer class="article-footer"><nav class="topics"><a href="{SITE}/tag/ferries/" rel="tag"
    >ferries</a></nav></footer></article></body></html>"""
    found = fields(Page.from_html(html, URL))
    assert (found["category"], found["tags"]) == ("Transport", ["ferries"])


def test_an_aside_around_the_headline_is_no_sidebar():
    # A pop-up left unclosed before the page: the whole post inside an <aside>.
    html = f"""<html><body><aside class="popup-overlay"><div class="popup">Subscribe</div>
    <article class="post"><h1>{HEADLINE}</h1>{TEXT}<span class="cat-links"><a
    href="{SITE}/category/transport/">Transport</a></span></article></aside></body></html>"""
    assert fields(Page.from_html(html, URL))["category"] == "Transport"


def test_bloggers_posts_widget_is_the_post():
    html = f"""<html><body><div class="main section" id="main">
    <div class="widget Blog" id="Blog1"><div class="post hentry"><h3 class="post-title
    entry-title">{HEADLINE}</h3><div class="post-body entry-content">{TEXT}</div>
    <span class="post-labels">Labels: <a href="{SITE}/search/label/ferries" rel="tag">ferries</a>
    </span></div></div></div><div class="sidebar section" id="sidebar">
    <div class="widget Label" id="Label1"><a href="{SITE}/search/label/budget" rel="tag">budget
    </a></div></div></body></html>"""
    assert fields(Page.from_html(html, URL))["tags"] == ["ferries"]


def category_links(*names_and_slugs: tuple[str, str], rel: str = "category tag") -> str:
    links = ", ".join(f'<a href="{SITE}/category/{slug}/" rel="{rel}">{name}</a>'
                      for name, slug in names_and_slugs)
    return f'<span class="cat-links">Categorized as {links}</span>'


@pytest.mark.parametrize("footer", [
    # Themes list a post's categories by name: the default one can come first.
    category_links(("Uncategorized", "uncategorized"), ("World", "world")),
    category_links(("Non classé", "non-classe"), ("Welt", "welt")),
    # Without pretty permalinks the link says ?cat=1: the name tells.
    (f'<span class="cat-links"><a href="{SITE}/?cat=1" rel="category">Uncategorized</a>, '
     f'<a href="{SITE}/?cat=7" rel="category">World</a></span>'),
])
def test_the_default_category_comes_after_the_posts_own(footer):
    category = fields(classic_post(footer=footer, terms=""))["category"]
    assert category in ("World", "Welt")


def test_a_post_only_in_the_default_category_keeps_it():
    footer = category_links(("Uncategorized", "uncategorized"))
    assert fields(classic_post(footer=footer, terms=""))["category"] == "Uncategorized"


def test_block_theme_category_terms_put_the_default_category_last():
    meta = (f'<div class="taxonomy-category wp-block-post-terms"><a href="{SITE}/category/'
            f'uncategorized/" rel="tag">Uncategorized</a>, <a href="{SITE}/category/world/" '
            'rel="tag">World</a></div>')
    assert fields(block_theme_post(meta))["category"] == "World"


def test_post_classes_put_the_default_category_last():
    menu = (f'<nav class="menu"><a href="{SITE}/category/uncategorized/">Uncategorized</a>'
            f'<a href="{SITE}/category/world/">World</a></nav>')
    html = f"""<html><body class="single single-post postid-42">{menu}
    <article class="post-42 post type-post category-uncategorized category-world">
    <h1 class="entry-title">{HEADLINE}</h1>{TEXT}</article></body></html>"""
    found = extract_generic(Page.from_html(html, URL), ["category"])
    assert found == {"category": ("World", "html")}


def test_post_classes_name_the_tags_a_tag_cloud_calls():
    # No tag links in the post: its classes name the tags by slug, the tag cloud names
    # them (and lists others, which are not the post's).
    cloud = (f'<aside class="widget_tag_cloud"><a href="{SITE}/tag/interest-rates/">interest '
             f'rates</a><a href="{SITE}/tag/ai/">AI</a><a href="{SITE}/tag/oil/">oil</a></aside>')
    html = f"""<html><body class="single single-post postid-42">
    <article class="post-42 post type-post tag-ai tag-interest-rates tag-no-link-for-me">
    <h1 class="entry-title">{HEADLINE}</h1>{TEXT}</article>{cloud}</body></html>"""
    found = extract_generic(Page.from_html(html, URL), ["tags"])
    assert found == {"tags": (["AI", "interest rates"], "html")}


def test_tag_links_in_the_post_come_before_its_classes():
    page = classic_post(terms="category-transport tag-ferries tag-harbour")
    assert fields(page)["tags"] == ["ferries", "council"]
