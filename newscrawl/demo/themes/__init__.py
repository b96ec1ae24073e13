"""The demo site's looks: the same articles under different URLs and markup."""

from __future__ import annotations

from newscrawl.demo.content import DemoSite
from newscrawl.demo.themes.base import Theme
from newscrawl.demo.themes.block import BlockTheme
from newscrawl.demo.themes.finance import FinanceTheme
from newscrawl.demo.themes.newspaper import NewspaperTheme

THEMES: dict[str, type[Theme]] = {
    theme.key: theme for theme in (FinanceTheme, BlockTheme, NewspaperTheme)}


def make_theme(name: str, site: DemoSite, base_url: str) -> Theme:
    """The theme called ``name`` for ``site`` served at ``base_url`` (no trailing slash)."""
    return THEMES[name](site, base_url)
