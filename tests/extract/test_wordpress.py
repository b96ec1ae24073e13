"""The WordPress REST API reader on hand-written posts (made-up text) that follow the
posts endpoint's schema, with ``_embed`` (authors and terms)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from scrapy.http import Headers

from newscrawl.extract import EXTRACTED_FIELDS, extract_page, fill_missing
from newscrawl.extract.page import Page
from newscrawl.extract.wordpress import (
    api_root,
    authors_hidden,
    default_api_root,
    has_next_page,
    is_wordpress,
    parse_posts,
    post_fields,
    posts_url,
    total_pages,
)

SITE = "https://www.harbourherald.test"
API = f"{SITE}/wp-json/wp/v2/posts?per_page=100&page=1"
LINK = f"{SITE}/2026/03/02/ferry-timetable-approved/"

P1 = ("The harbour council approved the new ferry timetable on Tuesday evening, after a "
      "debate that ran past midnight and split the members over weekend services.")
P2 = ("Residents of the northern islands will get two extra crossings a day from March, "
      "while the late boat on Sundays is cut to save fuel and crew hours.")
P3 = ("The operator said the change follows a year of surveys, in which commuters asked "
      "for earlier departures and fewer cancellations in winter storms.")
P4 = ("A review of the timetable is planned for next autumn, once the new vessel has been "
      "delivered and tested on the longest route.")

# Block-editor content as content.rendered gives it: texturized quotes as entities, a
# captioned image block, a heading, a list.
CONTENT = f"""
<p>{P1}</p>
<figure class="wp-block-image size-large"><img decoding="async" width="1024" height="683"
 src="{SITE}/wp-content/uploads/2026/03/ferry-1024x683.jpg" alt=""
 srcset="{SITE}/wp-content/uploads/2026/03/ferry-300x200.jpg 300w,
 {SITE}/wp-content/uploads/2026/03/ferry-1024x683.jpg 1024w,
 {SITE}/wp-content/uploads/2026/03/ferry.jpg 2048w" sizes="(max-width: 1024px) 100vw, 1024px"
 class="wp-image-41"/><figcaption class="wp-element-caption">The ferry leaves the quay at
 dawn. Photo: Lee Lens</figcaption></figure>
<p>{P2}</p>
<h2 class="wp-block-heading">What changes for commuters</h2>
<p>{P3} &#8220;We listened,&#8221; the operator&#8217;s spokesperson said.</p>
<ul><li>Two extra crossings a day</li><li>No late boat on Sundays</li></ul>
<p>{P4}</p>
"""


def category(term_id: int, name: str, slug: str) -> dict[str, Any]:
    return {"id": term_id, "link": f"{SITE}/category/{slug}/", "name": name, "slug": slug,
            "taxonomy": "category", "_links": {}}


def tag(term_id: int, name: str, slug: str) -> dict[str, Any]:
    return {"id": term_id, "link": f"{SITE}/tag/{slug}/", "name": name, "slug": slug,
            "taxonomy": "post_tag", "_links": {}}


def make_post(**changes: Any) -> dict[str, Any]:
    """A post as ``/wp/v2/posts?_embed`` gives it, site in New York time (-05:00 in March
    before daylight saving); ``changes`` replace top-level keys."""
    post: dict[str, Any] = {
        "id": 4021,
        "date": "2026-03-02T09:15:00",
        "date_gmt": "2026-03-02T14:15:00",
        "guid": {"rendered": f"{SITE}/?p=4021"},
        "modified": "2026-03-03T11:40:12",
        "modified_gmt": "2026-03-03T16:40:12",
        "slug": "ferry-timetable-approved",
        "status": "publish",
        "type": "post",
        "link": LINK,
        "title": {"rendered": "Council&#8217;s ferry timetable: &#8220;more boats&#8221; "
                              "&amp; fewer delays"},
        "content": {"rendered": CONTENT, "protected": False},
        "excerpt": {"rendered": f"<p>{P1[:80]} [&hellip;]</p>\n", "protected": False},
        "author": 7,
        "featured_media": 41,
        "comment_status": "open",
        "ping_status": "closed",
        "sticky": False,
        "template": "",
        "format": "standard",
        "meta": {"footnotes": ""},
        "categories": [12, 3],
        "tags": [30, 31],
        "_links": {"self": [{"href": f"{SITE}/wp-json/wp/v2/posts/4021"}]},
        "_embedded": {
            "author": [{"id": 7, "name": "Ann Example", "url": "", "description": "",
                        "link": f"{SITE}/author/ann/", "slug": "ann",
                        "avatar_urls": {"24": "https://secure.gravatar.test/avatar/x?s=24"}}],
            "wp:term": [
                [category(12, "Island Life", "island-life"), category(3, "Transport", "transport")],
                [tag(30, "Ferries", "ferries"), tag(31, "R&amp;D", "r-d")],
            ],
        },
    }
    post.update(changes)
    return post


def fields(**changes: Any) -> dict[str, Any]:
    found = post_fields(make_post(**changes), API)
    assert found is not None
    return found


def embedded(**changes: Any) -> dict[str, Any]:
    """The default post's ``_embedded`` with ``changes``."""
    return {**make_post()["_embedded"], **changes}


