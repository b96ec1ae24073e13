"""Replaying WARC files shaped like Common Crawl's CC-NEWS, built here with FastWARC:
every record ends as a page handed on or a skip counted by reason; pages in several
charsets and codings decode as in a live crawl; a site is chosen by domain; a file cut in
the middle of a gzip member hands on what came before it and stops with one line."""

from __future__ import annotations

import gzip
import io
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastwarc.stream_io import GzipWriter
from fastwarc.warc import WarcRecord, WarcRecordType
from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from newscrawl.args import CrawlArgs
from newscrawl.extract import Page, extract_page
from newscrawl.sites import get_site
from newscrawl.warc.replay import ReplayedPage, WarcReplay, warc_paths
from tests.conftest import run_crawl

DATE = datetime(2024, 3, 5, 7, 8, 9, tzinfo=UTC)
BODY = " ".join(["Markets rose on Tuesday as investors weighed the outlook."] * 8)


def article(title: str, text: str = BODY, head: str = "") -> str:
    return (f"<html><head>{head}<title>{title}</title></head><body><article>"
            f"<h1>{title}</h1><p>{text}</p></article></body></html>")


def http(status: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers)
    return f"HTTP/1.1 {status}\r\n{head}\r\n".encode() + body


def member(record_type: WarcRecordType, url: str | None, block: bytes,
           headers: dict[str, str] | None = None, is_http: bool = True) -> bytes:
    record = WarcRecord()
    record.init_headers(record_type)
    record.record_date = DATE
    if url:
        record.headers["WARC-Target-URI"] = url
    for name, value in (headers or {}).items():
        record.headers[name] = value
    record.set_bytes_content(block)
    record.is_http = is_http
    out = io.BytesIO()
    writer = GzipWriter(out)
    record.write(writer, checksum_data=True)
    writer.finish()
    return out.getvalue()


def exchange(url: str, response_block: bytes, **headers: str) -> list[bytes]:
    """A request, its response and the metadata record Common Crawl writes after it."""
    host = url.split("/")[2]
    request = f"GET /{url.split('/', 3)[-1]} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    warc_headers = {"WARC-IP-Address": "192.0.2.1",
                    **{name.replace("_", "-"): value for name, value in headers.items()}}
    return [member(WarcRecordType.request, url, request),
            member(WarcRecordType.response, url, response_block, warc_headers),
            member(WarcRecordType.metadata, url, b"fetchTimeMs: 120\r\n",
                   {"Content-Type": "application/warc-fields"}, is_http=False)]


HTML = [("Content-Type", "text/html")]


def page(path: str, title: str, headers: list[tuple[str, str]], encoding: str = "utf-8",
         head: str = "") -> tuple[str, bytes, str]:
    return (f"https://news.example/2024/03/{path}",
            http("200 OK", headers, article(title, head=head).encode(encoding)), title)


def charset(name: str) -> list[tuple[str, str]]:
    return [("Content-Type", f"text/html; charset={name}")]


