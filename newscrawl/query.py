"""The query engine of site definitions: CSS (``::text``/``::attr(x)`` allowed) or XPath,
compiled once per query, run on a shared lxml tree.

Used by site extraction (``extract/site.py``), the generic extractor (a definition's body
container), the link finders (``spiders/links.py``) and the definitions themselves, which
check their queries when they load (``sites/definition.py``): outside ``extract/``, whose
package reads the definitions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

from cssselect.parser import SelectorSyntaxError, tokenize
from cssselect.xpath import ExpressionError
from lxml import etree
from parsel.csstranslator import HTMLTranslator

# The namespaces parsel gives XPath queries (EXSLT regular expressions and sets).
_NAMESPACES = {"re": "http://exslt.org/regular-expressions", "set": "http://exslt.org/sets"}
_CSS = HTMLTranslator()
# A CSS class test as cssselect writes it: a predicate run on every element of the page.
# Run on the class attributes instead (``E/@class[...]/parent::*``), it finds the same
# elements 2-3 times faster, most elements having no class. Only a step whose one
# condition is the class test is rewritten, so no position() test ever sees the change.
_CLASS_STEP = re.compile(
    r"(\*|[\w-]+)\[@class and contains\(@class, '([^']+)'\) and "
    r"contains\(concat\(' ', normalize-space\(@class\), ' '\), ' \2 '\)\](?=/|$| \|)")
_ON_CLASS_ATTRIBUTE = (r"\1/@class[contains(., '\2') and "
                       r"contains(concat(' ', normalize-space(.), ' '), ' \2 ')]/parent::*")


def css_to_xpath(css: str) -> str:
    return _CLASS_STEP.sub(_ON_CLASS_ATTRIBUTE, _CSS.css_to_xpath(css))


@lru_cache(maxsize=4096)
def compiled(query: str) -> Callable[[Any], Any]:
    """A CSS (``::text``/``::attr(x)`` allowed) or XPath query (starting ``/``, ``(`` or
    ``./``; ``./`` is relative to a body container in ``body_exclude``), compiled once:
    a site's queries are the same on every page, and compiling costs more than running."""
    xpath = query if query.startswith(("/", "(", "./")) else css_to_xpath(query)
    if "set:" in xpath:
        # A compiled query that declares EXSLT sets logs an error on every run (lxml 6.1)
        # into its own error log, which keeps them all: a leak in a long crawl. Such a
        # query (rare) gets a fresh evaluator per run, whose log goes with it.
        return partial(_run_once, xpath)
    namespaces = {"re": _NAMESPACES["re"]} if "re:" in xpath else None
    return etree.XPath(xpath, namespaces=namespaces, smart_strings=False)


def check_query(query: str) -> str:
    """The query, compiled once to find a mistake before any page does: ValueError naming
    it (a CSS selector or XPath expression that does not parse)."""
    try:
        compiled(query)
    except (SelectorSyntaxError, ExpressionError, etree.XPathError) as exc:
        raise ValueError(f"{query!r} is no CSS selector or XPath expression: {exc}") from None
    return query


def _run_once(xpath: str, root: Any) -> Any:
    return root.xpath(xpath, namespaces=_NAMESPACES, smart_strings=False)


def run_query(root: Any, query: str) -> list[Any]:
    """Elements or strings; an XPath giving one value (``string(…)``) gives a list of one."""
    found = compiled(query)(root)
    if isinstance(found, list):
        return found
    return [] if found in ("", None) else [found if isinstance(found, str) else str(found)]


# Queries of one page that start alike (".the-post-header .post-author a",
# ".the-post-header time.post-date") scan the whole tree for that start once: the start's
# elements are kept per page (``scopes``), the rest runs inside each of them.
Scopes = dict[str, list[Any] | None]


@lru_cache(maxsize=4096)
def split_scope(query: str) -> tuple[str, str] | None:
    """``(scope, rest)`` of a CSS query that is a scope, a descendant combinator and the
    rest (``"A B::text"`` → ``("A", "B::text")``); None for any other query: XPath, a
    group, a first combinator that is not a descendant one, pseudo-classes."""
    if query.startswith(("/", "(", "./")) or "," in query:
        return None
    try:
        tokens = list(tokenize(query))
    except SelectorSyntaxError:
        return None
    if tokens[0].type == "DELIM" and tokens[0].value in ">+~":
        return None  # a relative query (``> a``): no scope of its own
    depth = 0
    for i, token in enumerate(tokens):
        if token.type == "DELIM" and token.value in "[(":
            depth += 1
        elif token.type == "DELIM" and token.value in "])":
            depth -= 1
        elif token.type == "S" and depth == 0:
            following = next(t for t in tokens[i + 1:] if t.type != "S")
            if following.type == "EOF" or (following.type == "DELIM" and following.value in ">+~"):
                return None
            scope, rest = query[:token.pos].strip(), query[token.pos:].strip()
            # No pseudo-class anywhere (":root", ":first-of-type" would see another
            # context), and the one pseudo-element (::text, ::attr) at the very end.
            if ":" in scope or ":" in rest.replace("::text", "").split("::attr(")[0]:
                return None
            return scope, rest
    return None


@lru_cache(maxsize=4096)
def _compiled_within(rest: str) -> Callable[[Any], Any]:
    """The rest of a scoped query, relative to one scope element (its descendants)."""
    xpath = _CLASS_STEP.sub(_ON_CLASS_ATTRIBUTE, _CSS.css_to_xpath(rest, prefix="descendant::"))
    return etree.XPath(xpath, smart_strings=False)


def run_scoped(root: Any, query: str, scopes: Scopes) -> list[Any]:
    """``run_query(root, query)``, the query's scope found once per page (``scopes``):
    the same results in the same (document) order."""
    split = split_scope(query)
    if split is None:
        return run_query(root, query)
    scope, rest = split
    if scope not in scopes:
        elements = run_query(root, scope)
        # Scopes inside one another would give some results twice, or out of order:
        # None, the whole query runs instead.
        scopes[scope] = elements if _apart(elements) else None
    elements = scopes[scope]
    if elements is None:
        return run_query(root, query)
    within = _compiled_within(rest)
    return [found for element in elements for found in within(element)]


def _apart(elements: list[Any]) -> bool:
    """No element is inside another (their subtrees follow one another in the page)."""
    if len(elements) < 2:
        return True
    chosen = set(elements)
    for element in elements:
        parent = element.getparent()
        while parent is not None:
            if parent in chosen:
                return False
            parent = parent.getparent()
    return True


def has_class(name: str, class_list: str = "@class") -> str:
    """An XPath test that the context element's class list (``class_list``: ``.`` when
    the context is the class attribute itself) holds ``name`` as a whole word
    (``contains(@class, 'widget')`` alone would also match page builders'
    ``elementor-widget-container``, which wraps everything)."""
    return f"contains(concat(' ', normalize-space({class_list}), ' '), ' {name} ')"


# What a page has besides its post, as an XPath condition on an element's ancestors:
# menus and other navigation, sidebars and their widgets ("Recent posts by", tag clouds,
# category lists), the site's footer, the comments (their authors), lists of related
# posts. The generic markup rules for authors, categories and tags take nothing from
# there. What an article holds is its own: its <footer> (WordPress's entry-footer), a
# <nav> of its topics, an <aside> of its categories. So is an <aside> around the headline
# (a page left inside an unclosed pop-up) and Blogger's "Blog" widget (its posts). Class
# tests skip <body> and <html>: themes name them for options ("fixed-menu",
# "comments-open").
OUTSIDE_THE_POST = (
    "ancestor::nav[not(ancestor::article)] or ancestor::aside[not(ancestor::article or .//h1)]"
    " or ancestor::footer[not(ancestor::article) and not(contains(@class, 'entry'))]"
    " or ancestor::*[@id = 'comments' or @id = 'sidebar' or @id = 'secondary']"
    " or ancestor::*[not(self::body or self::html)][contains(@class, 'menu')"
    " or contains(@class, 'comment') or contains(@class, 'related')"
    f" or contains(@class, 'widget-area') or {has_class('sidebar')}"
    f" or ({has_class('widget')} and not({has_class('Blog')}))]"
)
