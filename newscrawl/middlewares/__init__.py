"""Downloader middlewares and download handlers."""
