"""Feed exporters."""

from __future__ import annotations

from typing import Any

from scrapy.exporters import CsvItemExporter

# Spreadsheets run a cell starting with one of these as a formula (OWASP CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """One CSV cell: lists joined with "; ", images by URL, formulas neutralised."""
    if isinstance(value, dict):
        value = "; ".join(f"{key}={val}" for key, val in value.items())
    elif isinstance(value, list):
        value = "; ".join(item["url"] if isinstance(item, dict) else str(item) for item in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class ArticleCsvItemExporter(CsvItemExporter):
    """UTF-8 CSV with a header row; the JSON feeds keep values untouched."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        return csv_cell(value)
