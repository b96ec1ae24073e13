"""Generic extraction: any news page, no site definition.

Per field, sources in order of trust: JSON-LD, microdata, OpenGraph, other ``<meta>``
tags, then markup conventions (``<time>``, ``rel=author``, bylines, breadcrumbs,
``rel=tag``, ``<html lang>``, and WordPress core's and its default themes' markup for a
post's title, authors, categories and tags), and the body extractor. The first source
giving a value wins and is named in the provenance. Sources are generators, so a field
stops costing anything once found, and fields not asked for cost nothing. Markup
conventions never read what is outside the post (``query.OUTSIDE_THE_POST``: menus,
sidebars, comments, related posts).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from w3lib.html import remove_tags

from newscrawl.cleaning import language_code, normalize_text
from newscrawl.extract import authors as people
from newscrawl.extract.body import Body, extract_body
from newscrawl.extract.dates import (
    htmldate_published,
    iso_date,
    time_element_date,
    time_element_modified,
)
from newscrawl.extract.images import body_images
from newscrawl.extract.metadata import type_names
from newscrawl.extract.page import Page, absolute_url
from newscrawl.extract.template import fingerprint
from newscrawl.query import OUTSIDE_THE_POST, has_class, run_query

Found = tuple[Any, str]

# Between a headline and the site's name or a section: spaced marks ("Headline | Site",
# " :: ", " · "), or the full-width colon and bars and the Hangul bar that Chinese,
# Japanese and Korean titles write unspaced ("제목ㅣ한국일보"): those never join the words
# of a headline, a hyphen or a colon between letters does.
_SITE_SEPARATOR = r"(?:\s+[|\-–—:*·•»/]+\s+|\s*[｜：丨ㅣ]\s*)"
_COLONS = frozenset(":：")
# Quotes as they open and close a whole text, in the languages' styles.
_QUOTE_PAIRS = frozenset({'""', "''", "“”", "‘’", "„“", "«»", "»«", "「」", "『』"})
# "Category: Wine": a tag that says what kind of term it is.
_LABELLED_TAG = re.compile(r"^(?:category|tag|topic|section|keyword)s?\s*:\s*(.+)$", re.I)
_MACHINE_TAG = re.compile(
    r"^[0-9a-f]{8}-[0-9a-f]{4}-|^[\w-]*_[\w-]*$|^[\w-]+(?:\.[\w-]+)+$", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_WORD = re.compile(r"\w+")
_H1 = etree.XPath("(//article//h1 | //main//h1 | //body//h1)")
# The post's own heading in WordPress: the Post Title block (h1 or h2: a block theme may
# make the site's title the page's first h1), a classic theme's entry-title in the post's
# element; not a title in a list of posts (a query loop, related posts, a sidebar).
_POST_TITLE = etree.XPath(
    f"((//body//h1 | //body//h2)[{has_class('wp-block-post-title')}"
    f" or ({has_class('entry-title')} and ancestor::*[self::article or {has_class('hentry')}"
    f" or {has_class('type-post')}])][not(ancestor::*[{has_class('wp-block-post-template')}])]"
    f"[not({OUTSIDE_THE_POST})])[1]")
_TITLE = etree.XPath("//title")
# Where a page prints text for search engines and screen readers, not for the eye: the
# breadcrumb trail (whose last crumb may be an <h1> of the SEO headline), SEO-only and
# visually hidden headings.
_UNREAD = ("contains(@class, 'breadcrumb') or contains(@class, 'seo')"
           " or contains(@class, 'sr-only') or contains(@class, 'visually-hidden')"
           " or contains(@class, 'screen-reader') or @hidden")
_HEADINGS = "(//body//h1 | //body//h2)"
_UNREAD_HEADINGS = etree.XPath(f"{_HEADINGS}[ancestor-or-self::*[{_UNREAD}]]")
_SHOWN_HEADINGS = etree.XPath(
    f"{_HEADINGS}[not(ancestor-or-self::*[{_UNREAD}])][not({OUTSIDE_THE_POST})]")
_CANONICAL = etree.XPath("//link[contains(concat(' ', normalize-space(@rel), ' '), "
                         "' canonical ')]/@href")
_HTML_LANG = etree.XPath("/html/@lang | /html/@xml:lang")
# Category links: WordPress's rel="category", /category/ URLs, or links in an element
# named for categories; never outside the post (menus and sidebars link every category).
# The containers are found first: testing every link's ancestors costs more.
# WordPress names the post's own element (article, body) for its categories
# ("type-post category-health"): that names the whole page, not a box of links.
# Boxes are reached through their class attribute: libxml2 then tests only the elements
# that have one, where ``*[contains(@class, …)]`` reads every element's class per test.
_CATEGORY_BOX = ("*/@class[contains(., 'categor') or contains(., 'cat-links')"
                 " or contains(., 'cat-labels')]"
                 "/parent::*[not(self::article or self::body or contains(@class, 'type-post'))]")
# WordPress core's the_category(): the post's categories, primary first, linked with
# rel="category tag" (rel="category" without pretty permalinks), since its first versions.
# Slugs of the category WordPress creates on install and files every post in that has
# no other ("Uncategorized" in the site's language at install time).
DEFAULT_CATEGORY_SLUGS = frozenset({
    "uncategorized", "uncategorised", "allgemein", "non-classe", "sin-categoria",
    "sem-categoria", "senza-categoria", "geen-categorie", "bez-kategorii", "okategoriserade",
    "ukategorisert", "uden-kategori", "luokittelematon", "yleinen", "genel",
    "bez-rubriki", "nekategorizovano", "nezaradene", "kategorizalatlan",
})
_DEFAULT_CATEGORY_LETTERS = frozenset(slug.replace("-", "") for slug in DEFAULT_CATEGORY_SLUGS)
_REL_CATEGORY = etree.XPath(
    "//body//a[contains(concat(' ', normalize-space(@rel), ' '), ' category ')]"
    f"[not({OUTSIDE_THE_POST})]")
_CATEGORY_LINKS = etree.XPath(
    f"//body//{_CATEGORY_BOX}//a | //body//a[contains(@rel, 'category')"
    " or contains(@href, '/category/')]")
_OUTSIDE_THE_POST = etree.XPath(OUTSIDE_THE_POST)
# Tag links: rel="tag" (WordPress's the_tags() and its Post Terms block), else the links
# of a WordPress tag list without it (themes' "tags-links", the block's "taxonomy-post_tag");
# not the category links that share rel="tag", nor a sidebar's tag cloud.
_REL_TAG = etree.XPath("//body//a[contains(concat(' ', normalize-space(@rel), ' '), ' tag ')]"
                       "[not(contains(@rel, 'category') or contains(@href, '/category/'))]")
_TAG_LIST_LINKS = etree.XPath(
    "//body//*/@class[contains(., 'tags-links') or contains(., 'taxonomy-post_tag')]"
    "/parent::*//a")
_IN_CATEGORY_BOX = etree.XPath(f"ancestor::{_CATEGORY_BOX}")
_BREADCRUMB_LINKS = etree.XPath(
    "(//*/@class[contains(., 'breadcrumb')]/parent::* | //*/@id[contains(., 'breadcrumb')]"
    "/parent::* | //*/@aria-label[contains(., 'readcrumb')]/parent::*)[1]//a")
# WordPress's body_class() marks a single post's page "postid-123", and post_class() names
# that post's element "post-123 post type-post … category-stock-market tag-fed": its
# categories and tags by slug (teasers of other posts have other ids).
_POST_ID = re.compile(r"\bpostid-(\d+)\b")
_BODY_CLASS = etree.XPath("string(//body/@class)")
_POST_CLASS = etree.XPath("string((//*[contains(concat(' ', normalize-space(@class), ' '),"
                          " concat(' post-', $post_id, ' '))])[1]/@class)")
_CATEGORY_SLUG = re.compile(r"(?:^|\s)category-([a-z0-9]+(?:-[a-z0-9]+)*)(?=\s|$)")
_TAG_SLUG = re.compile(r"(?:^|\s)tag-([a-z0-9]+(?:-[a-z0-9]+)*)(?=\s|$)")
_LINKS_TO = etree.XPath("//body//a[contains(@href, $slug)]")
_NOT_SLUG_CHARACTERS = re.compile(r"[^a-z0-9]+")
_FALLBACK_FIGURES = etree.XPath("(//article | //main)[1]")
# The <article> a site body box is in, if any.
_ARTICLE_AROUND = etree.XPath("ancestor-or-self::article[1]")
# A "2 Mins Read" / "5 min read" label anywhere in the page.
_READING_TIME = re.compile(r"\s*\d+\s*min(?:ute)?s?\s+read\s*$", re.I)
# Its candidates, short texts saying "min", picked in C: a page has thousands of texts.
_READING_TIME_TEXTS = etree.XPath(
    "//body//text()[string-length(.) < 40]"
    "[contains(translate(., 'MIN', 'min'), 'min')]")

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "og:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "date", "dc.date",
    "dc.date.issued", "dcterms.date", "dcterms.created", "dcterms.issued", "sailthru.date",
    "parsely-pub-date", "article.published", "publication_date",
)
MODIFIED_META = (
    "article:modified_time", "og:updated_time", "datemodified", "last-modified",
    "dcterms.modified", "article.updated",
)
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
               "byl", "cxenseparse:author")


def _string(value: Any) -> str | None:
    """A metadata value as one raw string: the first of a list, a name of an object (for
    a reader that normalises its input itself: dates, language codes)."""
    if isinstance(value, list):
        value = next((item for item in value if item), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return value if isinstance(value, str) else None


def markup_text(value: str) -> str:
    """A value that may hold markup (HTML in a description, a rendered title) as plain
    text: tags removed, entities decoded, whitespace collapsed.

    Entities are decoded twice (here, then by ``normalize_text``): CMSs escape a title
    for HTML and then again for the page, which leaves ``"And finally&amp;#8230;"`` in
    JSON-LD. After the tags are gone, so an escaped tag stays text.
    """
    value = remove_tags(value) if _TAG.search(value) else value
    return normalize_text(html.unescape(value) if "&" in value else value)


def _text(value: Any) -> str | None:
    """A metadata value as one clean string, markup removed (some sites put HTML in
    descriptions)."""
    value = _string(value)
    return (markup_text(value) or None) if value is not None else None


def _strings(value: Any) -> list[str]:
    """Keywords from a comma-separated string, a list of them, or a list of single tags."""
    items = value if isinstance(value, list) else [value]
    found = [normalize_text(part) for item in items if isinstance(item, str)
             for part in item.split(",")]
    return list(dict.fromkeys(item for item in found if item))


def _slug_letters(name: str) -> str:
    """A name as WordPress's slug of it reads without its hyphens: lower case, accents
    dropped, ASCII letters and digits only ("Festivals & Events" → "festivalsevents")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_SLUG_CHARACTERS.sub("", ascii_name.lower())