CHUNKED = article("Chunked").encode()
# (url, response block, expected text in the decoded page) of every page to be handed on.
PAGES = [
    page("utf8", "Café crème — UTF-8", charset("utf-8")),
    page("cp1252", "Naïve “quotes”", HTML, "cp1252", '<meta charset="windows-1252">'),
    page("sjis", "日本の市場が上昇", charset("shift_jis"), "shift_jis"),
    page("latin1", "Zürich Börse", charset("iso-8859-1"), "latin-1"),
    # Common Crawl stores bodies decoded and renames the coding headers.
    page("cc-decoded", "Decoded by the crawler", [
        *HTML, ("X-Crawler-Content-Encoding", "gzip"), ("X-Crawler-Transfer-Encoding", "chunked")]),
    # newscrawl stores them as the server sent them; other crawlers keep chunks too.
    ("https://news.example/2024/03/gzip", http("200 OK", [*HTML, ("Content-Encoding", "gzip")],
                                              gzip.compress(article("Gzip coded").encode())),
     "Gzip coded"),
    ("https://news.example/2024/03/chunked",
     http("200 OK", [*HTML, ("Transfer-Encoding", "chunked")],
          b"%x\r\n%s\r\n0\r\n\r\n" % (len(CHUNKED), CHUNKED)), "Chunked"),
    # Header lines ended by LF alone: some servers send them, and a recording keeps the
    # bytes as sent.
    ("https://news.example/2024/03/lf",
     b"HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\n\n"
     + article("Bare line feeds — UTF-8").encode(), "Bare line feeds — UTF-8"),
    ("https://www.bbc.co.uk/news/articles/c0000000",
     http("200 OK", HTML, article("A page of a defined site").encode()),
     "A page of a defined site"),
]
# (url, response block, extra WARC headers, skip reason) of every response record skipped.
SKIPPED = [
    ("https://news.example/logo.jpg", http("200 OK", [("Content-Type", "image/jpeg")],
                                           b"\xff\xd8\xff\xe0" + bytes(200)), {}, "non_html"),
    ("https://news.example/report.pdf", http("200 OK", [("Content-Type", "application/pdf")],
                                             b"%PDF-1.7\n" + bytes(200)), {}, "non_html"),
    ("https://news.example/gone", http("404 Not Found", HTML, article("Not found").encode()), {},
     "non_200"),
    ("https://news.example/moved", http("301 Moved Permanently",
                                        [("Location", "https://news.example/2024/03/utf8")], b""),
     {}, "non_200"),
    ("https://news.example/2024/03/cut", http("200 OK", HTML, article("Cut")[:80].encode()),
     {"WARC-Truncated": "length"}, "truncated"),
    ("https://news.example/garbage", b"\x00\xffNOT AN HTTP HEADER BLOCK\r\n\r\n<html></html>", {},
     "unparseable"),
]


def cc_news_members() -> list[bytes]:
    """The gzip members of a WARC the way CC-NEWS files are: warcinfo first, then a
    request/response/metadata triple for every page of PAGES and every skip of SKIPPED (the
    response of page i is member 2 + 3 i), a revisit last."""
    members = [member(WarcRecordType.warcinfo, None, b"software: test\r\nformat: WARC File "
                      b"Format 1.1\r\n", {"Content-Type": "application/warc-fields"},
                      is_http=False)]
    for url, block, _ in PAGES:
        members += exchange(url, block)
    for url, block, headers, _ in SKIPPED:
        members += exchange(url, block, **{k.replace("-", "_"): v for k, v in headers.items()})
    members.append(member(WarcRecordType.revisit, "https://news.example/2024/03/utf8",
                          http("200 OK", HTML, b""), {
                              "WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/"
                                              "identical-payload-digest",
                              "WARC-Refers-To-Target-URI": "https://news.example/2024/03/utf8"}))
    return members


def cc_news_file(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(cc_news_members()))
    return path


def replay(*paths: Path, site: str | None = None) -> tuple[list[ReplayedPage], dict, Crawler]:
    crawler = get_crawler(Spider)
    pages = list(WarcReplay(crawler, paths, get_site(site) if site else None))
    return pages, crawler.stats.get_stats(), crawler


@pytest.fixture
def cc_news(tmp_path: Path) -> Iterator[Path]:
    yield cc_news_file(tmp_path / "CC-NEWS-20240305070809-00000.warc.gz")


def test_every_record_is_handed_on_or_counted(cc_news: Path) -> None:
    pages, stats, _ = replay(cc_news)
    assert [page.response.url for page in pages] == [url for url, _, _ in PAGES]
    records = 1 + 3 * (len(PAGES) + len(SKIPPED)) + 1
    skipped = {key.rpartition("/")[2]: value for key, value in stats.items()
               if key.startswith("newscrawl/warc/skipped/")}
    assert skipped == {"warcinfo": 1, "request": len(PAGES) + len(SKIPPED),
                       "metadata": len(PAGES) + len(SKIPPED), "revisit": 1,
                       "non_html": 2, "non_200": 2, "truncated": 1, "unparseable": 1}
    assert stats["newscrawl/warc/read"] == records == len(pages) + sum(skipped.values())
    assert stats["newscrawl/warc/replayed"] == len(pages)
    assert "newscrawl/warc/broken_files" not in stats


