"""The body extractor on hand-written pages full of furniture (made-up text)."""

from __future__ import annotations

import json

import pytest

from newscrawl.extract.body import (
    _NEGATIVE,
    UNCERTAIN,
    _says_furniture,
    _word_in,
    body_confidence,
    extract_body,
    segment,
)
from newscrawl.extract.page import Page

P1 = ("The harbour council approved the new ferry timetable on Tuesday evening, after a "
      "debate that ran past midnight and split the members over weekend services.")
P2 = ("Residents of the northern islands will get two extra crossings a day from March, "
      "while the late boat on Sundays is cut to save fuel and crew hours.")
P3 = ("The operator said the change follows a year of surveys, in which commuters asked "
      "for earlier departures and fewer cancellations in winter storms.")
P4 = ("A review of the timetable is planned for next autumn, once the new vessel has been "
      "delivered and tested on the longest route.")

WORDPRESS_PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Ferry timetable approved
 | Harbour Herald</title></head><body class="single single-post has-sidebar">
<header class="site-header"><nav><ul><li><a href="/">Home</a></li>
 <li><a href="/news/">News</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area">
<main id="main"><article class="post type-post">
 <header class="entry-header"><h1 class="entry-title">Ferry timetable approved</h1>
  <div class="entry-meta">By Ann Example · March 3, 2026</div></header>
 <div class="entry-content">
  <div class="sharedaddy sd-sharing"><p>Share this story with your friends and family
   on <a href="#">Facebook</a></p></div>
  <p>{P1}</p>
  <figure class="wp-block-image"><img src="/img/ferry.jpg" alt="">
   <figcaption>The ferry leaves the quay at dawn. Photo: Lee Lens</figcaption></figure>
  <p>{P2}</p>
  <h2>What changes for commuters</h2>
  <p>{P3}</p>
  <div class="wp-caption"><p>Passengers queue at the terminal in the rain (Photo: L. Lens)</p></div>
  <div class="newsletter-signup"><p>Sign up to our newsletter for the island news
   every morning in your inbox.</p></div>
  <ul><li>Two extra crossings a day</li><li>No late boat on Sundays</li></ul>
  <p>{P4}</p>
  <p>Advertisement</p>
  <div class="jp-relatedposts"><h3>Related</h3><p>Bridge plan shelved again after the
   council ran out of money for the survey, <a href="/a">read the story</a></p></div>
 </div>
</article>
<div id="comments" class="comments-area"><h2>3 comments</h2><ol class="comment-list">
 <li class="comment"><p>I have taken that ferry for twenty years and the late Sunday
  boat was the only one that suited my shifts at the hospital.</p></li></ol></div>
</main></div>
<aside id="secondary" class="widget-area"><section class="widget"><p>Our sidebar teaser:
 the lighthouse museum reopens with a new exhibition about the keepers of the coast.</p>
