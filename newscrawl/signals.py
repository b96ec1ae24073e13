"""newscrawl's own signals (connected and sent like Scrapy's)."""

# Sent with ``items=[...]`` once a batch of items was written by every feed and recorded by
# the store (``newscrawl.extensions.feeds``): from here on they count as seen.
articles_delivered = object()
