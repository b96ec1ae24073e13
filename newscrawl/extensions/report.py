"""Per-site health in the crawl stats, and a run report next to the feeds.

For every item written to the feeds (``item_scraped``) it counts which fields are filled
and where each value came from (the item's ``provenance``; a filled field without one,
such as a ``source`` split off the title, is ``derived``):

- ``newscrawl/health/items``: items counted;
- ``newscrawl/health/<field>/filled``: items with the field filled;
- ``newscrawl/health/<field>/from/<origin>``: ... by origin (site, jsonld, opengraph, ...);
- ``newscrawl/health/<field>/fill_rate``: filled / items, set when the spider closes;
- ``newscrawl/health/body_confidence/uncertain``: items whose generic body is uncertain.

When the spider closes it writes ``NEWSCRAWL_REPORT_URI`` (default
``output/<site>/report.md``): the run's numbers, the monitors' outcome, the field table,
and text bar charts of articles per day and per category.

``NEWSCRAWL_REPORT_ENABLED = False`` turns all of it off (the fill-rate monitor then
skips); an empty ``NEWSCRAWL_REPORT_URI`` keeps the stats but writes no file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.args import site_path
from newscrawl.extensions.run_files import REPORT_ERROR, write_run_file
from newscrawl.extract.body import UNCERTAIN
from newscrawl.meta import crawl_site
from newscrawl.schema import FIELDS
from newscrawl.stats import incrementer

HEALTH = "newscrawl/health"
UNCERTAIN_BODIES = f"{HEALTH}/body_confidence/uncertain"
# Always filled, or bookkeeping: their fill rate says nothing about a site.
_NOT_MEASURED = {"site", "scraped_at", "provenance", "word_count"}
HEALTH_FIELDS = tuple(name for name in FIELDS if name not in _NOT_MEASURED)
DERIVED = "derived"
CHART_WIDTH = 40
CHART_ROWS = 40  # a timeline longer than this many days is drawn per week, then month
_EIGHTHS = " ▏▎▍▌▋▊▉"


def is_filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def count_item(stats: Any, item: dict[str, Any]) -> None:
    """Add one item's fields to the health counts in ``stats``."""
    inc = incrementer(stats)  # two dozen counts an item
    inc(f"{HEALTH}/items")
    provenance = item.get("provenance") or {}
    for name in HEALTH_FIELDS:
        if is_filled(item.get(name)):
            inc(f"{HEALTH}/{name}/filled")
            inc(f"{HEALTH}/{name}/from/{provenance.get(name, DERIVED)}")
    confidence = item.get("body_confidence")
    if confidence is not None and confidence < UNCERTAIN:
        inc(UNCERTAIN_BODIES)


@dataclass(frozen=True)
class FieldHealth:
    items: int
    filled: int
    origins: dict[str, int]

    @property
    def rate(self) -> float:
        return self.filled / self.items if self.items else 0.0

    def rate_from(self, origin: str) -> float:
        return self.origins.get(origin, 0) / self.items if self.items else 0.0

    def describe_origins(self) -> str:
        parts = sorted(self.origins.items(), key=lambda pair: -pair[1])
        return ", ".join(f"{origin} {count / self.items:.0%}" for origin, count in parts) \
            or "none"


def field_health(stats: dict[str, Any]) -> dict[str, FieldHealth]:
    """Per field, its health counts read back from the stats ({} when nothing was counted)."""
    items = stats.get(f"{HEALTH}/items", 0)
    if not items:
        return {}
    origins: dict[str, dict[str, int]] = {name: {} for name in HEALTH_FIELDS}
    for key, value in stats.items():
        if key.startswith(HEALTH + "/") and "/from/" in key:
            name, origin = key[len(HEALTH) + 1:].split("/from/", 1)
            if name in origins:
                origins[name][origin] = value
    return {name: FieldHealth(items, stats.get(f"{HEALTH}/{name}/filled", 0), origins[name])
            for name in HEALTH_FIELDS}


def bar_chart(rows: list[tuple[str, int]], width: int = CHART_WIDTH) -> str:
    """Rows of ``label  ████▍  count``, the longest bar ``width`` characters."""
    if not rows:
        return "(none)"
    label_width = max(len(label) for label, _ in rows)
    top = max(count for _, count in rows) or 1
    lines = []
    for label, count in rows:
        eighths = max(1 if count else 0, round(count / top * width * 8))
        full, part = divmod(eighths, 8)
        bar = "█" * full + (_EIGHTHS[part] if part else "")
        lines.append(f"{label:<{label_width}}  {bar:<{width}}  {count}")
    return "\n".join(lines)


def _sum(stats: dict[str, Any], prefix: str) -> tuple[int, str]:
    """Total of the stats under ``prefix`` and a "name: n, ..." breakdown."""
    found = {key[len(prefix):]: value for key, value in stats.items()
             if key.startswith(prefix) and isinstance(value, int)}
    detail = ", ".join(f"{name}: {n}" for name, n in sorted(found.items(), key=lambda p: -p[1]))
    return sum(found.values()), detail


def timeline(days: Counter[str]) -> tuple[str, list[tuple[str, int]]]:
    """Articles per day; per week or month when the dates span more than a chart's rows."""
    dated = {day: n for day, n in days.items() if _date(day)}
    undated = sum(days.values()) - sum(dated.values())
    first, last = (_date(min(dated)), _date(max(dated))) if dated else (None, None)
    span = (last - first).days if first and last else 0
    unit, label = ("day", lambda d: d.isoformat()) if span < CHART_ROWS else (
        ("week", lambda d: (d - timedelta(days=d.weekday())).isoformat())
        if span < CHART_ROWS * 7 else ("month", lambda d: d.strftime("%Y-%m")))
    buckets: Counter[str] = Counter()
    for day, count in dated.items():
        buckets[label(_date(day))] += count
    rows = sorted(buckets.items())
    return unit, rows + ([("(no date)", undated)] if undated else [])


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _when(value: Any) -> str:
    return value.isoformat(sep=" ", timespec="seconds") if isinstance(value, datetime) else "?"