# One post as fields


def test_a_post_gives_the_fields_extract_page_gives():
    found = fields()
    assert found["url"] == LINK
    assert found["title"] == "Council’s ferry timetable: “more boats” & fewer delays"
    assert found["authors"] == ["Ann Example"]
    assert found["published"] == "2026-03-02T09:15:00-05:00"
    assert found["modified"] == "2026-03-03T11:40:12-05:00"
    assert found["category"] == "Island Life"
    assert found["tags"] == ["Ferries", "R&D"]
    assert found["summary"] == P1[:80]
    assert found["body"].split("\n\n") == [
        P1, P2, "What changes for commuters",
        f"{P3} “We listened,” the operator’s spokesperson said.",
        "Two extra crossings a day", "No late boat on Sundays", P4]
    # Only fields extract_page gives (no word_count, site…), each from the API.
    assert set(found) - {"provenance"} <= EXTRACTED_FIELDS
    assert found["provenance"] == dict.fromkeys(set(found) - {"provenance"}, "wp-api")
    assert "language" not in found  # the post does not say it


def test_the_body_is_the_html_paths_body_of_the_same_content():
    """The post's own page, theme and furniture around the same content: the HTML path's
    body is the API's body."""
    html = f"""<!DOCTYPE html><html lang="en"><head><title>Council’s ferry timetable:
     “more boats” &amp; fewer delays | Harbour Herald</title>
    <meta name="generator" content="WordPress 6.5.2"></head>
    <body class="post-template-default single single-post">
    <header class="site-header"><nav><ul><li><a href="/">Home</a></li>
    <li><a href="/category/transport/">Transport</a></li></ul></nav></header>
    <main id="main"><article class="post type-post">
    <header class="entry-header"><h1 class="entry-title">Council’s ferry timetable:
     “more boats” &amp; fewer delays</h1>
    <div class="entry-meta">By Ann Example · March 2, 2026</div></header>
    <div class="entry-content">{CONTENT}</div></article>
    <div id="comments" class="comments-area"><h2>3 comments</h2><ol class="comment-list">
    <li class="comment"><p>I have taken that ferry for twenty years and the late Sunday
    boat was the only one that suited my shifts at the hospital.</p></li></ol></div></main>
    <aside class="widget-area"><section class="widget"><p>Our sidebar teaser: the lighthouse
    museum reopens with a new exhibition about the keepers of the coast.</p></section></aside>
    <footer class="site-footer"><p>© 2026 Harbour Herald. All rights reserved.</p></footer>
    </body></html>"""
    from_html = extract_page(Page.from_html(html, LINK), None)
    found = fields()
    assert found["body"] == from_html["body"]
    assert found["images"] == from_html["images"]


def test_a_block_image_gives_its_largest_rendition_caption_and_credit():
    assert fields()["images"] == [{
        "url": f"{SITE}/wp-content/uploads/2026/03/ferry.jpg",
        "caption": "The ferry leaves the quay at dawn.", "credit": "Lee Lens"}]