</section></aside></div>
<footer class="site-footer"><p>© 2026 Harbour Herald. All rights reserved.</p></footer>
</body></html>"""


def _body(html: str) -> str:
    return extract_body(Page.from_html(html, "https://herald.test/ferry")).text


def test_body_keeps_the_article_and_only_the_article():
    assert _body(WORDPRESS_PAGE).split("\n\n") == [
        P1, P2, "What changes for commuters", P3,
        "Two extra crossings a day", "No late boat on Sundays", P4,
    ]


def test_body_paragraphs_are_separated_by_exactly_one_blank_line():
    body = _body(WORDPRESS_PAGE)
    assert "\n\n\n" not in body
    assert all(line.strip() for line in body.split("\n\n"))
    assert body.count("\n") == 2 * body.count("\n\n")  # no single line breaks


def test_text_separated_by_br_becomes_paragraphs():
    page = f"""<html><body><div class="menu"><a href="/">Home</a></div>
    <div class="story-text">{P1}<br><br>{P2}<br/><br/><i>{P3}</i></div></body></html>"""
    assert _body(page).split("\n\n") == [P1, P2, P3]


def test_a_body_cut_in_sections_is_taken_whole():
    # Each section alone holds half the article; the sections' common ancestor is the body.
    page = f"""<html><body><nav><a href="/">Home</a></nav><article>
    <section class="text-block"><div class="inner"><p>{P1}</p><p>{P2}</p></div></section>
    <div class="ad-slot"><p>Advertisement</p></div>
    <section class="text-block"><div class="inner"><p>{P3}</p><p>{P4}</p></div></section>
    </article></body></html>"""
    assert _body(page).split("\n\n") == [P1, P2, P3, P4]


def test_the_next_article_on_the_page_is_not_part_of_the_body():
    page = f"""<html><body><main>
    <article class="story"><div class="body"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></article>
    <article class="story"><div class="body"><p>{P4}</p></div></article>
    </main></body></html>"""
    assert _body(page).split("\n\n") == [P1, P2, P3]


def test_datelines_and_bylines_at_the_edges_are_dropped():
    page = f"""<html><body><div class="post"><p>By Ann Example and Bo Sample</p>
    <p>Updated 11:21 pm, Tuesday, March 3, 2026</p><p>{P1}</p><p>{P2}</p>
    <p>March 3, 2026 09:15</p></div></body></html>"""
    assert _body(page).split("\n\n") == [P1, P2]


def test_the_container_element_is_returned_for_its_figures():
    body = extract_body(Page.from_html(WORDPRESS_PAGE, "https://herald.test/ferry"))
    assert body.container is not None
    assert "entry-content" in body.container.get("class")


def test_a_page_without_paragraphs_falls_back_to_trafilatura():
    page = """<html><body><table><tr><td>Tide</td><td>06:10</td></tr></table></body></html>"""
    body = extract_body(Page.from_html(page, "https://herald.test/tides"))
    assert body.container is None


def test_segment_skips_scripts_hidden_elements_and_counts_link_text():
    page = """<html><body><script>var x = "not text";</script>
    <p style="display: none">hidden words</p>
    <p>Read the <a href="/r">full report</a> online.</p></body></html>"""
    blocks = segment(Page.from_html(page, "u").selector.root)
    assert [b.text for b in blocks] == ["Read the full report online."]
    assert blocks[0].link_chars == len("full report")


def test_the_shared_tree_is_not_modified():
    page = Page.from_html(WORDPRESS_PAGE, "https://herald.test/ferry")
    before = page.selector.get()
    extract_body(page)
    assert page.selector.get() == before


def test_deeply_nested_markup_and_comments():
    # Deeper than Python's recursion limit (lxml keeps up to ~2000 levels); text after a
    # comment is still text.
    html = ("<html><body>" + "<div>" * 1500 + f"<p>{P1}</p><p>{P2} <!-- ad --> Still text.</p>"
            + "</div>" * 1500 + "</body></html>")
    assert _body(html).split("\n\n") == [P1, f"{P2} Still text."]


HIDDEN_LINK = ('<a href="/x">, see the notice<span style="clip:rect(0 0 0 0);position:absolute">'
               ", opens new tab</span></a>")


def test_visually_hidden_text_is_not_body_text():
    paragraphs = "".join(
        f"<p>Paragraph {n} of the harbour story tells how the quay was rebuilt after the storm"
        f"{HIDDEN_LINK if n == 1 else ''}.</p>" for n in range(5))
    html = f"<html><body><article>{paragraphs}</article></body></html>"
    body = extract_body(Page.from_html(html, "https://example.test/a"))
    assert "Paragraph 1" in body.text and "opens new tab" not in body.text


SECTIONS = [
    "The first machine on our list folds flat in under a minute and weighs less than a "
    "suitcase, which matters more than any other feature in a one-bedroom flat.",
    "Our second pick costs twice as much but adds a proper incline, a quieter motor and a "
    "frame that did not wobble once in three months of daily running.",
    "The budget option is loud and its console is basic, yet it kept up with every "
    "interval session we threw at it and has a five-year warranty on the motor.",
    "If you only walk while working, the under-desk model is the one to get: it is slow, "
    "silent, and slides under a sofa when the day is done.",
]


def test_a_body_of_prose_is_confident():
    assert body_confidence("\n\n".join(SECTIONS)) == 1.0


def test_a_short_body_a_menu_or_a_disputed_one_is_uncertain():
    assert body_confidence(SECTIONS[0][:90]) < UNCERTAIN  # 17 words
    menu = "\n\n".join(["Home", "News", "Local councils", "Sport", "Weather"] * 10)
    assert body_confidence(menu + "\n\n" + SECTIONS[0]) < UNCERTAIN
    assert body_confidence("\n\n".join(SECTIONS), agreement=0.3) == 0.3


def test_an_article_cut_in_sections_is_read_whole():
    # A buying guide whose every pick is an <article> of its own: the body stops at an
    # <article> (the next one on a page is another story), so it holds one pick, less
    # than half of the page's text; trafilatura's reading holds them all.
    items = "".join(f'<article class="listicle-item"><h2>Pick {n}</h2><div class='
                    f'"listicle-item-body"><p>{text}</p></div></article>'
                    for n, text in enumerate(SECTIONS, 1))
    html = (f"<html><head><title>The best treadmills for small flats</title></head><body>"
            f"<main><h1>The best treadmills for small flats</h1><div class=\"guide-body\">"
            f"{items}</div></main></body></html>")
    body = extract_body(Page.from_html(html, "https://gear.test/best-treadmills/"))
    assert all(section in body.text for section in SECTIONS)
    assert body.container is None  # trafilatura's text: no one element holds it
    assert body.confidence > 0.9  # it holds all of the part first chosen


def test_an_article_inside_a_tag_left_open_is_still_read():
    # The theme's <aside> is never closed: the parser puts the rest of the page in it,
    # and an <aside> is furniture. With no paragraph anywhere else, it is read anyway.
    html = ("<html><head><title>Startup lessons</title></head><body>"
            "<aside class='promo'><a href='/subscribe'>Subscribe</a>"
            "<main><h1>Startup lessons</h1>" + "".join(f"<p>{text}</p>" for text in SECTIONS)
            + "</main></body></html>")
    body = extract_body(Page.from_html(html, "https://blog.test/startup-lessons/"))
    assert all(section in body.text for section in SECTIONS)
    assert "Subscribe" not in body.text


def test_a_few_lines_are_not_the_body_when_a_reading_finds_the_article():
    # An unclosed <header> swallows the article; the one paragraph left is a promotion
    # bar: a few lines, which the second opinion replaces by the article it finds.
    html = ("<html><head><title>How to file your taxes</title></head><body>"
            "<div class='announcement'><p>Switch to us and file for free in the app by "
            "2/28. See offer details</p></div><header class='site-header'><a href='/'>Home"
            "</a><main><h1>How to file your taxes</h1>"
            + "".join(f"<p>{text}</p>" for text in SECTIONS) + "</main></body></html>")
    body = extract_body(Page.from_html(html, "https://tax.test/guide/"))
    assert all(section in body.text for section in SECTIONS)
    assert "offer details" not in body.text
    assert body.confidence >= UNCERTAIN


def test_the_body_is_under_the_pages_headline_not_the_next_story():
    # Below the story, the site loads the next one, longer, in an <article> of its own.
    own = "".join(f"<p>{text}</p>" for text in SECTIONS[:2])
    next_story = "".join(f"<p>{text} {text}</p>" for text in SECTIONS[2:])
    html = ("<html><head><title>Treadmills for small flats</title></head><body><main>"
            f"<article><h1>Treadmills for small flats</h1><div class='text'>{own}</div>"
            f"</article><article><h1>Under-desk walking, tested</h1><div class='text'>"
            f"{next_story}</div></article></main></body></html>")
    body = extract_body(Page.from_html(html, "https://gear.test/treadmills/")).text
    assert SECTIONS[0] in body and SECTIONS[1] in body
    assert SECTIONS[2] not in body


def test_a_part_of_the_page_in_an_article_without_a_headline_of_its_own_is_kept():
    # A recipe's instructions in an <article> headed "Instructions" (an h2), beside a
    # short summary card that repeats the title: one story, the longer part is its body.
    card = f"<p>{SECTIONS[0]}</p>"
    steps = "".join(f"<p>{text}</p>" for text in SECTIONS[1:])
    html = ("<html><head><title>Easy sourdough</title></head><body><main>"
            f"<article class='quickview'><h1>Easy sourdough</h1>{card}</article>"
            f"<article class='instructions'><h2>Instructions</h2>{steps}</article>"
            "</main></body></html>")
    body = extract_body(Page.from_html(html, "https://bake.test/sourdough/")).text
    assert all(text in body for text in SECTIONS[1:])


def _article(inner: str) -> str:
    return (f"<html><head><title>Ferry timetable approved</title></head><body>"
            f"<nav><a href='/'>Home</a></nav><main><article>"
            f"<h1>Ferry timetable approved</h1>{inner}</article></main></body></html>")


def _story_paragraphs(*parts: str) -> list[str]:
    """The body's paragraphs of an article whose story box holds P1 and P2, ``parts``
    (HTML; a plain string is one paragraph), then P3 and P4."""
    inner = "".join(part if part.startswith("<") else f"<p>{part}</p>"
                    for part in (P1, P2, *parts))
    return _body(_article(f"<div class='story'>{inner}<p>{P3}</p><p>{P4}</p></div>")).split(
        "\n\n")


def test_a_clipped_box_or_a_hidden_label_is_not_a_hidden_element():
    # Utility classes: "overflow-hidden" clips a box, "field--label-hidden" hides the
    # field's label; both boxes show their text.
    for name in ("relative overflow-hidden", "overflow-x-hidden",
                 "field field--name-body field--label-hidden"):
        body = _body(_article(f'<div class="{name}"><p>{P1}</p></div>'
                              f'<div class="rest"><p>{P2}</p><p>{P3}</p><p>{P4}</p></div>'))
        assert body.split("\n\n") == [P1, P2, P3, P4], name
    hidden = _body(_article(f'<div class="is-hidden"><p>{P1}</p></div>'
                            f'<div class="rest"><p>{P2}</p><p>{P3}</p><p>{P4}</p></div>'))
    assert P1 not in hidden


def test_a_clipped_box_in_other_utility_spellings_is_not_a_hidden_element():
    # The same CSS as "overflow-hidden" in other utility-class spellings, and Tailwind's
    # "empty:hidden", which hides the box only when it has no text.
    for name in ("vds-box vds-overflow_hidden", "box overflowHidden", "overflow-x_hidden",
                 "flex flex-col empty:hidden"):
        body = _body(_article(f'<div class="{name}"><p>{P1}</p></div>'
                              f'<div class="rest"><p>{P2}</p><p>{P3}</p><p>{P4}</p></div>'))
        assert body.split("\n\n") == [P1, P2, P3, P4], name


def test_a_folded_accordion_panel_is_article_text():
    # An accordion's panel is hidden by its class until a click unfolds it: its text
    # (an FAQ's answer) is the page's own.
    for name in ("accordion-content hidden", "kt-accordion-panel kt-accordion-panel-hidden",
                 "collapse-body is-hidden"):
        body = _body(_article(f'<div class="rest"><p>{P1}</p><p>{P2}</p><p>{P3}</p>'
                              f'<h3>When does it start?</h3>'
                              f'<div class="{name}"><p>{P4}</p></div></div>'))
        assert P4 in body, name


def test_a_widget_holding_only_a_heading_is_article_text():
    # A page builder's heading block is a widget of its own between the text blocks.
    heading = "What changes for commuters"
    body = _body(_article(
        f'<div class="elementor-widget elementor-widget-text-editor">'
        f'<div class="elementor-widget-container"><p>{P1}</p><p>{P2}</p></div></div>'
        f'<div class="elementor-widget elementor-widget-heading">'
        f'<div class="elementor-widget-container"><h2>{heading}</h2></div></div>'
        f'<div class="elementor-widget elementor-widget-text-editor">'
        f'<div class="elementor-widget-container"><p>{P3}</p><p>{P4}</p></div></div>'))
    assert body.split("\n\n") == [P1, P2, heading, P3, P4]


def test_a_heading_named_after_its_own_text_is_not_furniture():
    # A table of contents' anchor names a heading after its text; "share" or "related"
    # in it says what the section is about, not that it is a share bar.
    heading = "How to share a ferry ride with a related party"
    body = _body(_article(
        f'<div class="rest"><p>{P1}</p><p>{P2}</p>'
        f'<h2 id="h-how-to-share-a-ferry-ride-with-a-related-party" '
        f'class="wp-block-heading">{heading}</h2><p>{P3}</p><p>{P4}</p>'
        f'<div class="share-buttons"><p>Share this story with your friends and family '
        f'on <a href="#">Facebook</a></p></div></div>'))
    assert body.split("\n\n") == [P1, P2, heading, P3, P4]


@pytest.mark.parametrize(("word", "text", "found"), [
    ("share", "share a ride", True),
    ("share", "how to share", True),
    ("share", "we shared a ride, then share", True),  # its second occurrence
    ("share", "shared rides", False),  # inside a longer word
    ("share", "reshare", False),
    ("share", "a share_count of 3", True),  # "_" parts names' words, and texts' too
    ("2024", "in 2024.", True),
    ("ride", "ridé", False),  # a letter with an accent is a letter
    ("ride", "", False),
])
def test_a_slug_word_is_a_whole_word_of_the_text(word, text, found):
    assert _word_in(word, text) is found


def test_a_call_to_action_is_furniture():
    # A marketing box between paragraphs, named a call to action ("cta").
    pitch = ("Ready to plan your crossing? Book a free consultation with our travel team "
             "today and get ten percent off your first season ticket.")
    for name in ("cta-box", "wp-block-acme-cta", "inline_cta"):
        body = _body(_article(f'<div class="rest"><p>{P1}</p><p>{P2}</p>'
                              f'<div class="{name}"><p>{pitch}</p></div><p>{P3}</p><p>{P4}</p>'
                              f'</div>'))
        assert body.split("\n\n") == [P1, P2, P3, P4], name


def test_an_affiliate_disclosure_is_furniture():
    notice = ("This post contains affiliate links: we may earn a small commission when you "
              "buy through them, at no extra cost to you.")
    body = _body(_article(f'<div class="rest"><div class="affiliate-disclosure"><p>{notice}'
                          f'</p></div><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div>'))
    assert body.split("\n\n") == [P1, P2, P3, P4]


def test_a_widget_of_prose_is_article_text_and_a_widget_of_lines_is_not():
    # Page builders make every block a widget; a video player or a teaser is one too.
    body = _body(_article(
        f'<div class="elementor-widget elementor-widget-text-editor">'
        f'<div class="elementor-widget-container"><p>{P1}</p><p>{P2}</p></div></div>'
        f'<div class="video-widget"><p>Sorry, this video has failed to load.</p>'
        f'<p><a href="/v">Watch more videos</a></p></div>'
        f'<div class="elementor-widget elementor-widget-text-editor">'
        f'<div class="elementor-widget-container"><p>{P3}</p><p>{P4}</p></div></div>'))
    assert body.split("\n\n") == [P1, P2, P3, P4]


def test_markup_after_a_stray_closing_html_tag_is_read():
    # A template closes the page after its header: the parser puts the rest beside the
    # root, a browser shows it in the body.
    page = (f"<html><head><title>Ferry timetable approved</title></head><body>"
            f"<header><nav><a href='/'>Home</a></nav></header></body></html>"
            f"<div class='post'><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div>"
            f"<footer><p>© 2026 Harbour Herald</p></footer>")
    assert _body(page).split("\n\n") == [P1, P2, P3, P4]


def _no_second_reading(monkeypatch) -> None:
    """trafilatura's reading finds nothing more (it too stops at one part of a guide)."""
    monkeypatch.setattr("newscrawl.extract.body.trafilatura_body", lambda page: "")


