"""Recording a real crawl of the demo site to WARC, read back with FastWARC: every fetched
response is there with its request, digests verify, one gzip member per record, files
rotate; a folder that cannot be written fails the run; the recording replays to the pages
the live crawl made its items of."""

from __future__ import annotations

import sys
import zlib
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from fastwarc.warc import ArchiveIterator, WarcRecordType
from scrapy import Spider
from scrapy.utils.test import get_crawler

from newscrawl.extract import Page, extract_page
from newscrawl.pipelines.clean import clean_article
from newscrawl.warc.recorder import FAILED_REASON
from newscrawl.warc.replay import WarcReplay, warc_paths
from tests.conftest import SCRAPY, CrawlResult, run_crawl

MAX_SIZE = 60_000  # a few dozen demo pages per file: the crawl must rotate


def gzip_members(path: Path) -> int:
    data = path.read_bytes()
    members = 0
    while data:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        inflater.decompress(data)
        assert inflater.eof, f"{path} ends inside a gzip member"
        data = inflater.unused_data
        members += 1
    return members


@pytest.fixture(scope="module")
def recorded(demo_url: str, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    workdir = tmp_path_factory.mktemp("record")
    return run_crawl(workdir, "site=demo", f"start_url={demo_url}/", "max_articles=20",
                     settings={"NEWSCRAWL_WARC_DIR": "warc",
                               "NEWSCRAWL_WARC_MAX_SIZE": MAX_SIZE})


def test_every_fetched_response_is_recorded_with_its_request(recorded: CrawlResult,
                                                             demo_url: str) -> None:
    assert recorded.returncode == 0, recorded.stderr[-2000:]
    files = sorted((recorded.output.parent / "warc").glob("*.warc.gz"))
    responses: dict[str, str] = {}  # record id -> URL
    requests_to: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for path in files:
        records = list(ArchiveIterator(path.open("rb"), parse_http=False))
        assert records[0].record_type == WarcRecordType.warcinfo
        assert records[0].headers["WARC-Filename"] == path.name
        for record in records:
            types[str(record.record_type)] += 1
            assert record.headers["WARC-Date"].endswith("Z")
            if record.record_type == WarcRecordType.response:
                responses[record.record_id] = record.headers["WARC-Target-URI"]
                assert record.headers["WARC-IP-Address"] == "127.0.0.1"
            elif record.record_type == WarcRecordType.request:
                requests_to[record.headers["WARC-Concurrent-To"]] += 1
    stats = recorded.stats
    # One response record per response the downloader got, and one request for each.
    assert len(responses) == stats["downloader/response_count"]
    assert requests_to == Counter(responses.keys())
    urls = set(responses.values())
    assert {f"{demo_url}/robots.txt", f"{demo_url}/"} <= urls
    assert any("sitemap" in url for url in urls) and any("/feed" in url for url in urls)
    assert {item["url"] for item in recorded.feed("demo")} <= urls
    assert types == Counter(warcinfo=len(files), request=len(responses),
                            response=len(responses))
    assert stats["newscrawl/warc/records"] == sum(types.values())
    assert stats["newscrawl/warc/files"] == len(files)
    assert stats["newscrawl/warc/bytes"] == sum(path.stat().st_size for path in files)
    report = (recorded.output / "demo" / "report.md").read_text()
    assert f"| web archive written | {len(files)} files," in report and "in `warc` |" in report


def test_digests_verify_and_every_record_is_its_own_gzip_member(recorded: CrawlResult) -> None:
    files = sorted((recorded.output.parent / "warc").glob("*.warc.gz"))
    records = 0
    for path in files:
        for record in ArchiveIterator(path.open("rb"), parse_http=False):
            assert record.verify_block_digest(), record.headers.get("WARC-Target-URI")
            records += 1
        payloads = 0
        for record in ArchiveIterator(path.open("rb"), record_types=WarcRecordType.response):
            assert record.headers["WARC-Payload-Digest"].startswith("sha1:")
            assert record.verify_payload_digest(), record.headers["WARC-Target-URI"]
            payloads += 1
        assert payloads > 0
        assert gzip_members(path) == len(list(ArchiveIterator(path.open("rb"))))
    assert records == recorded.stats["newscrawl/warc/records"]


def test_files_rotate_before_they_pass_the_maximum_size(recorded: CrawlResult) -> None:
    files = sorted((recorded.output.parent / "warc").glob("*.warc.gz"))
    assert len(files) >= 3
    assert all(path.name.startswith("demo-") for path in files)
    for path in files:
        exchanges = sum(1 for _ in ArchiveIterator(path.open("rb"),
                                                   record_types=WarcRecordType.response))
        # Over the limit only when one exchange alone is larger.
        assert path.stat().st_size <= MAX_SIZE or exchanges == 1


def test_the_recording_replays_to_the_live_crawls_articles(recorded: CrawlResult) -> None:
    crawler = get_crawler(Spider)
    pages = list(WarcReplay(crawler, warc_paths(str(recorded.output.parent / "warc"))))
    live = {item["url"]: item for item in recorded.feed("demo")}
    assert len(live) == 20
    # Listings, feeds, sitemaps and robots.txt were recorded but are no articles.
    assert sorted(page.response.url for page in pages) == sorted(live)
    stats = crawler.stats.get_stats()
    assert stats["newscrawl/warc/skipped/not_article"] > 0
    for page in pages:
        assert page.site is not None and page.site.name == "demo"
        fields = extract_page(Page.from_response(page.response), page.site)
        item = clean_article({**fields, "url": page.response.url, "site": page.site_name,
                              "scraped_at": page.scraped_at}, page.site.tz)
        expected = live[page.response.url]
        # The body without the template text the live crawl learned from listings.
        uncompared = {"body", "word_count", "provenance", "scraped_at"}
        assert {k: v for k, v in item.items() if k not in uncompared} == {
            k: v for k, v in expected.items() if k not in uncompared}
        assert set(expected["body"].split("\n\n")) <= set(item["body"].split("\n\n"))
        # Fetched in the same minute or the one before (the item is made after the fetch).
        assert 0 <= (datetime.fromisoformat(expected["scraped_at"])
                     - datetime.fromisoformat(page.scraped_at)).total_seconds() < 60


def test_scrapy_crawl_replays_the_recording_into_the_feeds(recorded: CrawlResult,
                                                            tmp_path: Path) -> None:
    archive = recorded.output.parent / "warc"
    replayed = run_crawl(tmp_path, f"warc={archive}", "site=demo")
    assert replayed.returncode == 0, replayed.stderr[-3000:]
    live = {item["url"]: item for item in recorded.feed("demo")}
    items = {item["url"]: item for item in replayed.feed("demo")}
    assert sorted(items) == sorted(live)
    assert replayed.stats.get("downloader/request_count", 0) == 0  # nothing fetched
    for url, item in items.items():
        assert item["title"] == live[url]["title"] and item["published"] == live[url]["published"]
    report = (replayed.output / "demo" / "report.md").read_text()
    assert (f"| replayed from the web archive | `{archive}`: {len(live)} pages of "
            f"{replayed.stats['newscrawl/warc/read']} records, ") in report
    # A path that names no archive is refused before anything runs.
    refused = run_crawl(tmp_path / "none", f"warc={tmp_path / 'missing'}")
    assert refused.returncode == 2 and "bad argument warc" in refused.stderr


def test_replaying_it_again_drops_every_article_below_info(recorded: CrawlResult,
                                                          tmp_path: Path) -> None:
    """An unchanged article is what an incremental run expects: counted, logged at DEBUG,
    never with the article under the line (Scrapy wrote each one whole at WARNING)."""
    archive = recorded.output.parent / "warc"
    first = run_crawl(tmp_path, f"warc={archive}", "site=demo")
    again = run_crawl(tmp_path, f"warc={archive}", "site=demo")
    assert first.returncode == again.returncode == 0, again.stderr[-3000:]
    live = recorded.feed("demo")
    assert again.stats["newscrawl/dedupe/seen_before"] == len(live)
    assert "Dropped" not in again.stderr
    assert not [item["url"] for item in live if item["body"][:80] in again.stderr]
    assert again.stats.get("log_count/WARNING", 0) == 0


def test_a_folder_that_cannot_be_written_fails_the_run(demo_url: str, tmp_path: Path) -> None:
    (tmp_path / "warc").write_text("a file where the archive folder should be")
    result = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/", "max_articles=5",
                       settings={"NEWSCRAWL_WARC_DIR": "warc/demo"})
    assert result.returncode != 0
    assert result.stats["finish_reason"] == FAILED_REASON
    assert result.stats["newscrawl/warc/write_failed"] == 1
    lines = [line for line in result.stderr.splitlines()
             if "cannot write the web archive" in line]
    assert len(lines) == 1 and "warc/demo" in lines[0], result.stderr[-2000:]


