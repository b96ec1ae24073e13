"""The site registry: every definition loads; bad ones fail with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from newscrawl.sites import SiteError, all_sites, get_site, load_sites, site_for_url
from newscrawl.sites.definition import SiteDefinition


def test_shipped_sites_load():
    assert {"demo", "doorpickers"} <= set(all_sites())


def test_unknown_site_suggests_a_close_name_and_lists_the_known_ones():
    with pytest.raises(SiteError, match=r"^unknown site 'doorpicker'; did you mean doorpickers\?; "
                                        r"known sites: .*\bdemo, doorpickers\b"):
        get_site("doorpicker")
    with pytest.raises(SiteError, match=r"^unknown site 'zzz'; known sites: ap_news, bbc, "):
        get_site("zzz")


def test_site_for_url_matches_domains_and_subdomains():
    assert site_for_url("https://www.doorpickers.com/2024/01/01/x/").name == "doorpickers"
    assert site_for_url("https://unknown.test/") is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "unknown time zone"),
        ({"fields": {"headline": "h1"}}, "no such field"),
        ({"name": "Bad Name"}, "pattern"),
        ({"domains": ()}, "at least 1"),
        ({"colour": "blue"}, "Extra inputs"),
        ({"settings": {"NEWSCRAWL_STORE_PATH": "x.sqlite3"}}, "for the whole run"),
        # A query that does not parse, refused at load, not on every page of the crawl
        # (a traceback per page, exit 3 with 0 items).
        ({"fields": {"title": "h1.post-title::text[[["}}, "title: .* is no CSS selector"),
        ({"fields": {"title": "//h1[@class='post-title'"}}, "title: .* is no CSS selector"),
        ({"fields": {"title": ""}}, "title: '' is no CSS selector"),
        ({"body": ".the-post >>> .entry-content"}, "is no CSS selector"),
        ({"paragraphs": "p["}, "is no CSS selector"),
        ({"body_exclude": (".ad", "div[")}, "is no CSS selector"),
        ({"links": {"category": "nav a[href*="}}, "is no CSS selector"),
    ],
)
def test_invalid_definitions_are_rejected(overrides, message):
    values = {"name": "x", "domains": ("x.test",), "start_urls": ("https://x.test/",)}
    with pytest.raises(ValidationError, match=message):
        SiteDefinition(**{**values, **overrides})


def _package(tmp_path, monkeypatch, name, files):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for filename, text in files.items():
        (folder / filename).write_text(text)
    monkeypatch.syspath_prepend(str(tmp_path))
    return [str(folder)]


SITE_FILE = """from newscrawl.sites.definition import SiteDefinition
SITE = SiteDefinition(name={name!r}, domains=("a.test",), start_urls=("https://a.test/",),
                      timezone={tz!r})
"""


def test_duplicate_site_names_fail_with_the_file(tmp_path, monkeypatch):
    path = _package(tmp_path, monkeypatch, "dupsites", {
        "one.py": SITE_FILE.format(name="same", tz="UTC"),
        "two.py": SITE_FILE.format(name="same", tz="UTC"),
    })
    with pytest.raises(SiteError, match=r"duplicate site name 'same' in two.py"):
        load_sites(path, "dupsites")


def test_invalid_site_file_fails_with_file_and_field(tmp_path, monkeypatch):
    path = _package(tmp_path, monkeypatch, "badsites", {
        "broken.py": SITE_FILE.format(name="broken", tz="Nowhere/Land"),
    })
    with pytest.raises(SiteError, match=r"invalid site definition broken.py: timezone: "):
        load_sites(path, "badsites")


SITES_DIR = Path(__file__).resolve().parents[2] / "newscrawl" / "sites"


@pytest.mark.parametrize("path", sorted(SITES_DIR.glob("[!_]*.py")), ids=lambda p: p.name)
def test_a_site_file_is_small_data(path: Path):
    if path.name in ("__init__.py", "definition.py"):
        return
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 30, f"{path.name}: {len(lines)} lines (at most 30)"
    code = [line for line in lines if line.lstrip().startswith(("def ", "class ", "if ", "for "))]
    assert not code, f"{path.name}: a site is data; code goes in a named hook: {code}"


def test_readme_lists_every_supported_site():
    from newscrawl.sites import markdown_table

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, "README out of date: paste `python -m newscrawl sites`"
