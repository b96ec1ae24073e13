"""Components with a bug, put into a real crawl by ``-s``: the page or item they break is
lost to an exception, as one broken by a bug of newscrawl's own would be."""

from __future__ import annotations

from typing import Any

from scrapy.http import Response

from newscrawl.meta import PageRole, page_role


class FailsOnTheThirdArticlePage:
    """A spider middleware whose bug the third article page hits."""

    def __init__(self) -> None:
        self.articles = 0

    def process_spider_input(self, response: Response) -> None:
        if page_role(response.meta) is PageRole.ARTICLE:
            self.articles += 1
            if self.articles == 3:
                raise ValueError(f"a bug this page hits: {response.url}")


class FailsOnTheSecondItem:
    """An item pipeline whose bug the second item hits."""

    def __init__(self) -> None:
        self.items = 0

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        self.items += 1
        if self.items == 2:
            raise KeyError("a value nothing expected")
        return item