CLASSIC_HTML5 = f"""<p>{P1}</p>
<figure id="attachment_57" aria-describedby="caption-attachment-57" style="width: 640px"
 class="wp-caption aligncenter"><img decoding="async" class="size-large wp-image-57"
 src="/wp-content/uploads/2026/03/quay.jpg" alt="" width="640" height="427" />
<figcaption id="caption-attachment-57" class="wp-caption-text">Passengers queue at the
 terminal in the rain</figcaption></figure>
<p>{P2}</p>"""
# The same [caption] shortcode where the theme did not declare HTML5 captions.
CLASSIC_HTML4 = f"""<p>{P1}</p>
<div id="attachment_57" style="width: 650px" class="wp-caption aligncenter"><img
 aria-describedby="caption-attachment-57" class="size-large wp-image-57"
 src="/wp-content/uploads/2026/03/quay.jpg" alt="" width="640" height="427" />
<p id="caption-attachment-57" class="wp-caption-text">Passengers queue at the terminal in
 the rain</p></div>
<p>{P2}</p>"""


@pytest.mark.parametrize("content", [CLASSIC_HTML5, CLASSIC_HTML4], ids=["figure", "div"])
def test_classic_caption_markup_gives_the_image_and_keeps_the_caption_out_of_the_body(
        content: str):
    found = fields(content={"rendered": content, "protected": False})
    # Relative src: against the post's own URL.
    assert found["images"] == [{
        "url": f"{SITE}/wp-content/uploads/2026/03/quay.jpg",
        "caption": "Passengers queue at the terminal in the rain", "credit": None}]
    assert found["body"] == f"{P1}\n\n{P2}"


def test_a_classic_gallery_gives_each_captioned_image():
    gallery = f"""<p>{P1}</p><div id="gallery-1" class="gallery galleryid-4021 gallery-columns-2">
    <dl class="gallery-item"><dt class="gallery-icon landscape"><a href="/a/"><img
     src="/wp-content/uploads/a.jpg" class="attachment-thumbnail" alt=""></a></dt>
    <dd class="wp-caption-text gallery-caption" id="gallery-1-60">The old quay</dd></dl>
    <dl class="gallery-item"><dt class="gallery-icon landscape"><a href="/b/"><img
     src="/wp-content/uploads/b.jpg" class="attachment-thumbnail" alt=""></a></dt></dl>
    </div><p>{P2}</p>"""
    found = fields(content={"rendered": gallery, "protected": False})
    assert found["images"] == [
        {"url": f"{SITE}/wp-content/uploads/a.jpg", "caption": "The old quay", "credit": None},
        {"url": f"{SITE}/wp-content/uploads/b.jpg", "caption": None, "credit": None}]
    assert found["body"] == f"{P1}\n\n{P2}"


# Dates: UTC times in the site's offset of the day


@pytest.mark.parametrize(("dates", "published", "modified"), [
    # New York in winter, and a post updated after the clocks went forward (DST).
    ({"date": "2026-01-15T09:00:00", "date_gmt": "2026-01-15T14:00:00",
      "modified": "2026-07-01T10:30:00", "modified_gmt": "2026-07-01T14:30:00"},
     "2026-01-15T09:00:00-05:00", "2026-07-01T10:30:00-04:00"),
    # Kathmandu: +05:45.
    ({"date": "2026-03-02T20:00:00", "date_gmt": "2026-03-02T14:15:00",
      "modified": "2026-03-02T20:00:00", "modified_gmt": "2026-03-02T14:15:00"},
     "2026-03-02T20:00:00+05:45", "2026-03-02T20:00:00+05:45"),
    # Berlin, summer time; published the previous day in UTC.
    ({"date": "2026-06-10T01:30:00", "date_gmt": "2026-06-09T23:30:00",
      "modified": "2026-06-10T08:00:05", "modified_gmt": "2026-06-10T06:00:05"},
     "2026-06-10T01:30:00+02:00", "2026-06-10T08:00:05+02:00"),
    # UTC site.
    ({"date": "2026-03-02T14:15:00", "date_gmt": "2026-03-02T14:15:00",
      "modified": "2026-03-02T14:15:00", "modified_gmt": "2026-03-02T14:15:00"},
     "2026-03-02T14:15:00+00:00", "2026-03-02T14:15:00+00:00"),
], ids=["dst-new-york", "kathmandu", "berlin", "utc"])
def test_dates_are_utc_times_in_the_site_offset_of_that_day(
        dates: dict[str, str], published: str, modified: str):
    found = fields(**dates)
    assert (found["published"], found["modified"]) == (published, modified)


