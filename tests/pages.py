"""Every page of a built site, found in the output itself (not in docs/), so that a page
made by a hook or a template (the 404 pages, the references page) is checked too."""

from __future__ import annotations

from pathlib import Path


def built_pages(site: Path) -> list[str]:
    """Site-relative paths of every HTML file, in a stable order: 'index.html', 'fr/404.html'."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def page_address(rel: str) -> str:
    """A built file's address relative to the site root: 'fr/relay/index.html' -> 'fr/relay/'."""
    return rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel
