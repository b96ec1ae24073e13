"""The container body extractor on a hand-written page full of furniture."""

from __future__ import annotations

from newscrawl.extract.container import container_body
from newscrawl.extract.generic import extract_body
from newscrawl.extract.page import Page

PARAGRAPH = ("The council approved the new budget after a long debate on Tuesday evening, "
             "with members split over spending on roads and schools.")

PAGE = f"""<html><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/n">News</a></li></ul></nav></header>
<div class="layout"><main><article>
  <h1>Budget passes</h1><div class="byline">By Ann Author</div>
  <div class="share-bar"><p>Share this article on Facebook Twitter Email</p></div>
  <div class="story-body">
    <p>{PARAGRAPH}</p>
    <figure><img src="/a.jpg"><figcaption>The council chamber. Photo: A. Lens</figcaption></figure>
    <h2>What changes</h2>
    <p>{PARAGRAPH} Residents will see the first works in spring.</p>
    <ul><li>More buses on weekends</li><li>Longer library hours</li></ul>
    <div class="newsletter-box"><p>Subscribe to our newsletter for daily local news.</p></div>
    <blockquote><p>We listened to every neighbourhood before deciding.</p></blockquote>
    <p>{PARAGRAPH}</p>
  </div>
  <section class="related-posts"><h3>Related Posts</h3>
    <ul><li><a href="/a">Another story about the council and its meetings</a></li></ul></section>
</article></main>
<aside class="sidebar"><p>{PARAGRAPH} (a sidebar teaser that repeats article-like text)</p></aside>
</div><footer><p>© 2026 Town Times - All rights reserved</p></footer></body></html>"""


def test_container_body_keeps_article_blocks_only():
    body = container_body(Page.from_html(PAGE, "http://t.test/budget"))
    assert body.split("\n\n") == [
        PARAGRAPH,
        "What changes",
        f"{PARAGRAPH} Residents will see the first works in spring.",
        "More buses on weekends",
        "Longer library hours",
        "We listened to every neighbourhood before deciding.",
        PARAGRAPH,
    ]


def test_container_body_of_a_page_without_paragraphs_is_empty():
    assert container_body(Page.from_html("<html><body><div>x</div></body></html>", "u")) == ""


def test_short_container_text_falls_back_to_trafilatura():
    # Under the word threshold the container answer is not trusted on its own.
    page = Page.from_html(PAGE, "http://t.test/budget")
    assert "council approved the new budget" in extract_body(page)