def test_a_full_disk_leaves_whole_records_only(demo_url: str, tmp_path: Path) -> None:
    # Files of at most 150 kB (EFBIG, as on a full disk): the archive reaches it first.
    limited = ("prlimit", "--fsize=150000", *SCRAPY)
    result = run_crawl(tmp_path, "site=demo", f"start_url={demo_url}/", "max_articles=100",
                       settings={"NEWSCRAWL_WARC_DIR": "warc", "NEWSCRAWL_STORE_PATH": ""},
                       program=limited)
    assert result.stats["finish_reason"] == FAILED_REASON, result.stderr[-2000:]
    assert "File too large" in result.stats["newscrawl/warc/error"]
    (path,) = (tmp_path / "warc").glob("*.warc.gz")
    assert 0 < path.stat().st_size <= 150_000
    # Cut back to the last whole exchange: every member whole, every request answered.
    types = []
    for record in ArchiveIterator(path.open("rb"), parse_http=False):
        assert record.verify_block_digest()
        types.append(record.record_type)
    assert gzip_members(path) == len(types) > 1
    assert types[-1] == WarcRecordType.response


def test_worker_processes_replay_to_the_same_items_in_the_same_order(recorded: CrawlResult,
                                                                      tmp_path: Path) -> None:
    archive = recorded.output.parent / "warc"
    one = run_crawl(tmp_path / "one", f"warc={archive}", "site=demo")
    two = run_crawl(tmp_path / "two", f"warc={archive}", "site=demo", "workers=2")
    assert one.returncode == two.returncode == 0, two.stderr[-3000:]

    assert len(one.feed("demo")) == 20
    assert two.feed("demo") == one.feed("demo")
    assert two.stats["newscrawl/warc/workers"] == 2
    # Workers are for replays: a live crawl is refused before anything runs.
    refused = run_crawl(tmp_path / "live", "site=demo", "workers=2")
    assert refused.returncode == 2 and "workers=N is for replays" in refused.stderr


