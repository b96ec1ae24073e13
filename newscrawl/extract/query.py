"""The query engine of site definitions: CSS (``::text``/``::attr(x)`` allowed) or XPath,
compiled once per query, run on a shared lxml tree.

Used by site extraction (``extract/site.py``), the generic extractor (a definition's body
container) and the link finders (``spiders/links.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

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


def _run_once(xpath: str, root: Any) -> Any:
    return root.xpath(xpath, namespaces=_NAMESPACES, smart_strings=False)


def run_query(root: Any, query: str) -> list[Any]:
    """Elements or strings; an XPath giving one value (``string(…)``) gives a list of one."""
    found = compiled(query)(root)
    if isinstance(found, list):
        return found
    return [] if found in ("", None) else [found if isinstance(found, str) else str(found)]


def has_class(name: str) -> str:
    """An XPath test that the context element's class list holds ``name`` as a whole word
    (``contains(@class, 'widget')`` alone would also match page builders'
    ``elementor-widget-container``, which wraps everything)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


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