def _archive_rows(stats: dict[str, Any]) -> list[tuple[str, Any]]:
    """The web archive the run wrote (NEWSCRAWL_WARC_DIR) or replayed (-a warc=)."""
    rows: list[tuple[str, Any]] = []
    if folder := stats.get("newscrawl/warc/folder"):
        size = stats.get("newscrawl/warc/bytes", 0) / 1e6
        written = (f"{stats.get('newscrawl/warc/files', 0)} files, {size:.1f} MB, "
                   f"{stats.get('newscrawl/warc/records', 0)} records in `{folder}`")
        if error := stats.get("newscrawl/warc/error"):
            written += f"; stopped: {error}"
        rows.append(("web archive written", written))
    if source := stats.get("newscrawl/warc/replayed_from"):
        skipped, reasons = _sum(stats, "newscrawl/warc/skipped/")
        replayed = (f"`{source}`: {stats.get('newscrawl/warc/replayed', 0)} pages of "
                    f"{stats.get('newscrawl/warc/read', 0)} records"
                    + (f", {skipped} skipped ({reasons})" if skipped else ""))
        if broken := stats.get("newscrawl/warc/broken_files"):
            replayed += (f", {broken} files with damage, skipped over in "
                         f"{stats.get('newscrawl/warc/damaged', 0)} places (see the log)")
        rows.append(("replayed from the web archive", replayed))
    return rows


def render_report(site: str, stats: dict[str, Any], days: Counter[str],
                  categories: Counter[str]) -> str:
    """The Markdown run report (pure: everything comes from the arguments)."""
    rejected = stats.get("newscrawl/validate/rejected", 0)
    _, reasons = _sum(stats, "newscrawl/rejected/")
    dropped, dedupe = _sum(stats, "newscrawl/dedupe/")
    dropped -= stats.get("newscrawl/dedupe/new_version", 0)
    skipped, skips = _sum(stats, "newscrawl/skipped/")
    _, store = _sum(stats, "newscrawl/store/")
    rows = [
        ("pages fetched", stats.get("response_received_count", 0)),
        ("articles written", stats.get("item_scraped_count", 0)),
        ("rejected, in the quarantine feed", f"{rejected} ({reasons})" if rejected else 0),
        ("duplicates dropped", f"{dropped} ({dedupe})" if dropped else 0),
        ("pages skipped", f"{skipped} ({skips})" if skipped else 0),
        ("pages robots.txt forbade", stats.get("robotstxt/forbidden", 0)),
        (f"bodies uncertain (`body_confidence` < {UNCERTAIN})", stats.get(UNCERTAIN_BODIES, 0)),
        ("store", store or "-"),
        *_archive_rows(stats),
        ("errors logged", stats.get("log_count/ERROR", 0)),
    ]
    lines = [
        f"# Crawl report: {site}",
        "",
        f"Started {_when(stats.get('start_time'))}, finished {_when(stats.get('finish_time'))} "
        f"({stats.get('finish_reason', 'unknown reason')}).",
        "",
        "| | |",
        "|---|---|",
        *(f"| {label} | {value} |" for label, value in rows),
        "",
    ]
    failures = stats.get("newscrawl/monitors/failures")
    if failures:
        lines += ["## Monitors: FAILED", "", *(f"- {failure}" for failure in failures), ""]
    elif failures is not None:
        lines += ["## Monitors: passed", ""]
    lines += ["## Field health", "",
              "Share of the articles written with the field filled, and where values came from.",
              "", "| field | filled | from |", "|---|---:|---|"]
    for name, health in field_health(stats).items():
        lines.append(f"| `{name}` | {health.rate:.0%} | {health.describe_origins()} |")
    unit, buckets = timeline(days)
    lines += ["", f"## Articles per {unit} (published)", "", "```text",
              bar_chart(buckets), "```"]
    lines += ["", "## Articles per category", "", "```text",
              bar_chart(categories.most_common()), "```", ""]
    return "\n".join(lines)


class SiteHealthReport:
    def __init__(self, crawler: Crawler, uri: str) -> None:
        self.crawler = crawler
        self.uri = uri
        self.days: Counter[str] = Counter()
        self.categories: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SiteHealthReport:
        if not crawler.settings.getbool("NEWSCRAWL_REPORT_ENABLED", True):
            raise NotConfigured
        extension = cls(crawler, crawler.settings.get("NEWSCRAWL_REPORT_URI", ""))
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def item_scraped(self, item: dict[str, Any]) -> None:
        count_item(self.crawler.stats, item)
        published = item.get("published")
        # The date as the site gives it (its own time zone): what a reader calls "that day".
        self.days[published[:10] if isinstance(published, str) else "(no date)"] += 1
        self.categories[item.get("category") or "(none)"] += 1

    def spider_closed(self, reason: str) -> None:
        stats = self.crawler.stats
        for name, health in field_health(stats.get_stats()).items():
            stats.set_value(f"{HEALTH}/{name}/fill_rate", round(health.rate, 3))
        if not self.uri:
            return
        site = crawl_site(self.crawler).name
        report = render_report(site, {**stats.get_stats(), "finish_reason": reason},
                               self.days, self.categories)
        write_run_file(self.crawler, REPORT_ERROR, site_path(self.uri, site), report)