def test_pages_decode_in_their_charset_and_coding(cc_news: Path) -> None:
    pages, _, _ = replay(cc_news)
    for page, (url, _, text) in zip(pages, PAGES, strict=True):
        assert text in page.response.text, url
        fields = extract_page(Page.from_response(page.response), page.site)
        assert fields["title"].startswith(text), url
        assert "Markets rose on Tuesday" in fields["body"]
        assert page.scraped_at == "2024-03-05T07:08:09+00:00"
        assert str(page.response.ip_address) == "192.0.2.1"


def test_the_site_is_chosen_by_domain_else_generic_or_as_given(cc_news: Path) -> None:
    pages, _, _ = replay(cc_news)
    sites = {page.response.url: (page.site.name if page.site else None, page.site_name)
             for page in pages}
    assert sites["https://www.bbc.co.uk/news/articles/c0000000"] == ("bbc", "bbc")
    assert sites["https://news.example/2024/03/utf8"] == (None, "news.example")
    given, _, _ = replay(cc_news, site="demo")
    assert {page.site_name for page in given} == {"demo"}


def test_the_stats_of_a_replay_do_not_grow_with_its_sites(cc_news: Path, tmp_path: Path) -> None:
    """An archive of a crawl of the web holds thousands of hosts: no stat per host (each
    one's item counts were nine stats a host, 99 % of a 993-page replay's stats)."""
    # Its pages state no date: the fill-rate monitor would fail the run.
    result = run_crawl(tmp_path, f"warc={cc_news}", settings={"SPIDERMON_ENABLED": False})
    assert result.returncode == 0, result.stderr[-3000:]
    hosts = {urlsplit(url).hostname for url, _, _ in PAGES}
    assert len(hosts) > 1 and result.stats["newscrawl/warc/replayed"] == len(PAGES)
    assert not [key for key in result.stats if any(host in key for host in hosts)]


