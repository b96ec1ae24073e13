"""Feed exporters."""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType
from typing import Any

from scrapy.exporters import CsvItemExporter, JsonLinesItemExporter

# Spreadsheets run a cell starting with one of these as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A plain dict's field metadata, as ItemAdapter gives it: none.
_NO_META: MappingProxyType[str, Any] = MappingProxyType({})


def csv_cell(value: Any) -> Any:
    """One CSV cell: lists joined with "; ", images by URL, formulas neutralised."""
    if isinstance(value, dict):
        value = "; ".join(f"{key}={val}" for key, val in value.items())
    elif isinstance(value, list):
        value = "; ".join(item["url"] if isinstance(item, dict) else str(item) for item in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class PlainDictFields:
    """``get_serialized_fields`` of Scrapy's exporters, for the items newscrawl exports:
    plain dicts with a list of field names to export (``FEED_EXPORT_FIELDS``). The same
    fields and values, without an ItemAdapter and a field metadata lookup per field of
    every item (most of the feeds' cost per item). Anything else takes Scrapy's way."""

    fields_to_export: Any
    export_empty_fields: bool

    def get_serialized_fields(self, item: Any, default_value: Any = None,
                              include_empty: bool | None = None) -> Iterable[tuple[str, Any]]:
        fields = self.fields_to_export
        if type(item) is not dict or not isinstance(fields, list | tuple) or not all(
                isinstance(name, str) for name in fields):
            return super().get_serialized_fields(  # type: ignore[misc]
                item, default_value, include_empty)
        if include_empty is None:
            include_empty = self.export_empty_fields
        serialize = self.serialize_field  # type: ignore[attr-defined]
        return [(name, serialize(_NO_META, name, item[name]) if name in item else default_value)
                for name in fields if include_empty or name in item]


class ArticleJsonLinesItemExporter(PlainDictFields, JsonLinesItemExporter):
    """Scrapy's JSON Lines exporter, its items' fields read directly."""


class ArticleCsvItemExporter(PlainDictFields, CsvItemExporter):
    """UTF-8 CSV with a header row, one per file: a file appended to has its own already.
    The JSON feeds keep values untouched."""

    def __init__(self, file: Any, **kwargs: Any) -> None:
        if getattr(file, "continues", False):
            kwargs["include_headers_line"] = False
        super().__init__(file, **kwargs)

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return csv_cell(value)