def test_a_missing_date_gmt_borrows_the_offset_of_the_modified_date():
    found = fields(date="2026-03-02T09:15:00", date_gmt="0000-00-00T00:00:00")
    assert found["published"] == "2026-03-02T09:15:00-05:00"
    found = fields(date_gmt=None, modified_gmt=None)
    assert found["published"] == "2026-03-02T09:15:00"  # no offset known: the site's zone later
    found = fields(date=None)
    assert found["published"] == "2026-03-02T09:15:00-05:00"  # the UTC time in the other offset


def test_unreadable_dates_are_left_out():
    found = fields(date="yesterday", date_gmt=12, modified=None, modified_gmt=None)
    assert "published" not in found and "modified" not in found


# Which posts are articles


@pytest.mark.parametrize("changes", [
    {"content": {"rendered": "", "protected": True}},
    {"content": {"rendered": f"<p>{P1}</p>", "protected": True}},
    {"status": "draft"},
    {"status": "private"},
    {"type": "page"},
    {"type": "attachment"},
    {"link": None},
    {"link": "javascript:alert(1)"},
    {"title": {"rendered": ""}},
    {"title": {"rendered": "<span> </span>"}},
    {"content": {"rendered": "   ", "protected": False}},
    {"content": None},
], ids=lambda changes: json.dumps(changes)[:40])
def test_posts_that_are_not_readable_articles_give_none(changes: dict[str, Any]):
    assert post_fields(make_post(**changes), API) is None


@pytest.mark.parametrize("post", [
    None, [], "post", 42, {}, {"id": 1}, {"link": LINK, "title": "x", "content": 5},
    {"link": 7, "title": {"rendered": None}, "content": {"rendered": ["x"]}},
])
def test_garbage_posts_give_none(post: Any):
    assert post_fields(post, API) is None


@pytest.mark.parametrize("changes", [
    {"_embedded": None}, {"_embedded": "x"}, {"_embedded": {"author": "x", "wp:term": "y"}},
    {"_embedded": {"author": [None, 3, {"name": None}], "wp:term": [[None, {"id": []}], 5]}},
    {"_embedded": {"wp:term": [[{"taxonomy": "category", "id": {"x": 1}, "name": "News"}]]}},
    {"excerpt": None}, {"excerpt": {"rendered": 3}}, {"excerpt": "<p>flat</p>"},
    {"yoast_head_json": []}, {"yoast_head_json": {"schema": {"@graph": [None, {"@type": 3}]}}},
    {"meta": ["x"]}, {"primary_category": {"id": []}}, {"title": "A bare string title"},
    {"date": 20260302, "modified_gmt": "2026-13-45T99:00:00"},
], ids=lambda changes: json.dumps(changes)[:40])
def test_odd_values_cost_only_their_own_field(changes: dict[str, Any]):
    found = post_fields(make_post(**changes), API)
    assert found is not None
    assert found["url"] == LINK and found["body"].startswith(P1)


# Authors


HIDDEN = [{"code": "rest_user_invalid_id", "message": "Invalid user ID.", "data": {"status": 404}}]
FORBIDDEN = [{"code": "rest_forbidden", "message": "Sorry, you are not allowed to do that.",
              "data": {"status": 401}}]


@pytest.mark.parametrize("authors", [HIDDEN, FORBIDDEN, None], ids=["invalid", "forbidden",
                                                                    "missing"])
