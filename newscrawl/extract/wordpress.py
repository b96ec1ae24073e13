"""What a WordPress site publishes about itself, as newscrawl fields.

WordPress advertises its REST API on every page (``<link rel="https://api.w.org/">`` and
a ``Link`` header). Its posts endpoint gives each post with UTC dates, the authors and
terms (with ``_embed``) and the rendered content: the article without the theme around
it. This module reads that API: where it is, what to ask it, and each post as the same
raw fields :func:`newscrawl.extract.extract_page` gives for an HTML page, so the clean
and validate pipelines treat both alike.

The body and images of a post go through the HTML path's own body extractor and figure
reader (:mod:`newscrawl.extract.body`, :mod:`newscrawl.extract.images`), on the rendered
content wrapped in a minimal document: the same text for the same content, whichever
way it was fetched.

Nothing here raises on odd input: the API's JSON is whatever the site (and its plugins)
send.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from lxml import etree

from newscrawl.cleaning import language_code, normalize_text
from newscrawl.extract.body import extract_body
from newscrawl.extract.generic import clean_tags, is_default_category, markup_text
from newscrawl.extract.images import body_images
from newscrawl.extract.page import Page, absolute_url

__all__ = [
    "ORIGIN", "api_root", "authors_hidden", "is_wordpress", "parse_posts", "post_fields",
    "posts_url", "total_pages",
]

ORIGIN = "wp-api"
API_REL = "https://api.w.org/"
MAX_PER_PAGE = 100  # the posts endpoint refuses more (rest_invalid_param)
# The embedded resources a post's fields come from. Not ``_embed=1``: that also embeds
# each post's comments (``replies``) and featured-media objects, which no field uses and
# which can double a page of 100 posts. WordPress before 5.4 ignores the list and embeds
# everything, so this never gets less than ``_embed=1``.
EMBED = "author,wp:term"
# The offsets of the world's time zones are within -12:00 and +14:00; a "date - date_gmt"
# beyond that is a broken post, not an offset.
MAX_OFFSET = timedelta(hours=14)

_API_LINKS = etree.XPath(
    "//link[contains(concat(' ', normalize-space(@rel), ' '), ' https://api.w.org/ ')]/@href")
# Theme and plugin assets: scripts and stylesheets only. Images are not evidence: any
# site can show (hotlink, embed) an image a WordPress site serves from /wp-content/.
_WP_ASSETS = etree.XPath(
    "boolean(//script[contains(@src, '/wp-content/') or contains(@src, '/wp-includes/')]"
    " | //link[contains(@href, '/wp-content/') or contains(@href, '/wp-includes/')])")
_WP_GENERATOR = etree.XPath(
    "boolean(//meta[translate(@name, 'GENERATOR', 'generator') = 'generator']"
    "[starts-with(translate(normalize-space(@content), 'WORDPRES', 'wordpres'), 'wordpress')])")
# One link of a Link header: ``<url>; rel="…"; type="…"``.
_LINK = re.compile(r"<([^>]*)>([^<]*)")
_REL = re.compile(r"""\brel\s*=\s*(?:"([^"]*)"|([^\s;,"]+))""", re.I)

# Classic-editor markup of a captioned image ([caption] and [gallery] shortcodes) where
# the theme has not declared HTML5 support: ``<div class="wp-caption"><img><p
# class="wp-caption-text">…`` and ``<dl class="gallery-item"><dt><img></dt><dd
# class="wp-caption-text">…``. They are read as the ``<figure>``/``<figcaption>`` that
# HTML5 themes get for the same shortcode.
_CLASS = "contains(concat(' ', normalize-space(@class), ' '), ' {} ')"
_CAPTION_BOXES = etree.XPath(
    f"//*[not(self::figure or ancestor::figure)]"
    f"[{_CLASS.format('wp-caption')} or {_CLASS.format('gallery-item')}]")
_CAPTION_TEXTS = etree.XPath(f".//*[not(self::figcaption)][{_CLASS.format('wp-caption-text')}]")

# An excerpt's "more" link (``<a class="more-link">Continue reading <span
# class="screen-reader-text">"Title"</span></a>``): removed before reading the text.
_MORE_LINKS = etree.XPath(
    "//a[contains(@class, 'more-link') or contains(@class, 'read-more')"
    " or contains(@class, 'readmore')] | //*[contains(@class, 'screen-reader-text')]")
# What WordPress and themes append to a shortened excerpt, at its end: " […]", a
# detached " …" (left of a removed "Continue reading" link), or "Continue reading →"
# when it is not marked up as a link.
_EXCERPT_TAIL = re.compile(
    r"(?:\s*\[\s*(?:…|\.\.\.)\s*\]|\s+(?:…|\.\.\.)"
    r"|\s*(?:…|\.\.\.)?\s*(?:continue reading|read more)[^.!?]{0,80}?\s*(?:→|»|›)?)\s*$",
    re.I)

# Where plugins or site code put the primary category on a post object: Yoast SEO and
# Rank Math keep it in post meta, which the API shows when it is registered for REST.
_PRIMARY_KEYS = ("primary_category", "yoast_primary_category")
_PRIMARY_META = ("_yoast_wpseo_primary_category", "rank_math_primary_category")


# Discovery


def _header_values(headers: Any, name: str) -> list[str]:
    """Values of one header, case-insensitively, from Scrapy ``Headers`` or any mapping
    of bytes or str to a value or a list of values."""
    if not headers:
        return []
    wanted = name.lower()
    found: list[Any] = []
    try:
        for key, value in headers.items():
            key = key.decode("latin-1") if isinstance(key, bytes) else str(key)
            if key.lower() == wanted:
                found.extend(value if isinstance(value, list | tuple) else [value])
    except (AttributeError, TypeError, ValueError):
        return []
    return [value.decode("latin-1") if isinstance(value, bytes) else str(value)
            for value in found if isinstance(value, bytes | str | int)]


def _linked(value: str, rel: str) -> str | None:
    """The target of the link of relation ``rel`` in one ``Link`` header value (several
    links, comma-separated)."""
    for target, params in _LINK.findall(value):
        for quoted, bare in _REL.findall(params):
            if rel in (quoted or bare).split():
                return target.strip()
    return None


def _web_url(base: str, href: str) -> str | None:
    url = absolute_url(base, href)
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def api_root(page: Page, headers: Mapping[bytes, Sequence[bytes]] | None = None) -> str | None:
    """The REST API root a WordPress page advertises, absolute: from its ``Link:
    <…/wp-json/>; rel="https://api.w.org/"`` response header, else its ``<link
    rel="https://api.w.org/" href=…>``. ``https://x.com/wp-json/``, or
    ``https://x.com/?rest_route=/`` on a site without pretty permalinks. None when the page
    does not advertise one."""
    candidates = [link for value in _header_values(headers, "link")
                  if (link := _linked(value, API_REL))]
    candidates += [str(href) for href in _API_LINKS(page.selector.root)]
    return next((url for href in candidates if href and (url := _web_url(page.url, href))),
                None)


def default_api_root(url: str) -> str:
    """Where a WordPress site that does not advertise its API serves it: ``/?rest_route=/``
    under its host answers with and without pretty permalinks (``/wp-json/`` only with)."""
    return absolute_url(url, "/?rest_route=/") or url


def is_wordpress(page: Page, headers: Mapping[bytes, Sequence[bytes]] | None = None) -> bool:
    """Whether the page comes from WordPress: it advertises the REST API, loads scripts or
    stylesheets from ``/wp-content/`` or ``/wp-includes/``, or names WordPress as its
    generator (``<meta name="generator" content="WordPress 6.5">``)."""
    if api_root(page, headers):
        return True
    root = page.selector.root
    return bool(_WP_ASSETS(root)) or bool(_WP_GENERATOR(root))


# The posts collection


def _api_moment(value: date | datetime) -> str:
    """A time as the API's date parameters take it (RFC 3339).

    A datetime is sent in UTC with ``Z``: WordPress converts a time with an offset into
    the site's zone before comparing (``WP_Date_Query::build_mysql_datetime``), so the
    crawler need not know that zone. A naive datetime is taken as UTC, as everywhere in
    newscrawl. A bare date means midnight where the site is: sent without an offset, which
    WordPress reads as site time.
    """
    if isinstance(value, datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{value.isoformat()}T00:00:00"


def posts_url(root: str, page_no: int = 1, *, per_page: int = 100,
              modified_after: datetime | None = None,
              after: date | datetime | None = None) -> str:
    """The URL of one page of the posts collection under the API root ``root``.

    ``https://x/wp-json/`` → ``https://x/wp-json/wp/v2/posts?per_page=100&page=1&…``;
    ``https://x/?rest_route=/`` → ``https://x/?rest_route=/wp/v2/posts&per_page=100&…``
    (other parameters of the root, such as a language, are kept). Parameters in a fixed
    order: one request, one URL, for the dupefilter and the HTTP cache.

    ``modified_after`` (WordPress 5.7+; older versions ignore it and send everything):
    posts changed after that moment; ``after``: published after it.

    Order: newest publication first (``orderby=date&order=desc``), because offset paging
    is only as good as the order is stable while the crawl pages through:

    * ``post_date`` is the one order with a deterministic tie-break: MySQL reads it from
      the ``type_status_date`` index, which ends in ``ID``. ``orderby=modified`` has no
      index and no tie-break: posts touched in the same second by a bulk edit or a
      plugin can come in any order on each request, and some fall between pages unseen.
    * An edit does not move a post in date order. A post published during the crawl goes
      to the top and pushes the others down: one post read twice (de-duplicated), none
      missed; the new post itself is in the next run's ``modified_after`` window. In
      ``orderby=modified`` order, every edit during the crawl would move a post.
    * Newest first: a crawl cut short (page limit, time limit) has the news.

    A post deleted or unpublished during the crawl pulls the later ones up by one: that
    one post at a page boundary can be missed, whatever the order (offset paging).
    """
    parts = urlsplit(root)
    query = parse_qsl(parts.query, keep_blank_values=True)
    route = next((value for key, value in query if key == "rest_route"), None)
    kept = [(key, value) for key, value in query if key != "rest_route"]
    params = [("per_page", str(max(1, min(int(per_page), MAX_PER_PAGE)))),
              ("page", str(max(1, int(page_no)))), ("_embed", EMBED),
              ("orderby", "date"), ("order", "desc")]
    if modified_after is not None:
        params.append(("modified_after", _api_moment(modified_after)))
    if after is not None:
        params.append(("after", _api_moment(after)))
    path = parts.path
    if route is not None:
        params = [("rest_route", route.rstrip("/") + "/wp/v2/posts"), *kept, *params]
    else:
        path = (path if path.endswith("/") else path + "/") + "wp/v2/posts"
        params = [*kept, *params]
    # "/", ":" and "," stay readable (routes, times, the embed list); "+" is never sent raw.
    encoded = urlencode(params, safe="/:,", quote_via=quote)
    return urlunsplit((parts.scheme, parts.netloc, path, encoded, ""))


def total_pages(headers: Any) -> int | None:
    """``X-WP-TotalPages``: how many pages the collection has at this ``per_page``; None
    when the header is missing or not a number."""
    for value in _header_values(headers, "x-wp-totalpages"):
        try:
            pages = int(value.strip())
        except ValueError:
            continue
        if pages >= 0:
            return pages
    return None


def has_next_page(headers: Any) -> bool:
    """Whether the ``Link`` header names a ``rel="next"`` page: WordPress sends it beside
    ``X-WP-TotalPages``, and proxies that drop the ``X-WP-*`` headers usually keep it."""
    return any(_linked(value, "next") for value in _header_values(headers, "link"))


def _looks_like_post(item: Any) -> bool:
    return isinstance(item, dict) and "id" in item and any(
        key in item for key in ("link", "title", "content"))


def parse_posts(body: bytes | str | None) -> list[dict[str, Any]] | None:
    """The posts of a posts-endpoint response; None when it is not a JSON list of posts:
    an HTML page (a login wall, an error page, the home page of a site that rewrote
    ``/wp-json/``), a JSON error object (``{"code": "rest_disabled", …}``).

    An empty list is an answer (no posts on that page). PHP notices that a badly
    configured site prints before the JSON (``<br /><b>Deprecated</b>: …[{…}]``) are
    skipped, as long as the JSON runs to the end of the response.
    """
    if isinstance(body, bytes):
        text = body.decode("utf-8-sig", errors="replace")
    elif isinstance(body, str):
        text = body.removeprefix("\ufeff")
    else:
        return None
    data = _json_list(text)
    if data is None:
        return None
    posts = [item for item in data if _looks_like_post(item)]
    return posts if posts or not data else None


def _json_list(text: str) -> list[Any] | None:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
        start = re.search(r"\[\s*[{\]]", text)
        if start:
            try:
                data, end = json.JSONDecoder().raw_decode(text, start.start())
            except (ValueError, RecursionError):
                return None
            if text[end:].strip():
                return None
    return data if isinstance(data, list) else None


# One post


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _rendered(value: Any) -> str:
    """``{"rendered": "…"}`` (or a bare string, from plugins that flatten it) → the HTML."""
    if isinstance(value, dict):
        value = value.get("rendered")
    return value if isinstance(value, str) else ""


def _plain(value: Any) -> str:
    """Rendered HTML of a title or a term name → plain text: tags stripped, then entities
    decoded (WordPress texturizes: ``&#8217;``, ``&#8220;``, ``&amp;``)."""
    return markup_text(value) if isinstance(value, str) else ""


def _parse_date(value: Any) -> datetime | None:
    """An API date (``2026-03-02T09:15:00``, no offset); None for null, WordPress's zero
    date ``0000-00-00…`` or anything unparseable."""
    if not isinstance(value, str) or not value.strip() or value.startswith("0000"):
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _offset(local: datetime | None, gmt: datetime | None) -> timedelta | None:
    """The site's UTC offset at that moment: ``date - date_gmt``, to the minute (zones
    such as +05:45 exist); None when one is missing or the difference is no offset."""
    if local is None or gmt is None or local.tzinfo:
        return None
    try:
        delta = local - _utc(gmt).replace(tzinfo=None)
    except OverflowError:
        return None
    delta = timedelta(minutes=round(delta.total_seconds() / 60))
    return delta if abs(delta) <= MAX_OFFSET else None


def _moment(local: datetime | None, gmt: datetime | None, offset: timedelta | None) -> str | None:
    """ISO 8601 with offset, in the site's zone: the UTC time expressed in ``offset``.

    ``offset`` is this date's own (``date - date_gmt``) or, when that pair is incomplete,
    the post's other date's; without any, a UTC time stays UTC and a local time stays
    without an offset (the clean pipeline gives it the site definition's zone).
    """
    try:
        if local is not None and local.tzinfo:  # a plugin already wrote the offset
            return local.isoformat(timespec="seconds")
        if gmt is not None:
            return _utc(gmt).astimezone(timezone(offset or timedelta(0))).isoformat(
                timespec="seconds")
        if local is not None:
            zoned = local.replace(tzinfo=timezone(offset)) if offset is not None else local
            return zoned.isoformat(timespec="seconds")
    except (OverflowError, ValueError):
        return None
    return None


def _dates(post: dict[str, Any]) -> tuple[str | None, str | None]:
    """``published`` and ``modified``: each from its UTC time (``date_gmt``,
    ``modified_gmt``) in the offset the site had then (``date - date_gmt``). Each date
    has its own offset: a post published in winter and updated in summer changed offset
    in between (daylight saving)."""
    date_local, date_gmt = _parse_date(post.get("date")), _parse_date(post.get("date_gmt"))
    mod_local, mod_gmt = _parse_date(post.get("modified")), _parse_date(post.get("modified_gmt"))
    published_offset = _offset(date_local, date_gmt)
    modified_offset = _offset(mod_local, mod_gmt)
    published = _moment(date_local, date_gmt, published_offset or modified_offset)
    modified = _moment(mod_local, mod_gmt, modified_offset or published_offset)
    return published, modified


def _author_entries(post: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The embedded users that are users: ``rest_user_invalid_id``, ``rest_forbidden``…
    error objects (sites that hide their users) are not."""
    for entry in _list(_dict(post.get("_embedded")).get("author")):
        if isinstance(entry, dict) and "code" not in entry and isinstance(entry.get("name"), str):
            yield entry


def _authors(post: dict[str, Any]) -> list[str]:
    """Names of the embedded authors; else Yoast SEO's ``author`` (the display name,
    which Yoast shows even where the users endpoint is closed)."""
    names = [_plain(entry["name"]) for entry in _author_entries(post)]
    if not any(names):
        yoast = _dict(post.get("yoast_head_json")).get("author")
        names = [_plain(yoast)] if isinstance(yoast, str) else []
    return list(dict.fromkeys(name for name in names if name))


def authors_hidden(posts: list[dict[str, Any]]) -> bool:
    """Whether the site hides its users: no post of ``posts`` has an author to read (the
    ``_embed`` author entries are errors such as ``rest_user_invalid_id`` or
    ``rest_forbidden``, or missing, and no SEO plugin names one). The spider then reads
    the authors from the article pages. False for no posts: nothing to judge by."""
    readable = [post for post in _list(posts) if isinstance(post, dict)]
    return bool(readable) and not any(_authors(post) for post in readable)


def _terms(post: dict[str, Any], taxonomy: str) -> list[dict[str, Any]]:
    """The embedded terms of one taxonomy, each once: ``_embedded["wp:term"]`` is a list
    per taxonomy (category, post_tag, custom ones), each a list of terms."""
    found: dict[Any, dict[str, Any]] = {}
    for group in _list(_dict(post.get("_embedded")).get("wp:term")):
        for term in _list(group):
            if not (isinstance(term, dict) and term.get("taxonomy") == taxonomy):
                continue
            name = _plain(term.get("name"))
            key = term.get("id")
            if name:
                found.setdefault(key if isinstance(key, int | str) else name, term)
    return list(found.values())


def _yoast_graph(post: dict[str, Any]) -> list[dict[str, Any]]:
    schema = _dict(_dict(post.get("yoast_head_json")).get("schema"))
    return [node for node in _list(schema.get("@graph")) if isinstance(node, dict)]


def _yoast_nodes(post: dict[str, Any], kind: str) -> Iterator[dict[str, Any]]:
    for node in _yoast_graph(post):
        kinds = node.get("@type")
        if kind in (kinds if isinstance(kinds, list) else [kinds]):
            yield node


def _is_default(term: dict[str, Any]) -> bool:
    return is_default_category(str(term.get("slug", "")), _plain(term.get("name")))


def _explicit_primary(post: dict[str, Any], categories: list[dict[str, Any]]) -> str | None:
    """The primary category a post object names (id, name or term object), resolved
    against its categories. An id not among them cannot be named: ignored."""
    meta = _dict(post.get("meta"))
    values = [post.get(key) for key in _PRIMARY_KEYS] + [meta.get(key) for key in _PRIMARY_META]
    for value in values:
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("id") or value.get("term_id") or value.get("name")
        if isinstance(value, bool) or value in (None, "", 0, "0"):
            continue
        if isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit()):
            term = next((t for t in categories if str(t.get("id")) == str(value).strip()), None)
            if term is not None:
                return _plain(term.get("name"))
        elif isinstance(value, str) and (name := _plain(value)):
            return name
    return None


def _crumb_url(item: Any) -> str:
    if isinstance(item, dict):
        item = item.get("@id") or item.get("url")
    return item.rstrip("/") if isinstance(item, str) else ""


def _breadcrumb_primary(post: dict[str, Any], categories: list[dict[str, Any]]) -> str | None:
    """The category in Yoast SEO's breadcrumb trail (``yoast_head_json`` schema): Yoast
    builds a post's trail through its primary term (and that term's parents, before it),
    so the deepest crumb that is one of the post's categories is the primary one."""
    by_url = {url: term for term in categories if (url := _crumb_url(term.get("link")))}
    by_name = {_plain(term.get("name")).casefold(): term for term in categories}
    own_url = _crumb_url(post.get("link"))
    found = None
    for node in _yoast_nodes(post, "BreadcrumbList"):
        for crumb in _list(node.get("itemListElement")):
            crumb_url = _crumb_url(crumb.get("item")) if isinstance(crumb, dict) else ""
            if not isinstance(crumb, dict) or (own_url and crumb_url == own_url):
                continue  # the post's own crumb, last in the trail
            term = by_url.get(crumb_url) or by_name.get(
                _plain(crumb.get("name")).casefold())
            if term is not None:
                found = term
    return _plain(found.get("name")) if found else None


