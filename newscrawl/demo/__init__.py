"""The embedded demo news site: ``python -m newscrawl.demo serve|truth``."""
