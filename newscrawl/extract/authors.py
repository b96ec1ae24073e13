"""Authors: one string per person, from metadata values or byline text; the organisation
the metadata credits when the page names no person."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from lxml import etree

from newscrawl.cleaning import byline_label, byline_parts, normalize_text
from newscrawl.extract.metadata import type_names
from newscrawl.query import OUTSIDE_THE_POST, has_class

# schema.org types that are not a person, whatever their name looks like.
ORGANISATION_TYPES = frozenset({
    "Organization", "NewsMediaOrganization", "Corporation", "LocalBusiness",
    "GovernmentOrganization", "EducationalOrganization", "NGO", "Brand", "WebSite",
})
# Words that make a byline part a job title, a date or WordPress's default account
# ("admin"), not a name; nor is a part with a colon (a label: "Redaktion: Jane Doe",
# a URL).
_NOT_A_NAME = re.compile(
    r"\b(?:staff|writer|reporter|correspondent|editor|contributor|columnist|journalist|"
    r"photographer|producer|updated|published|posted|minutes?|hours?|ago|read|follow|"
    r"email|twitter|share|more|view|profile|admin)\b|\d|@|:|www\.|/",
    re.I,
)
# A job title alone, after a name in metadata ("Jane Doe, Staff Writer").
_JOB_TITLE = re.compile(
    r"(?:(?:senior|chief|staff|special|contributing|associate|deputy|managing|executive|"
    r"political|business|news|sports|guest)\s+)*(?:staff|writer|reporter|correspondent|"
    r"editor|contributor|columnist|journalist|photographer|producer)s?", re.I)
# A figure's byline or caption credits its image ("Bild © Jane Doe").
_IN_FIGURE = "ancestor::figure or ancestor::figcaption"
# Markup that names a post's authors, queried with the page's furniture left out (a
# sidebar's "Recent posts by", the comments' authors). Bylines: elements named for one,
# WordPress themes' "<span class="author vcard">" in the post's entry-meta included.
# The elements are reached through their attributes: libxml2 then tests only the elements
# that have one, where ``//*[contains(@class, …)]`` reads every element's class per test.
_BYLINE_ELEMENTS = etree.XPath(
    "(//body//*/@class[contains(., 'byline') or contains(., 'author-name')"
    " or contains(., 'authorName') or contains(., 'authorname') or contains(., 'author_name')"
    f" or (contains(., 'author') and {has_class('author', '.')}"
    " and ../ancestor::*[contains(@class, 'entry-meta')])]/parent::*"
    " | //body//*/@id[contains(., 'byline')]/parent::*"
    " | //body//*/@itemprop[. = 'author']/parent::*)"
    f"[not({OUTSIDE_THE_POST} or {_IN_FIGURE})]")
_REL_AUTHOR = etree.XPath(
    "//body//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')]"
    f"[not({OUTSIDE_THE_POST})]")
# WordPress's Post Author block (``p.wp-block-post-author__name``) and Post Author Name
# block (``div.wp-block-post-author-name``): the author's display name alone. Not in a
# query loop (``wp-block-post-template``), which lists other posts.
_NAME_BLOCKS = etree.XPath(
    "//body//*/@class[contains(., 'wp-block-post-author')]/parent::*"
    f"[{has_class('wp-block-post-author__name')} or {has_class('wp-block-post-author-name')}]"
    f"[not(ancestor::*[{has_class('wp-block-post-template')}])][not({OUTSIDE_THE_POST})]")
# Links to an author's archive (WordPress: ``/author/<slug>/``) in the post's header, meta
# line, footer or author box; not those in its text, which name other people.
_ARCHIVE_LINKS = etree.XPath(
    "//body//a/@href[contains(., '/author/')]/parent::*[ancestor::header or ancestor::footer"
    " or ancestor::*[not(self::body)][contains(@class, 'meta') or contains(@class, 'byline')"
    f" or contains(@class, 'author')]][not({OUTSIDE_THE_POST})]")
_ARCHIVE_SLUG = re.compile(r"/author/([^/?#]+)/?(?:[?#]|$)")
# Links to the archive of WordPress's default account, whose display name is the site's
# or a placeholder ("Ilanga D", "News Desk"), never the writer's.
_DEFAULT_ACCOUNT_LINKS = etree.XPath("//body//a[contains(@href, '/author/admin')]")
# Author links worded as a sentence: twentytwentyone's author box "View all of NAME's
# posts.", the older default themes' "View all posts by NAME →".
_LINK_WORDING = re.compile(
    r"^(?:view|see) all (?:of (?P<owner>.+?)['’]s? posts|(?:posts|articles) by (?P<name>.+?))"
    r"[\s.→»]*$", re.I)
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_BLOCKS_INSIDE = etree.XPath("boolean(.//div | .//p | .//h1 | .//h2 | .//h3 | .//h4 | .//li)")
_MAX_BYLINE = 160
# Texts that may open a byline ("By", "Von:", "(责编"): not those of figures, nor those
# of links (a teaser's "Von Jane Doe" names the author of the post it links to).
# Texts of whitespace alone, most of a page's, are left out in C: each text returned
# becomes a Python string, which costs more than the test.
_SHORT_TEXTS = etree.XPath(
    f"//body//text()[normalize-space()][string-length(.) < {_MAX_BYLINE}]"
    f"[not({_IN_FIGURE} or ancestor::a or ancestor::script or ancestor::style)]")
_IS_OUTSIDE_THE_POST = etree.XPath(f"boolean({OUTSIDE_THE_POST})")
# A byline set as a paragraph of its own in bold among the first paragraphs of the text
# (print layouts, above or below a kicker): "<p><strong>JANE DOE</strong></p>".
_BOLD_PARAGRAPHS = etree.XPath(
    "//body//p[count(preceding-sibling::p) < 3][following-sibling::p][count(*) = 1]"
    "[strong or b][normalize-space() = normalize-space(strong | b)]"
    f"[not({OUTSIDE_THE_POST})]")
# Scripts that write a name as one word without case: Han, kana, Hangul ("牛镛", "박준석").
_UNSPACED_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2,5}")
# A website's name ("hessenschau.de"): a metadata value that opens with one credits the
# site, and its other parts are the site's address ("hessenschau.de, Frankfurt, Germany");
# one that ends with it names a person and the site he writes for.
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", re.I)


def split_names(text: str, strict: bool) -> list[str]:
    """``"By Jane Doe and John Roe"`` → ``["Jane Doe", "John Roe"]``.

    ``strict`` (text from markup, not metadata) keeps only parts shaped like a name of
    two to five words, which drops job titles, dates and "Updated" labels.
    """
    return _names(normalize_text(text), strict)


def _names(text: str, strict: bool, one_word: bool = False) -> list[str]:
    """:func:`split_names` of a normalised text; ``one_word``: a strict part may be a
    single word (markup that holds a name alone, not a byline sentence)."""
    parts = byline_parts(text)
    if not strict and parts and _DOMAIN.match(parts[0]):
        return []
    names = []
    for part in parts:
        if _looks_like_name(part, strict, one_word) and part not in names:
            names.append(part)
    return names


def _looks_like_name(part: str, strict: bool, one_word: bool) -> bool:
    words = part.split()
    if not 0 < len(words) <= 5 or len(part) > 60:
        return False
    if strict:
        one_word = one_word or bool(_UNSPACED_NAME.fullmatch(part))
        if (len(words) < 2 and not one_word) or _NOT_A_NAME.search(part):
            return False
        # Names are capitalised in scripts that have case.
        return all(not word[0].islower() for word in words if word[0].isalpha())
    # Metadata names a person in words: not an id ("105092"), not a URL or an address,
    # not a job title.
    return (any(c.isalpha() for c in part) and not re.search(r"https?:|www\.|@", part)
            and not _JOB_TITLE.fullmatch(part))


def jsonld_people(value: Any, resolve: Callable[[Any], Any], exclude: Iterable[str] = ()
                  ) -> list[str]:
    """Names of the people in a JSON-LD ``author``/``creator`` value; organisations skipped.

    ``exclude``: names of the publisher, which sites also put in ``author``.
    """
    texts = []
    for item in value if isinstance(value, list) else [value]:
        item = resolve(item)
        if isinstance(item, dict):
            if type_names(item) & ORGANISATION_TYPES:
                continue
            item = _person_name(item)
        if isinstance(item, str):
            texts.append(normalize_text(item))
    return _people(texts, strict=False, exclude=exclude)


def jsonld_credits(value: Any, resolve: Callable[[Any], Any], exclude: Iterable[str] = ()
                   ) -> list[str]:
    """Every name in a JSON-LD ``author``/``creator`` value, organisations and the site's
    own name included ("DER SPIEGEL", "AFP", "Redaktion hessenschau.de"): who a page
    credits when it names no person. ``exclude``: placeholder accounts."""
    skip = {name.casefold() for name in exclude}
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        item = resolve(item)
        name = _person_name(item) if isinstance(item, dict) else item
        if isinstance(name, str) and (name := normalize_text(name)) \
                and _looks_like_name(name, strict=False, one_word=True) \
                and name.casefold() not in skip and name not in names:
            names.append(name)
    return names


def _person_name(person: dict[str, Any]) -> str | None:
    name = person.get("name")
    if isinstance(name, list):
        name = next((n for n in name if isinstance(n, str)), None)
    if isinstance(name, str) and name.strip():
        return name
    parts = [person.get("givenName"), person.get("familyName")]
    return " ".join(p for p in parts if isinstance(p, str)) or None


def _people(texts: Iterable[str], strict: bool, exclude: Iterable[str]) -> list[str]:
    """The names in normalised texts, each once, none of ``exclude``."""
    skip = {name.casefold() for name in exclude}
    names: list[str] = []
    for text in texts:
        names += [name for name in _names(text, strict)
                  if name.casefold() not in skip and name not in names]
    return names


def meta_people(values: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """People named in ``<meta name=author>``-style values (profile URLs are skipped)."""
    return _people(map(normalize_text, values), strict=False, exclude=exclude)


def _link_names(link: Any) -> list[str]:
    """The people an author link names: its text, or the name its wording holds. A text of
    one word is a name when the author archive's slug holds it ("Amanda",
    ``/author/amanda/``: WordPress authors often go by a first name; a link's "Bio" or
    "Google+" is not one). A link around blocks is a card (photo, name, job title, bio),
    whose text is no name."""
    if _BLOCKS_INSIDE(link):
        return []
    text = normalize_text(link.xpath("string()"))
    if wording := _LINK_WORDING.match(text):
        text = wording["owner"] or wording["name"]
    archive = _ARCHIVE_SLUG.search(link.get("href") or "")
    one_word = bool(archive) and _letters(text) in _letters(archive[1])
    return _names(text, strict=True, one_word=one_word)


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub("", text).casefold()


def _display_names(element: Any) -> list[str]:
    """An element that holds the author's display name and nothing else."""
    return _names(normalize_text(element.xpath("string()")), strict=True, one_word=True)


