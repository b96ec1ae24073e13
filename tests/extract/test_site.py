"""Site-definition extraction: field query kinds, split values, body paragraphs."""

from __future__ import annotations

import pytest
from itemloaders.processors import MapCompose
from lxml import etree
from parsel.csstranslator import HTMLTranslator

from newscrawl.cleaning import normalize_text
from newscrawl.extract import extract_page
from newscrawl.extract.page import Page
from newscrawl.extract.site import body_paragraphs, select
from newscrawl.loaders import ArticleLoader, normalized_texts
from newscrawl.query import compiled, css_to_xpath, run_query, run_scoped, split_scope
from newscrawl.sites.definition import SiteDefinition

PAGE = Page.from_html(
    """<html><head>
    <meta name="keywords" content="Rates, Banks ,Bonds">
    <meta property="article:section" content="Markets">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "From JSON-LD",
      "author": [{"@type": "Person", "name": "Ada Roe"}, {"@type": "Person", "name": "Bo Lee"}],
      "isPartOf": {"name": "Weekly"}, "wordCount": 12}</script>
    </head><body><article><h1 class="title">From <b>CSS</b></h1>
    <div class="body"><p>One <script>var leak = 1;</script>two <span class="ad">AD</span>three.</p>
    <aside class="ad"><p>Buy now.</p></aside><p>Four.<style>p {color: red}</style></p></div>
    </article></body></html>""",
    "https://example.test/a",
)


def test_query_kinds():
    assert select(PAGE, "h1.title") == ["From CSS"]
    assert select(PAGE, "//h1/b/text()") == ["CSS"]
    assert select(PAGE, "meta:Article:Section") == ["Markets"]
    assert select(PAGE, "jsonld:author.name") == ["Ada Roe", "Bo Lee"]
    assert select(PAGE, "jsonld:author") == ["Ada Roe", "Bo Lee"]
    assert select(PAGE, "jsonld:isPartOf") == ["Weekly"]
    assert select(PAGE, "jsonld:wordCount") == ["12"]
    assert select(PAGE, "jsonld:nothing.here") == []
    assert select(PAGE, "meta:absent") == []


def test_split_field_and_site_provenance():
    site = SiteDefinition(
        name="t", domains=("example.test",), start_urls=("https://example.test/",),
        fields={"tags": "meta:keywords", "title": "jsonld:headline"}, split={"tags": ","},
        body="div.body", body_exclude=(".ad",),
    )
    fields = extract_page(PAGE, site)
    assert fields["tags"] == ["Rates", "Banks", "Bonds"]
    assert fields["title"] == "From JSON-LD"
    assert fields["provenance"]["tags"] == "site"
    assert fields["body"] == "One two three.\n\nFour."


def test_body_leaves_out_scripts_styles_and_excluded_elements_inside_paragraphs():
    assert body_paragraphs(PAGE.selector, "div.body", (".ad",)) == ["One two three.", "Four."]
    assert body_paragraphs(PAGE.selector, "div.body", ()) == ["One two ADthree.", "Buy now.",
                                                              "Four."]


def test_a_line_break_inside_a_paragraph_separates_words():
    page = Page.from_html('<div class="b"><p>weather<br>deteriorates<br/>fast</p></div>',
                          "https://example.test/a")
    assert body_paragraphs(page.selector, "div.b", ()) == ["weather deteriorates fast"]


def test_site_figures_follow_the_generic_figure_rule():
    """A definition's ``images`` selector and the generic figure finder read a figure the
    same way (one rule, in extract/images.py). The site path used to take the first
    ``src`` (a lazy-loading placeholder here), skip srcset, and find only a
    ``*credit*`` element, not a credit written into the caption."""
    page = Page.from_html(
        """<html><body><div class="story"><p>Text.</p>
        <figure class="pic"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="
          data-src="/small.jpg" data-srcset="/small.jpg 400w, /large.jpg 1200w">
          <figcaption>The harbour at dawn. Photo: Jane Doe</figcaption></figure>
        <figure class="pic"><img src="/b.jpg"><figcaption>A pier.
          <span class="copyright">Agency</span></figcaption></figure>
        <figure class="pic"><img src="/b.jpg"><figcaption>A pier.
          <span class="copyright">Agency</span></figcaption></figure>
        </div></body></html>""",
        "https://example.test/a",
    )
    site = SiteDefinition(name="t", domains=("example.test",),
                          start_urls=("https://example.test/",), body="div.story",
                          images="figure.pic")
    fields = extract_page(page, site)
    assert fields["provenance"]["images"] == "site"
    assert fields["images"] == [
        {"url": "https://example.test/large.jpg", "caption": "The harbour at dawn.",
         "credit": "Jane Doe"},
        {"url": "https://example.test/b.jpg", "caption": "A pier.", "credit": "Agency"},
    ]


def test_the_definition_language_is_the_last_fallback():
    site = SiteDefinition(name="t", domains=("example.test",), start_urls=("https://example.test/",),
                          language="pt")
    bare = Page.from_html("<html><body><p>Sem metadados.</p></body></html>", "https://example.test/a")
    assert extract_page(bare, site)["language"] == "pt"
    assert extract_page(bare, site)["provenance"]["language"] == "site"
    tagged = Page.from_html('<html lang="en"><body><p>x</p></body></html>', "https://example.test/a")
    assert extract_page(tagged, site)["language"] == "en"


def test_body_exclude_takes_a_relative_xpath():
    page = Page.from_html('<div class="b"><p>Kept <em>title</em> here.</p><p><em>Editor note.</em>'
                          '</p></div>', "https://example.test/a")
    only_italic = ".//p[em and not(text()[normalize-space()])]"
    assert body_paragraphs(page.selector, "div.b", (only_italic,)) == ["Kept title here."]


