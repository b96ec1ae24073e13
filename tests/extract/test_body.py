"""The body extractor on hand-written pages full of furniture (made-up text)."""

from __future__ import annotations

from newscrawl.extract.body import UNCERTAIN, body_confidence, extract_body, segment
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
    assert body.container is not None and body.container.tag == "main"


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
