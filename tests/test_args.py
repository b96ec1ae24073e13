"""Spider arguments: one line per bad value, and no host that could name a path."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl.args import ArgumentError, CrawlArgs, site_name, site_path


@pytest.mark.parametrize(
    "url",
    [
        "http://../",
        "http://%2e%2e/",  # the same, percent-encoded
        "http://./",
        "http://a..b/",  # an empty label
        "http://-bad-.test/",  # a label may not start or end with a hyphen
        "http://under_score.test/",
        "http://news.test./",  # a trailing dot: a second spelling of the site's folder
        f"http://{'a' * 64}.test/",  # labels have at most 63 characters
    ],
)
def test_a_start_url_needs_a_real_host(url):
    with pytest.raises(ArgumentError) as error:
        CrawlArgs.parse({"start_url": url})
    assert str(error.value).startswith("bad argument start_url=")
    assert "\n" not in str(error.value)


def test_a_start_url_with_a_password_is_refused_without_repeating_it():
    """Accepted, it was sent in every request's host and logged five times."""
    with pytest.raises(ArgumentError) as error:
        CrawlArgs.parse({"start_url": "http://user:s3cret@news.test/"})
    assert "user name or password" in str(error.value)
    assert "s3cret" not in str(error.value)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://news.test/", "news.test"),
        ("https://www.bbc.co.uk/news", "www.bbc.co.uk"),
        ("http://localhost:8080/", "localhost"),
        ("http://127.0.0.1:8080/", "127.0.0.1"),
        ("http://[::1]:8080/", "[::1]"),
        ("http://bücher.test/", "xn--bcher-kva.test"),  # IDNA
        ("http://3com.test/", "3com.test"),
    ],
)
def test_real_hosts_are_accepted(url, host):
    start_url = CrawlArgs.parse({"start_url": url}).start_url
    assert start_url.host == host
    # In generic mode the spider names the site after the host, as urlsplit spells it.
    assert site_name(urlsplit(str(start_url)).hostname) == urlsplit(str(start_url)).hostname


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("http://news.test/", "news.test"),
        ("http://news.test:80/", "news.test"),
        ("https://news.test:443/a", "news.test"),
        ("http://127.0.0.1:8080/", "127.0.0.1:8080"),
        ("https://news.test:80/", "news.test:80"),
        ("http://[::1]:8080/", "::1:8080"),
    ],
)
def test_a_generic_site_is_named_after_its_host_and_a_port_that_is_not_the_default(url, name):
    # Two sites on one host must not share their feeds, state and report.
    assert CrawlArgs.parse({"start_url": url}).site_name == name


@pytest.mark.parametrize("site", ["..", ".", "", "a/b", "../x", "a\\b", "a\x00b", "/abs"])
def test_a_site_name_that_is_not_one_plain_path_component_names_no_path(site):
    with pytest.raises(ValueError, match="site name"):
        site_path("output/%(site)s/report.md", site)


@pytest.mark.parametrize("site", ["demo", "the_guardian", "news.test", "127.0.0.1", "::1",
                                  "xn--bcher-kva.test"])
def test_a_site_path_stays_in_its_folder(site):
    path = site_path("output/%(site)s/report.md", site)
    assert path == Path("output") / site / "report.md"
    assert path.parent.parent == Path("output")


def test_a_since_day_to_come_is_refused():
    """Accepted, it made an empty feed and exit status 0."""
    with pytest.raises(ArgumentError, match="since='2099-01-01': a day to come"):
        CrawlArgs.parse({"site": "demo", "since": "2099-01-01"})