def is_default_category(slug: str, name: str = "") -> bool:
    """WordPress's default category ("Uncategorized" in the site's language at install
    time), by its slug or its name."""
    return (slug.lower() in DEFAULT_CATEGORY_SLUGS
            or (bool(name) and _slug_letters(name) in _DEFAULT_CATEGORY_LETTERS))


def _links_default_category(link: Any) -> bool:
    slug = (link.get("href") or "").split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return is_default_category(slug, link.xpath("string()"))


def clean_tags(tags: list[str]) -> list[str]:
    """Editorial tags only: ``"Category: Wine"`` → ``"Wine"``; machine tags dropped.

    CMSs put ids, host names, slugs (``editors_pick``) and namespaced codes
    (``nlp entity: …``, ``source:tagname:…``) next to the editors' tags.
    """
    kept = []
    for tag in tags:
        if match := _LABELLED_TAG.match(tag):
            tag = match.group(1)
        elif ":" in tag or _MACHINE_TAG.search(tag):
            continue
        kept.append(tag)
    return list(dict.fromkeys(kept))


_SEPARATOR_AT_END = re.compile(rf"{_SITE_SEPARATOR}\Z")


def _without_suffix(title: str, name: str) -> str:
    """``title`` less a separator and ``name`` (in any case) that end it: "Headline | Site"
    less "Site". Without a pattern made for each name: compiling one per page's site name
    cost more than the rest of the title's extraction."""
    head, tail = title[:len(title) - len(name)], title[len(title) - len(name):]
    if len(name) >= len(title) or tail.lower() != name.lower():
        return title
    separator = _SEPARATOR_AT_END.search(head)
    return head[:separator.start()] if separator else title


