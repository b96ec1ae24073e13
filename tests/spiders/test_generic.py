"""Generic mode: the demo site crawled with no site definition at all."""

from __future__ import annotations

from newscrawl.schema import FIELDS

# The site name is the host in generic mode; the rest must match the ground truth.
COMPARED = [name for name in FIELDS if name not in ("site", "scraped_at", "provenance")]


def test_generic_crawl_finds_every_article_and_nothing_else(demo_url, crawl, truth, tmp_path):
    result = crawl(f"start_url={demo_url}/", settings={"NEWSCRAWL_STATE_DIR": tmp_path / "s"})
    assert result.returncode == 0, result.stderr[-3000:]
    items = result.feed("127.0.0.1")
    expected = truth(demo_url)
    urls = [item["url"] for item in items]
    assert len(urls) == len(set(urls))
    assert set(urls) == set(expected), "recall and precision must both be 1.0"
    exact = [item for item in items
             if all(item[name] == expected[item["url"]][name] for name in COMPARED)]
    assert len(exact) >= 0.95 * len(expected)
    assert all(item["site"] == "127.0.0.1" for item in items)
    provenance = items[0]["provenance"]
    assert provenance["title"] == "jsonld" and provenance["body"] == "body"