def _category(post: dict[str, Any]) -> str | None:
    """The primary category.

    1. The primary category the post object names (Yoast SEO or Rank Math post meta, a
       ``primary_category`` field that site code adds).
    2. Yoast SEO's breadcrumb trail, which goes through the primary category.
    3. The first of the post's categories, the site's default one ("Uncategorized") last:
       a post filed in it and in "Politics" is a Politics post, the default one left
       ticked. A post in the default category only keeps it: it is the category
       WordPress files it in and shows on its page (where the HTML path reads it from the
       ``rel="category"`` links), and whether "Uncategorized" counts as a section is the
       reader's call, which a missing value would make for them.
    4. Without embedded terms: the first ``articleSection`` of Yoast's Article, which
       lists the categories but the default one.
    """
    categories = _terms(post, "category")
    for found in (_explicit_primary(post, categories), _breadcrumb_primary(post, categories)):
        if found:
            return found
    if categories:
        ordered = sorted(categories, key=_is_default)  # stable: the API's order otherwise
        return _plain(ordered[0].get("name")) or None
    for node in _yoast_nodes(post, "Article"):
        sections = node.get("articleSection")
        for section in sections if isinstance(sections, list) else [sections]:
            if name := _plain(section):
                return name
    return None


def _tags(post: dict[str, Any]) -> list[str]:
    """The post's tags (``post_tag`` terms), through the HTML path's tag cleaner."""
    names = [_plain(term.get("name")) for term in _terms(post, "post_tag")]
    if not names:  # no embedded terms: Yoast's Article lists the tags as keywords
        for node in _yoast_nodes(post, "Article"):
            keywords = node.get("keywords")
            names += [_plain(k) for k in (keywords if isinstance(keywords, list) else [keywords])]
    return clean_tags([name for name in names if name])


