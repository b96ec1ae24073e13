from __future__ import annotations

from pathlib import Path

from newscrawl.schema import FIELDS, markdown_table

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_schema_table_is_generated_from_the_model():
    assert markdown_table() in README.read_text(encoding="utf-8")


def test_field_order_starts_with_identity():
    assert FIELDS[:3] == ("url", "site", "title")
