"""WARC files replayed as Scrapy responses: the HTML 200 pages of a crawl archive (newscrawl's
own, Common Crawl's CC-NEWS, any WARC 1.0/1.1 file, gzip per record or not), each with the
site definition to extract it with and the moment it was fetched.

Every record ends as a page handed on or as a skip counted by reason
(``newscrawl/warc/skipped/<reason>``): a record that is not a response (``warcinfo``,
``request``, ``metadata``, ``revisit``, ``resource``, …), ``truncated`` (``WARC-Truncated``),
``not_article`` (a listing, feed or sitemap page of a newscrawl recording; a page of
WordPress posts it read from the REST API is handed on, the articles are in it),
``superseded`` (a page a newscrawl recording fetched again through the browser: the rendered
page is replayed instead),
``unparseable`` (no HTTP response in it, a bad URL or content coding, no
readable ``WARC-Date``), ``non_200``,
``too_large`` (over ``DOWNLOAD_MAXSIZE``, as in a live crawl) and ``non_html``. Damage (a
gzip member or a record header that cannot be read, a record that ends early) costs the
records it hits, not the file: reading goes on at the next record that starts after it (a
gzip member, in a file compressed per record as WARC files are written; else a WARC
version line), with one error line and ``newscrawl/warc/damaged``. A file with damage is
counted once in ``newscrawl/warc/broken_files``.

A page is decoded as the live crawl decodes it: the same content decoding (Scrapy's
HttpCompressionMiddleware) and the same choice of response class (``responsetypes``).
"""

from __future__ import annotations

import glob
import io
import ipaddress
import logging
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from fastwarc.stream_io import ChunkedReader
from fastwarc.warc import ArchiveIterator, HeaderMap, WarcRecord, WarcRecordType
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, HtmlResponse, Response, TextResponse
from scrapy.responsetypes import responsetypes

from newscrawl.cleaning import url_site_name
from newscrawl.meta import PageRole
from newscrawl.sites import SiteDefinition, site_for_url
from newscrawl.warc.writer import PAGE_HEADER, SUPERSEDED_HEADER

logger = logging.getLogger(__name__)

STATS = "newscrawl/warc"
WARC_SUFFIXES = (".warc", ".warc.gz")
# The pages of a newscrawl recording that a replay makes items of; records of other
# archives carry no role and are taken as article pages.
REPLAYED_ROLES = {PageRole.ARTICLE, PageRole.POSTS}
# A WARC date of a year or a month alone.
_YEAR_OR_MONTH = re.compile(r"\d{4}(?:-\d{2})?")
# The end of an HTTP header block, whichever line ends its lines use.
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
# Where a record may start, to read on after damage: a gzip member, or in an uncompressed
# file a WARC version line.
_GZIP_MEMBER = b"\x1f\x8b\x08"
_VERSION_LINE = b"WARC/1."
# Bytes read to tell a gzip member holding a record (its text starts "WARC/").
_MEMBER_PROBE = 4096


def warc_paths(spec: str) -> list[Path]:
    """The WARC files ``spec`` names: a file, a folder (its ``.warc``/``.warc.gz`` files) or
    a glob; sorted. ValueError, in one line, when it names none."""
    path = Path(spec)
    if path.is_file():
        return [path]
    if path.is_dir():
        found = [p for p in path.iterdir() if p.is_file() and p.name.endswith(WARC_SUFFIXES)]
    else:
        found = [Path(p) for p in glob.glob(spec, recursive=True)
                 if p.endswith(WARC_SUFFIXES) and Path(p).is_file()]
    if not found:
        raise ValueError(f"no .warc or .warc.gz file at {spec!r}")
    return sorted(found)


def archive_name(paths: list[Path]) -> str:
    """What a replay's files are named after: the ``isPartOf`` of the first file's
    ``warcinfo`` record (newscrawl writes the site's name there, Common Crawl the
    collection's), else the first file's name without its suffixes."""
    try:
        with paths[0].open("rb") as stream:
            for record in ArchiveIterator(stream, parse_http=False):
                if record.record_type == WarcRecordType.warcinfo:
                    # application/warc-fields: "name: value" lines
                    for line in record.reader.read().decode("utf-8", "replace").splitlines():
                        name, _, value = line.partition(":")
                        if name.strip().lower() == "ispartof" and value.strip():
                            return value.strip()
                break
    except OSError:
        pass  # a file that cannot be read is reported, with its reason, when replayed
    return paths[0].name.removesuffix(".gz").removesuffix(".warc")


@dataclass(frozen=True)
class ReplayedPage:
    response: TextResponse  # an HtmlResponse, but for a page of posts (JSON)
    site: SiteDefinition | None  # None: generic mode, the site named after host (and port)
    scraped_at: str  # the record's WARC-Date, as the live crawl writes scraped_at
    role: PageRole = PageRole.ARTICLE

    @property
    def site_name(self) -> str:
        return self.site.name if self.site else url_site_name(self.response.url)


