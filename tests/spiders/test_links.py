"""A site definition's link selectors: CSS or XPath, elements or href values."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from newscrawl.spiders.links import hrefs

LISTING = HtmlResponse("http://n.test/category/markets/", body=b"""<html><body>
<div class="loop"><h2 class="post-title"><a href="/2024/12/01/a/?utm_source=x">A</a></h2>
<h2 class="post-title"><a href="http://n.test/2024/12/02/b/">B</a></h2>
<h2 class="post-title"><a href="/2024/12/01/a/">A again</a></h2>
<h2 class="post-title"><a href="#comments">comments</a><a>no href</a></h2></div>
</body></html>""")


@pytest.mark.parametrize("anchors", [
    ".loop .post-title a",
    "//div[@class='loop']//a",
    "//div[@class='loop']//a/@href",
])
def test_links_are_absolute_clean_and_once_each_whatever_the_query_kind(anchors):
    assert hrefs(LISTING, anchors) == ["http://n.test/2024/12/01/a/", "http://n.test/2024/12/02/b/"]
