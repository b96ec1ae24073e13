"""The article body: plain text, one blank line between paragraphs, no page furniture.

Works on the shared tree, read-only, in one walk:

1. Segment the page into blocks: the text between two block-level boundaries (``<p>``,
   ``<div>``, ``<li>``, ``<br>``…), skipping subtrees that never hold article text
   (``nav``, ``aside``, ``figure``, ``header``, hidden elements…).
2. Score elements by the paragraphs they hold (long, few links), Readability-style, and
   take the best one; elements named like furniture (``share``, ``related``, ``comment``…)
   score little. Widen it to the ancestor holding the rest of a body cut in parts.
3. Keep the container's blocks minus furniture inside it (by name or by wording, in
   several languages; form fields' boxes), link lists, captions, the headline, and
   datelines/bylines at its edges, and second copies of its text (a page builder's, one
   per screen size). The standfirst of the article's own ``<header>`` and paragraphs set
   apart before the body that the publisher's JSON-LD ``articleBody`` opens with come
   first.

trafilatura (on a copy of the tree) is the fallback for pages without any paragraph, and
a second opinion when the chosen text is less than half the page's or a few lines: its
text wins when it has at least twice the words, holds the chosen text (unless that was a
few lines) and is not a menu; else the sections around the chosen one do, when they add
twice the words, mostly in paragraphs. A page that loads the next story below its own
keeps the one under its headline; each body gets a confidence (``body_confidence``).
Chosen by the numbers on the shared benchmarks: see docs/benchmarks.md.
"""

from __future__ import annotations

import copy
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree

from newscrawl.cleaning import is_boilerplate_line, normalize_paragraphs
from newscrawl.extract.page import Page

# Subtrees that never hold article text.
_SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "iframe", "button", "select", "option",
    "textarea", "input", "nav", "aside", "footer", "figure", "figcaption", "header", "object",
    "embed", "video", "audio", "canvas", "map", "head", "title", "meta", "link", "dialog",
    "picture", "source", "math",
})
# Furniture by its tag alone; read when nothing else on the page has a paragraph.
_LANDMARK_TAGS = frozenset({"nav", "aside", "header", "footer"})
# The same landmarks given by an ARIA role to another element (a fact box
# ``<div role="complementary">``): by the tag each stands for.
_LANDMARK_ROLES = {"navigation": "nav", "complementary": "aside", "contentinfo": "footer"}
# A picture's caption in a ``<span>`` beside it, not a ``<figcaption>``: by its class.
_INLINE_CAPTION = re.compile(r"caption|legend", re.I)
# Elements that end the paragraph before them and start a new one.
_BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "center", "dd", "details", "dir", "div", "dl", "dt",
    "fieldset", "form", "h1", "h2", "h3", "h4", "h5", "h6", "hgroup", "hr", "li", "main",
    "menu", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr",
    "td", "th", "ul", "body", "html", "caption", "legend",
})
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# Lists and tables, and their items.
_LISTS = frozenset({"ol", "ul", "dl", "table", "tbody"})
_ITEM_TAGS = frozenset({"li", "dd", "dt", "td", "th"})
# Class or id words of page furniture.
_NEGATIVE = re.compile(
    r"comment|share|sharing|social|related|recommend|newsletter|subscri|signup|sign-up|"
    r"sidebar|promo|advert|\bads?\b|\bad-|-ad\b|sponsor|byline|author|caption|"
    r"credit|breadcrumb|more-(?:stories|articles)|read-?more|popular|trending|toolbar|"
    r"\bmeta\b|-meta\b|\btags?\b|-tags?\b|tag-?list|cookie|modal|popup|footer|"
    r"masthead|outbrain|taboola|disqus|print|rating|gallery|slideshow|timestamp|dateline|"
    # "hidden", but not "overflow-hidden" (a clipped box) nor "label-hidden" (a field whose
    # label is hidden): the element itself shows. Utility classes spell the same CSS with
    # "-", "_" or ":" ("overflow_hidden", "overflow-x_hidden") or in camelCase
    # ("overflowHidden").
    r"(?<!overflow)(?<!overflow[-_:])(?<!overflow[-_][xy][-_:])(?<!label[-_])(?<!empty:)hidden|"
    r"sr-only|screen-reader|visually-hidden|most-read|pagination|next-|prev-|"
    r"\bnav\b|navigation|menu|banner|topics|keywords|bio\b|about-the-author|follow|"
    # A tooltip's, popover's or dropdown's panel shows on hover or click, over the page.
    r"tooltip|popover|dropdown|"
    # A consent box: a cookie banner, or an embed's "allow external content" placeholder.
    r"consent|"
    # A call to action ("cta-box", "wp-block-cta"): a pitch for a product or a sign-up;
    # an affiliate disclosure or an affiliate's product box.
    r"(?<![a-z])cta(?![a-z])|affiliate",
    re.I,
)
# A page builder's block (Elementor, HubSpot, CKEditor…) or a sidebar's: furniture unless
# it holds prose (PROSE_WIDGET_SHARE of its text in paragraphs, at least PROSE_WIDGET_CHARS).
_WIDGET = re.compile(r"widget", re.I)
# A folded panel (an accordion's, a collapsible's): hidden by its class until a click
# unfolds it, so its text is the page's own (the answers of an FAQ), not furniture.
_FOLDED = re.compile(r"accordion|collaps", re.I)
_HIDDEN_NAME = re.compile(r"hidden", re.I)
PROSE_WIDGET_SHARE = 0.8
PROSE_WIDGET_CHARS = 200
# Short lines of page furniture that are not named by their markup.
_FURNITURE_LINE = re.compile(
    r"^(?:advert(?:isement)?|sponsored(?: content)?|tags?|topics?|comments?|\d+ comments?|"
    r"more|related(?: news| stories| articles| posts| content| coverage)?|see also|also read|"
    r"read (?:more|next|also)|recommended(?: for you)?|popular(?: on .{1,30})?|"
    r"most (?:read|popular|viewed)|trending(?: now)?|you (?:may|might) also like|"
    r"more(?: great)?(?: .{1,20})? stories|don'?t miss|watch(?: next| now)?|"
    # A table of contents' heading (its entries are links, dropped as such).
    r"(?:table of )?contents|on this page|in this (?:article|post)|jump to|"
    # The same lines in other languages: advertisement, read also / more on the topic,
    # related articles, tags and topics.
    r"anzeige|werbung|publicit[ée]|publicidad|pubblicit[àa]|advertentie|reklame?|annonse?|"
    r"reklama|реклама|"
    r"lesen sie (?:auch|mehr)(?: zum thema)?|mehr zum thema(?: .{1,40})?|auch interessant|"
    r"mehr (?:von|aus) .{1,30}|(?:à )?lire aussi|(?:para )?saber más|leer más|lee también|"
    r"leia (?:também|mais)|lees ook|läs också|les også|læs også|"
    r"czytaj (?:więcej|też|także)|читайте также|taip pat skaitykite|"
    r"noticias? relacionadas?|art[ií]culos relacionados|articles? liés|verwandte artikel|"
    r"articoli correlati|passend zum artikel|"
    r"schlagw(?:ö|o)rter(?: zu diesem artikel)?|schlagworte|themen|mots-clés|etiquetas|"
    r"temas|argomenti|"
    # A reading time: "3 min read", "3 Min Lesezeit", "Temps de lecture : 4 min".
    r"\d+\s*min(?:\.|utes?|uten)?\s*(?:read|lesezeit|lesedauer|de lecture|de lectura|"
    r"di lettura)|(?:reading time|lesezeit|lesedauer|temps de lecture|lecture|"
    r"tiempo de lectura|tempo di lettura)\W*\d+\s*min(?:\.|utes?|uten)?)\W*$"
    # Calls to action: "Follow X on Google News…", "By signing up, you…".
    r"|^(?:follow (?:us|\S+(?: \S+)?) on|by signing up|sign up (?:for|to)|subscribe to)\b",
    re.I,
)
# A photo caption ending with its credit: "… (Image: Getty)", "… (Photo by Jane Doe)".
_CAPTION_LINE = re.compile(
    r"[(\[]\s*(?:image|photo|picture|pic|credit|source|foto)s?\s*(?:by|:)[^()\[\]]{1,60}[)\]]\s*$",
    re.I)