def test_a_guide_in_boxed_sections_is_read_whole_when_no_other_reading_is_better(monkeypatch):
    # Each pick's text sits three levels down in its box, beside a one-line verdict: the
    # verdict adds too little to widen the chosen pick, yet the guide around the boxes
    # is all paragraphs.
    _no_second_reading(monkeypatch)
    picks = "".join(
        f'<div class="pick"><h3>Pick {n}</h3><p class="verdict">Our verdict: worth a '
        f'look.</p><div class="pick-body"><div class="pick-text"><p>{text}</p></div></div>'
        f'<span class="price">$499</span></div>' for n, text in enumerate(SECTIONS, 1))
    html = ("<html><head><title>The best treadmills for small flats</title></head><body>"
            "<main><h1>The best treadmills for small flats</h1>"
            f'<div class="guide">{picks}</div></main></body></html>')
    body = extract_body(Page.from_html(html, "https://gear.test/best-treadmills/"))
    assert all(section in body.text for section in SECTIONS)
    # The guide's box (widening passes the levels that add a verdict only) or the main
    # around it (the sections around the pick, when widening stopped at one).
    assert body.container is not None and (body.container.tag == "main"
                                           or body.container.get("class") == "guide")


def test_a_list_whose_items_are_articles_is_read_whole(monkeypatch):
    # The picks are <article>s headed by <h2>: items of the page's story, not stories of
    # their own (those are headed by an <h1>).
    _no_second_reading(monkeypatch)
    items = "".join(f'<article class="item"><h2>Pick {n}</h2><div class="item-body">'
                    f'<div class="item-text"><p>{text}</p></div></div></article>'
                    for n, text in enumerate(SECTIONS, 1))
    html = ("<html><head><title>The best treadmills for small flats</title></head><body>"
            f"<main><h1>The best treadmills for small flats</h1><div class='list'>{items}"
            "</div></main></body></html>")
    body = extract_body(Page.from_html(html, "https://gear.test/best-treadmills/")).text
    assert all(section in body for section in SECTIONS)