def test_hidden_authors_are_no_authors_and_the_site_hides_them(authors: Any):
    post = make_post(_embedded=embedded(author=authors))
    if authors is None:
        del post["_embedded"]["author"]
    assert "authors" not in post_fields(post, API)
    assert authors_hidden([post, copy.deepcopy(post)])


def test_one_readable_author_means_the_site_does_not_hide_them():
    hidden = make_post(_embedded=embedded(author=HIDDEN))
    assert not authors_hidden([hidden, make_post()])
    assert not authors_hidden([])  # nothing to judge by


def test_yoast_names_the_author_where_the_users_endpoint_is_closed():
    post = make_post(_embedded=embedded(author=HIDDEN),
                     yoast_head_json={"author": "Ann Example", "twitter_misc": {}})
    assert post_fields(post, API)["authors"] == ["Ann Example"]
    assert not authors_hidden([post])


def test_several_authors_in_order_with_entities_decoded():
    authors = [{"id": 7, "name": "Ann Example"}, {"id": 9, "name": "Se&#225;n O&#8217;Neill"},
               {"code": "rest_user_invalid_id"}]
    assert fields(_embedded=embedded(author=authors))["authors"] == ["Ann Example",
                                                                      "Seán O’Neill"]


# Category and tags


def breadcrumb(*crumbs: tuple[str, str | None]) -> dict[str, Any]:
    items = [{"@type": "ListItem", "position": n, "name": name, **({"item": url} if url else {})}
             for n, (name, url) in enumerate(crumbs, 1)]
    return {"schema": {"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "@id": f"{LINK}#article", "articleSection": ["Island Life"]},
        {"@type": "BreadcrumbList", "@id": f"{LINK}#breadcrumb", "itemListElement": items}]}}


def test_yoasts_breadcrumb_names_the_primary_category():
    """Yoast builds the trail through the primary term: Transport, not the first term."""
    yoast = breadcrumb(("Home", f"{SITE}/"), ("Transport", f"{SITE}/category/transport/"),
                       ("Council’s ferry timetable", None))
    assert fields(yoast_head_json=yoast)["category"] == "Transport"


def test_the_deepest_category_crumb_is_the_primary_one():
    terms = [category(12, "Island Life", "island-life"), category(3, "Transport", "transport"),
             category(4, "Ferries &amp; Boats", "ferries")]
    yoast = breadcrumb(("Home", f"{SITE}/"), ("Transport", f"{SITE}/category/transport/"),
                       ("Ferries & Boats", f"{SITE}/category/transport/ferries/"),
                       ("Island Life", LINK))  # the post's own crumb, named like a category
    found = fields(yoast_head_json=yoast, _embedded=embedded(**{"wp:term": [terms]}))
    assert found["category"] == "Ferries & Boats"


@pytest.mark.parametrize("changes", [
    {"meta": {"_yoast_wpseo_primary_category": "3"}},
    {"meta": {"rank_math_primary_category": 3}},
    {"primary_category": 3},
    {"primary_category": {"id": 3, "name": "Transport"}},
    {"primary_category": "Transport"},
], ids=lambda changes: json.dumps(changes))
def test_a_primary_category_the_post_names(changes: dict[str, Any]):
    assert fields(**changes)["category"] == "Transport"


def test_a_primary_category_id_that_is_not_the_posts_is_ignored():
    assert fields(primary_category=99)["category"] == "Island Life"


def test_the_default_category_comes_last_but_is_kept_alone():
    uncategorized = category(1, "Uncategorized", "uncategorized")
    terms = [[uncategorized, category(3, "Transport", "transport")], []]
    assert fields(_embedded=embedded(**{"wp:term": terms}))["category"] == "Transport"
    assert fields(_embedded=embedded(**{"wp:term": [[uncategorized]]}))["category"] == (
        "Uncategorized")


def test_without_embedded_terms_yoasts_article_sections_and_keywords():
    graph = {"@graph": [{"@type": ["Article", "NewsArticle"], "articleSection": ["Transport"],
                         "keywords": ["Ferries", "Harbour"]}]}
    post = make_post(yoast_head_json={"schema": graph})
    del post["_embedded"]
    found = post_fields(post, API)
    assert (found["category"], found["tags"]) == ("Transport", ["Ferries", "Harbour"])