_BYLINE_LINE = re.compile(r"^(?:by|posted by|written by|published by|updated)\b", re.I)
# The credits closing a news story: "Reporting by …; Editing by …", "X contributed to this
# report.", "With Post wires".
_CREDIT_LINE = re.compile(
    r"^\(?(?:additional )?(?:reporting|writing|editing) by\b|"
    r"\bcontributed (?:reporting|to this (?:report|story|article))\b|^with (?:\S+ )?wires\b",
    re.I)
CREDIT_LINE_MAX = 300
# A date or a time of day: "19/11/2019", "2019-11-19", "Nov 19, 2019", "11:21", "10 p.m.".
_DATE_PART = re.compile(
    r"\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|"
    r"\b\d{4}-\d{2}-\d{2}\b|\b(?:19|20)\d{2}\b", re.I)
# A short label and its colon opening a line: "Read also: ", "Lire aussi : "; a line of
# it and one link that is more than LABELLED_LINK_DENSITY of its text points elsewhere.
_LABEL = re.compile(r"^[^:.!?]{1,30}:\s")
LABELLED_LINK_DENSITY = 0.7
# A teaser's excerpt, cut short: "… may soon...", WordPress's "[…]".
_EXCERPT_END = re.compile(r"(?:\.\.\.|…)\]?$")
_SENTENCE = re.compile(r"\w{3,}[.!?\"”]\s+\w|\w{4,}[.!?\"”]$")
EDGE_LINE_MAX = 120
_ARTICLES = etree.XPath("//body//article")
_FIRST_HEADING = etree.XPath("(.//h1 | .//h2)[1]")
_TITLES = etree.XPath("//meta[@property='og:title']/@content | //title/text()")
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—]\s+")
_KICKER_ENDS = frozenset("-–—|")
# Hidden, or "visually hidden" for screen readers (clipped to nothing): not page text.
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden"
    r"|clip\s*:\s*rect\(\s*0[\s,px]*0[\s,px]*0[\s,px]*0|clip-path\s*:\s*inset\(\s*50%",
    re.I)
# An embedded post of a social network, by its class: not the article's own quotation.
_EMBED = re.compile(r"embed|tweet|instagram|tiktok|facebook|bluesky|mastodon", re.I)
# React's streamed server rendering sends a page's late parts as ``<div hidden id="S:1a">``
# at the end of the body, and a script moves each into its place: shown, not hidden.
_STREAMED_SEGMENT = re.compile(r"S:[0-9a-f]+")

# Fields a reader types in or picks from (a sign-up's email, a search box, a quote form),
# and how much text the box around one holds at most. Not checkboxes: an article's
# checklist ticks its items; but a switch with its own label, outside a list or a
# paragraph, is a setting (an embed's "allow external content", a newsletter's opt-in).
_FORM_FIELDS = etree.XPath(
    "//input[not(@type='hidden' or @type='checkbox' or @type='radio' or @disabled)]"
    " | //select | //textarea"
    " | //input[@type='checkbox' and not(@disabled) and @id"
    " and not(ancestor::li or ancestor::p)][@id = //label/@for]")
FORM_BOX_CHARS = 500

# How many characters of the body's first paragraph are looked for in the publisher's own
# text of the article (JSON-LD ``articleBody``).
DECLARED_PREFIX = 60

