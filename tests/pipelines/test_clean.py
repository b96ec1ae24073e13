"""The clean pipeline's item-level rules (each step has its own test in tests/test_cleaning.py)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from newscrawl.pipelines.clean import clean_article
from newscrawl.schema import FIELDS

NEW_YORK = ZoneInfo("America/New_York")


def raw_item(**overrides):
    item = {
        "url": "http://news.test/2024/12/09/oil/?utm_source=x",
        "site": "demo",
        "title": "Oil slips By Reuters",
        "authors": ["By Jane Doe and John Roe"],
        "published": "2024-12-09T13:30:00+00:00",
        "modified": "2024-12-09T13:30:00+00:00",
        "tags": ["Oil", "Oil", "Energy"],
        "body": "One two three.\n\nShare\n\nFour five.",
        "images": [{"url": "http://news.test/a.jpg", "caption": "A rig", "credit": ""}],
        "language": "en-US",
        "reading_time": "2 Mins Read",
        "provenance": {"title": "site"},
    }
    item.update(overrides)
    return item


def test_clean_article_applies_every_step():
    item = clean_article(raw_item(), NEW_YORK)
    assert list(item) == list(FIELDS)
    assert item["url"] == "http://news.test/2024/12/09/oil/"
    assert item["title"] == "Oil slips"
    assert item["source"] == "Reuters"
    assert item["authors"] == ["Jane Doe", "John Roe"]
    assert item["published"] == "2024-12-09T08:30:00-05:00"
    assert item["modified"] is None  # same as published: not a modification
    assert item["tags"] == ["Oil", "Energy"]
    assert item["body"] == "One two three.\n\nFour five."
    assert item["word_count"] == 5
    assert item["images"] == [{"url": "http://news.test/a.jpg", "caption": "A rig", "credit": None}]
    assert item["language"] == "en"
    assert item["reading_time"] == 2
    assert item["summary"] is None and item["category"] is None
    assert item["provenance"] == {"title": "site"}


def test_extracted_text_is_not_normalised_again():
    """Extraction normalises text (``normalize_text``) once: a second pass would decode
    entities again, making the text "&lt;p&gt;" (a page's "&amp;lt;p&amp;gt;") a tag."""
    text = "Write &lt;p&gt; for a paragraph"
    item = clean_article(raw_item(title=text, summary=text, category=text, tags=[text],
                                  body=text), NEW_YORK)
    assert (item["title"], item["summary"], item["category"], item["tags"], item["body"]) == (
        text, text, text, [text], text)


def test_agency_byline_becomes_source():
    item = clean_article(raw_item(title="Oil slips", authors=["Reuters Staff"]), NEW_YORK)
    assert item["authors"] == []
    assert item["source"] == "Reuters"


def test_unparseable_date_is_kept_for_validation_to_report():
    item = clean_article(raw_item(published="sometime soon"), NEW_YORK)
    assert item["published"] == "sometime soon"


def test_dates_take_the_time_zone_of_the_items_own_site():
    from scrapy.utils.test import get_crawler

    from newscrawl.pipelines.clean import CleanPipeline

    pipeline = CleanPipeline.from_crawler(get_crawler())  # no spider attribute is read
    demo = pipeline.process_item({"url": "http://127.0.0.1/a/", "site": "demo",
                                  "published": "2024-05-01T09:00:00", "body": "Text."})
    assert demo["published"] == "2024-05-01T09:00:00-04:00"  # America/New_York
    other = pipeline.process_item({"url": "http://news.test/a/", "site": "news.test",
                                   "published": "2024-05-01T09:00:00", "body": "Text."})
    assert not other["published"].endswith("-04:00")  # not the demo's zone


def test_a_date_a_site_selector_reads_with_its_label_is_a_date():
    """A theme's visible date line ("Posted on …", "Aktualisiert am …"), which a site
    definition's selector reads whole, was kept unparsed, and validation quarantined
    every article of the site as ``unparseable_published``."""
    item = clean_article(raw_item(published="Posted on December 9, 2024 at 8:30 am",
                                  modified="Aktualisiert am 10. Dezember 2024, 10:15 Uhr",
                                  language="de-DE"), NEW_YORK)
    assert item["published"] == "2024-12-09T08:30:00-05:00"
    assert item["modified"] == "2024-12-10T10:15:00-05:00"


def test_a_numeric_date_of_a_german_article_is_day_month_year():
    item = clean_article(raw_item(published="09.12.2024 08:30", modified=None,
                                  language="de"), NEW_YORK)
    assert item["published"] == "2024-12-09T08:30:00-05:00"