def test_tags_of_other_taxonomies_are_not_tags():
    terms = [[category(3, "Transport", "transport")],
             [{"id": 5, "name": "Island edition", "slug": "island", "taxonomy": "edition"}],
             [tag(30, "Ferries", "ferries"), tag(30, "Ferries", "ferries")]]
    found = fields(_embedded=embedded(**{"wp:term": terms}))
    assert found["tags"] == ["Ferries"]


# Summary and language


@pytest.mark.parametrize("excerpt", [
    f"<p>{P1} [&hellip;]</p>\n",
    f"<p>{P1} [...]</p>",
    f'<p>{P1} &hellip; <a href="{LINK}" class="more-link">Continue reading<span '
    f'class="screen-reader-text"> &#8220;Council&#8217;s ferry timetable&#8221;</span></a></p>',
    f"<p>{P1}</p><p>Continue reading &rarr;</p>",
], ids=["hellip", "dots", "more-link", "bare-continue"])
def test_the_summary_is_the_excerpt_without_its_tail(excerpt: str):
    assert fields(excerpt={"rendered": excerpt, "protected": False})["summary"] == P1


def test_without_an_excerpt_the_summary_is_yoasts_description():
    found = fields(excerpt={"rendered": "", "protected": False},
                   yoast_head_json={"description": "Two more boats &amp; no late one."})
    assert found["summary"] == "Two more boats & no late one."


@pytest.mark.parametrize(("changes", "language"), [
    ({"lang": "de"}, "de"),
    ({"yoast_head_json": {"og_locale": "fr_FR"}}, "fr"),
    ({"yoast_head_json": {"schema": {"@graph": [{"@type": "WebPage", "inLanguage": "es-MX"}]}}},
     "es"),
    ({"lang": "Deutsch"}, None),
])
def test_language_only_when_the_api_states_it(changes: dict[str, Any], language: str | None):
    assert fields(**changes).get("language") == language


# Discovery


def html_page(head: str = "", body: str = "", url: str = f"{SITE}/news/") -> Page:
    return Page.from_html(f"<!DOCTYPE html><html><head>{head}</head><body>{body}<p>Hello "
                          "world, this is a page.</p></body></html>", url)


@pytest.mark.parametrize(("head", "root"), [
    ('<link rel="https://api.w.org/" href="https://www.harbourherald.test/wp-json/" />',
     f"{SITE}/wp-json/"),
    ("<link rel='https://api.w.org/' href='/wp-json/'>", f"{SITE}/wp-json/"),
    ('<link rel="https://api.w.org/" href="/?rest_route=/">', f"{SITE}/?rest_route=/"),
    ('<link rel="https://api.w.org/" href="https://cms.harbourherald.test/blog/wp-json/">',
     "https://cms.harbourherald.test/blog/wp-json/"),
    ('<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/4021">', None),
    ('<link rel="https://api.w.org/" href="javascript:void(0)">', None),
    ("", None),
])
def test_api_root_from_the_link_element(head: str, root: str | None):
    assert api_root(html_page(head)) == root


@pytest.mark.parametrize(("headers", "root"), [
    (Headers({"Link": '<https://www.harbourherald.test/wp-json/>; rel="https://api.w.org/"'}),
     f"{SITE}/wp-json/"),
    # Two Link headers, and two links in one header, the API's second.
    (Headers({"Link": ['<https://www.harbourherald.test/?p=4021>; rel=shortlink',
                       '<https://www.harbourherald.test/wp-json/wp/v2/posts/4021>; '
                       'rel="alternate"; type="application/json", '
                       '</?rest_route=/>; rel="https://api.w.org/"']}),
     f"{SITE}/?rest_route=/"),
    ({b"link": [b'</wp-json/>; rel="https://api.w.org/"']}, f"{SITE}/wp-json/"),
    ({"LINK": '</wp-json/>; rel="https://api.w.org/"'}, f"{SITE}/wp-json/"),
    (Headers({"Link": '</feed/>; rel="alternate"'}), None),
    (None, None),
])
def test_api_root_from_the_link_header(headers: Any, root: str | None):
    assert api_root(html_page(), headers) == root