def _byline_names(element: Any) -> list[str]:
    text = normalize_text(element.xpath("string()"))
    return _names(text, strict=True) if len(text) <= _MAX_BYLINE else []


def _labelled_bylines(root: Any) -> Iterator[Any]:
    """Elements whose text opens with a byline's label, in any element: "<li>Von: <a>Jane
    Doe</a></li>", "<p><span>von</span> <span>Jane Doe</span></p>". A label alone in its
    element stands for its parent's text; a byline holds no blocks."""
    for text in _SHORT_TEXTS(root):
        if not byline_label(normalize_text(text)):
            continue
        element = text.getparent()
        if text.is_tail:  # "<i class=icon></i>By Jane Doe": the line is the <i>'s parent's
            element = element.getparent()
        while element is not None and not _BLOCKS_INSIDE(element):
            line = normalize_text(element.xpath("string()"))
            if not byline_label(line):
                break
            if byline_parts(line):  # more than the label
                if not _IS_OUTSIDE_THE_POST(element):
                    yield element
                break
            element = element.getparent()


def default_account_names(root: Any) -> list[str]:
    """The names the site's default account (WordPress's "admin") goes by on the page."""
    names = []
    for link in _DEFAULT_ACCOUNT_LINKS(root):
        archive = _ARCHIVE_SLUG.search(link.get("href") or "")
        if archive and archive[1] == "admin" and (name := normalize_text(link.xpath("string()"))):
            names.append(name)
    return names


# The markup conventions that name a post's authors, most precise first: the elements, the
# names one of them gives, and whether only the first element naming anyone counts (later
# bylines and archive links are teasers'; rel=author links name co-authors, each his own).
_CONVENTIONS: tuple[tuple[Callable[[Any], Any], Callable[[Any], list[str]], bool], ...] = (
    (_REL_AUTHOR, _link_names, False),
    (_NAME_BLOCKS, _display_names, False),
    (_ARCHIVE_LINKS, _link_names, True),
    (_BYLINE_ELEMENTS, _byline_names, True),
    (_labelled_bylines, _byline_names, True),
    (_BOLD_PARAGRAPHS, _byline_names, True),
)


def markup_people(root: Any, exclude: Iterable[str] = ()) -> Iterator[list[str]]:
    """The people each markup convention names, in order (a generator: a caller that has
    its authors stops querying); none of ``exclude``."""
    skip = {name.casefold() for name in exclude}
    for elements, read, first_only in _CONVENTIONS:
        names: list[str] = []
        for element in elements(root):
            found = read(element)
            names += [name for name in found if name.casefold() not in skip and name not in names]
            if found and first_only:
                break
        yield names
