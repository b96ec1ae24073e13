from __future__ import annotations

import pytest

from newscrawl.exporters import csv_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("-3% slump in tech", "'-3% slump in tech"),
        ("+5% rally", "'+5% rally"),
        ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("Plain title", "Plain title"),
        (["Jane Doe", "John Roe"], "Jane Doe; John Roe"),
        (["-x"], "'-x"),
        ([{"url": "http://a/1.jpg", "caption": "c"}], "http://a/1.jpg"),
        ({"title": "site"}, "title=site"),
        (7, 7),
        (None, None),
    ],
)
def test_csv_cell(value, cell):
    assert csv_cell(value) == cell