def test_is_wordpress():
    assert is_wordpress(html_page('<meta name="generator" content="WordPress 6.5.2">'))
    assert is_wordpress(html_page(
        "<link rel='stylesheet' href='https://www.harbourherald.test/wp-content/themes/"
        "herald/style.css?ver=1.2' media='all'>"))
    assert is_wordpress(html_page(
        '<script src="/wp-includes/js/jquery/jquery.min.js?ver=3.7.1"></script>'))
    assert is_wordpress(html_page(), {b"Link": [b'</wp-json/>; rel="https://api.w.org/"']})
    # Not WordPress: another generator, or an image hotlinked from a WordPress site.
    assert not is_wordpress(html_page('<meta name="generator" content="Ghost 5.8">'))
    assert not is_wordpress(html_page(
        body='<img src="https://blog.other.test/wp-content/uploads/2026/03/chart.png">'))


# The posts collection


def test_posts_url_under_a_pretty_root():
    assert posts_url(f"{SITE}/wp-json/") == (
        f"{SITE}/wp-json/wp/v2/posts?per_page=100&page=1&_embed=author,wp:term"
        "&orderby=date&order=desc")
    assert posts_url(f"{SITE}/blog/wp-json", 3, per_page=20) == (
        f"{SITE}/blog/wp-json/wp/v2/posts?per_page=20&page=3&_embed=author,wp:term"
        "&orderby=date&order=desc")


@pytest.mark.parametrize("root", [f"{SITE}/?rest_route=/", f"{SITE}/?rest_route=%2F",
                                  f"{SITE}/index.php?rest_route=/"])
def test_posts_url_under_a_rest_route_root(root: str):
    url = posts_url(root, 2)
    assert url.split("?")[1] == ("rest_route=/wp/v2/posts&per_page=100&page=2"
                                 "&_embed=author,wp:term&orderby=date&order=desc")
    assert url.split("?")[0] == root.split("?")[0]


def test_posts_url_keeps_the_roots_own_parameters():
    assert posts_url(f"{SITE}/?rest_route=/&lang=fr") == (
        f"{SITE}/?rest_route=/wp/v2/posts&lang=fr&per_page=100&page=1"
        "&_embed=author,wp:term&orderby=date&order=desc")


def test_posts_url_dates_in_utc_and_a_day_in_site_time():
    new_york = timezone(timedelta(hours=-5))
    url = posts_url(f"{SITE}/wp-json/", modified_after=datetime(2026, 3, 2, 9, 15, 30, 500,
                                                                 tzinfo=new_york),
                    after=date(2026, 1, 1))
    assert url.endswith("&modified_after=2026-03-02T14:15:30Z&after=2026-01-01T00:00:00")
    url = posts_url(f"{SITE}/wp-json/", after=datetime(2026, 1, 1, 6, 0))  # naive: UTC
    assert url.endswith("&after=2026-01-01T06:00:00Z")
    assert "+" not in posts_url(f"{SITE}/wp-json/",
                                modified_after=datetime(2026, 3, 2, tzinfo=UTC))


def test_posts_url_keeps_per_page_and_page_within_what_wordpress_takes():
    url = posts_url(f"{SITE}/wp-json/", 0, per_page=500)
    assert "per_page=100&page=1&" in url


@pytest.mark.parametrize(("headers", "pages"), [
    (Headers({"X-WP-Total": "1234", "X-WP-TotalPages": "13"}), 13),
    ({b"x-wp-totalpages": [b"0"]}, 0),
    ({"X-WP-TotalPages": " 7 "}, 7),
    (Headers({"X-WP-TotalPages": "many"}), None),
    (Headers({"X-WP-TotalPages": "-1"}), None),
    (Headers({"Content-Type": "application/json"}), None),
    (None, None),
])
def test_total_pages(headers: Any, pages: int | None):
    assert total_pages(headers) == pages


