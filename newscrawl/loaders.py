"""The article ItemLoader: how raw selector values become one value per field."""

from __future__ import annotations

from itemloaders.processors import Identity, Join, MapCompose, TakeFirst
from scrapy.loader import ItemLoader

from newscrawl.cleaning import normalize_text


def _drop_empty(value: str) -> str | None:
    return value or None


class ArticleLoader(ItemLoader):
    """Text fields: normalised, first non-empty value wins; list fields keep every value."""

    default_item_class = dict
    default_input_processor = MapCompose(normalize_text, _drop_empty)
    default_output_processor = TakeFirst()

    authors_out = Identity()
    tags_out = Identity()
    # Body paragraphs arrive one per value and leave as one text.
    body_in = MapCompose(normalize_text, _drop_empty)
    body_out = Join("\n\n")
    images_in = Identity()
    images_out = Identity()
