"""Discovery sources: sitemaps, sitemap indexes, Google News sitemaps, RSS and Atom."""

from __future__ import annotations

from newscrawl.extract.feeds import Entry, parse_discovery


def test_sitemap_with_lastmod():
    body = b"""<?xml version="1.0"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://n.test/2024/01/02/a/</loc><lastmod>2024-01-02T10:00:00+00:00</lastmod></url>
      <url><loc> https://n.test/2024/01/03/b/ </loc></url>
      <url><lastmod>2024-01-01</lastmod></url>
    </urlset>"""
    assert parse_discovery(body) == [
        Entry("https://n.test/2024/01/02/a/", "2024-01-02T10:00:00+00:00"),
        Entry("https://n.test/2024/01/03/b/", None),
    ]


def test_sitemap_index_entries_are_sitemaps():
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://n.test/post-sitemap.xml</loc><lastmod>2024-01-03</lastmod></sitemap>
    </sitemapindex>"""
    assert parse_discovery(body) == [
        Entry("https://n.test/post-sitemap.xml", "2024-01-03", is_sitemap=True)
    ]


def test_google_news_sitemap_dates_from_publication_date():
    body = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://n.test/a</loc><news:news><news:publication>
        <news:name>N</news:name><news:language>en</news:language></news:publication>
        <news:publication_date>2024-05-01T08:00:00Z</news:publication_date>
        <news:title>T</news:title></news:news></url>
    </urlset>"""
    assert parse_discovery(body) == [Entry("https://n.test/a", "2024-05-01T08:00:00Z")]


def test_rss_and_atom():
    rss = b"""<rss version="2.0"><channel><title>x</title>
      <item><title>A</title><link>https://n.test/a</link>
        <pubDate>Mon, 09 Dec 2024 13:30:00 +0000</pubDate></item>
      <item><title>no link</title></item></channel></rss>"""
    assert parse_discovery(rss) == [
        Entry("https://n.test/a", "Mon, 09 Dec 2024 13:30:00 +0000", in_feed=True)]
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
      <link rel="self" href="https://n.test/self"/><link href="https://n.test/b"/>
      <updated>2024-12-09T13:30:00Z</updated></entry></feed>"""
    assert parse_discovery(atom) == [
        Entry("https://n.test/b", "2024-12-09T13:30:00Z", in_feed=True)]


def test_an_rss_item_without_a_link_is_found_by_its_permalink_guid():
    body = b"""<rss version="2.0"><channel>
      <item><guid>https://n.test/a/</guid><pubDate>Mon, 09 Dec 2024 08:00:00 GMT</pubDate></item>
      <item><guid isPermaLink="true">https://n.test/b/</guid></item>
      <item><guid isPermaLink="false">https://n.test/?p=3</guid></item>
      <item><guid>tag:n.test,2024:4</guid></item>
      <item><link>https://n.test/e/</link><guid>https://n.test/?p=5</guid></item>
    </channel></rss>"""
    assert parse_discovery(body) == [
        Entry("https://n.test/a/", "Mon, 09 Dec 2024 08:00:00 GMT", in_feed=True),
        Entry("https://n.test/b/", in_feed=True), Entry("https://n.test/e/", in_feed=True)]


def test_not_a_discovery_document():
    assert parse_discovery(b"<html><body>hi</body></html>") is None
    assert parse_discovery(b"") is None
    assert parse_discovery(b"\x00\xff garbage") is None


def test_an_entry_lxml_cannot_read_costs_that_entry_alone():
    # A character reference to half a surrogate pair (emoji escaped as UTF-16): lxml
    # raises on reading that text or attribute.
    half = "&#xD83D;"
    sitemap = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               f'<url><loc>https://n.test/{half}</loc></url>'
               '<url><loc>https://n.test/a</loc><lastmod>2024-05-02</lastmod></url>'
               f'<url><loc>https://n.test/b</loc><lastmod>2024{half}</lastmod></url></urlset>')
    assert parse_discovery(sitemap.encode()) == [Entry("https://n.test/a", "2024-05-02"),
                                                 Entry("https://n.test/b")]
    rss = (f'<rss><channel><item><link>https://n.test/{half}</link></item>'
           '<item><link>https://n.test/a</link></item></channel></rss>')
    assert parse_discovery(rss.encode()) == [Entry("https://n.test/a", in_feed=True)]
    atom = ('<feed xmlns="http://www.w3.org/2005/Atom">'
            f'<entry><link href="https://n.test/{half}"/></entry>'
            f'<entry><link rel="{half}" href="https://n.test/x"/></entry>'
            '<entry><link href="https://n.test/a"/></entry></feed>')
    assert parse_discovery(atom.encode()) == [Entry("https://n.test/a", in_feed=True)]
