"""Template text learned from listing pages: removed from bodies, article text kept."""

from __future__ import annotations

from lxml import html

from newscrawl.extract.template import TemplateText

BOX = "Our desk covers markets from Lisbon, Lagos and Lima every weekday."
LISTING = """<html><body><nav><a href="/">Home</a> <a href="/markets/">Markets</a></nav>
<main><article><h2><a href="/a/">Story {n}</a></h2><p>Teaser of story {n} in brief words.</p>
</article></main><aside><div class="box"><p>{box}</p></div></aside>
<footer><p>© 2026 Example News - All rights reserved</p></footer></body></html>"""


def learned(pages: int = 3, **kwargs) -> TemplateText:
    template = TemplateText(**kwargs)
    for n in range(pages):
        template.learn_listing(html.fromstring(LISTING.format(n=n, box=BOX)))
    return template


def test_a_paragraph_on_listings_and_in_two_bodies_is_template():
    template = learned()
    first = f"First paragraph of one.\n\n{BOX}\n\nLast words of one."
    assert template.remove_from(first) == (first, 0)  # nothing showed it to be template yet
    second = f"Another story starts.\n\n{BOX.upper()}\n\nIt ends here."
    assert template.remove_from(second) == ("Another story starts.\n\nIt ends here.", 1)


def test_teasers_and_article_only_text_stay():
    template = learned()
    for _ in range(3):  # a teaser is on several listings, but in one body only
        body = "Teaser of story 1 in brief words.\n\nWhat comes next\n\nMore text."
        assert template.remove_from(body) == (body, 0)
    # A subheading many articles share is not on any listing: article text.
    assert template.remove_from("What comes next\n\nOther text.")[1] == 0


def test_one_listing_page_is_not_enough():
    template = learned(pages=1)
    for _ in range(3):
        assert template.remove_from(f"Text.\n\n{BOX}")[1] == 0
