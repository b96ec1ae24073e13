"""De-duplication by canonical URL (within and across runs) and by near-duplicate body."""

from __future__ import annotations

import hashlib
import random
import re

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from newscrawl.demo.content import load_site
from newscrawl.ledger import Candidate
from newscrawl.ledger.sqlite import SQLiteLedger
from newscrawl.pipelines.dedupe import (
    DedupePipeline,
    band_keys,
    body_signature,
    nearest,
    similarity,
)
from newscrawl.pipelines.store import StorePipeline

_WORDS = ("market rates bank policy inflation growth shares bonds yields traders economy "
          "quarter profit earnings forecast demand supply prices energy oil gold housing "
          "credit consumer retail jobs wages exports tariffs currency budget debt tax "
          "company board merger deal fund pension risk index rally slump outlook")
VOCABULARY = _WORDS.split(" ")


def text(seed: str, words: int = 300) -> str:
    rng = random.Random(seed)
    sentences = [" ".join(rng.choice(VOCABULARY) for _ in range(12)) + "." for _ in
                 range(words // 12)]
    return "\n\n".join(" ".join(sentences[i:i + 4]) for i in range(0, len(sentences), 4))


def jaccard(a: str, b: str, n: int = 4) -> float:
    def shingles(value: str) -> set[str]:
        words = value.lower().replace(".", " ").split()
        return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}

    x, y = shingles(a), shingles(b)
    return len(x & y) / len(x | y)


def item(url: str, body: str, **overrides):
    return {"url": url, "site": "demo", "body": body, "modified": None,
            "published": "2024-12-01T08:00:00-05:00", **overrides}


LEDGER = {"newscrawl.ledger.CrawlLedger": 10}


class Crawl:
    """A crawler's dedupe and store pipelines over one store file, as in a real run."""

    def __init__(self, path, **settings) -> None:
        self.crawler = get_crawler(settings_dict={
            "EXTENSIONS": LEDGER, "NEWSCRAWL_STORE_PATH": str(path), **settings})
        self.crawler.stats.open_spider()
        self.dedupe = DedupePipeline.from_crawler(self.crawler)
        self.store = StorePipeline.from_crawler(self.crawler)
        self.closed = False

    def process(self, value: dict, delivered: bool = True) -> dict:
        """Through both pipelines; then, unless the feeds failed, delivered (as the feed
        exporter marks it)."""
        item = self.store.process_item(self.dedupe.process_item(value))
        if delivered:
            self.store.store.mark_delivered([item["url"]])
        return item

    def stat(self, name: str) -> int | None:
        return self.crawler.stats.get_value(f"newscrawl/dedupe/{name}")

    def close(self) -> None:
        """The spider closing: the pipelines commit, the store closes (once)."""
        if not self.closed:
            self.store.close_spider()
            self.store.store.close()
            self.closed = True


@pytest.fixture
def run(tmp_path):
    crawls = []

    def start(**settings) -> Crawl:
        crawls.append(Crawl(tmp_path / "store.sqlite3", **settings))
        return crawls[-1]

    yield start
    for opened in crawls:
        opened.close()


# --- the signature ------------------------------------------------------------------


def test_signature_of_the_same_text_is_the_same():
    body = text("a")
    assert body_signature(body) == body_signature(body + " ")  # punctuation, spacing ignored
    assert len(body_signature(body)) == 128
    assert similarity(body_signature(body), body_signature(body)) == 1.0


def reference_signature(body: str) -> tuple[int, ...]:
    """The signature as defined (and stored in ledgers): one ``blake2b(digest_size=8)`` per
    distinct 4-word shingle, low 7 bits the bin, high 32 bits the value, each bin's least."""
    words = re.findall(r"\w+", body.lower())
    shingles = ({" ".join(words[i:i + 4]) for i in range(len(words) - 3)}
                if len(words) > 4 else {" ".join(words)})
    mins: dict[int, int] = {}
    for shingle in shingles:
        h = int.from_bytes(hashlib.blake2b(shingle.encode(), digest_size=8).digest(), "little")
        mins[h & 127] = min(mins.get(h & 127, 1 << 32), h >> 32)
    return tuple(mins.get(slot, 1 << 32) for slot in range(128))


@pytest.mark.parametrize("body", [text("g"), text("h", 40), "Ünïcödé wörds, ÇAĞ İstanbul straße "
                                  "and more words than four here", "one two three four five"])
def test_signature_values_are_the_stored_ones(body):
    """A faster computation must not change what ledgers hold from earlier runs: every
    filled bin has the value of the definition (empty ones are densified)."""
    reference = reference_signature(body)
    signature = body_signature(body)
    assert [v for v, r in zip(signature, reference, strict=True) if r != 1 << 32] == [
        r for r in reference if r != 1 << 32]
    if 1 << 32 not in reference:
        assert signature == reference


def test_similarity_needs_signatures_of_one_length():
    with pytest.raises(ValueError, match="128 and 64"):
        similarity(body_signature(text("i")), body_signature(text("i"))[:64])


@pytest.mark.parametrize("extra_words", [12, 36, 90])
def test_similarity_estimates_the_jaccard_similarity(extra_words):
    original = text("b")
    edited = "A new first paragraph " + text("c", extra_words) + "\n\n" + original
    estimate = similarity(body_signature(original), body_signature(edited))
    assert abs(estimate - jaccard(original, edited)) < 0.12


def test_unrelated_texts_are_not_alike():
    assert similarity(body_signature(text("d")), body_signature(text("e"))) < 0.1


def test_short_texts_do_not_look_alike_for_leaving_bins_empty():
    a, b = "Markets rose on Monday morning.", "Oil fell sharply in late trade."
    assert similarity(body_signature(a), body_signature(b)) < 0.2


def test_bands_depend_on_the_scope():
    signature = body_signature(text("f"))
    assert len(band_keys(signature, "demo")) == 16
    assert not set(band_keys(signature, "demo")) & set(band_keys(signature, "other"))


def test_nearest_takes_the_most_similar_candidate_over_the_threshold():
    sig = (1, 2, 3, 4)
    close = Candidate("a", "http://a/", (1, 2, 3, 9))
    far = Candidate("b", "http://b/", (1, 9, 9, 9))
    assert nearest(sig, [far, close], 0.7) == (close, 0.75)
    assert nearest(sig, [far], 0.7) is None
    assert nearest(sig, [], 0.7) is None


def test_no_two_demo_articles_are_near_duplicates():
    """The demo's bodies share many sentences (one generator): the false-positive test."""
    signatures = [(article.index, body_signature(article.body_text()))
                  for article in load_site(240).articles]
    with SQLiteLedger("") as store:
        for index, signature in signatures:
            url = f"http://demo.test/{index}/"
            key_bands = band_keys(signature, "demo")
            assert nearest(signature, store.candidates(key_bands), 0.8) is None, url
            store.save(item(url, str(index)), signature, key_bands)


# --- the pipeline -------------------------------------------------------------------


def test_same_article_under_tracking_parameters_is_emitted_once(run):
    crawl = run()
    first = item("http://news.test/a/?id=1", text("g"))
    assert crawl.process(first) is first
    with pytest.raises(DropItem):
        crawl.process(item("http://news.test/a/?utm_source=x&id=1", text("g")))
    assert crawl.process(item("http://news.test/b/", text("h")))
    assert crawl.stat("duplicate_url") == 1


def test_an_article_from_an_earlier_run_is_dropped_unless_it_changed(run):
    first = run()
    first.process(item("http://news.test/a/", text("i")))
    first.process(item("http://news.test/b/", text("j")))
    first.close()
    second = run()
    with pytest.raises(DropItem, match="unchanged since an earlier run"):
        second.process(item("http://news.test/a/", text("i")))
    assert second.stat("seen_before") == 1
    changed = item("http://news.test/b/", text("j") + "\n\nUpdate: new figures.",
                   modified="2024-12-02T09:00:00-05:00")
    assert second.process(changed) is changed
    assert second.stat("new_version") == 1
    assert second.crawler.stats.get_value("newscrawl/store/updated") == 1
    assert len(second.dedupe.store.versions(changed["url"])) == 2


def test_an_article_stored_but_never_delivered_is_emitted_again_once(run):
    first = run()
    first.process(item("http://news.test/a/", text("i")), delivered=False)  # feed write failed
    first.close()
    second = run()
    again = item("http://news.test/a/", text("i"))
    assert second.process(again) is again
    assert second.stat("undelivered") == 1
    assert second.crawler.stats.get_value("newscrawl/store/unchanged") == 1
    assert len(second.dedupe.store.versions(again["url"])) == 1
    second.close()
    third = run()
    with pytest.raises(DropItem, match="unchanged since an earlier run"):
        third.process(item("http://news.test/a/", text("i")))


def test_not_incremental_emits_unchanged_articles_and_adds_no_version(run):
    first = run()
    first.process(item("http://news.test/a/", text("i")))
    first.close()
    full = run(NEWSCRAWL_INCREMENTAL=False)
    again = item("http://news.test/a/", text("i"))
    assert full.process(again) is again
    assert full.stat("unchanged") == 1 and full.stat("seen_before") is None
    assert len(full.dedupe.store.versions(again["url"])) == 1
    with pytest.raises(DropItem, match="duplicate"):  # still once per run
        full.process(item("http://news.test/a/", text("i")))


def test_the_same_story_under_another_url_is_one_article_with_both_urls(run):
    crawl = run()
    story = text("k")
    original = item("http://news.test/2024/12/01/wire-story/", story)
    crawl.process(original)
    copy = item("http://news.test/markets/wire-story-copy/",
                "LONDON (Wire) - " + story + "\n\nReporting by Jane Doe.")
    with pytest.raises(DropItem, match=r"near-duplicate \(\d+% alike\) of http://news.test/2024"):
        crawl.process(copy)
    assert crawl.stat("near_duplicate") == 1
    store = crawl.dedupe.store
    assert store.alias_of(copy["url"]) == original["url"]
    assert store.other_urls(original["url"]) == [copy["url"]]
    assert crawl.process(item("http://news.test/other/", text("l")))  # unrelated: kept


def test_near_duplicates_are_found_across_runs(run):
    first = run()
    first.process(item("http://news.test/one/", text("m")))
    first.close()
    second = run()
    with pytest.raises(DropItem, match="near-duplicate"):
        second.process(item("http://news.test/two/", text("m") + " And one more line."))


def test_near_duplicates_only_within_a_site(run):
    crawl = run()
    crawl.process(item("http://news.test/one/", text("n")))
    other_site = item("http://other.test/one/", text("n"), site="other")
    assert crawl.process(other_site) is other_site


def test_an_article_moved_to_another_site_finds_its_near_duplicates_there(run):
    """Stored by a generic crawl (named after the host), met unchanged by a crawl with the
    site's definition: the article is that site's now, and so are its signature's bands."""
    generic = run()
    generic.process(item("http://news.test/one/", text("p"), site="news.test"))
    generic.close()
    defined = run()
    with pytest.raises(DropItem, match="unchanged since an earlier run"):
        defined.process(item("http://news.test/one/", text("p")))
    assert defined.stat("other_site") == 1
    with pytest.raises(DropItem, match="near-duplicate"):
        defined.process(item("http://news.test/two/", text("p") + " And one more line."))


def test_near_duplicate_detection_can_be_turned_off(run):
    crawl = run(NEWSCRAWL_NEAR_DUPLICATE_THRESHOLD=0)
    crawl.process(item("http://news.test/one/", text("o")))
    assert crawl.process(item("http://news.test/two/", text("o")))
    assert crawl.stat("near_duplicate") is None


def test_a_store_that_cannot_be_read_drops_the_item_counted_and_stops_the_crawl(run,
                                                                               own_postgres):
    # An item the ledger cannot check must not pass unchecked, nor vanish uncounted: the
    # crawl stops, failed, and the next run fetches it again.
    crawl = run(NEWSCRAWL_STORE_URL=own_postgres.create_database("dedupe"))
    own_postgres.kill()
    with pytest.raises(DropItem, match="not checked against the store"):
        crawl.dedupe.process_item(item("http://n.test/a/", "Some words. " * 20))
    stats = crawl.crawler.stats
    assert stats.get_value("newscrawl/store/failed") == 1
    assert stats.get_value("newscrawl/store/error").startswith("postgresql://127.0.0.1:")
