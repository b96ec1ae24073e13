"""``python -m newscrawl addsite``: a definition it drafts can be loaded, or none is written."""

from __future__ import annotations

import re

import pytest

from newscrawl.addsite import add_site

PAGE = "<html><head><title>Bank holds rates</title></head><body><p>Text.</p></body></html>"


@pytest.mark.parametrize(("name", "url", "refused"), [
    ("My-Site", "https://news.test/a/", "lowercase letters, digits and _ only"),
    ("news", "notaurl", "not an http(s) address"),
])
def test_a_name_or_url_no_definition_can_have_writes_nothing(tmp_path, name, url, refused):
    """It wrote My-Site.py (or a definition of the domain ""), and the loader refused every
    crawl after it."""
    saved = tmp_path / "page.html"
    saved.write_text(PAGE)
    sites, fixtures = tmp_path / "sites", tmp_path / "fixtures"
    sites.mkdir()
    with pytest.raises(ValueError, match=re.escape(refused)):
        add_site(str(saved), name, url=url, fixtures=fixtures, sites=sites)
    assert list(sites.iterdir()) == [] and not fixtures.exists()


def test_a_new_site_gets_a_definition_and_a_fixture(tmp_path):
    saved = tmp_path / "page.html"
    saved.write_text(PAGE)
    sites, fixtures = tmp_path / "sites", tmp_path / "fixtures"
    sites.mkdir()
    written = add_site(str(saved), "news_test", url="https://news.test/2024/05/01/bank-holds/",
                       fixtures=fixtures, sites=sites)
    assert sites / "news_test.py" in written
    assert (fixtures / "news_test" / "bank-holds.html").read_text() == PAGE
