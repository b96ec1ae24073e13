"""Packaging for Scrapyd: ``scrapyd-deploy`` builds the project egg with ``setup.py bdist_egg``.

Without this file scrapyd-deploy writes its own minimal setup.py, whose egg has the Python
modules only: data files (the demo site's content, templates, …) would be missing on the
Scrapyd server. Every non-Python file under ``newscrawl/`` is package data here, so a
file added later is deployed without editing this list. Scrapyd runs the egg as a zip
file: code must read such files with ``importlib.resources``, not through ``__file__``.
"""

from pathlib import Path

from setuptools import find_packages, setup

PACKAGE = "newscrawl"
SKIPPED_SUFFIXES = {".py", ".pyc", ".pyo"}


def package_data(package: str) -> list[str]:
    root = Path(__file__).resolve().parent / package
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.suffix not in SKIPPED_SUFFIXES
        and "__pycache__" not in path.parts
    )


setup(
    name=PACKAGE,
    version="0.1",
    packages=find_packages(include=[PACKAGE, f"{PACKAGE}.*"]),
    package_data={PACKAGE: package_data(PACKAGE)},
    # Scrapyd finds the settings module through this entry point.
    entry_points={"scrapy": [f"settings = {PACKAGE}.settings"]},
    zip_safe=False,
)