def _summary(post: dict[str, Any]) -> str | None:
    """The excerpt as plain text, without the "[…]" or "Continue reading" WordPress
    appends to a shortened one; else Yoast SEO's description."""
    excerpt = _rendered(post.get("excerpt"))
    text = ""
    if excerpt.strip():
        try:
            root = etree.HTML(f"<div>{excerpt}</div>")
        except (etree.ParserError, ValueError):
            root = None
        if root is not None:
            for element in _MORE_LINKS(root):
                if element.getparent() is not None:
                    _drop(element)
            text = normalize_text(" ".join(root.itertext()))
        text = _EXCERPT_TAIL.sub("", text).strip()
    if not text:
        yoast = _dict(post.get("yoast_head_json"))
        text = _plain(yoast.get("description")) or _plain(yoast.get("og_description"))
    return text or None


def _drop(element: Any) -> None:
    """Remove an element, keeping the text that follows it."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _language(post: dict[str, Any]) -> str | None:
    """A language the API states: Polylang's ``lang`` field, Yoast SEO's ``og_locale``
    or its schema's ``inLanguage``. WordPress itself gives none per post."""
    yoast = _dict(post.get("yoast_head_json"))
    candidates: list[Any] = [post.get("lang"), yoast.get("og_locale")]
    candidates += [node.get("inLanguage") for node in _yoast_graph(post)]
    for value in candidates:
        if isinstance(value, str) and (code := language_code(value)):
            return code
    return None


