"""`mkdocs serve` (`make serve`) shows a failed rebuild's problems on the pages it serves.

MkDocs' live server keeps serving the last good site when a rebuild fails, and the
writer sees nothing change: with the plugin's `serve_errors` option, a failed rebuild
replaces every page of the served folder (a temporary folder, never site/) with one page
that lists the problems, the browser reloads onto it, and the next good rebuild brings
the site back. A failed first build has no server yet: `make serve` stops, as `make site`.
"""

from __future__ import annotations

import html
from pathlib import Path

from mkdocs.exceptions import Abort  # a SystemExit: how a failed build ends

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The site cannot be published</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}
pre{{white-space:pre-wrap;background:#fff3f3;border-left:4px solid #c00;padding:1rem}}</style>
</head><body><h1>The site cannot be published</h1>
<p>Fix what is listed below and save: this page reloads with the site. The same list is
in the terminal of <code>make serve</code>; <code>make check</code> prints it too.</p>
<pre>{problems}</pre></body></html>
"""


def show(site_dir: str | Path, message: str) -> int:
    """Write the error page over every HTML page of `site_dir`; the number written."""
    page = _PAGE.format(problems=html.escape(message.strip()))
    written = 0
    for path in Path(site_dir).rglob("*.html"):
        path.write_text(page, encoding="utf-8")
        written += 1
    if not written:  # a site never built: the server's 404 page is this one
        Path(site_dir).mkdir(parents=True, exist_ok=True)
        (Path(site_dir) / "404.html").write_text(page, encoding="utf-8")
        written = 1
    return written


def wrap(server, plugin) -> None:
    """Make a failed rebuild of `server` show its problems instead of leaving the
    browser on the last good page (the server reloads browsers after a build that
    returns). The problems were kept by the plugin's `on_build_error`."""
    builder = server.builder

    def build_or_show(*args, **kwargs):
        try:
            builder(*args, **kwargs)
        except (Exception, Abort) as exc:  # noqa: BLE001 - a failed build: show it, serve on
            if not plugin.site_dir:
                raise
            message = plugin.build_error or str(exc)
            show(plugin.site_dir, message)
            plugin.build_error = None

    server.builder = build_or_show