def test_teasers_cut_short_are_not_the_rest_of_a_short_article(monkeypatch):
    # Less than half of the page's text is the story; the rest are other stories'
    # excerpts, cut with an ellipsis: not more of this article.
    _no_second_reading(monkeypatch)
    teasers = "".join(
        f'<div class="item"><a href="/story-{n}">Story {n}</a><div class="summary">'
        f"<p>{text}...</p></div></div>" for n, text in enumerate(SECTIONS * 2, 1))
    html = ("<html><head><title>Ferry timetable approved</title></head><body><div class='"
            "column'><h1>Ferry timetable approved</h1><div class='story-wrap'>"
            "<p>The council's vote, in short, for readers.</p><div class='story'>"
            f"<p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div></div>"
            f"<div class='latest'>{teasers}</div></div></body></html>")
    body = extract_body(Page.from_html(html, "https://herald.test/ferry")).text
    assert body.split("\n\n") == [P1, P2, P3, P4]


def test_a_streamed_segment_of_a_react_page_is_shown_not_hidden(monkeypatch):
    # React's streamed rendering sends the article last, in <div hidden id="S:…">, and a
    # script moves it into the placeholder (<template id="B:…">): shown once the page runs.
    _no_second_reading(monkeypatch)
    streamed = _body(
        "<html><head><title>Ferry timetable approved</title></head><body><main>"
        "<h1>Ferry timetable approved</h1><template id='B:1'></template></main>"
        f"<div hidden id='S:1a'><article><p>{P1}</p><p>{P2}</p></article></div>"
        "<div hidden id='menu-panel'><p>Subscribe to the morning briefing for every "
        "story of the day in your inbox.</p></div></body></html>")
    assert streamed.split("\n\n") == [P1, P2]