def _spells_host(name: str, host: str) -> bool:
    """Whether a name's words of four letters or more (not "the") are all in the host
    name: "Bridgestone Tires" on tires.bridgestone.com, "The Independent" on
    independent.co.uk."""
    words = [word for word in re.findall(r"\w+", name.casefold()) if len(word) > 3]
    host = host.casefold()
    return bool(words) and all(word in host for word in words)


def _loose(text: str) -> str:
    """A headline as two sources of it compare: normalised, folded, without spaces (one
    writes "Police: two held" where another writes "Police:two held")."""
    return "".join(fingerprint(text).split())


def _words(text: str) -> str:
    """A headline's words alone, folded: a kicker printed apart from its headline
    ("<span>Kicker</span><span>Headline</span>") is "Kicker: Headline" in metadata."""
    return "".join(_WORD.findall(text.casefold()))


def _microdata_value(value: Any) -> Any:
    """extruct's nested item ``{"type", "properties"}`` → a JSON-LD-shaped object, so
    microdata authors go through the same person/organisation test."""
    if isinstance(value, list):
        return [_microdata_value(item) for item in value]
    if isinstance(value, dict):
        properties = value.get("properties", {})
        return {"@type": value.get("type"), **properties}
    return value


def _meta_provenance(key: str) -> str:
    # article:* is OpenGraph's article namespace.
    return "opengraph" if key.startswith(("og:", "article:")) else "meta"


