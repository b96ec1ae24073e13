"""newscrawl's own signals (connected and sent like Scrapy's)."""

# Sent with ``items=[...]`` once every feed file of the crawl wrote a batch, before the store
# records it: a feed shared by several crawls (``newscrawl.collection``) writes it here, and
# an OSError its handler raises fails the delivery as a feed file's would.
articles_writing = object()

# Sent with ``items=[...]`` once a batch of items was written by every feed and recorded by
# the store (``newscrawl.extensions.feeds``): from here on they count as seen.
articles_delivered = object()

# Sent when a delivery failed: what was written of the batch is taken back.
delivery_failed = object()