# A paragraph of article text: long enough and mostly not links.
MIN_PARAGRAPH = 25
MAX_LINK_DENSITY = 0.3
# Container score factor for elements in furniture (comments, related posts…).
FURNITURE_WEIGHT = 0.2
# Widening the container must add this share of its text, mostly paragraphs.
WIDEN_MIN_GAIN = 0.2
WIDEN_DENSITY = 0.5
# The second opinion: asked when the chosen text is less than this share of the page's
# paragraph text, or shorter than CONFIDENT_WORDS; taken when it has this many times the
# words, holds this share of the chosen text's 4-word sequences (a short chosen text
# excepted), and less than MAX_MENU_SHARE of its words on lines of fewer than
# MENU_LINE_WORDS words.
SECOND_OPINION_SHARE = 0.5
SECOND_OPINION_GAIN = 2.0
SECOND_OPINION_OVERLAP = 0.6
MENU_LINE_WORDS = 4
MAX_MENU_SHARE = 0.2
# A body's confidence: full from this many words on; below UNCERTAIN it is counted as
# uncertain (newscrawl/health/body_confidence/uncertain).
CONFIDENT_WORDS = 50
UNCERTAIN = 0.5


@dataclass(slots=True)
class Block:
    """One paragraph of the page: the text between two block-level boundaries."""

    owner: Any  # the nearest block-level element around the text
    text: str
    link_chars: int
    links: int = 0  # how many links it holds

    @property
    def link_density(self) -> float:
        return self.link_chars / max(len(self.text), 1)

    @property
    def is_content(self) -> bool:
        return len(self.text) >= MIN_PARAGRAPH and self.link_density <= MAX_LINK_DENSITY


@dataclass(frozen=True)
class Body:
    text: str  # paragraphs normalised, parted by one blank line
    container: Any | None  # the element holding the article, for its figures
    # 0-1, how sure the choice is: see body_confidence(). Below UNCERTAIN: check it.
    confidence: float = 1.0


def _hint(element: Any) -> str:
    """Class and id words. A BEM name says what the element is after its last ``__``:
    ``sidebar-grid__content`` is content, ``article__share`` is a share bar."""
    names = f"{element.get('class', '')} {element.get('id', '')}".split()
    return " ".join(name.rsplit("__", 1)[-1] for name in names)


_NAME_PART = re.compile(r"[^\W_]+")
_SEPARATORS = re.compile(r"[-_].*[-_]")  # a name of three parts or more, at a glance
SLUG_MIN_WORDS = 3
SLUG_SHARE = 0.8


def _slug_parts(name: str) -> list[str]:
    """A class or id name's words, when it has enough of them to be a slug of a text."""
    parts = [part for part in _NAME_PART.findall(name.casefold()) if len(part) > 1]
    return parts if len(parts) >= SLUG_MIN_WORDS else []


@lru_cache(maxsize=4096)  # a page repeats its class lists, and a site its pages'
def _says_furniture(names: str) -> bool:
    """Whether one of these class and id words names furniture (``_NEGATIVE``)."""
    return any(map(_name_says_furniture, names.split()))


@lru_cache(maxsize=16384)
def _name_says_furniture(name: str) -> bool:
    """``_NEGATIVE``, a long alternation with look-behinds, searched once per distinct
    name: no alternative spans a space, so a list of names matches when one name does,
    and names recur far more than lists of them."""
    return _NEGATIVE.search(name) is not None


def _word_in(word: str, text: str) -> bool:
    r"""Whether ``word`` (a ``_NAME_PART``) is one of the text's ``_NAME_PART`` words: an
    occurrence with no letter or digit on either side (``str.isalnum`` is ``[^\W_]``, code
    point for code point). Occurrences are looked at until the first whole word, instead
    of splitting the whole text into words: the element can be the whole article."""
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if ((start == 0 or not text[start - 1].isalnum())
                and (end == len(text) or not text[end].isalnum())):
            return True
        start = text.find(word, start + 1)
    return False


def _furniture_name(element: Any, hint: str) -> bool:
    """Whether the element's names (``hint``) say furniture (``_NEGATIVE``), leaving out
    the names that are slugs of its own text (an anchor for a table of contents,
    "how-to-share-a-post" on that heading, says what the text is about, not what the
    element is) and a folded panel's "hidden" (an accordion's answer shows on a click)."""
    if not _says_furniture(hint):
        return False  # the common case, in one cached lookup
    names = hint.split()
    # The text is read only for a furniture-like name long enough to be a slug.
    slugs = {name: parts for name in names if _SEPARATORS.search(name)
             and (parts := _slug_parts(name)) and _says_furniture(name)}
    if slugs:
        text = element.xpath("string()").casefold()
        names = [name for name in names if name not in slugs or sum(
            _word_in(part, text) for part in slugs[name]) < SLUG_SHARE * len(slugs[name])]
    if any(_FOLDED.search(name) for name in names):
        names = [name for name in names if not _HIDDEN_NAME.search(name)]
    return _says_furniture(" ".join(names))


def _hidden(element: Any) -> bool:
    """Hidden by its attributes or style, unless it is a folded panel (shown on a click)."""
    return ((element.get("hidden") is not None
             and not _STREAMED_SEGMENT.fullmatch(element.get("id", "")))
            or element.get("aria-hidden") == "true"
            or bool(_HIDDEN_STYLE.search(element.get("style", "")))) and not _folded(element)


def _folded(element: Any) -> bool:
    """Whether a hidden element is an accordion's panel, which a click on the button
    labelling it unfolds (WAI-ARIA's pattern: ``role="region"``, ``aria-labelledby``)."""
    return element.get("role") == "region" and bool(element.get("aria-labelledby"))


def _quotation(element: Any) -> bool:
    """Whether the element is a ``<figure>`` holding a ``<blockquote>``: a quotation with
    its source in the caption (the HTML standard's markup for one), not a picture. Its
    quote is article text; the caption stays out (``figcaption`` is skipped). A social
    post embedded the same way (``wp-block-embed``, ``twitter-tweet``) is not."""
    if element.tag != "figure" or _EMBED.search(_hint(element)):
        return False
    quote = next(element.iter("blockquote"), None)
    return quote is not None and not _EMBED.search(_hint(quote))