def _content_page(content: str, title: str, url: str) -> Page:
    """The rendered content as a page of its own, for the HTML path's body extractor.

    The headline is the document's ``<title>``, as on the post's own page: the body
    extractor drops a paragraph that repeats it there too. Captioned images in classic
    markup become ``<figure>``/``<figcaption>`` (this page's tree is its own, not shared:
    editing it is safe).
    """
    document = (f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head>"
                f"<body><div class=\"entry-content\">{content}</div></body></html>")
    page = Page.from_html(document, url)
    root = page.selector.root
    for box in _CAPTION_BOXES(root):
        for caption in _CAPTION_TEXTS(box):
            caption.tag = "figcaption"
        box.tag = "figure"
    return page


def _body_and_images(content: str, title: str, url: str
                     ) -> tuple[str, list[dict[str, str | None]]]:
    """The body text by the HTML path's extractor; the images of every figure of the
    content (all of it is the post: no page around it to leave out)."""
    page = _content_page(content, title, url)
    body = extract_body(page)
    box = next(iter(page.selector.root.iter("body")), page.selector.root)
    return body.text, body_images(box, url)


def is_readable(post: dict[str, Any]) -> bool:
    """A published post we may read: not password-protected (its content is then empty or
    a teaser), not a draft or private one, not a page or another post type."""
    content = post.get("content")
    if isinstance(content, dict) and content.get("protected") is True:
        return False
    status, kind = post.get("status"), post.get("type")
    return (status is None or status == "publish") and (kind is None or kind == "post")