class _Extraction:
    """One page's fields; every source reads the same shared tree."""

    def __init__(self, page: Page, body_query: str | None = None,
                 language: str | None = None) -> None:
        self.page = page
        self.root = page.selector.root
        self.md = page.metadata
        self.body_query = body_query
        self.site_language = language

    @cached_property
    def ld(self) -> dict[str, Any]:
        return self.md.article or self.md.webpage

    @cached_property
    def body(self) -> Body:
        return extract_body(self.page)

    @cached_property
    def site_names(self) -> list[str]:
        """The publisher's names: removed from titles, never taken for an author or a
        headline.

        Besides the metadata's names: a part of ``<title>`` after a separator, shorter
        than the part before it, that an ``<h1>`` of the page repeats. Block themes put the
        site's title in an ``<h1>`` on every post: "Ferry timetable approved | Island
        Gazette" and ``<h1>Island Gazette</h1>`` (but "Gazette | Ferry timetable approved"
        and ``<h1>Ferry timetable approved</h1>``).
        """
        publisher = self.md.resolve(self.ld.get("publisher"))
        websites = [node.get("name") for node in self.md.jsonld_objects
                    if "WebSite" in type_names(node)]
        names = [_text(publisher), *map(_text, websites),
                 *map(normalize_text, self.md.meta.get("og:site_name", [])),
                 *map(normalize_text, self.md.meta.get("application-name", []))]
        headings = {fingerprint(h1.xpath("string()")) for h1 in _H1(self.root)}
        names += [part for part in self._title_tails if part.casefold() in headings]
        return list(dict.fromkeys(name for name in names if name))

    @cached_property
    def _title_site_names(self) -> list[str]:
        """The site's names as titles carry them: :attr:`site_names`, the page's host
        ("Headline | example.com"), with and without its "www.", and a part of ``<title>``
        that spells the host ("Headline | Rust Blog" on blog.rust-lang.org). Not names
        to keep from the authors: a personal blog is named after its author ("… | Ann
        Lee" on annleephotography.com)."""
        host = urlsplit(self.page.url).hostname or ""
        names = [*self.site_names, host, host.removeprefix("www."),
                 *(part for part in self._title_tails if _spells_host(part, host))]
        return list(dict.fromkeys(name for name in names if name))

    @cached_property
    def _title_tails(self) -> list[str]:
        """The parts of ``<title>`` after a separator that are shorter than the part
        before the first one: where a site's name may be."""
        parts = re.split(_SITE_SEPARATOR, self.page_title)
        return [part for part in parts[1:] if len(part) < len(parts[0])]

    @cached_property
    def page_title(self) -> str:
        return next((normalize_text(title.xpath("string()")) for title in _TITLE(self.root)), "")

    def _meta(self, *keys: str) -> Iterator[Found]:
        for key in keys:
            for value in self.md.meta.get(key, []):
                yield value, _meta_provenance(key)

    def _without_site_name(self, title: str | None) -> str | None:
        """A normalised title without the site's name at its end, and without what a
        separator parts from a headline the page states elsewhere (:meth:`_confirmed`)."""
        title = title or ""
        for name in self._title_site_names:
            title = _without_suffix(title, name)
        return self._confirmed(title) or None

    @cached_property
    def _stated_headlines(self) -> frozenset[str]:
        """The headlines as the page's metadata and its headings state them, each
        :func:`_loose`, less the site's names."""
        texts = [self._jsonld_headline, *self.md.meta.get("og:title", []),
                 *self.md.meta.get("twitter:title", []),
                 *(heading.xpath("string()") for heading in (*_POST_TITLE(self.root),
                                                             *_H1(self.root)))]
        stated = {_loose(text) for text in texts if text}
        return frozenset(stated - {_loose(name) for name in self._title_site_names} - {""})

    def _confirmed(self, title: str) -> str:
        """A title less what a separator parts from a headline another source states: a
        site's name, section or byline the site's names do not cover ("Headline | NTV
        Haber", "Headline * Daily Pundit * by A. Writer", "Section | Headline").

        The part kept must be the longer one, and the longest such part wins, so a
        headline holding a separator is not cut down to a heading that repeats its
        start. Never the part after a colon: "Kenya: Nairobi from below" is a headline
        with its kicker, which the ``<h1>`` may print apart. Quotes around the whole
        title go too when the text inside is stated: a template quoted what it printed.
        """
        inside = title[1:-1]
        if title[:1] + title[-1:] in _QUOTE_PAIRS and _loose(inside) in self._stated_headlines:
            return inside
        separators = list(re.finditer(_SITE_SEPARATOR, title))
        for separator in reversed(separators):
            head, tail = title[:separator.start()], title[separator.end():]
            if len(head) > len(tail) and _loose(head) in self._stated_headlines:
                return head
        for separator in separators:
            head, tail = title[:separator.start()], title[separator.end():]
            if (not _COLONS & set(separator.group()) and len(tail) > len(head)
                    and _loose(tail) in self._stated_headlines):
                return tail
        return title

    # One generator per field: (value, provenance) candidates, most trusted first.

    def url(self) -> Iterator[Found]:
        for href in _CANONICAL(self.root):
            yield absolute_url(self.page.url, href), "meta"
        for value, origin in self._meta("og:url"):
            yield absolute_url(self.page.url, value), origin

    @cached_property
    def _jsonld_headline(self) -> str | None:
        return _text(self.ld.get("headline")) or _text(self.ld.get("name"))

    def _headlines(self) -> Iterator[Found]:
        """Headline candidates, most trusted first, unchecked."""
        jsonld = self._without_site_name(self._jsonld_headline)
        og_title = self._without_site_name(
            normalize_text(next(iter(self.md.meta.get("og:title", [])), None)))
        if jsonld and og_title and self._shown_instead(jsonld, og_title):
            yield og_title, "opengraph"
        yield jsonld, "jsonld"
        yield _text(self.md.microdata.get("headline")), "microdata"
        for value, origin in self._meta("og:title", "twitter:title"):
            yield self._without_site_name(normalize_text(value)), origin
        for heading in (*_POST_TITLE(self.root), *_H1(self.root)):
            yield normalize_text(heading.xpath("string()")), "html"
        text = self._without_site_name(self.page_title)
        yield (text.split(" | ")[0] if text else None), "html"

    def _shown_instead(self, jsonld: str, og_title: str) -> bool:
        """Whether the page prints its JSON-LD headline only where readers do not read
        it (the breadcrumb trail, an SEO-only or hidden heading) and its ``og:title`` in a
        heading it shows: the SEO headline and the one the article is published under,
        which is the headline."""
        if _words(jsonld) == _words(og_title):
            return False
        unread = {_words(h.xpath("string()")) for h in _UNREAD_HEADINGS(self.root)}
        if _words(jsonld) not in unread:
            return False
        shown = set()
        for heading in _SHOWN_HEADINGS(self.root):
            shown.add(_words(heading.xpath("string()")))
            # A kicker and its headline in spans of one heading: the headline alone.
            shown.update(_words(child.xpath("string()")) for child in heading)
        return _words(og_title) in shown and _words(jsonld) not in shown

    @cached_property
    def _site_name_keys(self) -> frozenset[str]:
        return frozenset(name.casefold() for name in self._title_site_names)

    @cached_property
    def _agreed_titles(self) -> tuple[list[str], list[str]]:
        """``<title>``, ``og:title`` and the JSON-LD headline that give a headline (not
        just the site's name), folded, and the headlines (without the site's name) that
        every one of them contains, when at least two agree on one. Else nothing."""
        og_title = normalize_text(next(iter(self.md.meta.get("og:title", [])), None))
        texts, cores = [], []
        for text in (self.page_title, og_title, self._jsonld_headline or ""):
            core = (self._without_site_name(text) or "").casefold()
            if core and core not in self._site_name_keys:
                texts.append(text.casefold())
                cores.append(core)
        agreed = [core for core in cores if all(core in text for text in texts)]
        return (texts, agreed) if len(texts) > 1 and agreed else ([], [])

    def _unrelated(self, folded: str) -> bool:
        """Whether a headline shares nothing with the titles that agree: it is in none of
        them and holds none of their headlines (a section label, a sidebar's heading)."""
        texts, agreed = self._agreed_titles
        return bool(texts) and not any(folded in text for text in texts) and not any(
            core in folded for core in agreed)

    def title(self) -> Iterator[Found]:
        """Candidates that are neither the site's name nor unrelated to the titles
        ``<title>``, ``og:title`` and JSON-LD agree on, then the others: a candidate loses
        to one that passes, but is kept when none does (pages that name their WebSite
        after the headline)."""
        losers = []
        for value, origin in self._headlines():
            folded = value.casefold() if value else ""  # candidates are normalised
            if folded and (folded in self._site_name_keys or self._unrelated(folded)):
                losers.append((value, origin))
            else:
                yield value, origin
        yield from losers

    @cached_property
    def _not_authors(self) -> list[str]:
        """The site's names, less a publisher that is a person: Yoast SEO (WordPress) makes
        the blogger the publisher of a personal blog (``"@type": ["Person",
        "Organization"]``), who is the author too. And the names of the site's default
        account, which metadata and bylines give as the author of what staff posted."""
        publisher = self.md.resolve(self.ld.get("publisher"))
        names = self.site_names
        if isinstance(publisher, dict) and "Person" in type_names(publisher):
            names = [name for name in names if name != _text(publisher)]
        return names + self._default_accounts

    @cached_property
    def _default_accounts(self) -> list[str]:
        return people.default_account_names(self.root)

    def authors(self) -> Iterator[Found]:
        exclude = self._not_authors
        for key in ("author", "creator"):
            yield people.jsonld_people(self.ld.get(key), self.md.resolve, exclude), "jsonld"
        yield people.jsonld_people(_microdata_value(self.md.microdata.get("author")),
                                   self.md.resolve, exclude), "microdata"
        for key in AUTHOR_META:
            values = self.md.meta.get(key, [])
            yield people.meta_people(values, exclude), _meta_provenance(key)
        for names in people.markup_people(self.root, exclude):
            yield names, "html"
        # No person named anywhere: the desk or publication the metadata credits.
        for key in ("author", "creator"):
            yield (people.jsonld_credits(self.ld.get(key), self.md.resolve,
                                         self._default_accounts), "jsonld")

    def published(self) -> Iterator[Found]:
        language = self.page_language
        yield iso_date(_string(self.ld.get("datePublished")), language), "jsonld"
        yield iso_date(_string(self.md.microdata.get("datePublished")), language), "microdata"
        for value, origin in self._meta(*PUBLISHED_META):
            yield iso_date(value, language), origin
        yield time_element_date(self.page), "html"
        yield htmldate_published(self.page, language), "html"

    def modified(self) -> Iterator[Found]:
        language = self.page_language
        yield iso_date(_string(self.ld.get("dateModified")), language), "jsonld"
        yield iso_date(_string(self.md.microdata.get("dateModified")), language), "microdata"
        for value, origin in self._meta(*MODIFIED_META):
            yield iso_date(value, language), origin
        yield time_element_modified(self.page), "html"

    def category(self) -> Iterator[Found]:
        yield _text(self.ld.get("articleSection")), "jsonld"
        yield _text(self.md.microdata.get("articleSection")), "microdata"
        for value, origin in self._meta("article:section"):
            yield normalize_text(value), origin
        yield self._last_section([(n, u) for n, u in self.md.breadcrumb]), "jsonld"
        # The default category last, as WordPress's own data ranks it (see wordpress.py):
        # themes list a post's categories by name, "Uncategorized" before "World".
        for link in sorted(_REL_CATEGORY(self.root), key=_links_default_category):
            yield normalize_text(link.xpath("string()")), "html"
        links = [link for link in _CATEGORY_LINKS(self.root) if not _OUTSIDE_THE_POST(link)]
        for link in sorted(links, key=_links_default_category):
            yield normalize_text(link.xpath("string()")), "html"
        links = _BREADCRUMB_LINKS(self.root)
        yield self._last_section([(a.xpath("string()"), a.get("href")) for a in links]), "html"
        yield self._post_class_category(), "html"

    def _post_class_category(self) -> str | None:
        """The first category a WordPress post's classes name, the default one last."""
        names = self._post_class_terms(_CATEGORY_SLUG, order=is_default_category)
        return names[0] if names else None

    def _post_class_terms(self, slugs_of: re.Pattern[str],
                          order: Callable[[str], Any] | None = None) -> list[str]:
        """The terms a WordPress post's classes name by slug (``category-…``, ``tag-…``),
        each called as a link to it on the page calls it (menus, tag clouds): a slug
        alone does not say how its name is written ("us-politics": "US politics"? "U.S.
        Politics"?), so no link, no name."""
        post_id = _POST_ID.search(_BODY_CLASS(self.root))
        if post_id is None:
            return []
        slugs = slugs_of.findall(_POST_CLASS(self.root, post_id=post_id[1]))
        names = []
        for slug in sorted(slugs, key=order) if order else slugs:
            for link in _LINKS_TO(self.root, slug=slug):
                name = normalize_text(link.xpath("string()"))
                if _slug_letters(name) == slug.replace("-", ""):
                    names.append(name)
                    break
        return names

    def _last_section(self, crumbs: list[tuple[str, str | None]]) -> str | None:
        """The deepest breadcrumb that is a section: not the home page, not the article
        (named as the headline, or as a source states it: quotes and all)."""
        here = {self.page.url.rstrip("/"), *(u.rstrip("/") for u, _ in self.url() if u)}
        title = next((t for t, _ in self.title() if t), "")
        sections = [
            name for name, href in ((normalize_text(n), h) for n, h in crumbs[1:])  # not "Home"
            if (link := absolute_url(self.page.url, href or "")) is not None
            and link.rstrip("/") not in here and name != title
            and _loose(name) not in self._stated_headlines
        ]
        return sections[-1] if sections else None

    def tags(self) -> Iterator[Found]:
        yield clean_tags(_strings(self.ld.get("keywords"))), "jsonld"
        yield clean_tags(_strings(self.md.microdata.get("keywords"))), "microdata"
        yield clean_tags(_strings(self.md.meta.get("article:tag", []))), "opengraph"
        for key in ("news_keywords", "keywords"):
            yield clean_tags(_strings(self.md.meta.get(key, []))), "meta"
        for links in (_REL_TAG, _TAG_LIST_LINKS):
            yield clean_tags([normalize_text(a.xpath("string()")) for a in links(self.root)
                              if not (_IN_CATEGORY_BOX(a) or _OUTSIDE_THE_POST(a))]), "html"
        yield clean_tags(self._post_class_terms(_TAG_SLUG)), "html"

    def summary(self) -> Iterator[Found]:
        yield _text(self.ld.get("description")), "jsonld"
        yield _text(self.md.microdata.get("description")), "microdata"
        for value, origin in self._meta("og:description", "description", "twitter:description"):
            yield _text(value), origin

    @cached_property
    def page_language(self) -> str | None:
        """The page's language as its first source of one states it, else the site
        definition's: dates in its text are read in that language."""
        return next((code for code, _ in self.language() if code), self.site_language)

    def language(self) -> Iterator[Found]:
        yield language_code(_string(self.ld.get("inLanguage"))), "jsonld"
        yield language_code(_string(self.md.microdata.get("inLanguage"))), "microdata"
        for value, origin in self._meta("og:locale", "content-language", "language"):
            yield language_code(value), origin
        for value in _HTML_LANG(self.root):
            yield language_code(value), "html"

    def body_text(self) -> Iterator[Found]:
        yield self.body.text, "body"

    def body_confidence(self) -> Iterator[Found]:
        yield self.body.confidence, "body"

    def images(self) -> Iterator[Found]:
        if self.body_query:
            # A site definition says where the body is: no need to run the body extractor.
            # Its figures, and those of the <article> around it (a lead image above the
            # text, outside the body's box).
            scopes = dict.fromkeys(next(iter(_ARTICLE_AROUND(box)), box)
                                   for box in run_query(self.root, self.body_query))
            images = [image for scope in scopes for image in body_images(scope, self.page.url)]
            yield images, "body"
        elif self.body.container is not None:
            yield body_images(self.body.container, self.page.url), "body"
        for box in _FALLBACK_FIGURES(self.root):
            yield body_images(box, self.page.url), "html"

    def reading_time(self) -> Iterator[Found]:
        texts = _READING_TIME_TEXTS(self.root)
        yield next((str(t) for t in texts if _READING_TIME.match(t)), None), "html"