@pytest.mark.parametrize(("headers", "expected"), [
    (Headers({"Link": f'<{SITE}/wp-json/wp/v2/posts?page=2>; rel="next"'}), True),
    (Headers({"Link": [f'<{SITE}/wp-json/wp/v2/posts?page=1>; rel="prev", '
                       f'<{SITE}/wp-json/wp/v2/posts?page=3>; rel="next"']}), True),
    (Headers({"Link": f'<{SITE}/wp-json/wp/v2/posts?page=1>; rel="prev"'}), False),
    (Headers({"Link": f'<{SITE}/wp-json/>; rel="https://api.w.org/"'}), False),
    (Headers({"X-WP-TotalPages": "3"}), False),
    (None, False),
])
def test_has_next_page(headers: Any, expected: bool):
    assert has_next_page(headers) is expected


def test_parse_posts_reads_a_page_of_posts():
    body = json.dumps([make_post(), make_post(id=4022)]).encode()
    posts = parse_posts(body)
    assert [post["id"] for post in posts] == [4021, 4022]
    assert parse_posts(b"[]") == []
    assert parse_posts(b"\xef\xbb\xbf" + body) == posts  # a BOM


def test_parse_posts_skips_php_notices_before_the_json():
    notice = (b"<br />\n<b>Deprecated</b>:  Creation of dynamic property in "
              b"<b>/var/www/wp-content/plugins/x/x.php</b> on line <b>12</b><br />\n")
    posts = parse_posts(notice + json.dumps([make_post()]).encode())
    assert posts is not None and posts[0]["id"] == 4021


@pytest.mark.parametrize("body", [
    b'{"code":"rest_disabled","message":"The REST API is disabled on this site.",'
    b'"data":{"status":403}}',
    b'{"code":"rest_no_route","message":"No route was found matching the URL and request '
    b'method.","data":{"status":404}}',
    b"<!DOCTYPE html><html><head><title>Page not found</title></head><body>"
    b'<script>var x = [{"id": 1, "link": "/a/"}];</script><p>Nothing here</p></body></html>',
    b'[{"name": "Transport", "slug": "transport"}]',
    b"[1, 2, 3]",
    b'[{"id": 1, "link": ',
    b"\xff\xfe\x00garbage",
    b"",
    None,
], ids=["rest_disabled", "rest_no_route", "html", "terms", "numbers", "truncated", "binary",
        "empty", "none"])
def test_parse_posts_refuses_what_is_not_a_list_of_posts(body: bytes | None):
    assert parse_posts(body) is None


def test_fill_missing_keeps_the_first_source_and_takes_what_it_lacks() -> None:
    api = {"title": "From the API", "tags": ["AI"], "provenance": {"title": "wp-api",
                                                                  "tags": "wp-api"}}
    page = {"title": "From the page", "authors": ["Ann Lee"],
            "provenance": {"title": "generic", "authors": "generic"}}
    assert fill_missing(api, page) == {
        "title": "From the API", "tags": ["AI"], "authors": ["Ann Lee"],
        "provenance": {"title": "wp-api", "tags": "wp-api", "authors": "generic"}}


def test_default_api_root_is_the_rest_route_of_the_host():
    assert default_api_root(f"{SITE}/news/?page=2") == f"{SITE}/?rest_route=/"
    assert posts_url(default_api_root(SITE + "/")).startswith(
        f"{SITE}/?rest_route=/wp/v2/posts&per_page=100&page=1&")


def test_fill_missing_takes_a_measure_only_with_its_field() -> None:
    api = {"body": "From the API.", "provenance": {"body": "wp-api"}}
    page = {"body": "From the page.", "body_confidence": 0.3, "authors": ["Ann Lee"],
            "provenance": {"body": "body", "body_confidence": "body", "authors": "html"}}
    assert fill_missing(api, page) == {
        "body": "From the API.", "authors": ["Ann Lee"],
        "provenance": {"body": "wp-api", "authors": "html"}}