# Boxes that show only on hover or a click, or until the reader consents: a tooltip's
# help text (a reaction button's "sign in to react"), a dropdown's panel (a bookmark
# button's "log in to save"), an embed waiting for "allow external content".
OVERLAYS = {
    "tooltip": ('<div class="reactions"><button>Useful</button><div class="js-tooltip-content">'
                '<p>Reactions are for members only: sign in or register to react to stories.'
                '</p></div></div>'),
    "dropdown": ('<div class="save"><button>Save</button><div class="dropdown-panel">'
                 '<p>To save this article to your list, log in or create a free account.</p>'
                 '</div></div>'),
    "consent": ('<div class="embed-wrapper js-embed-consent"><h3>Recommended content</h3>'
                '<p>Here you will find external content that adds to the article; show it '
                'with one click.</p><label><input type="checkbox"> External content</label>'
                '</div>'),
}


@pytest.mark.parametrize("overlay", OVERLAYS.values(), ids=OVERLAYS)
def test_a_box_shown_on_demand_is_not_body_text(overlay):
    assert _story_paragraphs(overlay) == [P1, P2, P3, P4]


def test_a_box_around_a_form_field_is_not_body_text():
    # A sign-up box named like nothing in particular: its email field says what it is.
    # The checkboxes of a checklist in the article are not fields to fill in.
    signup = ('<div class="box-7 mt-4"><p>Get the best of the harbour news texted right to '
              'your phone every morning.</p><input type="email" placeholder="Email">'
              '<p>By signing up you agree to receive automated messages.</p></div>')
    todo = ('<ul><li><input type="checkbox"> Check the new timetable before '
            'you travel in March.</li></ul>')
    assert _story_paragraphs(signup, todo) == [
        P1, P2, "Check the new timetable before you travel in March.", P3, P4]


def test_teasers_are_not_what_widening_the_container_gains():
    # The article's column sits beside a sidebar; above both, a list of other stories'
    # excerpts (cut with "…") is not more of the article.
    teasers = "".join(f"<div class='card'><p>{text[:120]}…</p></div>" for text in SECTIONS)
    html = ("<html><head><title>Ferry timetable approved</title></head><body>"
            "<div class='wrap'><div class='row'><div class='col'><div class='story'>"
            f"<p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div></div>"
            "<div class='col sidebar'><p>Hi, I am Ann and I write about boats.</p></div></div>"
            f"<div class='more'>{teasers}</div></div></body></html>")
    assert _body(html).split("\n\n") == [P1, P2, P3, P4]