def _data_table(element: Any) -> bool:
    """Whether the element is a ``<figure>`` holding a ``<table>``: a table of the
    article's figures with its caption (the HTML standard's markup, WordPress's table
    block), not a picture. Its cells are article text; the caption stays out."""
    return element.tag == "figure" and next(element.iter("table"), None) is not None


# A <header> or <figure> holding this many paragraphs of this many characters holds the
# article's text, not a headline or a picture.
PROSE_HOLDER_PARAGRAPHS = 3
PROSE_HOLDER_CHARS = 100
_PROSE_HOLDERS = frozenset({"header", "figure"})


def _holds_prose(element: Any) -> bool:
    """Whether the element is a ``<header>`` or a ``<figure>`` holding the article's
    paragraphs: a page builder's section named so, or a figure whose unclosed markup
    swallowed the text after it. A page's or an article's own header holds a line or two,
    a figure a picture and its caption."""
    if element.tag not in _PROSE_HOLDERS:
        return False
    found = 0
    for paragraph in element.iter("p"):
        if len(paragraph.xpath("string()")) >= PROSE_HOLDER_CHARS:
            found += 1
            if found >= PROSE_HOLDER_PARAGRAPHS:
                return True
    return False


class _Segmenter:
    """Splits the tree into paragraphs (blocks) in document order, skipping non-text.

    Iterative (``iterwalk``), not recursive: real pages nest deeper than Python's stack.
    """

    def __init__(self, skip: frozenset[str] = _SKIP_TAGS) -> None:
        self.skip = skip
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.link_chars = 0
        self.link_count = 0
        self.owners: list[Any] = []  # the block-level elements open around the current text
        self.links = 0  # how many <a> are open around the current text
        self.skipped: set[Any] = set()

    def flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        if text:
            self.blocks.append(Block(self.owners[-1], text, self.link_chars, self.link_count))
        self.parts.clear()
        self.link_chars = 0
        self.link_count = 0

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            if self.links:
                self.link_chars += len(text.strip())

    def start(self, element: Any, walker: Any) -> None:
        tag = element.tag
        if ((tag in self.skip and not _quotation(element) and not _holds_prose(element)
                and not _data_table(element))
                or tag == "br" or _hidden(element)
                or _LANDMARK_ROLES.get(element.get("role")) in self.skip
                or (tag == "span" and _INLINE_CAPTION.search(element.get("class", "")))):
            # Furniture tags (or roles), captions and hidden elements: only their tail is
            # text. A <br> ends a paragraph.
            walker.skip_subtree()
            self.skipped.add(element)
            if tag == "br":
                self.flush()
            return
        if tag in _BLOCK_TAGS:
            self.flush()
            self.owners.append(element)
        elif tag == "a":
            self.links += 1
            self.link_count += 1
        self.add(element.text)

    def end(self, element: Any) -> None:
        if element in self.skipped:
            self.skipped.discard(element)
        elif element.tag in _BLOCK_TAGS:
            self.flush()
            self.owners.pop()
        elif element.tag == "a":
            self.links -= 1
        self.add(element.tail)

    def run(self, body: Any) -> None:
        """Adds the paragraphs under ``body`` to ``blocks``."""
        self.owners = [body]
        walker = etree.iterwalk(body, events=("start", "end", "comment", "pi"))
        for event, element in walker:
            if element is body:
                if event == "start":
                    self.add(body.text)
            elif event == "start":
                self.start(element, walker)
            elif event == "end":
                self.end(element)
            else:  # a comment or processing instruction: only its tail is text
                self.add(element.tail)
        self.flush()


def segment(root: Any, skip: frozenset[str] = _SKIP_TAGS) -> list[Block]:
    """The page's paragraphs; subtrees of ``skip`` tags are left out (their tails are not).

    Markup after a stray ``</html>`` (a template that closes the page after its header)
    is parsed as trees of their own beside the root; browsers show it in the body, so it
    is read too."""
    segmenter = _Segmenter(skip)
    segmenter.run(next(root.iter("body"), root))
    for stray in root.itersiblings():
        if isinstance(stray.tag, str):  # not a comment or processing instruction
            segmenter.run(stray)
    return segmenter.blocks


def _ancestors(element: Any) -> Iterator[Any]:
    while element is not None:
        yield element
        element = element.getparent()


def _between(ancestor: Any, descendant: Any) -> Iterator[Any]:
    """The elements from ``descendant`` up to, not including, ``ancestor``."""
    for element in _ancestors(descendant):
        if element is ancestor:
            return
        yield element


# A card: a teaser of another story, a heading that is one link to it, in a box of at most
# CARD_CHARS of text (its excerpt, its date). A run of cards that ends the article is a
# "more stories" strip, unless it is more than CARDS_MAX_SHARE of the text: then the cards
# are the page's content (a round-up, a live page).
CARD_CHARS = 400
CARD_LINK_DENSITY = 0.9
CARD_STRIP_LINES = 2
CARDS_MAX_SHARE = 0.3