@pytest.mark.parametrize("workers", [1, 2])
def test_a_page_whose_extraction_raises_costs_that_page_alone(
        recorded: CrawlResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        workers: int) -> None:
    """A bug one page hits loses that page, counted and logged, and fails the run; the
    rest of the archive is replayed. (Raised out of the spider's start(), it ended the
    replay there.)"""
    live = [item["url"] for item in recorded.feed("demo")]
    monkeypatch.setenv("NEWSCRAWL_TEST_BUGGY_URL", live[2])
    script = ("import sys\n"
              f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
              "import buggy_extraction, newscrawl.spiders.news, newscrawl.warc.workers\n"
              "newscrawl.spiders.news.extract_response = buggy_extraction.extract_response\n"
              "newscrawl.warc.workers._extract = buggy_extraction.extract\n"
              "from scrapy.cmdline import execute\n"
              "execute(sys.argv)\n")
    result = run_crawl(tmp_path, f"warc={recorded.output.parent / 'warc'}", "site=demo",
                       f"workers={workers}", program=(sys.executable, "-c", script))
    assert result.returncode == 3, result.stderr[-3000:]
    assert result.stats["spider_exceptions/ValueError"] == 1
    assert [item["url"] for item in result.feed("demo")] == live[:2] + live[3:]
    assert f"newscrawl: replaying {live[2]} failed" in result.stderr


def test_a_worker_that_dies_stops_the_replay_with_one_line(recorded: CrawlResult,
                                                           tmp_path: Path) -> None:
    script = ("import sys\n"
              f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
              "import dying_worker, newscrawl.warc.workers\n"
              "newscrawl.warc.workers._extract = dying_worker.extract\n"
              "from scrapy.cmdline import execute\n"
              "execute(sys.argv)\n")
    result = run_crawl(tmp_path, f"warc={recorded.output.parent / 'warc'}", "site=demo",
                       "workers=2", program=(sys.executable, "-c", script))
    assert result.returncode == 5, result.stderr[-3000:]
    assert result.stats["finish_reason"] == "replay_failed"
    lines = [line for line in result.stderr.splitlines() if "extraction worker died" in line]
    assert len(lines) == 1


@pytest.mark.parametrize("stop", ["itemcount", "feed"])
def test_a_replay_told_to_stop_stops(recorded: CrawlResult, tmp_path: Path, stop: str) -> None:
    """A replay whose close began while an item was in the pipelines (Ctrl-C, a
    CLOSESPIDER_* limit, a feed that failed) waited for ever: Scrapy checks for the end of
    a close after each response, and a replay's items have none. It also went on reading
    the archive while it closed, and wrote every item past the limit."""
    archive = recorded.output.parent / "warc"
    live = recorded.feed("demo")
    if stop == "itemcount":
        result = run_crawl(tmp_path, f"warc={archive}", "site=demo", timeout=120,
                           settings={"CLOSESPIDER_ITEMCOUNT": 3,
                                     "NEWSCRAWL_STORE_COMMIT_ITEMS": 1})
        assert result.returncode == 0, result.stderr[-3000:]
        assert result.stats["finish_reason"] == "closespider_itemcount"
        assert 3 <= len(result.feed("demo")) < len(live)
    else:
        # Files of at most 3 kB: the feed fails after its first batches.
        limited = ("prlimit", "--fsize=3000", sys.executable, "-m", "scrapy")
        result = run_crawl(tmp_path, f"warc={archive}", "site=demo", timeout=120,
                           program=limited, settings={"NEWSCRAWL_STORE_COMMIT_ITEMS": 1})
        assert result.returncode == 4, result.stderr[-3000:]
        assert "newscrawl: output not written" in result.stderr
