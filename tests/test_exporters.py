from __future__ import annotations

import io

import pytest
from scrapy.exporters import BaseItemExporter, CsvItemExporter, JsonLinesItemExporter

from newscrawl.exporters import ArticleCsvItemExporter, ArticleJsonLinesItemExporter, csv_cell


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


@pytest.mark.parametrize("include_empty", [None, False, True])
@pytest.mark.parametrize("fields", [["url", "title", "authors", "missing"], None])
def test_plain_dict_fields_are_scrapys(fields, include_empty):
    """The exporters read a plain dict's fields directly: the same names and values, in
    the same order, as Scrapy's ItemAdapter way; anything else is left to Scrapy."""
    item = {"title": "=1+1", "url": "http://a/1", "authors": ["A", "B"], "extra": 1}
    for ours, scrapys in ((ArticleJsonLinesItemExporter, JsonLinesItemExporter),
                          (ArticleCsvItemExporter, None)):
        exporter = ours(io.BytesIO(), fields_to_export=fields)
        expected = BaseItemExporter.get_serialized_fields(exporter, item, "", include_empty)
        assert list(exporter.get_serialized_fields(item, "", include_empty)) == list(expected)
        if scrapys is not None:
            plain = scrapys(io.BytesIO(), fields_to_export=fields)
            assert list(exporter.get_serialized_fields(item, "", include_empty)) == list(
                plain.get_serialized_fields(item, "", include_empty))


def test_feeds_of_plain_dicts_are_written_as_before():
    item = {"url": "http://a/1", "title": "-3% slump", "authors": ["A"], "body": "x\ny"}
    fields = ["url", "title", "authors", "summary", "body"]
    for ours, scrapys in ((ArticleJsonLinesItemExporter, JsonLinesItemExporter),
                          (ArticleCsvItemExporter, _ScrapyWayCsv)):
        written = []
        for kind in (ours, scrapys):
            out = io.BytesIO()
            exporter = kind(out, fields_to_export=fields, encoding="utf-8")
            exporter.start_exporting()
            exporter.export_item(item)
            exporter.finish_exporting()
            written.append(out.getvalue())
        assert written[0] == written[1]


class _ScrapyWayCsv(CsvItemExporter):
    def serialize_field(self, field, name, value):
        return csv_cell(value)