@pytest.mark.parametrize("rest", [False, True], ids=["file-ends", "members-follow"])
def test_a_gzip_member_cut_in_half_costs_its_record_alone(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, rest: bool) -> None:
    members = cc_news_members()
    # The fourth page's response member cut in half: the file ends there, or (a damaged
    # copy) the following members are still there and are read. A later good file is read
    # either way.
    response = 2 + 3 * 3
    cut = tmp_path / "a-cut.warc.gz"
    cut.write_bytes(b"".join(members[:response]) + members[response][:len(members[response]) // 2]
                    + (b"".join(members[response + 1:]) if rest else b""))
    later = cc_news_file(tmp_path / "b-later.warc.gz")
    with caplog.at_level(logging.INFO):
        pages, stats, _ = replay(cut, later)
    urls = [page.response.url for page in pages]
    after = [url for url, _, _ in PAGES[4:]] if rest else []
    assert urls == [url for url, _, _ in PAGES[:3]] + after + [url for url, _, _ in PAGES]
    assert stats["newscrawl/warc/broken_files"] == stats["newscrawl/warc/damaged"] == 1
    errors = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(errors) == 1 and errors[0].exc_info is None
    message = errors[0].getMessage()
    assert f"a-cut.warc.gz is damaged after {response} whole records" in message
    next_member = sum(map(len, members[:response])) + len(members[response]) // 2
    assert message.endswith(f"read on at byte {next_member}" if rest
                            else "the rest of it is not replayed")


def test_an_empty_gzip_member_between_records_ends_nothing(tmp_path: Path) -> None:
    """Files joined with ``cat`` may hold an empty gzip member (a compressed empty file):
    FastWARC ended the file there, and every record after it was lost without a word."""
    members = cc_news_members()
    joined = tmp_path / "joined.warc.gz"
    joined.write_bytes(b"".join(members[:5]) + gzip.compress(b"") + b"".join(members[5:]))
    pages, stats, _ = replay(joined)
    whole, _, _ = replay(cc_news_file(tmp_path / "whole.warc.gz"))
    assert [page.response.url for page in pages] == [page.response.url for page in whole]
    assert "newscrawl/warc/damaged" not in stats


def test_damage_in_several_places_costs_the_records_it_hits(tmp_path: Path,
                                                            caplog: pytest.LogCaptureFixture
                                                            ) -> None:
    """A flipped byte in one member's WARC header, garbage between two members, a member
    cut in half: each costs its own record; every other page is replayed."""
    members = cc_news_members()
    first, second, third = (2 + 3 * n for n in (1, 3, 5))  # three pages' response members
    header = bytearray(gzip.decompress(members[first]))
    header[:4] = b"XARC"
    damaged = [*members[:first], gzip.compress(bytes(header)), *members[first + 1:second],
               b"\x00garbage\x1f\x8b\x08 not a member", *members[second:third],
               members[third][:20], *members[third + 1:]]
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(b"".join(damaged))
    with caplog.at_level(logging.INFO):
        pages, stats, _ = replay(path)
    lost = {PAGES[1][0], PAGES[5][0]}
    assert [page.response.url for page in pages] == [url for url, _, _ in PAGES
                                                     if url not in lost]
    assert stats["newscrawl/warc/damaged"] == 3 and stats["newscrawl/warc/broken_files"] == 1
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 3


def test_damage_in_an_uncompressed_file_costs_the_record_it_hits(tmp_path: Path) -> None:
    """Without gzip members, reading goes on at the next WARC version line."""
    records = [gzip.decompress(member) for member in cc_news_members()]
    response = 2 + 3 * 1  # the second page's response record
    damaged = bytearray(records[response])
    damaged[:4] = b"XARC"
    path = tmp_path / "plain.warc"
    path.write_bytes(b"".join([*records[:response], bytes(damaged), *records[response + 1:]]))
    pages, stats, _ = replay(path)
    assert [page.response.url for page in pages] == [url for url, _, _ in PAGES
                                                     if url != PAGES[1][0]]
    assert stats["newscrawl/warc/damaged"] == 1


def test_a_file_that_ends_inside_a_record_stops_with_one_line(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    members = cc_news_members()
    # Whole gzip members, the last of which holds half of the third page's response record.
    record = gzip.decompress(members[2 + 3 * 2])
    cut = tmp_path / "ends-inside.warc.gz"
    cut.write_bytes(b"".join(members[:2 + 3 * 2]) + gzip.compress(record[:len(record) // 2]))
    with caplog.at_level(logging.INFO):
        pages, stats, _ = replay(cut)
    assert [page.response.url for page in pages] == [url for url, _, _ in PAGES[:2]]
    assert stats["newscrawl/warc/broken_files"] == 1
    (error,) = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert "ends inside record" in error.getMessage()


@pytest.mark.parametrize(("content", "message"), [
    (gzip.compress(b"<html>not an archive</html>"), "Invalid WARC header"),
    (b"", "no WARC record in it"),
], ids=["html", "empty"])
def test_a_file_that_is_no_warc_is_one_line(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                            content: bytes, message: str) -> None:
    notes = tmp_path / "notes.warc.gz"
    notes.write_bytes(content)
    pages, stats, _ = replay(notes)
    assert pages == [] and stats["newscrawl/warc/broken_files"] == 1
    (error,) = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert message in error.getMessage()


def test_paths_are_a_file_a_folder_or_a_glob(cc_news: Path, tmp_path: Path) -> None:
    other = cc_news_file(tmp_path / "sub" / "x.warc")
    (tmp_path / "notes.txt").write_text("not an archive")
    assert warc_paths(str(cc_news)) == [cc_news]
    assert warc_paths(str(tmp_path)) == [cc_news]
    assert warc_paths(str(tmp_path / "**" / "*.warc*")) == sorted([cc_news, other])
    with pytest.raises(ValueError, match=r"no \.warc or \.warc\.gz file"):
        warc_paths(str(tmp_path / "missing" / "*.warc.gz"))


def test_a_replay_is_named_after_its_collection_else_its_file(cc_news: Path,
                                                               tmp_path: Path) -> None:
    def named(path: Path) -> str:
        return CrawlArgs.parse({"warc": str(path)}).site_name

    assert named(cc_news) == "CC-NEWS-20240305070809-00000"  # its warcinfo has no isPartOf
    collection = tmp_path / "collection" / "a.warc.gz"
    members = cc_news_members()
    members[0] = member(WarcRecordType.warcinfo, None,
                        b"software: test\r\nisPartOf: CC-NEWS 2024/03\r\n",
                        {"Content-Type": "application/warc-fields"}, is_http=False)
    collection.parent.mkdir()
    collection.write_bytes(b"".join(members))
    assert named(collection.parent) == "CC-NEWS-2024-03"  # fit to name a folder
    assert CrawlArgs.parse({"warc": str(collection), "site": "bbc"}).site_name == "bbc"


def test_roles_of_a_newscrawl_recording_decide_what_is_replayed(tmp_path: Path,
                                                                 crawl: Any) -> None:
    json_head = [("Content-Type", "application/json; charset=UTF-8")]
    records = [
        ("https://news.example/wp-json/wp/v2/posts", http("200 OK", json_head, b"[]"), "posts"),
        ("https://news.example/?rest_route=/wp/v2/posts",
         http("200 OK", HTML, article("An error page, not posts").encode()), "posts"),
        ("https://news.example/2024/03/shell", http("200 OK", HTML, article("Shell").encode()),
         "article"),
        ("https://news.example/2024/03/new-role", http("200 OK", HTML, article("New").encode()),
         "a-role-of-a-later-version"),
        ("https://news.example/section/markets", http("200 OK", HTML, article("List").encode()),
         "listing"),
    ]
    members = [member(WarcRecordType.response, url, block, {
        "WARC-Newscrawl-Page": role,
        **({"WARC-Newscrawl-Superseded": "rendered"} if url.endswith("shell") else {})})
        for url, block, role in records]
    path = tmp_path / "recorded.warc.gz"
    path.write_bytes(b"".join(members))
    pages, stats, _ = replay(path)
    assert [(page.response.url, str(page.role)) for page in pages] == [
        (records[0][0], "posts"), (records[1][0], "posts")]
    assert stats["newscrawl/warc/skipped/superseded"] == 1
    assert stats["newscrawl/warc/skipped/not_article"] == 2  # unknown role, listing
    result = crawl(f"warc={path}", workdir=tmp_path / "crawl")
    assert result.stats["newscrawl/warc/skipped/not_posts"] == 1  # the error page
    assert result.stats["newscrawl/warc/replayed"] == 2


def test_a_warc_date_of_less_precision_dates_the_page(tmp_path: Path) -> None:
    # WARC dates follow the W3C profile of ISO 8601, which allows a day, a month or a
    # year alone: the page is replayed, dated at the start of it. A record without a
    # readable date is counted as unparseable.
    dates = {"2024-03-05": "2024-03-05T00:00:00+00:00", "2024-03": "2024-03-01T00:00:00+00:00",
             "2024-03-05T07:08+01:00": "2024-03-05T06:08:00+00:00",
             "2024-03-05T07:08:09.25Z": "2024-03-05T07:08:09+00:00", "yesterday": None}
    path = tmp_path / "dates.warc.gz"
    path.write_bytes(b"".join(
        member(WarcRecordType.response, f"https://news.example/2024/03/{number}",
               http("200 OK", HTML, article(f"Dated {number}").encode()), {"WARC-Date": date})
        for number, date in enumerate(dates)))
    pages, stats, _ = replay(path)
    assert [page.scraped_at for page in pages] == [at for at in dates.values() if at]
    assert stats["newscrawl/warc/skipped/unparseable"] == 1