class _Layout:
    """Where the paragraph text of a page sits, and which elements are furniture."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.content_chars: dict[Any, int] = defaultdict(int)
        self.text_chars: dict[Any, int] = defaultdict(int)
        self.heading_chars: dict[Any, int] = defaultdict(int)
        for block in blocks:
            heading = block.owner.tag in _HEADINGS
            content = block.is_content
            for element in _ancestors(block.owner):
                self.text_chars[element] += len(block.text)
                if heading:
                    self.heading_chars[element] += len(block.text)
                if content:
                    self.content_chars[element] += len(block.text)
        self.total = max(self.content_chars.values(), default=0)
        self.form_boxes = self._form_boxes()
        self._junk: dict[Any, bool] = {}
        self._in_junk: dict[Any, bool] = {}
        # Paragraph text outside furniture, per element: what widening a container gains.
        # Teasers' excerpts cut short ("…") are other stories, not more of this one.
        self.clean_chars: dict[Any, int] = defaultdict(int)
        # The same, with the items of lists and tables that are not links (an article's
        # bullet points, its tables' cells): what widening must mostly add.
        self.plain_chars: dict[Any, int] = defaultdict(int)
        for block in blocks:
            if block.is_content:
                if _EXCERPT_END.search(block.text) or self.in_junk(block.owner):
                    continue
                for element in _ancestors(block.owner):
                    self.clean_chars[element] += len(block.text)
                    self.plain_chars[element] += len(block.text)
            elif (_is_item(block.owner) and block.link_density <= MAX_LINK_DENSITY
                    and not self.in_junk(block.owner)):
                for element in _ancestors(block.owner):
                    self.plain_chars[element] += len(block.text)

    def _form_boxes(self) -> set[Any]:
        """The boxes around the page's form fields, each the widest ancestor of a field
        holding at most FORM_BOX_CHARS of text: a consent toggle's notice, a sign-up or
        a poll. Article text is read, not filled in."""
        if not self.blocks:
            return set()
        boxes = set()
        for field in _FORM_FIELDS(self.blocks[0].owner.getroottree()):
            box = None
            for ancestor in _ancestors(field.getparent()):
                if self.text_chars.get(ancestor, 0) > FORM_BOX_CHARS:
                    break
                box = ancestor
            if box is not None:
                boxes.add(box)
        return boxes

    def junk(self, element: Any) -> bool:
        """Named like furniture, or a form field's box, unless it holds most of the page's
        text (a wrapper such as ``class="has-sidebar"`` around the article)."""
        found = self._junk.get(element)
        if found is None:
            hint = _hint(element)
            content = self.content_chars.get(element, 0)
            named = _furniture_name(element, hint) or element in self.form_boxes or (
                bool(_WIDGET.search(hint)) and not (
                    content >= PROSE_WIDGET_CHARS
                    and content >= PROSE_WIDGET_SHARE * self.text_chars[element])
                and self.heading_chars[element] < self.text_chars[element])
            found = named and content < 0.5 * self.total and not (
                content and _HIDDEN_NAME.search(hint) and self._shown_variant(element, hint))
            self._junk[element] = found
        return found

    def _shown_variant(self, element: Any, hint: str) -> bool:
        """Whether the element is the first of sibling copies of one text, each hidden
        by its class names on some screens (``hidden md:block`` beside ``md:hidden``, a
        page builder's variant per screen size): one of them shows, so the first is
        read, unless its names say furniture besides "hidden"."""
        parent = element.getparent()
        if parent is None:
            return False
        content = self.content_chars[element]
        copies = [sibling for sibling in parent if sibling is not element
                  and _HIDDEN_NAME.search(_hint(sibling))
                  and abs(self.content_chars.get(sibling, 0) - content) <= 0.1 * content]
        position = parent.index(element)
        if not copies or any(parent.index(copy) < position for copy in copies):
            return False
        names = " ".join(name for name in hint.split() if not _HIDDEN_NAME.search(name))
        return not _furniture_name(element, names)

    def in_junk(self, element: Any) -> bool:
        """Whether the element or one of its ancestors is furniture."""
        path = []
        for ancestor in _ancestors(element):
            if ancestor in self._in_junk:
                found = self._in_junk[ancestor]
                break
            path.append(ancestor)
        else:
            found = False
        for ancestor in reversed(path):  # from the top down
            found = found or self.junk(ancestor)
            self._in_junk[ancestor] = found
        return self._in_junk[element] if path else found

    def best_container(self, within: Any | None = None) -> Any | None:
        """The element scoring highest for paragraph text: full score to a paragraph's
        parent element, half to the grandparent, a third above (a body split in parts).
        ``within``: only paragraphs inside that element count."""
        scores: dict[Any, float] = defaultdict(float)
        for block in self.blocks:
            if not block.is_content:
                continue
            if within is not None and within not in _ancestors(block.owner):
                continue
            weight = 1 + block.text.count(",") + min(len(block.text) / 100, 3)
            start = block.owner.getparent() if block.owner.tag == "p" else block.owner
            for level, ancestor in enumerate(_ancestors(start)):
                if level > 2:
                    break
                scores[ancestor] += weight / (level + 1)
        if not scores:
            return None
        for element in scores:
            if self.in_junk(element):
                scores[element] *= FURNITURE_WEIGHT
        return self.widen(max(scores, key=scores.__getitem__))

    def widen(self, container: Any) -> Any:
        """The container's ancestor holding the rest of a body split in parts.

        An ancestor is taken while what it adds is mostly paragraph text: a body cut into
        sections or chunks, not the page around it. A level adding paragraphs but too
        few to count (a section's own wrapper around a note) is passed over, not the end:
        what counts is what the next levels add to the container taken so far; but a
        list or a table taken for the container takes the paragraphs around it, however
        few. The items of lists and tables that are not links count as text there (bullet
        points, a table's cells), though not as paragraphs gained. An ``<article>`` is as
        far as it goes.
        """
        best = container
        for ancestor in _ancestors(container.getparent()):
            if ancestor.tag == "body" or any(a.tag == "article" for a in _between(ancestor, best)):
                break  # the next article on the page is another story
            added = self.clean_chars[ancestor] - self.clean_chars[best]
            if added <= 0:
                continue
            added_text = self.text_chars[ancestor] - self.text_chars[best]
            if self.plain_chars[ancestor] - self.plain_chars[best] < WIDEN_DENSITY * added_text:
                break
            if added < WIDEN_MIN_GAIN * self.clean_chars[best] and best.tag not in _LISTS:
                continue  # a list is a part of a text: the paragraphs around it go with it
            best = ancestor
        return best

    def widest(self, container: Any) -> Any:
        """The highest ancestor of the container whose addition to it is mostly paragraph
        text: the whole of an article cut in sections that ``widen`` stopped short of.

        Unlike ``widen``, a level that adds little (a section's heading, a product box's
        price line) does not end the search, as the sections' wrappers add their text
        only further up; what counts is what each ancestor adds to the container in all.
        The ``<article>`` elements of a list's items (headed by ``<h2>``, not by a
        headline ``<h1>``) are crossed too. As in ``widen``, truncated excerpts ("…") of
        teasers are not counted as paragraph text: a list of other stories is not the
        article's rest.
        """
        prose = self.clean_chars  # paragraph text outside furniture and teasers
        best = container
        for ancestor in _ancestors(container.getparent()):
            if ancestor.tag == "body" or any(a.tag == "article" and _own_story(a)
                                             for a in _between(ancestor, container)):
                break
            added = prose[ancestor] - prose[container]
            added_text = self.text_chars[ancestor] - self.text_chars[container]
            if (added >= WIDEN_MIN_GAIN * prose[container]
                    and added >= WIDEN_DENSITY * added_text):
                best = ancestor
        return best

    def pruned(self, block: Block, container: Any) -> bool:
        """Whether the block is outside the container or in furniture inside it."""
        for element in _ancestors(block.owner):
            if element is container:
                return False
            if self.junk(element):
                return True
        return True

    def article_blocks(self, container: Any, titles: set[str]) -> list[Block]:
        """The container's paragraphs, minus furniture, links lists and the headline;
        after the standfirst of the article's own header, when the container holds it."""
        inside = [block for block in self.blocks if not self.pruned(block, container)]
        kept = _without_copies([block for block in inside if self._article_text(block, titles)])
        kept = _trim_edges(self._without_closing_cards(container, inside, kept))
        return self._standfirst(container, titles, kept) + kept

    def _card_box(self, heading: Block, container: Any) -> Any | None:
        """The box of the card headed by ``heading`` (its widest element inside the
        container of at most CARD_CHARS of text); None when the block heads no card: it is
        no heading, or not one link, or a link within the page (a table of contents)."""
        owner = heading.owner
        if (owner.tag not in _HEADINGS or heading.links != 1
                or heading.link_density < CARD_LINK_DENSITY):
            return None
        link = next(owner.iter("a"), None)
        href = (link.get("href") or "").strip() if link is not None else ""
        if not href or href.startswith("#"):
            return None
        box = None
        for element in _between(container, owner):
            if self.text_chars[element] > CARD_CHARS:
                break
            box = element
        return box

    def _without_closing_cards(self, container: Any, inside: list[Block],
                               blocks: list[Block]) -> list[Block]:
        """The article's paragraphs (``blocks``, of the container's ``inside``) minus the
        cards of other stories after its last paragraph (related posts, "more from the
        section"); cards between paragraphs are the article's own (a round-up), and so are
        cards that make much of its text."""
        boxes = {box for block in inside if (box := self._card_box(block, container)) is not None}
        if not boxes:
            return blocks
        # The closing run: from its first card on, the cards and the few lines among and
        # after them that are no sentence (a "Liveblog" label, a source line closing the
        # page after the strip); such lines before it (a summary's keywords), or many of
        # them (a table's cells), are the article's.
        end, lines = len(blocks), 0
        for start in range(len(blocks) - 1, -1, -1):
            block = blocks[start]
            if any(element in boxes for element in _between(container, block.owner)):
                end, lines = start, 0
                continue
            lines += 1
            if (lines > CARD_STRIP_LINES or len(block.text) > EDGE_LINE_MAX
                    or _SENTENCE.search(block.text)):
                break
        closing = sum(len(block.text) for block in blocks[end:])
        if not closing or closing > CARDS_MAX_SHARE * sum(len(block.text) for block in blocks):
            return blocks
        return blocks[:end]

    def _article_text(self, block: Block, titles: set[str]) -> bool:
        """Whether a paragraph of the container is article text: not the headline, a
        furniture line, a caption or a line of links."""
        text = block.text
        if block.owner.tag == "h1" or is_boilerplate_line(text) or _FURNITURE_LINE.search(text):
            return False
        if len(text) < 300 and _CAPTION_LINE.search(text):
            return False
        if block.link_density > 0.5 and (len(text) < 100 or block.link_density > 0.8):
            return False  # a link line or a list of links: navigation
        if block.links == 1 and block.link_density > LABELLED_LINK_DENSITY and _LABEL.match(text):
            # A labelled link to another story: "Read also: …", "Lire aussi : …".
            return False
        return not (len(text) >= 15 and _is_headline(block, titles))

    def _standfirst(self, container: Any, titles: set[str], kept: list[Block]) -> list[Block]:
        """The sentences of the ``<header>`` holding a headline at the top of the
        container, before its text (``kept``): the article's own head, whose standfirst
        (lead, preface) opens the article. A page's header is never inside the article,
        a card's comes after some text; the head's other lines (kicker, dateline,
        byline) are no sentences."""
        first = kept[0].owner if kept else None
        for element in container.iter("header", *_BLOCK_TAGS):
            if element is first:
                break  # the article's text comes first: a header below it is a card's
            if (element.tag != "header" or _hidden(element)
                    or next(element.iter("h1"), None) is None):
                continue
            segmenter = _Segmenter()
            segmenter.run(element)
            return [block for block in segmenter.blocks
                    if block.is_content and _SENTENCE.search(block.text)
                    and not self.pruned(block, element) and not _is_edge_furniture(block)
                    and self._article_text(block, titles)]
        return []


def _is_item(element: Any) -> bool:
    """Whether the element is a list's or a table's item, or the paragraph of one."""
    return element.tag in _ITEM_TAGS or (
        element.tag == "p" and getattr(element.getparent(), "tag", None) in _ITEM_TAGS)


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("\u2026", "...").split())


def _is_headline(block: Block, titles: set[str]) -> bool:
    """Whether the block is the page's headline (its title tags' text); a heading is also
    when it is a kicker, a dash or bar, and the headline ("Premiere in town - Hotel
    reopens")."""
    text = _fold(block.text)
    return text in titles or (block.owner.tag in _HEADINGS and any(
        len(title) >= MIN_PARAGRAPH and text.endswith(title)
        and text[:-len(title)].rstrip()[-1:] in _KICKER_ENDS for title in titles))


def _is_edge_furniture(block: Block) -> bool:
    """A dateline, timestamp, byline or credits line: at the edges of a body, not article
    text."""
    text = block.text
    if block.owner.tag in _HEADINGS:
        return False
    if len(text) <= CREDIT_LINE_MAX and _CREDIT_LINE.search(text):
        return True
    if len(text) > EDGE_LINE_MAX:
        return False
    if _BYLINE_LINE.match(text):
        return True
    return bool(_DATE_PART.search(text)) and not _SENTENCE.search(text)


# A copy of text read before it: a branch of the tree whose text is mostly (COPY_SHARE)
# paragraphs already read, at least COPY_PARAGRAPHS of them of COPY_CHARS or more.
COPY_CHARS = 80
COPY_PARAGRAPHS = 4
COPY_SHARE = 0.8


def _without_copies(blocks: list[Block]) -> list[Block]:
    """The blocks minus the second and later copies of a part of the text: page builders
    render a section once per screen size (the others hidden by style sheets), or keep a
    gated copy of the article beside the open one. A copy is the branch beside the first
    whose paragraphs repeat the first's, several of them; a paragraph quoted again (a pull
    quote, a repeated call to action) is not."""
    first: dict[str, Block] = {}
    branches: list[Any] = []
    for block in blocks:
        if len(block.text) < COPY_CHARS:
            continue
        earlier = first.setdefault(block.text, block)
        if earlier is block:
            continue
        around_earlier = set(_ancestors(earlier.owner))
        branch = None
        for element in _ancestors(block.owner):
            if element in around_earlier:
                break
            branch = element
        if branch is not None and all(b not in branches for b in _ancestors(branch)):
            branches.append(branch)
    if not branches:
        return blocks
    dropped: set[int] = set()
    for branch in branches:
        seen: set[str] = set()
        inside: list[int] = []
        for i, block in enumerate(blocks):
            if any(element is branch for element in _ancestors(block.owner)):
                inside.append(i)
            elif not inside:
                seen.add(block.text)
        repeated = [blocks[i].text for i in inside if blocks[i].text in seen]
        if (sum(len(text) for text in repeated)
                >= COPY_SHARE * sum(len(blocks[i].text) for i in inside)
                and sum(len(text) >= COPY_CHARS for text in repeated) >= COPY_PARAGRAPHS):
            dropped.update(inside)
    return [block for i, block in enumerate(blocks) if i not in dropped]


def _trim_edges(blocks: list[Block]) -> list[Block]:
    start, end = 0, len(blocks)
    while start < end and _is_edge_furniture(blocks[start]):
        start += 1
    while end > start and _is_edge_furniture(blocks[end - 1]):
        end -= 1
    return blocks[start:end]


def _titles(page: Page) -> set[str]:
    """The headline as the page's title tags give it, with and without the site name."""
    found = set()
    for title in _TITLES(page.selector.root):
        found.add(_fold(title))
        found.add(_fold(_TITLE_SEPARATOR.split(title)[0]))
    return found


def _own_story(article: Any) -> bool:
    """Whether an ``<article>`` is headed by an ``<h1>``: a story of its own, not a part
    of one (a list's items, headed by ``<h2>``s)."""
    heading = _first_heading(article)
    return heading is not None and heading.tag == "h1"


def _first_heading(article: Any) -> Any | None:
    return next(iter(_FIRST_HEADING(article)), None)


def _in_another_story(container: Any, titles: set[str], page: Page) -> Any | None:
    """The ``<article>`` under the page's headline when the container is in another
    ``<article>``: one headed by an ``<h1>`` that is not the page's headline (its
    ``<title>`` or ``og:title``), a story of its own; or one holding ``<article>``
    elements of its own, beside the one headed by the headline: a list of other stories
    (teasers of related posts)."""
    article = next((a for a in _ancestors(container) if a.tag == "article"), None)
    if article is None:
        return None
    heading = _first_heading(article)
    if heading is not None and _fold(heading.xpath("string()")) in titles:
        return None
    own = _headline_article(page, titles)
    if own is None or own is article:
        return None
    if heading is not None and heading.tag == "h1":
        return own
    lists_stories = next(article.iterdescendants("article"), None) is not None
    if not lists_stories or any(a is article for a in _ancestors(own)):
        return None
    return own


def _headline_article(page: Page, titles: set[str]) -> Any | None:
    """The ``<article>`` whose first heading is the page's headline; else None."""
    for article in _ARTICLES(page.selector.root):
        heading = _first_heading(article)
        if heading is not None and _fold(heading.xpath("string()")) in titles:
            return article
    return None


def extract_body(page: Page) -> Body:
    """The article text, the element it came from (None when trafilatura gave it) and how
    sure the choice is."""
    layout = _Layout(segment(page.selector.root))
    container = layout.best_container()
    if container is None:
        # No paragraph outside the page's furniture: a tag left open (an <aside> that
        # swallows the rest of the page) can put the article inside it.
        layout = _Layout(segment(page.selector.root, _SKIP_TAGS - _LANDMARK_TAGS))
        container = layout.best_container()
    if container is None:  # no paragraph anywhere: lists, tables or bare lines
        return _rated(trafilatura_body(page), None)
    titles = _titles(page)
    own = _in_another_story(container, titles, page)
    if own is not None:
        # The most text is in another story of the page (the next article loaded below
        # this one, teasers of others): the body is the one under the page's own headline.
        in_own = layout.best_container(within=own)
        if in_own is not None:
            container = in_own
    blocks = layout.article_blocks(container, titles)
    if not blocks:
        return _rated(trafilatura_body(page), None)
    blocks = _declared_opening(page, layout.blocks, blocks) + blocks
    text = "\n\n".join(block.text for block in blocks)
    # The page's text, less copies of the chosen paragraphs elsewhere on it (a page
    # builder's hidden copy of the article for another screen size or for subscribers).
    chosen, chosen_texts = {id(block) for block in blocks}, {block.text for block in blocks}
    page_chars = sum(len(block.text) for block in layout.blocks
                     if id(block) in chosen or block.text not in chosen_texts)
    words = len(_WORD.findall(text))
    short = words < CONFIDENT_WORDS
    if len(text) >= SECOND_OPINION_SHARE * page_chars and not short:
        return _rated(text, container)
    # Most of the page's text left out: one part of an article cut in sections
    # (listicles, guides, reviews), or the wrong part; or a few lines only, not an
    # article's body. trafilatura's reading decides when it has much more and is not a
    # menu, and holds ours (unless ours is a few lines, which say little).
    other = trafilatura_body(page)
    ours_in_other, other_in_ours = _overlap(text, other)
    if ((ours_in_other >= SECOND_OPINION_OVERLAP or short)
            and _menu_share(_line_words(other)) < MAX_MENU_SHARE
            and len(_WORD.findall(other)) >= SECOND_OPINION_GAIN * words):
        # A few lines that the other reading does not hold say nothing against it.
        return _rated(other, None, agreement=1.0 if short else ours_in_other)
    # trafilatura found no better reading either (it too stops at one section of a
    # guide or a list): the sections around ours, when their paragraphs are most of what
    # they add and give much more text.
    wider = layout.widest(container)
    if wider is not container:
        wider_text = "\n\n".join(block.text for block in layout.article_blocks(wider, titles))
        if len(_WORD.findall(wider_text)) >= SECOND_OPINION_GAIN * words:
            return _rated(wider_text, wider)
    agreement = (2 * ours_in_other * other_in_ours / (ours_in_other + other_in_ours)
                 if ours_in_other + other_in_ours else 0.0)
    return _rated(text, container, agreement=agreement)


_WORD = re.compile(r"\w+")


def _article_bodies(value: Any) -> Iterator[str]:
    """The ``articleBody`` strings anywhere in a JSON-LD value."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "articleBody" and isinstance(item, str):
                yield item
            else:
                yield from _article_bodies(item)
    elif isinstance(value, list):
        for item in value:
            yield from _article_bodies(item)


def _declared_opening(page: Page, page_blocks: list[Block], blocks: list[Block]) -> list[Block]:
    """The paragraphs just before the body's first that the publisher's own text of the
    article (JSON-LD ``articleBody``) has before it: an opening (a lead, a paywalled
    body's free first paragraph) set apart from the rest. Lines between them that are not
    paragraphs (a byline, a kicker) are passed over."""
    declared = _fold(max(_article_bodies(page.metadata.jsonld_objects), key=len, default=""))
    start = declared.find(_fold(blocks[0].text)[:DECLARED_PREFIX]) if declared else -1
    if start <= 0:
        return []
    head = declared[:start]
    first = next((i for i, block in enumerate(page_blocks) if block is blocks[0]), None)
    if first is None:  # the body opens with its header's standfirst: found already
        return []
    opening: list[Block] = []
    for block in reversed(page_blocks[:first]):
        if not block.is_content:
            continue
        if _fold(block.text) not in head:
            break
        opening.insert(0, block)
    return opening


def _shingles(words: list[str]) -> Counter[tuple[str, ...]]:
    return Counter(tuple(words[i:i + 4]) for i in range(len(words) - 3))


def _overlap(chosen: str, other: str) -> tuple[float, float]:
    """The share of ``chosen``'s 4-word sequences in ``other``, and the reverse. A text
    too short to have one (three words or fewer) is held by any other."""
    chosen_shingles = _shingles(_WORD.findall(chosen))
    other_shingles = _shingles(_WORD.findall(other))
    shared = sum((chosen_shingles & other_shingles).values())
    chosen_total, other_total = sum(chosen_shingles.values()), sum(other_shingles.values())
    return (shared / chosen_total if chosen_total else 1.0,
            shared / other_total if other_total else 0.0)


def _line_words(text: str) -> list[int]:
    return [len(_WORD.findall(line)) for line in text.splitlines()]


def _menu_share(counts: list[int]) -> float:
    """The share of the words (``counts``: per line) on lines of a few words: menu
    entries."""
    return sum(n for n in counts if n < MENU_LINE_WORDS) / max(sum(counts), 1)


def _rated(text: str, container: Any | None, agreement: float = 1.0) -> Body:
    # Every body the extractor gives (the HTML path's, the WordPress API's) leaves here.
    return Body(normalize_paragraphs(text), container, body_confidence(text, agreement))


def body_confidence(text: str, agreement: float = 1.0) -> float:
    """How sure a body is, 0-1: the weakest of its length (CONFIDENT_WORDS words or more:
    1), the share of its words on lines that are not menu-like, and its agreement with a
    second reading when one was made (the share of 4-word sequences both hold). Bodies
    scoring below UNCERTAIN were mostly wrong on the shared benchmarks (docs/benchmarks.md).
    """
    counts = _line_words(text)  # one pass gives both the length and the menu share
    return round(min(sum(counts) / CONFIDENT_WORDS, 1.0 - _menu_share(counts), agreement,
                     1.0), 2)


_BULLET = re.compile(r"^\s*[-*•]\s+")


def trafilatura_body(page: Page) -> str:
    """trafilatura on a copy of the tree (it edits the tree it is given)."""
    import trafilatura  # imported on first use: only pages the container misses need it

    tree = copy.deepcopy(page.selector.root)
    text = trafilatura.extract(tree, url=page.url, include_comments=False,
                               include_tables=False, fast=True)
    if not text:
        return ""
    lines = (_BULLET.sub("", line).strip() for line in text.splitlines())
    return "\n\n".join(line for line in lines if line)