def post_url(post: Any, api_url: str) -> str | None:
    """The post's web page (its ``link``), absolute; None when it has none."""
    link = post.get("link") if isinstance(post, dict) else None
    base = api_url if isinstance(api_url, str) else ""
    return _web_url(base, link) if isinstance(link, str) and link.strip() else None


def password_required(page: Page) -> bool:
    """A password-protected post's page: WordPress shows a form that posts the password to
    ``wp-login.php?action=postpass`` instead of the article, so there is none to read."""
    # The tree's own walk by tag: twice as fast as ``//form[…]`` on every article page.
    return any("action=postpass" in (form.get("action") or "")
               for form in page.selector.root.iter("form"))


def post_fields(post: dict[str, Any], api_url: str) -> dict[str, Any] | None:
    """One post of the posts endpoint (with ``_embed``) as the raw fields
    ``extract_page`` gives for an HTML page, plus ``provenance`` (``"wp-api"`` for each).

    ``api_url``: the URL the post came from, the base for relative links when the post
    has no absolute ``link``. None for a post we cannot read as an article (see
    :func:`is_readable`) or without a URL, title or body. Fields the API does not give
    are left out, as extract_page leaves out fields it does not find.
    """
    if not isinstance(post, dict) or not is_readable(post):
        return None
    url = post_url(post, api_url)
    title = _plain(_rendered(post.get("title")))
    content = _rendered(post.get("content"))
    if not url or not title or not content.strip():
        return None
    body, images = _body_and_images(content, title, url)
    if not body:
        return None
    published, modified = _dates(post)
    fields: dict[str, Any] = {
        "url": url, "title": title, "authors": _authors(post), "published": published,
        "modified": modified, "category": _category(post), "tags": _tags(post),
        "summary": _summary(post), "body": body, "images": images,
        "language": _language(post),
    }
    fields = {name: value for name, value in fields.items() if value not in (None, "", [])}
    fields["provenance"] = dict.fromkeys(fields, ORIGIN)
    return fields