def test_a_site_can_say_which_elements_are_paragraphs():
    page = Page.from_html('<div class="b"><div data-testid="paragraph-0">First.</div><aside>'
                          '<p>Ad.</p></aside><div data-testid="paragraph-1">Second.</div></div>',
                          "https://example.test/a")
    assert body_paragraphs(page.selector, "div.b", (), "[data-testid^=paragraph-]") == [
        "First.", "Second."]


CLASSES = etree.HTML(
    """<html><body class="home"><div class="a  x"><p class="b">1</p><p class="b c">2</p>
    <p class="bb">3</p><p>4</p></div><ul class="b"><li class="x">5</li><li class="x y">6</li>
    </ul><span class="a-b">7</span><span class=" a ">8</span></body></html>""")


@pytest.mark.parametrize("css", [
    ".b", "p.b", ".a .b", ".a > .b", "div.a p.b::text", ".b.c", "p.b + p", "p.b ~ p.bb",
    "p.b + p.b", "li.x:first-child", ".x:not(.y)", ".a, .x::text", ".a-b", ".a", "*.a::attr(class)",
    ".home .x:last-child",
])
def test_class_tests_on_attributes_find_what_cssselect_finds(css):
    rewritten, original = css_to_xpath(css), HTMLTranslator().css_to_xpath(css)
    assert CLASSES.xpath(rewritten) == CLASSES.xpath(original)
    assert CLASSES.xpath(original)  # every case selects something


@pytest.mark.parametrize("query", [
    "p", "//p[re:test(., 'o')]", "(set:distinct(//p))", "//p[set:has-same-node(., //p)]",
])
def test_running_a_compiled_query_again_and_again_keeps_nothing(query):
    """A long crawl runs each query once per page: a query that kept something per run
    (lxml logs into a compiled query's error log) would grow without end."""
    first = run_query(PAGE.selector.root, query)
    assert first  # each query finds something on the page
    for _ in range(20):
        assert run_query(PAGE.selector.root, query) == first
    log = getattr(compiled(query), "error_log", ())
    assert len(log) == 0, list(log)


@pytest.mark.parametrize("values", [["  A&amp;B ", "", None, "\u200bx\u00a0 y"], [], ["\ufeff"]])
def test_text_input_is_the_map_compose_of_normalising_and_dropping_empty(values):
    composed = MapCompose(normalize_text, lambda value: value or None)
    assert normalized_texts(values) == composed(values)


def test_article_loader_values_with_processors_of_their_own_take_itemloaders_way():
    loader = ArticleLoader()
    loader.add_value("title", ["", "  First  "])
    loader.add_value("title", "Title: Second", re=r"Title: (.+)")
    loader.add_value("tags", ["a", "b"], lambda values: [v.upper() for v in values])
    loader.add_value("summary", None)
    loader.add_value("images", {"url": "http://a/1.jpg"})
    item = loader.load_item()
    assert item == {"title": "First", "tags": ["A", "B"], "images": [{"url": "http://a/1.jpg"}]}
    assert loader.get_collected_values("title") == ["First", "Second"]


def test_excluded_elements_deep_inside_a_paragraph_or_outside_the_body_box():
    """Only a paragraph with an excluded element inside has its texts checked one by one;
    an excluded element outside the box (an absolute XPath) leaves the box's text alone."""
    page = Page.from_html(
        '<div class="b"><blockquote><p>Keep <span><em class="ad">AD</em> this</span></p>'
        '</blockquote><p>Plain</p><aside class="ad"><p>Gone</p></aside></div>'
        '<p class="ad">Outside</p>', "https://example.test/a")
    assert body_paragraphs(page.selector, "div.b", (".ad",)) == ["Keep  this", "Plain"]
    assert body_paragraphs(page.selector, "div.b", ("//p[@class='ad']",)) == [
        "Keep AD this", "Plain", "Gone"]


SCOPED = etree.HTML(
    """<html><body><div class="a"><div class="a"><p class="b">x<a href="/1">1</a></p></div>
    <p class="b">y<a href="/2">2</a></p></div><div class="c"><p class="b">z</p>
    <a href="/3" rel="tag">3</a></div><div class="c"><p class="b">w</p></div></body></html>""")


@pytest.mark.parametrize("css", [
    ".c .b", ".c .b::text", ".c a[rel=tag]::attr(href)", ".a .b a", ".a a::text", "div p",
    ".c > .b", ".c .b + a", "body .c .b",
])
def test_a_query_run_in_its_scope_finds_what_the_whole_query_finds(css):
    """The scope (".c" of ".c .b") is found once per page and the rest runs inside each
    scope element: the same results, in the same order, also when scopes nest (".a")."""
    scopes: dict = {}
    for _ in range(2):  # the second time from the kept scopes
        assert run_scoped(SCOPED, css, scopes) == run_query(SCOPED, css)
    assert run_query(SCOPED, css)


@pytest.mark.parametrize(("css", "split"), [
    (".c .b::text", (".c", ".b::text")), ("div.a  p > a", ("div.a", "p > a")),
    (".c > .b", None), (".c", None), (".a, .c .b", None), ("li:first-child a", None),
    (".c li:first-child", None), ("//div//p", None), ("[title='a b'] p", ("[title='a b']", "p")),
    ("> p a", None),
])
def test_only_a_plain_scope_and_descendant_combinator_is_split(css, split):
    assert split_scope(css) == split
