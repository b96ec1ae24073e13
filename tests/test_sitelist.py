"""The ``sites`` argument: lists in a file or inline, collections, and a bad entry named by
its line before anything is fetched."""

from __future__ import annotations

import pytest

from newscrawl.args import ArgumentError, CrawlArgs
from newscrawl.sites import all_sites


def runs(value: str, **shared: str) -> list[dict[str, str]]:
    return list(CrawlArgs.parse({"sites": value, **shared}).site_runs().values())


def test_a_file_lists_definitions_start_urls_and_generic_sites(tmp_path):
    listing = tmp_path / "sites.txt"
    listing.write_text("# the desk's sites\n"
                       "bbc\n"
                       "\n"
                       "demo http://127.0.0.1:8000/   # the local copy\n"
                       "  http://127.0.0.2:8001/#top\n")
    assert runs(str(listing), max_articles="5") == [
        {"site": "bbc", "max_articles": "5"},
        {"site": "demo", "start_url": "http://127.0.0.1:8000/", "max_articles": "5"},
        {"start_url": "http://127.0.0.2:8001/#top", "max_articles": "5"},
    ]


def test_a_file_saved_with_a_byte_order_mark_reads_the_same(tmp_path):
    # Windows editors write one; it made line 1 an unknown site '\ufeffdemo'.
    listing = tmp_path / "sites.txt"
    listing.write_text("demo http://127.0.0.1:8000/\n", encoding="utf-8-sig")
    assert runs(str(listing)) == [{"site": "demo", "start_url": "http://127.0.0.1:8000/"}]


def test_inline_entries_are_separated_by_commas():
    assert runs("bbc,reuters,https://example.org/") == [
        {"site": "bbc"}, {"site": "reuters"}, {"start_url": "https://example.org/"}]


def test_collections_come_from_the_definitions_data():
    sites = all_sites()
    gb = [run["site"] for run in runs("country:gb")]
    assert gb and all(sites[name].country == "gb" for name in gb)
    assert gb == sorted(name for name, site in sites.items() if site.country == "gb")
    english = {run["site"] for run in runs("language:en")}
    assert set(gb) <= english
    everything = [run["site"] for run in runs("all")]
    assert "bbc" in everything and "demo" not in everything  # the demo is local


def test_every_public_definition_has_a_country():
    assert [name for name, site in all_sites().items()
            if site.country is None and name != "demo"] == []


def test_a_site_listed_twice_is_crawled_once_and_a_collection_overlaps_quietly():
    assert runs("bbc,country:gb").count({"site": "bbc"}) == 1


def test_sites_on_one_host_with_different_ports_are_different_sites():
    names = [CrawlArgs.parse(run).site_name
             for run in runs("http://127.0.0.1:8001/,http://127.0.0.1:8002/")]
    assert names == ["127.0.0.1:8001", "127.0.0.1:8002"]


@pytest.mark.parametrize(("lines", "message"), [
    ("bbc\nbbcc\n", "line 2: unknown site 'bbcc'; did you mean bbc?"),
    ("bbc\n\n# x\nexample.org\n", "line 4: unknown site 'example.org'; a URL starts with"),
    ("bbc http://a.test/ extra\n", "line 1: 'bbc http://a.test/ extra' is not NAME"),
    ("http://../\n", "line 1: bad start_url: '..' is not a host name or IP address"),
    ("country:zz\n", "line 1: no site definition has country 'zz'"),
    ("region:eu\n", "line 1: no collection 'region:eu'"),
    ("demo http://127.0.0.1:1/\ndemo http://127.0.0.1:2/\n",
     "line 2: site demo is already listed (line 1) with another start URL"),
    ("# nothing\n\n", "names no site"),
])
def test_a_bad_line_is_named_with_its_number(tmp_path, lines, message):
    listing = tmp_path / "sites.txt"
    listing.write_text(lines)
    with pytest.raises(ArgumentError) as error:
        CrawlArgs.parse({"sites": str(listing)})
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_list_goes_alone():
    with pytest.raises(ArgumentError, match="sites=<list> alone"):
        CrawlArgs.parse({"sites": "bbc", "site": "reuters"})


def test_a_missing_list_file_is_named():
    with pytest.raises(ArgumentError, match=r"unknown site 'lists/news\.txt'; no such file"):
        CrawlArgs.parse({"sites": "lists/news.txt"})