def test_the_standfirst_in_the_articles_own_header_opens_the_body():
    # The article's <header> (headline, dateline, standfirst) is inside the container, above
    # its text: the standfirst is article text, the dateline and kicker are not. A card's
    # header further down (a list box with its own title) is not the article's head.
    lead = ("Islanders get more crossings from March, though the late Sunday boat goes, "
            "after a long night of debate.")
    card = ("<section class='card'><header><h1>Timetable at a glance</h1><p>Every crossing "
            "of the new timetable, port by port, for the whole winter.</p></header></section>")
    # The publisher's articleBody opens with the standfirst too: read once.
    declared = json.dumps({"articleBody": " ".join([lead, P1, P2, P3, P4])})
    html = ("<html><head><title>Ferry timetable approved</title><script type="
            f"'application/ld+json'>{declared}</script></head><body><article>"
            "<header class='articlehead'><p>Transport</p><h1>Ferry timetable approved</h1>"
            f"<div>Updated: 03.03.2026 09:15</div><p class='preface'>{lead}</p></header>"
            f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>{card}<p>{P4}</p></article></body></html>")
    assert _body(html).split("\n\n") == [lead, P1, P2, P3, P4]


def test_a_labelled_link_to_another_story_is_not_body_text():
    # "Read also: <a long headline>" is longer than a link line, yet one link under a label;
    # a sentence with a colon and a link in it stays.
    also = ("<div class='catcher'>Read also: Subscribers only <a href='/other'>Harbour "
            "council delays the vote on the new bridge again after a row over its cost "
            "and its height</a></div>")
    note = ("<p>Side note: <a href='/boats'>the old boats are for sale</a>, says the "
            "operator, to any island that wants one.</p>")
    assert _story_paragraphs(also, note) == [
        P1, P2, "Side note: the old boats are for sale, says the operator, to any island "
        "that wants one.", P3, P4]


def test_furniture_lines_in_other_languages_are_not_body_text():
    # "Advertisement", "More on the topic", "Read also", "Tags" as other languages say them,
    # and reading times.
    for line in ("Anzeige", "Mehr zum Thema Fähren", "Lire aussi", "Czytaj więcej",
                 "Noticias relacionadas", "Schlagwörter zu diesem Artikel", "Реклама:",
                 "3 Min Lesezeit", "Temps de lecture : 4 min."):
        assert _story_paragraphs(line) == [P1, P2, P3, P4], line


def test_a_quotation_in_a_figure_is_body_text_and_an_embedded_post_is_not():
    # <figure><blockquote>…</blockquote><figcaption>source</figcaption></figure> is how HTML
    # marks a quotation: the quote is article text, its source line is not. A social post
    # embedded the same way is not the article's.
    quote = ("We asked for earlier boats and fewer cancellations, and the council listened "
             "to us at last.")
    figure = (f"<figure><blockquote><p>{quote}</p></blockquote>"
              "<figcaption>Mary Example, commuters' association</figcaption></figure>")
    tweet = ("<figure class='wp-block-embed is-provider-twitter'><blockquote "
             "class='twitter-tweet'><p>The new ferry timetable is out, see the council's "
             "page for every crossing.</p>— Harbour Council (@harbour) March 3, 2026"
             "</blockquote></figure>")
    assert _story_paragraphs(figure, tweet) == [P1, P2, quote, P3, P4]


def test_a_heading_of_kicker_and_headline_is_the_headline():
    # The headline set as a heading with its kicker, and the dateline below it, open the
    # container: neither is article text. A heading that only ends with the headline's
    # words, without a dash, is.
    headline = "Ferry timetable approved after a long night"
    html = (f"<html><head><title>{headline}</title></head><body><article>"
            f"<h3><span>Island transport</span> - <span>{headline}</span></h3>"
            f"<div>Tue 03.03.26 | 09:15 | By Ann Example</div><p>{P1}</p><p>{P2}</p>"
            f"<h2>Why the {headline}</h2><p>{P3}</p><p>{P4}</p></article></body></html>")
    assert _body(html).split("\n\n") == [P1, P2, f"Why the {headline}", P3, P4]


def test_an_opening_paragraph_set_apart_is_read_when_the_publishers_text_has_it():
    # The free first paragraph sits apart from the paywalled rest, with a byline between;
    # the publisher's JSON-LD articleBody opens with it, so it opens the body. A teaser
    # above that the articleBody does not hold stays out.
    rest = [P2, P3, P4, *SECTIONS[:3]]
    declared = json.dumps({"@type": "NewsArticle", "articleBody": " ".join([P1, *rest])})
    html = ("<html><head><title>Ferry timetable approved</title>"
            f"<script type='application/ld+json'>{declared}</script></head><body><article>"
            "<h1>Ferry timetable approved</h1><div class='promo'><p>Winter walks along the "
            "northern cliffs, with maps and the best cafés.</p></div>"
            f"<div class='free'><p>{P1}</p></div><p>By Ann Example</p><div class='metered'>"
            + "".join(f"<p>{text}</p>" for text in rest) + "</div></article></body></html>")
    assert _body(html).split("\n\n") == [P1, *rest]


def test_a_switch_with_its_label_is_a_setting_not_body_text():
    # An embed waiting for consent, named like nothing in particular: its switch (a
    # checkbox with its own <label>, outside any list or paragraph) says it is a setting.
    # A checklist's boxes in a list, and a note's toggle inside a paragraph, stay.
    placeholder = ('<div class="box-3 mb-2"><div class="h3">Recommended content</div>'
                   '<p>Here you will find a video from another site that adds to the '
                   'article. Show it with one click and hide it again.</p>'
                   '<input type="checkbox" id="toggle-video"><label for="toggle-video">'
                   'Allow video content</label><p>I agree that content from the other '
                   'site is shown to me; personal data may be sent to it.</p></div>')
    todo = ('<ul><li><input type="checkbox" id="todo-1"><label for="todo-1">Check the new '
            'timetable before you travel in March.</label></li></ul>')
    note = ('<p>The late boat goes on Sundays<input type="checkbox" id="note-1"><label '
            'for="note-1">*</label> while the early one on Mondays stays for the market.</p>')
    assert _story_paragraphs(placeholder, todo, note) == [
        P1, P2, "Check the new timetable before you travel in March.",
        "The late boat goes on Sundays* while the early one on Mondays stays for the market.",
        P3, P4]


def test_a_landmark_given_by_its_aria_role_is_furniture_as_its_tag_is():
    # A fact box marked role="complementary" is an <aside>; a link list marked
    # role="navigation" a <nav>.
    facts = ('<div role="complementary" class="fact-box"><h3>Facts about the ferry</h3>'
             '<p>The ferry company was founded in 1921 and runs six boats between the '
             'mainland and the islands.</p></div>')
    links = ('<div role="navigation"><p>More from the islands, in a box of links that is '
             'not marked as a list: harbour, weather, ferries and the bridge.</p></div>')
    assert _story_paragraphs(facts, links) == [P1, P2, P3, P4]


def test_a_caption_in_a_span_beside_its_picture_is_not_body_text():
    # A picture with its caption in a <span class="caption"> (or "legend"), not in a
    # <figure>: the caption is not article text.
    for name in ("caption small", "legend"):
        picture = (f'<div class="image"><img src="/img/quay.jpg" alt=""><span class="{name}">'
                   'The quay at dawn, before the first crossing of the day (archive '
                   'picture)</span></div>')
        assert _story_paragraphs(picture) == [P1, P2, P3, P4]


def test_a_header_or_a_figure_holding_the_articles_paragraphs_is_read():
    # A page builder's section marked up as a <header>, and a table's <figure> left open
    # so that the rest of the article is inside it: their paragraphs are the article's.
    # A header of a headline and a line, and a figure of a picture and its caption, are
    # still left out.
    paragraphs = "".join(f"<p>{text}</p>" for text in (P1, P2, P3))
    for holder in (f"<header class='post-content'><h1>Ferry timetable approved</h1>"
                   f"<div class='rich-text'>{paragraphs}</div></header>",
                   f"<h1>Ferry timetable approved</h1><figure class='table-block'>"
                   f"<table><tr><td>Route</td><td>Crossings</td></tr></table>"
                   f"<figcaption>Crossings per day by route</figcaption>{paragraphs}"
                   f"</figure>"):
        html = ("<html><head><title>Ferry timetable approved</title></head><body>"
                "<header class='site'><p>The island's news, every morning since 1901.</p>"
                "</header><main>" + holder + f"<div class='faq'><p>{P4}</p></div>"
                "<figure><img src='/ferry.jpg' alt=''><p>The ferry at dawn, leaving the "
                "quay for the northern islands.</p></figure></main></body></html>")
        body = extract_body(Page.from_html(html, "https://herald.test/ferry"))
        assert all(text in body.text for text in (P1, P2, P3)), holder
        assert body.container is not None  # our reading, not the fallback's
        assert "since 1901" not in body.text
        assert "Crossings per day" not in body.text
        assert "The ferry at dawn" not in body.text


def test_widening_passes_a_level_that_adds_a_little_text():
    # The body's sections sit in a wrapper whose only other text is a short note; the
    # article's opening paragraphs are one level further up. The note's level adds too
    # little to count, but it does not stop the widening.
    sections = "".join(f"<p>{text}</p>" for text in SECTIONS)
    html = ("<html><head><title>Treadmills for small flats</title></head><body><main>"
            "<article><h1>Treadmills for small flats</h1>"
            f"<section class='intro'><p>{P1}</p><p>{P2}</p></section>"
            "<section class='picks'><p>Prices were checked on the day we published.</p>"
            f"<section class='picks-list'>{sections}</section></section>"
            "</article></main></body></html>")
    body = extract_body(Page.from_html(html, "https://gear.test/treadmills/"))
    assert all(text in body.text for text in (P1, P2, *SECTIONS))
    assert body.container is not None and body.container.tag == "article"


def test_an_accordion_panel_hidden_by_its_style_is_article_text():
    # WAI-ARIA's accordion: the panel is a region labelled by the button that unfolds it,
    # hidden until then. Other hidden boxes stay out.
    html = _article(f"<div class='text'><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
                    "<h3><button id='q1' aria-controls='a1'>When does it start?</button></h3>"
                    f"<div id='a1' role='region' aria-labelledby='q1' style='display:none'>"
                    f"<p>{P4}</p></div><div style='display:none'><p>Your session has "
                    "expired, please sign in again to keep reading.</p></div></div>")
    body = _body(html)
    assert P4 in body
    assert "session has expired" not in body


def test_teasers_in_an_article_beside_the_headlines_are_not_the_body(monkeypatch):
    # Below the post, "You may like" is an <article> listing other posts, each an
    # <article> of its own: more paragraphs than the post, but the body is under the
    # headline (here spelt with "…" and the title with "...").
    _no_second_reading(monkeypatch)
    teasers = "".join(f"<article class='teaser'><p>{text}</p></article>"
                      for text in SECTIONS + SECTIONS[:2])
    html = ("<html><head><title>Only who loves himself...</title></head><body><main>"
            f"<article class='post'><h1>Only who loves himself…</h1><p>{P1} {P2}</p>"
            f"</article><article class='post'><h3>You may like</h3>{teasers}</article>"
            "</main></body></html>")
    body = extract_body(Page.from_html(html, "https://quotes.test/who-loves/")).text
    assert P1 in body
    assert not any(text in body for text in SECTIONS)


def test_a_table_of_contents_heading_is_not_body_text():
    for heading in ("Table of Contents", "Contents", "On this page", "In this article:"):
        body = _body(_article(f"<div class='text'><p>{P1}</p><h2>{heading}</h2><ul>"
                              "<li><a href='#a'>Timetable</a></li><li><a href='#b'>Fares</a>"
                              f"</li></ul><p>{P2}</p><p>{P3}</p></div>"))
        assert heading not in body, heading
        assert P1 in body and P3 in body


def test_a_copy_of_the_articles_text_beside_it_is_read_once(monkeypatch):
    # A page builder renders the text once per screen size (the copies hidden by style
    # sheets the extractor does not read): the second copy is left out, but a paragraph
    # quoted again (a pull quote) is kept.
    _no_second_reading(monkeypatch)
    text = "".join(f"<p>{part}</p>" for part in (P1, P2, P3, P4))
    html = _article(f"<div class='layout-wide'>{text}<blockquote><p>{P2}</p></blockquote>"
                    f"</div><div class='layout-narrow'>{text}</div>")
    paragraphs = _body(html).split("\n\n")
    assert paragraphs == [P1, P2, P3, P4, P2]


def test_copies_of_the_chosen_text_are_not_text_left_out(monkeypatch):
    # A subscriber's copy of the article beside the open one: the chosen text is half of
    # the page's paragraphs, but the other half repeats it, so no other reading is asked
    # for (here it would take both copies).
    text = "".join(f"<p>{part}</p>" for part in (P1, P2, P3, P4))
    html = ("<html><head><title>Ferry timetable approved</title></head><body><main>"
            f"<div class='layout-open'><article><h1>Ferry timetable approved</h1>{text}"
            f"</article></div><div class='layout-gated'><article>{text}</article></div>"
            "</main></body></html>")
    monkeypatch.setattr("newscrawl.extract.body.trafilatura_body",
                        lambda page: "\n\n".join([P1, P2, P3, P4] * 2))
    body = extract_body(Page.from_html(html, "https://herald.test/ferry"))
    assert body.text.split("\n\n") == [P1, P2, P3, P4]
    assert body.container is not None


def test_a_table_in_a_figure_is_article_text():
    # WordPress's table block (and the HTML standard's table with a caption) is a
    # <figure> holding a <table>: its cells are read, its caption is not, and a picture's
    # figure stays out.
    html = _article(f"<div class='text'><p>{P1}</p><figure class='wp-block-table'><table>"
                    "<tr><th>Route</th><th>Crossings a day</th></tr>"
                    "<tr><td>Northern islands</td><td>Six</td></tr></table>"
                    "<figcaption>Crossings by route from March</figcaption></figure>"
                    f"<p>{P2}</p><figure><img src='/ferry.jpg' alt=''><p>The ferry leaves "
                    f"the quay at dawn for the islands.</p></figure><p>{P3}</p></div>")
    body = _body(html)
    assert "Northern islands" in body and "Crossings a day" in body
    assert "Crossings by route" not in body
    assert "leaves the quay" not in body


def test_widening_counts_a_lists_plain_items_as_text(monkeypatch):
    # The next section of the article is a short paragraph and a list of short items
    # without links (a changelog): mostly text, though not paragraphs. The widening takes
    # it in; a menu of links would not count.
    _no_second_reading(monkeypatch)
    items = "".join(f"<li><p>Fixed route {n} export</p></li>" for n in range(1, 11))
    html = _article(f"<div class='content'><div class='sect'><p>{P1}</p><p>{P2}</p></div>"
                    f"<div class='sect'><p>{P3}</p><ul>{items}</ul></div></div>")
    body = _body(html)
    assert P3 in body and "Fixed route 10 export" in body
    menu = items.replace("<p>", "<p><a href='/routes/'>").replace("</p>", "</a></p>")
    assert P3 not in _body(html.replace(items, menu))


def test_the_first_of_copies_hidden_per_screen_size_is_read(monkeypatch):
    # The article's text three times, each copy hidden on some screens by its class names
    # (a page builder's variant per screen size): one copy shows, so the first is read,
    # once. A box named "hidden" without a copy beside it stays out.
    _no_second_reading(monkeypatch)
    text = "".join(f"<p>{part}</p>" for part in (P1, P2, P3))
    notice = ("<div class='hidden'><p>Your session has expired, please sign in again to "
              "keep reading the article.</p></div>")
    html = _article(f"<div class='variants'><div class='variant hidden-wide'>{text}{notice}"
                    f"</div><div class='variant hidden-narrow'>{text}{notice}</div>"
                    f"<div class='variant hidden-narrow hidden-wide'>{text}{notice}</div>"
                    "</div>")
    assert _body(html).split("\n\n") == [P1, P2, P3]


def test_the_paragraphs_around_a_list_go_with_it():
    # The article is mostly a numbered list of long items; its one-paragraph opening, too
    # short to count as much of a gain, still belongs to it.
    items = "".join(f"<li>{text}</li>" for text in SECTIONS + SECTIONS)
    intro = "Here is how to choose a treadmill that fits a small flat without regrets."
    html = ("<html><head><title>Treadmills for small flats</title></head><body><main>"
            f"<article><h1>Treadmills for small flats</h1><div class='entry'><p>{intro}</p>"
            f"<ol>{items}</ol></div></article></main></body></html>")
    body = extract_body(Page.from_html(html, "https://gear.test/treadmills/")).text
    assert body.startswith(intro)


CARD_EXCERPTS = [
    "The lighthouse on the outer rock gets a new lamp.",
    "Fishermen and the council agree a quota for the bay.",
    "The island school opens a second classroom in May.",
]


def _cards(href: str = "/news/story-{n}") -> str:
    """Teasers of other stories: a heading that is a link to each, above its excerpt."""
    return "".join(f'<div class="card"><h3><a href="{href.format(n=n)}">Story {n} of the '
                   f'islands</a></h3><p>{text}</p></div>'
                   for n, text in enumerate(CARD_EXCERPTS, 1))


def test_cards_of_other_stories_that_end_the_article_are_not_body_text():
    # The strip of cards inside the article's box, after its last paragraph, carries no
    # furniture name: only its shape (a heading that is one link to another page, above
    # a few lines) says it is other stories; the lines around it that are no sentence
    # (its kicker, the page's source line) go with it.
    html = _article(f"<div class='story'><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p>"
                    f"<div class='more'><div>Listen</div>{_cards()}</div>"
                    "<p>Source: wire services</p></div>")
    assert _body(html).split("\n\n") == [P1, P2, P3, P4]


@pytest.mark.parametrize("story", [
    # Between paragraphs: the stories the article itself presents (a round-up).
    f"<p>{P1}</p><p>{P2}</p>{_cards()}<p>{P3}</p><p>{P4}</p>",
    # Links within the page: a table of contents of the article's sections.
    f"<p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p>{_cards('#part-{n}')}",
    # Most of the text: cards are what the page presents, after a short opening.
    f"<p>{P1}</p>{_cards()}",
])
def test_cards_that_are_the_articles_own_text_are_kept(story):
    body = _body(_article(f"<div class='story'>{story}</div>"))
    assert all(text in body for text in CARD_EXCERPTS)


@pytest.mark.parametrize("names", [
    "entry-content", "overflow-hidden post", "overflow hidden", "label-hidden field",
    "site-footer wide", "post ad", "read-more-link x", "wp-block-cta", "ctaBox",
    "col-md-8 main", "article__share", "hidden md:block", "",
])
def test_class_lists_say_furniture_when_one_of_their_names_does(names: str) -> None:
    """Names are matched one at a time (and cached): the same answer as the pattern
    over the whole list, since none of its alternatives spans a space."""
    assert _says_furniture(names) == bool(_NEGATIVE.search(names))