FIELD_SOURCES = {
    "url": _Extraction.url, "title": _Extraction.title, "authors": _Extraction.authors,
    "published": _Extraction.published, "modified": _Extraction.modified,
    "category": _Extraction.category, "tags": _Extraction.tags,
    "summary": _Extraction.summary, "body": _Extraction.body_text,
    "body_confidence": _Extraction.body_confidence,
    "images": _Extraction.images, "language": _Extraction.language,
    "reading_time": _Extraction.reading_time,
}


def extract_generic(page: Page, fields: Iterable[str] | None = None,
                    body_query: str | None = None,
                    language: str | None = None) -> dict[str, Found]:
    """``{field: (value, provenance)}`` for each field found (of ``fields``, if given).

    Provenance is one of ``jsonld``, ``microdata``, ``opengraph``, ``meta``, ``html``
    or ``body``. A field no source gives is left out. ``body_query``: a site
    definition's body container, where images are looked for; ``language``: its
    language, in which the dates of a page that states none are read.
    """
    extraction = _Extraction(page, body_query, language)
    found = {}
    for name in FIELD_SOURCES if fields is None else fields:
        sources = FIELD_SOURCES.get(name)
        if sources is None:
            continue
        value = next(((v, o) for v, o in sources(extraction) if v not in (None, "", [])), None)
        if value is not None:
            found[name] = value
    return found
