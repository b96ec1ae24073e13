"""The article ledger: everything the crawl knows about the articles it met, in one place.

One row per canonical URL (``canonical_key``) holds what every part of the crawl asks:

- the spider's skip check and pagination stop rule (``SiteArticles``): which articles were
  delivered, at which version (modified or published), and whether a whole run that
  finished delivered them (``pending``);
- de-duplication and the store (``newscrawl.pipelines``): the current version's number and
  body hash, every version's item, other URLs of the same story (aliases) and the bodies'
  near-duplicate bands;
- the feeds (``newscrawl.extensions.feeds``): the version last delivered; one stored but
  not delivered (a feed write failed, the crawl was killed) is delivered by the next run;
- the export command: the stored items.

Two backends, chosen by ``NEWSCRAWL_STORE_URL``: SQLite (``newscrawl.ledger.sqlite``, the
embedded default: one file, ``NEWSCRAWL_STORE_PATH``) and PostgreSQL
(``newscrawl.ledger.postgres``, ``postgresql://…``), which every worker on every machine
shares, so a distributed crawl de-duplicates as one process does.

Tables:

- ``articles``: one row per article: site, published date, current version, body hash,
  ``modified``, first/last seen, the body's near-duplicate signature, the version
  delivered, the version as the skip check compares it with a ``lastmod`` (``emitted``),
  ``pending`` (delivered by a run that has not finished yet, or that its arguments
  limited to the site's newest part), and the sitemap or feed date the current version
  was fetched for (``lastmod_fetched``), known once it was delivered or found unchanged
  (``lastmod_known``): the skip check compares a ``lastmod`` with the later of it and
  ``emitted``, so a sitemap that dates an article later than its page does fetches it
  again once for each new date, not at every run.
- ``versions``: every version of every article, the item as JSON. A new version is added
  when the body or ``modified`` changes; older ones are kept.
- ``aliases``: other URLs of an article, with why: a near-duplicate under another URL
  (``near_duplicate``), or the URL a link or sitemap gave for a page that names another
  as its own (``linked_as``: ``/story`` redirected to ``/story/``, ``http:`` to
  ``https:``), so that the next run's skip check knows that link.
- ``bands``: locality-sensitive-hashing bands of the signatures, to find near-duplicate
  candidates with an index lookup instead of comparing against every article.
- ``runs``: per site, when the running crawl started (the first worker's start) and when
  the last one that finished had started.
- ``unfetched``: pages a crawl gave up on after their retries (a server error, a
  timeout), with their role: the next crawl of the site asks for them again, as its
  listings stop at known articles and might never lead back to them.

Writes are batched: one transaction is committed every ``commit_items`` saves or
``commit_seconds`` seconds, at each delivery, and at close.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import sqlite3
import struct
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NamedTuple

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from newscrawl.cleaning import canonical_key, in_zone, parse_moment

logger = logging.getLogger(__name__)

# The tables, one text for both backends: {id}, {blob}, {real}, {integer} (64-bit) and
# {without_rowid} are each backend's words for the same kinds of column and table.
SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id {id},
    key TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    site TEXT NOT NULL,
    published_utc TEXT,
    published_day TEXT,
    version INTEGER NOT NULL,
    body_hash TEXT NOT NULL,
    modified TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    signature {blob},
    delivered INTEGER NOT NULL DEFAULT 0,
    emitted TEXT,
    pending INTEGER NOT NULL DEFAULT 0,
    lastmod_fetched TEXT,
    lastmod_known TEXT
);
CREATE INDEX IF NOT EXISTS articles_site_published ON articles (site, published_utc);
CREATE TABLE IF NOT EXISTS versions (
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    stored_at TEXT NOT NULL,
    item TEXT NOT NULL,
    UNIQUE (key, version)
);
CREATE TABLE IF NOT EXISTS aliases (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    article_key TEXT NOT NULL,
    reason TEXT NOT NULL,
    similarity {real},
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS aliases_article ON aliases (article_key);
CREATE TABLE IF NOT EXISTS bands (
    band {integer} NOT NULL,
    article {integer} NOT NULL,
    PRIMARY KEY (band, article)
){without_rowid};
CREATE INDEX IF NOT EXISTS bands_article ON bands (article);
CREATE TABLE IF NOT EXISTS runs (
    site TEXT PRIMARY KEY,
    started TEXT,
    finished_started TEXT
);
CREATE TABLE IF NOT EXISTS unfetched (
    key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    site TEXT NOT NULL,
    role TEXT NOT NULL,
    failed TEXT NOT NULL,
    failures INTEGER NOT NULL
);
"""
DEFAULT_PATH = "output/newscrawl.sqlite3"
# The setting under which ``scrapy crawl`` (``newscrawl.commands.crawl``) hands the one
# ledger it opened to every site's crawler: SQLite lets one connection write at a time,
# and the crawlers of a crawl of several sites all run in one thread.
SHARED_LEDGER = "_NEWSCRAWL_SHARED_LEDGER"