class Skip(Exception):
    """A record that is not replayed; ``reason`` names the stats key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FileCut(Exception):
    """A record ends before its length, or the file holds none."""


class WarcReplay:
    """Iterates the replayable pages of ``paths``.

    ``site``: the definition for every page (``-a site=NAME``); None: the definition whose
    domains match each page's URL, else generic mode.
    """

    def __init__(self, crawler: Crawler, paths: Iterable[Path],
                 site: SiteDefinition | None = None) -> None:
        self.crawler = crawler
        self.paths = list(paths)
        self.site = site
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        try:
            self.decoder: HttpCompressionMiddleware | None = (
                HttpCompressionMiddleware.from_crawler(crawler))
        except NotConfigured:
            self.decoder = None  # COMPRESSION_ENABLED off: a live crawl does not decode either

    def __iter__(self) -> Iterator[ReplayedPage]:
        for path in self.paths:
            yield from self._file(path)

    def _file(self, path: Path) -> Iterator[ReplayedPage]:
        read = 0
        damage: tuple[int, Exception] | None = None  # records read before it, and what broke
        damaged = False

        def report(next_record: int | None) -> None:
            nonlocal damage, damaged
            if damage is None:
                return
            before, exc = damage
            damage, damaged = None, True
            self.crawler.stats.inc_value(f"{STATS}/damaged")
            logger.error("newscrawl: WARC file %s is damaged after %d whole records (%s); %s",
                         path, before, exc, f"read on at byte {next_record}"
                         if next_record is not None else "the rest of it is not replayed")

        try:
            with path.open("rb") as stream:
                marker = _GZIP_MEMBER if stream.read(2) == _GZIP_MEMBER[:2] else _VERSION_LINE
                start: int | None = 0
                while start is not None:
                    stream.seek(start)
                    last: int | None = None  # where the last record read whole started
                    try:
                        # Not parse_http: the block is read whole first, so that a record
                        # the file ends inside is told from a short one; HTTP after.
                        for record in ArchiveIterator(stream, parse_http=False):
                            block = record.reader.read()
                            if len(block) < record.content_length:
                                raise FileCut(f"it ends inside record {_record_name(record)}")
                            report(record.stream_pos)
                            last = record.stream_pos
                            read += 1
                            yield from self._replayed(record, block)
                        # FastWARC ends a file at an empty gzip member (files joined with
                        # cat): the file goes on when another record follows.
                        start = (_next_member(path, (start if last is None else last) + 1)
                                 if marker == _GZIP_MEMBER else None)
                    except (OSError, FileCut) as exc:
                        # OSError: a gzip member or WARC header FastWARC cannot read. Read
                        # on past the last whole record, or past where this reading began.
                        damage = damage or (read, exc)
                        start = _next_start(path, marker, (start if last is None else last) + 1)
                report(None)
            if not read and not damaged:
                raise FileCut("no WARC record in it")
        except (OSError, FileCut) as exc:
            # The file could not be opened or read at all, or holds no record.
            damaged = True
            logger.error("newscrawl: WARC file %s is broken (%s); nothing in it is replayed",
                         path, exc)
        if damaged:
            self.crawler.stats.inc_value(f"{STATS}/broken_files")

    def _replayed(self, record: WarcRecord, block: bytes) -> Iterator[ReplayedPage]:
        """The record's page, or its skip counted."""
        stats = self.crawler.stats
        stats.inc_value(f"{STATS}/read")
        try:
            page = self._page(record, block)
        except Skip as skip:
            stats.inc_value(f"{STATS}/skipped/{skip.reason}")
            return
        stats.inc_value(f"{STATS}/replayed")
        yield page

    def _page(self, record: WarcRecord, block: bytes) -> ReplayedPage:
        if record.record_type != WarcRecordType.response:
            raise Skip(str(record.record_type))
        if record.headers.get("WARC-Truncated"):
            raise Skip("truncated")
        role = _role(record)
        if role not in REPLAYED_ROLES:
            raise Skip("not_article")  # a listing, feed or sitemap newscrawl recorded
        if record.headers.get(SUPERSEDED_HEADER):
            raise Skip("superseded")
        try:
            response = self._response(record, block)
        except IgnoreRequest:
            raise Skip("too_large") from None
        except Skip:
            raise
        except Exception:
            # Archives hold whatever servers sent; one record that breaks a parser must
            # cost that record only.
            logger.debug("unparseable WARC record %s", _record_name(record), exc_info=True)
            raise Skip("unparseable") from None
        wanted = TextResponse if role is PageRole.POSTS else HtmlResponse
        if not isinstance(response, wanted):
            raise Skip("non_html")
        scraped_at = _crawled_at(record)
        if scraped_at is None:
            raise Skip("unparseable")
        return ReplayedPage(response, self.site or site_for_url(response.url), scraped_at, role)

    def _response(self, record: WarcRecord, block: bytes) -> Response:
        url = record.headers.get("WARC-Target-URI", "").strip("<>")
        if urlsplit(url).scheme not in ("http", "https"):
            raise Skip("unparseable")
        head, payload = _http_head(block)
        if head.status_code is None:
            raise Skip("unparseable")
        if head.status_code != 200:
            raise Skip("non_200")
        headers = Headers(head.items_bytes())
        if b"chunked" in headers.get(b"Transfer-Encoding", b"").lower():
            # Stored as sent (the WARC standard's way; Common Crawl de-chunks and renames
            # the header instead).
            payload = ChunkedReader(io.BytesIO(payload)).read()
            del headers[b"Transfer-Encoding"]
        if self.max_size and len(payload) > self.max_size:
            raise IgnoreRequest
        ip = record.headers.get("WARC-IP-Address")
        request = Request(url)
        response_class = responsetypes.from_args(headers=headers, url=url, body=payload)
        response = response_class(url=url, status=200, headers=headers, body=payload,
                                  request=request, ip_address=_ip(ip))
        if self.decoder is None:
            return response
        decoded = self.decoder.process_response(request, response)
        assert isinstance(decoded, Response)  # it returns a Request only for HEAD
        return decoded


def _crawled_at(record: WarcRecord) -> str | None:
    """When the record was fetched (``WARC-Date``), in UTC, as ``scraped_at`` is written.
    The W3C profile of ISO 8601 that WARC dates follow allows less precision than FastWARC
    reads ("2024-03-05", "2024-03", "2024-03-05T07:08Z"): such a date is taken at the start
    of what it names, in UTC when it gives no offset. None when the record has no date that
    can be read."""
    moment = record.record_date
    if moment is None:
        value = (record.headers.get("WARC-Date") or "").strip()
        if _YEAR_OR_MONTH.fullmatch(value):
            value += "-01" * (2 - value.count("-"))
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC).isoformat(timespec="seconds")
    except OverflowError:  # year 1 east of UTC, year 9999 west of it
        return None


def _http_head(block: bytes) -> tuple[HeaderMap, bytes]:
    """The HTTP status and headers of a response record's block, and the payload after them.

    FastWARC ends header lines at CRLF only. Some servers end them with LF alone, and a
    recording keeps the bytes as sent: FastWARC would read such a block as one long status
    line with no headers and no payload, and the page would be lost as ``non_html``.
    """
    head = HeaderMap()
    first_line = block[:block.find(b"\n") + 1]
    if first_line.endswith(b"\r\n") or not first_line:
        start = head.parse(io.BytesIO(block))
        return head, block[start:]
    blank_line = _BLANK_LINE.search(block)
    end, start = blank_line.span() if blank_line else (len(block), len(block))
    lines = block[:end].replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    head.parse(io.BytesIO(lines + b"\r\n\r\n"))
    return head, block[start:]


def _role(record: WarcRecord) -> PageRole | None:
    """What a newscrawl recording fetched the record as (None: a role this version does
    not know); article for records of other archives."""
    try:
        return PageRole(record.headers.get(PAGE_HEADER) or PageRole.ARTICLE)
    except ValueError:
        return None


def _record_name(record: WarcRecord) -> str:
    """How a record is named in a message: its URL, else its id."""
    return record.headers.get("WARC-Target-URI") or record.record_id or "?"


def _ip(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value) if value else None
    except ValueError:
        return None


def _next_member(path: Path, offset: int) -> int | None:
    """Where the next gzip member holding a WARC record starts at or after ``offset``:
    not an empty member, nor the marker's bytes by chance inside a compressed one."""
    while (found := _next_start(path, _GZIP_MEMBER, offset)) is not None:
        with path.open("rb") as stream:
            stream.seek(found)
            head = stream.read(_MEMBER_PROBE)
        try:
            if zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 16).startswith(b"WARC/"):
                return found
        except zlib.error:
            pass
        offset = found + 1
    return None


def _next_start(path: Path, marker: bytes, offset: int) -> int | None:
    """Where the first ``marker`` at or after ``offset`` is in the file; None: nowhere."""
    with path.open("rb") as stream:
        stream.seek(offset)
        carried = b""
        while chunk := stream.read(1 << 20):
            found = (carried + chunk).find(marker)
            if found >= 0:
                return offset - len(carried) + found
            offset += len(chunk)
            carried = chunk[-(len(marker) - 1):]
    return None