class LedgerError(Exception):
    """A ledger read or write failed (the backend's error is the cause)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def body_hash(body: str | None) -> str:
    return hashlib.sha1((body or "").encode("utf-8")).hexdigest()


def utc_iso(value: str | None) -> str | None:
    """An item date as sortable UTC ISO 8601 (the ledger filters and orders by it)."""
    moment = parse_moment(value) if value else None
    # Out of UTC's range: validated items never are, a direct save() stores no date.
    moment = in_zone(moment) if moment else None
    return moment.isoformat(timespec="seconds") if moment else None


def utc(value: str | None) -> datetime | None:
    """A date in UTC; None if unparseable or outside the years 1 to 9999 in UTC (a sitemap
    ``<lastmod>`` like that says nothing about a change)."""
    moment = parse_moment(value, UTC) if value else None
    return in_zone(moment) if moment else None


def unchanged(version: datetime | None, lastmod: str | None) -> bool:
    """An article emitted at ``version`` is unchanged unless ``lastmod`` is newer."""
    changed = utc(lastmod)
    return not (changed and version and changed > version)


def parse_bound(value: str | None) -> date | datetime | None:
    """A ``--since``/``--until`` value: a date (``2024-12-01``) or a moment (with ``T``;
    without an offset it is UTC). Raises ValueError for anything else."""
    if not value:
        return None
    if "T" not in value:
        return date.fromisoformat(value)
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _day(published: str | None) -> str | None:
    """The publication date as the site gives it (the ISO string's own, local date)."""
    return published[:10] if published and len(published) >= 10 else None


def _range_clauses(since: date | datetime | None, until: date | datetime | None
                   ) -> list[tuple[str, str]]:
    """SQL conditions for a publication range. A date compares with the article's own
    (site-local) date, both ends inclusive; a moment with the UTC time, until exclusive."""
    clauses = []
    for value, day_op, moment_op in ((since, ">=", ">="), (until, "<=", "<")):
        if isinstance(value, datetime):
            clauses.append((f"a.published_utc {moment_op} ?",
                            value.astimezone(UTC).isoformat(timespec="seconds")))
        elif isinstance(value, date):
            clauses.append((f"a.published_day {day_op} ?", value.isoformat()))
    return clauses


def pack_signature(values: Iterable[int]) -> bytes:
    values = tuple(values)
    return struct.pack(f"<{len(values)}I", *values)


def unpack_signature(blob: bytes) -> tuple[int, ...]:
    return struct.unpack(f"<{len(blob) // 4}I", blob)


@dataclass(frozen=True)
class StoredArticle:
    id: int
    key: str
    url: str
    site: str
    version: int
    body_hash: str
    modified: str | None
    delivered: int

    @property
    def was_delivered(self) -> bool:
        """The current version reached the feeds (not only the ledger)."""
        return self.delivered == self.version

    def differs(self, item: dict[str, Any]) -> bool:
        """A new version: the body changed, or the item names another ``modified`` date."""
        modified = item.get("modified")
        return body_hash(item.get("body")) != self.body_hash or bool(
            modified and modified != self.modified
        )


class Fetch(NamedTuple):
    """What the pages of an article were fetched for: a sitemap or feed date, the URLs
    links gave (several pages of a run may name one article as theirs)."""

    lastmod: str | None = None
    linked_as: tuple[str, ...] = ()


NO_FETCH = Fetch()


@dataclass(frozen=True)
class Candidate:
    """A stored article whose signature shares a band with the one looked up."""

    key: str
    url: str
    signature: tuple[int, ...]


@dataclass
class SiteArticles:
    """What the ledger knew of a site's delivered articles when its crawl opened, kept in
    memory in front of it: the spider asks for every article link it finds.

    ``versions``: canonical key → the version delivered (None: no date, or another URL of
    a stored article). ``at_start``: the keys that a crawl that finished delivered.
    ``unfetched``: canonical key → (URL, page role) of the pages earlier crawls gave up on.
    """

    versions: dict[str, datetime | None] = field(default_factory=dict)
    at_start: frozenset[str] = frozenset()
    last_finished_start: datetime | None = None
    unfetched: dict[str, tuple[str, str]] = field(default_factory=dict)

    def is_known(self, url: str, lastmod: str | None = None) -> bool:
        """Delivered before and not changed since (a ``lastmod`` newer than that version
        is a change)."""
        key = canonical_key(url)
        return key in self.versions and unchanged(self.versions[key], lastmod)

    def known_at_start(self, url: str) -> bool:
        """Delivered by an earlier crawl that finished.

        Only these may stop pagination ("a whole listing page known: the older pages were
        crawled before"). Articles this run delivered, or a killed run delivered before
        its resume, say nothing about the listing pages after them.
        """
        return canonical_key(url) in self.at_start

    def delivered(self, items: Iterable[dict[str, Any]]) -> None:
        """A batch reached the feeds (and the ledger): known from now on."""
        for item in items:
            self.versions[canonical_key(item["url"])] = utc(
                item.get("modified") or item.get("published"))


class Ledger:
    """The SQL both backends share; a backend connects, makes the tables and runs
    statements (``?`` placeholders). Not thread-safe: one per process and location."""

    location: str  # for messages: the file, or the server and database
    # How a backend locks the row it is about to update (PostgreSQL: FOR UPDATE).
    lock_row = ""

    def __init__(self, commit_items: int = 100, commit_seconds: float = 2.0) -> None:
        self.commit_items = max(1, commit_items)
        self.commit_seconds = commit_seconds
        self._pending = 0
        self._began = 0.0
        # Set once writes were lost or rolled back: the crawlers sharing this ledger
        # (several sites) may have had writes in that transaction, so none writes again.
        self._failure: str | None = None
        # Canonical key → what a page was fetched for (note_fetch), until its article is
        # saved or dropped.
        self._fetches: dict[str, Fetch] = {}
        # Sites whose crawl opened while an earlier one had not finished (see completes).
        self._completing: set[str] = set()

    # --- what a backend provides ---------------------------------------------------------

    def _execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        """Run one statement; a cursor. Backend errors are raised as LedgerError."""
        raise NotImplementedError

    def _executemany(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        raise NotImplementedError

    def _in_transaction(self) -> bool:
        raise NotImplementedError

    def _start_transaction(self) -> None:
        raise NotImplementedError

    def _commit_transaction(self) -> None:
        raise NotImplementedError

    def _rollback_transaction(self) -> None:
        raise NotImplementedError

    def _close_connection(self) -> None:
        raise NotImplementedError

    # --- lookups ----------------------------------------------------------------------

    def get(self, url: str) -> StoredArticle | None:
        """The article stored under this URL's canonical key (its current version)."""
        return self._get(canonical_key(url))

    def _get(self, key: str, lock: bool = False) -> StoredArticle | None:
        row = self._execute(
            "SELECT id, key, url, site, version, body_hash, modified, delivered FROM articles "
            f"WHERE key = ?{self.lock_row if lock else ''}",
            (key,),
        ).fetchone()
        return StoredArticle(*row) if row else None

    def known(self, url: str) -> bool:
        """Stored before, as an article or as another URL (alias) of one."""
        key = canonical_key(url)
        return bool(self._execute(
            "SELECT 1 FROM articles WHERE key = ? UNION ALL SELECT 1 FROM aliases WHERE key = ?",
            (key, key),
        ).fetchone())

    def alias_of(self, url: str) -> str | None:
        """The URL of the article that this URL is another copy of, if recorded."""
        row = self._execute(
            "SELECT a.url FROM aliases x JOIN articles a ON a.key = x.article_key WHERE x.key = ?",
            (canonical_key(url),),
        ).fetchone()
        return row[0] if row else None

    def other_urls(self, url: str) -> list[str]:
        """Every alias URL recorded for the article stored under ``url``."""
        rows = self._execute("SELECT url FROM aliases WHERE article_key = ? ORDER BY url",
                             (canonical_key(url),))
        return [row[0] for row in rows]

    def candidates(self, bands: Sequence[int], exclude_key: str | None = None,
                   limit: int = 5) -> list[Candidate]:
        """Articles sharing the most signature bands with ``bands``: possible near-duplicates.

        Text that many articles share (a standard closing line) makes some bands common;
        ranking by the number of shared bands keeps the comparisons few: a real
        near-duplicate shares a dozen bands, a merely related article one or two.
        """
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self._execute(
            f"SELECT a.key, a.url, a.signature FROM (SELECT article, COUNT(*) AS shared "
            f"FROM bands WHERE band IN ({marks}) GROUP BY article ORDER BY shared DESC "
            f"LIMIT ?) b JOIN articles a ON a.id = b.article "
            f"WHERE a.key <> ? AND a.signature IS NOT NULL",
            (*bands, limit + 1, exclude_key or ""),
        )
        return [Candidate(key, url, unpack_signature(bytes(blob))) for key, url, blob in rows]

    def versions(self, url: str) -> list[dict[str, Any]]:
        """Every stored version of an article, oldest first."""
        rows = self._execute("SELECT item FROM versions WHERE key = ? ORDER BY version",
                             (canonical_key(url),))
        return [json.loads(row[0]) for row in rows]

    def articles(self, site: str | None = None, since: date | datetime | None = None,
                 until: date | datetime | None = None, all_versions: bool = False
                 ) -> Iterator[dict[str, Any]]:
        """Stored items (current versions unless ``all_versions``), oldest published first and
        undated ones last, of one site or all, published in a range (see
        ``_range_clauses``: a range leaves undated ones out)."""
        join = "v.key = a.key" if all_versions else "v.key = a.key AND v.version = a.version"
        conditions = ([("a.site = ?", site)] if site is not None else []) + \
            _range_clauses(since, until)
        where = [clause for clause, _ in conditions]
        params = [value for _, value in conditions]
        sql = (f"SELECT v.item FROM articles a JOIN versions v ON {join}"
               f"{' WHERE ' + ' AND '.join(where) if where else ''}"
               # Undated articles last, in both backends (SQLite sorts NULL first).
               f" ORDER BY a.published_utc IS NULL, a.published_utc, a.key, v.version")
        for (item,) in self._execute(sql, params):
            yield json.loads(item)

    def __len__(self) -> int:
        return self._execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    # --- a site's crawl ---------------------------------------------------------------

    def begin_run(self, site: str) -> None:
        """A crawl of ``site`` starts. Its start is recorded unless an unfinished one (a
        killed run, or another worker of this crawl) started earlier: the earliest counts,
        and this crawl completes that one (see ``completes``)."""
        self._begin()
        now = datetime.now(UTC).isoformat()
        (started,) = self._execute(
            "INSERT INTO runs (site, started) VALUES (?, ?) ON CONFLICT (site) DO UPDATE "
            "SET started = COALESCE(runs.started, excluded.started) RETURNING started",
            (site, now)).fetchone()
        if started != now:
            self._completing.add(site)
        self.commit()

    def open_site(self, site: str) -> SiteArticles:
        """A crawl of ``site`` starts (``begin_run``): what was delivered so far, for the
        skip check and the stop rule."""
        self.begin_run(site)
        self._begin()
        rows = self._execute(
            "SELECT key, emitted, pending, lastmod_known FROM articles "
            "WHERE site = ? AND delivered > 0", (site,)).fetchall()
        aliases = self._execute(
            "SELECT x.key, a.key FROM aliases x JOIN articles a ON a.key = x.article_key "
            "WHERE a.site = ? AND a.delivered > 0", (site,)).fetchall()
        finished = self._execute("SELECT finished_started FROM runs WHERE site = ?",
                                 (site,)).fetchone()
        unfetched = self._execute("SELECT key, url, role FROM unfetched WHERE site = ?",
                                  (site,)).fetchall()
        self.commit()
        versions = {key: max(filter(None, (utc(emitted), utc(lastmod))), default=None)
                    for key, emitted, _, lastmod in rows}
        # Another URL of a delivered story is known, at the story's version: fetched, it
        # would be dropped again, unless a sitemap dates it later.
        versions.update((key, versions[article]) for key, article in aliases
                        if key not in versions)
        finished_run = {key for key, _, pending, _ in rows if not pending}
        return SiteArticles(
            versions,
            frozenset(finished_run | {key for key, article in aliases if article in finished_run}),
            utc(finished[0]) if finished and finished[0] else None,
            {key: (url, role) for key, url, role in unfetched})

    def completes(self, site: str) -> bool:
        """The crawl of ``site`` opened while an earlier one had not finished (it was
        killed or failed, or another worker of the same crawl runs): it completes that
        crawl, whose articles may be in the feeds only."""
        return site in self._completing

    def give_up(self, site: str, url: str, role: str) -> None:
        """The crawl gave up on a page after its retries: the next crawl asks again."""
        self._begin()
        self._execute(
            "INSERT INTO unfetched (key, url, site, role, failed, failures) VALUES "
            "(?,?,?,?,?,1) ON CONFLICT (key) DO UPDATE SET url = excluded.url, "
            "failed = excluded.failed, "
            "failures = unfetched.failures + 1",
            (canonical_key(url), url, site, role, _now()))
        self._written()

    def mark_finished(self, site: str, complete: bool = True, whole: bool = True,
                      answered: Iterable[str] = ()) -> None:
        """The crawl of ``site`` finished: what it delivered counts as known for the next
        run's stop rule.

        ``complete``: nothing it was asked for failed, so a source that filters by change
        time (WordPress's API) may skip what changed before this crawl started; a crawl
        that lost pages on the way leaves that moment where it was. A killed crawl never
        gets here, so its successor asks for everything the killed one may have missed.

        ``whole``: the crawl was not limited to the site's newest part (``max_pages``,
        ``max_articles``, ``since``). A limited crawl neither counts as complete nor
        makes its articles stop a listing: a listing page of them does not mean the older
        pages were walked. They stay skipped, and count once a whole crawl finishes.

        ``answered``: keys of pages given up on before that answered this time (a page, or
        a refusal such as a 404): not asked for again. Forgotten only now: a killed
        crawl's items may not have reached the feeds.
        """
        self._begin()
        self._executemany("DELETE FROM unfetched WHERE key = ?", [(key,) for key in answered])
        if whole:
            self._execute("UPDATE articles SET pending = 0 WHERE site = ? AND pending = 1",
                          (site,))
        if complete and whole:
            # Redis workers each finish a crawl: the first to finish clears ``started``.
            self._execute("UPDATE runs SET finished_started = COALESCE(started, "
                          "finished_started) WHERE site = ?", (site,))
        self._execute("UPDATE runs SET started = NULL WHERE site = ?", (site,))
        self.commit()

    def import_seen_state(self, path: Path, site: str) -> None:
        """Take over a per-site seen-state file of an older newscrawl (``<site>.sqlite3``
        in ``NEWSCRAWL_STATE_DIR``): when its last finished run started, and which of its
        articles that finished runs emitted. The file is renamed ``….imported`` after.

        Its articles missing from this ledger (a store deleted since) are fetched again
        by the next run: delivered once more, never lost.
        """
        old = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            finished = old.execute("SELECT started FROM finished_run").fetchone()
            keys = [row[0] for row in old.execute("SELECT key FROM seen WHERE pending = 0")]
        except sqlite3.Error as exc:
            raise LedgerError(f"{path}: not a seen-state file of newscrawl ({exc}); move it "
                              "away to crawl without it") from exc
        finally:
            old.close()
        self._begin()
        self._execute("INSERT INTO runs (site, finished_started) VALUES (?, ?) ON CONFLICT "
                      "(site) DO UPDATE SET finished_started = COALESCE("
                      "runs.finished_started, excluded.finished_started)",
                      (site, finished[0] if finished else None))
        self._executemany("UPDATE articles SET pending = 0 WHERE key = ? AND delivered > 0",
                          [(key,) for key in keys])
        stored = self._execute(
            "SELECT COUNT(*) FROM articles WHERE site = ? AND delivered > 0", (site,)
        ).fetchone()[0]
        self.commit()
        path.rename(path.with_name(path.name + ".imported"))
        logger.warning("newscrawl: %s (the seen state of an older newscrawl) was taken over "
                       "by the ledger %s and renamed .imported; %d of its %d articles are "
                       "stored, the others are fetched again", path, self.location,
                       min(stored, len(keys)), len(keys))

    # --- writes -----------------------------------------------------------------------

    def save(self, item: Any, signature: Iterable[int] | None = None,
             bands: Sequence[int] | None = None) -> str:
        """Upsert an item; ``"new"``, ``"updated"`` (a new version) or ``"unchanged"``.

        An unchanged item replaces its current version's record (a corrected title is kept)
        without adding a version.
        """
        # Items are plain dicts after the clean pipeline; ItemAdapter's deep copy costs more
        # than the rest of a save.
        data = item if isinstance(item, dict) else ItemAdapter(item).asdict()
        key, now = canonical_key(data["url"]), _now()
        fetch = self._fetches.pop(key, NO_FETCH)
        lastmod = fetch.lastmod
        record = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
        blob = pack_signature(signature) if signature is not None else None
        published = data.get("published")
        self._begin()
        # Inserted unless stored already: two workers saving one new article at once both
        # get here, and the second one updates the first one's row (locked until commit).
        row = self._execute(
            "INSERT INTO articles (key, url, site, published_utc, published_day, version, "
            "body_hash, modified, first_seen, last_seen, signature, lastmod_fetched) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key) DO NOTHING RETURNING id",
            (key, data["url"], data.get("site") or "", utc_iso(published), _day(published), 1,
             body_hash(data.get("body")), data.get("modified"), now, now, blob, lastmod),
        ).fetchone()
        if row is not None:
            outcome, version, article_id = "new", 1, row[0]
            # A URL stored as another article's alias is now an article of its own.
            self._execute("DELETE FROM aliases WHERE key = ?", (key,))
        else:
            stored = self._get(key, lock=True)
            article_id = stored.id
            changed = stored.differs(data)
            outcome = "updated" if changed else "unchanged"
            version = stored.version + 1 if changed else stored.version
            self._execute(
                "UPDATE articles SET url = ?, site = ?, published_utc = ?, published_day = ?, "
                "version = ?, body_hash = ?, modified = ?, last_seen = ?, signature = ?, "
                "lastmod_fetched = ? WHERE key = ?",
                (data["url"], data.get("site") or "", utc_iso(published), _day(published),
                 version, body_hash(data.get("body")), data.get("modified"), now, blob,
                 lastmod, key),
            )
            self._execute("DELETE FROM bands WHERE article = ?", (article_id,))
        self._execute(
            "INSERT INTO versions (key, version, stored_at, item) VALUES (?,?,?,?) "
            "ON CONFLICT (key, version) DO UPDATE SET stored_at = excluded.stored_at, "
            "item = excluded.item",
            (key, version, now, record),
        )
        self._add_bands(article_id, bands or ())
        self._linked_as(fetch, key)
        self._written()
        return outcome

    def note_fetch(self, url: str, lastmod: str | None = None,
                   linked_as: str | None = None) -> None:
        """The page whose article has ``url`` was fetched for a sitemap or feed date
        (``lastmod``: recorded with the article, known once delivered) and from a link to
        ``linked_as`` (recorded as another URL of it): both kept until the article is
        saved or dropped."""
        key = canonical_key(url)
        earlier = self._fetches.get(key, NO_FETCH)
        self._fetches[key] = Fetch(lastmod or earlier.lastmod, earlier.linked_as + (
            (linked_as,) if linked_as and linked_as not in earlier.linked_as else ()))

    def repeated(self, url: str) -> None:
        """An item this run met again (another page naming an article it saved): the
        link that page was fetched from is another URL of the article all the same."""
        key = canonical_key(url)
        fetch = self._fetches.pop(key, NO_FETCH)
        if fetch.linked_as:
            self._begin()
            self._linked_as(fetch, key)
            self._written()

    def seen_again(self, url: str, site: str, bands: Sequence[int] | None = None) -> None:
        """An unchanged article was met again by a crawl of ``site``: its ``last_seen``
        moves, the date and link it was fetched for are known, and it is that site's (a
        crawl under another name stored it: generic mode before the site had a
        definition), whose next crawl skips it. ``bands``: its signature's bands in the
        scope of ``site``, when it moves there (see ``candidates``)."""
        key = canonical_key(url)
        fetch = self._fetches.pop(key, NO_FETCH)
        self._begin()
        self._execute("UPDATE articles SET last_seen = ?, lastmod_known = COALESCE(?, "
                      "lastmod_known), site = ? WHERE key = ?",
                      (_now(), fetch.lastmod, site, key))
        if bands:
            (article_id,) = self._execute("SELECT id FROM articles WHERE key = ?",
                                          (key,)).fetchone()
            self._execute("DELETE FROM bands WHERE article = ?", (article_id,))
            self._add_bands(article_id, bands)
        self._linked_as(fetch, key)
        self._written()

    def add_alias(self, url: str, article_url: str, reason: str,
                  similarity: float | None = None) -> None:
        """Record ``url`` as another URL of the article stored under ``article_url``."""
        article_key = canonical_key(article_url)
        fetch = self._fetches.pop(canonical_key(url), NO_FETCH)
        self._begin()
        self._alias(url, article_key, reason, similarity)
        self._linked_as(fetch, article_key)
        self._written()

    def _alias(self, url: str, article_key: str, reason: str,
               similarity: float | None = None) -> None:
        now = _now()
        self._execute(
            "INSERT INTO aliases (key, url, article_key, reason, similarity, first_seen, "
            "last_seen) VALUES (?,?,?,?,?,?,?) ON CONFLICT (key) DO UPDATE SET "
            "article_key = excluded.article_key, reason = excluded.reason, "
            "similarity = excluded.similarity, last_seen = excluded.last_seen",
            (canonical_key(url), url, article_key, reason, similarity, now, now),
        )

    def _add_bands(self, article_id: int, bands: Sequence[int]) -> None:
        """The article's signature bands, for ``candidates``."""
        if bands:
            self._executemany(
                "INSERT INTO bands (band, article) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(band, article_id) for band in bands])

    def _linked_as(self, fetch: Fetch, article_key: str) -> None:
        """The links the article's pages were fetched from, but its own URL."""
        for link in fetch.linked_as:
            if canonical_key(link) != article_key:
                self._alias(link, article_key, "linked_as")

    def mark_delivered(self, urls: Iterable[str]) -> None:
        """The current versions of these articles reached the feeds (``commit()`` follows):
        known to the next run's skip check, and to its stop rule once this run finishes."""
        self._begin()
        self._executemany(
            "UPDATE articles SET delivered = version, emitted = COALESCE(modified, "
            "published_utc), pending = 1, lastmod_known = COALESCE(lastmod_fetched, "
            "lastmod_known) WHERE key = ?",
            [(canonical_key(url),) for url in urls])

    def _check_not_lost(self) -> None:
        if self._began and not self._in_transaction():
            # A backend may roll a whole transaction back on some errors (SQLite on disk
            # full or I/O errors): what it held is gone, and must be neither taken as
            # stored nor marked delivered.
            self._failure = self._failure or "the ledger lost its uncommitted writes"
        if self._failure:
            raise LedgerError(self._failure)

    def _begin(self) -> None:
        self._check_not_lost()
        if not self._in_transaction():
            self._start_transaction()
            self._began = time.monotonic()

    def _written(self) -> None:
        self._pending += 1
        if (self._pending >= self.commit_items
                or time.monotonic() - self._began >= self.commit_seconds):
            self.commit()

    def commit(self) -> None:
        if self._failure and not self._in_transaction():
            return  # nothing to commit: every write since the failure was refused
        self._check_not_lost()
        if self._in_transaction():
            self._commit_transaction()
        self._pending = 0
        self._began = 0.0

    def rollback(self, cause: str) -> None:
        """Forget what was written since the last commit (after a failed delivery: nothing
        of that batch may later be committed as delivered), and refuse every later write:
        other crawlers sharing the ledger lost what they had written since then too."""
        if self._in_transaction():
            self._rollback_transaction()
        self._failure = self._failure or f"refused after an earlier error: {cause}"
        self._pending = 0
        self._began = 0.0

    def close(self) -> None:
        """Commit and close (a second call does nothing)."""
        raise NotImplementedError

    def __deepcopy__(self, memo: dict[int, Any]) -> Ledger:
        # A connection: a copy of the settings that hand it over (SHARED_LEDGER) shares it.
        return self

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_ledger(location: str | None, commit_items: int = 100, commit_seconds: float = 2.0,
                read_only: bool = False) -> Ledger:
    """The ledger at ``location``: a ``postgresql://`` URL, else a SQLite file path (empty:
    a throwaway file, so de-duplication still works within the run but nothing is
    remembered across runs)."""
    if location and location.startswith(("postgresql://", "postgres://")):
        from newscrawl.ledger.postgres import PostgresLedger

        return PostgresLedger(location, commit_items, commit_seconds, read_only)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):/", location or "")
    if scheme:
        # Else mysql://user:password@host/db would be a SQLite file of that name.
        raise LedgerError(f"{scheme[1]}: is no store newscrawl knows: give a postgresql:// "
                          f"URL or a SQLite file path")
    from newscrawl.ledger.sqlite import SQLiteLedger

    return SQLiteLedger(location, commit_items, commit_seconds, read_only)


def ledger_location(settings: Any) -> str:
    """Where the settings keep the ledger: NEWSCRAWL_STORE_URL, else NEWSCRAWL_STORE_PATH."""
    return settings.get("NEWSCRAWL_STORE_URL") or settings.get("NEWSCRAWL_STORE_PATH",
                                                               DEFAULT_PATH)


def open_from_settings(settings: Any) -> Ledger:
    return open_ledger(ledger_location(settings),
                       commit_items=settings.getint("NEWSCRAWL_STORE_COMMIT_ITEMS", 100),
                       commit_seconds=settings.getfloat("NEWSCRAWL_STORE_COMMIT_SECONDS", 2.0))


FAILED_REASON = "store_write_failed"


def ledger_failed(crawler: Crawler, ledger: Ledger, exc: LedgerError) -> None:
    """A ledger read or write failed (disk full, a read-only file, a database that went
    away): the crawl stops, once, with one line, and fails. An item the ledger could not
    check or record must not reach the feeds: the next run would not know to deliver it,
    so it fetches it again instead. Counted as ``newscrawl/store/failed``."""
    stats = crawler.stats
    stats.inc_value("newscrawl/store/failed")
    if stats.get_value("newscrawl/store/error"):
        return
    stats.set_value("newscrawl/store/error", f"{ledger.location}: {exc}")
    logger.error("newscrawl: cannot use the store %s: %s; the crawl stops, and the next run "
                 "fetches what was not stored", ledger.location, exc)
    if crawler.crawling and crawler.engine.spider is not None:
        deferred_from_coro(crawler.engine.close_spider_async(reason=FAILED_REASON))


class CrawlLedger:
    """The crawl's ledger, as a Scrapy extension: the pipelines, the feeds and the spider
    reach it with ``CrawlLedger.of(crawler)``.

    ``scrapy crawl`` opens the ledger once, before any crawler is made (a store that
    cannot be opened is one line, not a traceback), hands it to every site's crawler
    (``SHARED_LEDGER``) and closes it at the end; the extension commits it after the
    spider closed (after the feeds delivered their last batch and the spider recorded the
    end of its crawl). A crawler made without that command (a script's
    ``CrawlerProcess``) opens the ledger the settings name and closes it itself.
    """

    def __init__(self, crawler: Crawler, ledger: Ledger, owned: bool = True) -> None:
        self.crawler = crawler
        self.ledger = ledger
        self.owned = owned
        # Connected once the spider opened: after every handler connected before it
        # (the feed exporter's last delivery, the spider's end of its crawl). A crawl
        # that never opened its spider closes the ledger when its engine stops.
        crawler.signals.connect(self._connect_close, signal=signals.spider_opened)
        crawler.signals.connect(self._close, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlLedger:
        shared = crawler.settings.get(SHARED_LEDGER)
        if shared is not None:
            return cls(crawler, shared, owned=False)
        return cls(crawler, open_from_settings(crawler.settings))

    @classmethod
    def of(cls, crawler: Crawler) -> Ledger:
        extension = crawler.get_extension(cls)
        if extension is None:
            raise NotConfigured(f"{cls.__module__}.{cls.__name__} is not in EXTENSIONS")
        return extension.ledger

    def _connect_close(self) -> None:
        self.crawler.signals.connect(self._close, signal=signals.spider_closed)

    def _close(self) -> None:
        if self.owned:
            self.ledger.close()
        else:
            self.ledger.commit()
