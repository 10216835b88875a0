"""Patch two of Material's built assets, each with an exact match that fails loudly.

Material for MkDocs is pinned (requirements.txt); if an upgrade changes either asset,
the build stops here with a message instead of shipping a half-patched site.

1. The bundle's alternate-language handler (`ui({document$:...})`) fetches
   `sitemap.xml` relative to every `<link rel="alternate">` of the page. With absolute
   hreflang links that is a request to the public host (from a local preview or the
   offline bundle), and with per-page alternates a 404 (`/fr/relay/sitemap.xml`). The
   language switch is handled by the twin links static-i18n writes and by
   `switcher.js`, so the handler is removed.
2. The French lunr pipeline gets accent folding (`serumrun/assets/lunr-fold-fr.js`).
3. The search worker turns each query term into a prefix match (`term*`), which lunr
   runs without its pipeline: a stemmed index then misses whole words ("chiens"
   against the stem "chien", "etape" against "étap"). Each term is sent twice, as the
   prefix and as a plain term that goes through stemming and folding.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from serumrun import minify

ASSETS = Path(__file__).resolve().parent.parent / "assets"
ALTERNATE_HANDLER = "ui({document$:ct});"
FRENCH_LUNR = "assets/javascripts/lunr/min/lunr.fr.min.js"
FOLD_MARKER = "serumrun: fold accents"
QUERY_TERM = '`${r}*`).join(" ")}'
QUERY_TERMS = '`${r}* ${r}`).join(" ")}'


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    _patch_bundle(site)
    _patch_french_lunr(site)
    _patch_search_worker(site)
    # The project's stylesheets without their comments (serumrun/minify.py, issue 16).
    minify.strip_site_css(site, config.extra_css)


def _patch_bundle(site: Path) -> None:
    bundles = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise PluginError(f"theme patch: expected one Material bundle, found {len(bundles)}")
    bundle = bundles[0]
    text = bundle.read_text(encoding="utf-8")
    if ALTERNATE_HANDLER not in text:
        if "/*serumrun:alternate-handler-removed*/" in text:
            return  # already patched by an earlier language pass
        raise PluginError(
            f"theme patch: {bundle.name} no longer contains {ALTERNATE_HANDLER!r}; "
            "Material changed, review serumrun/hooks/theme.py"
        )
    bundle.write_text(
        text.replace(ALTERNATE_HANDLER, "/*serumrun:alternate-handler-removed*/", 1),
        encoding="utf-8",
    )


def _patch_french_lunr(site: Path) -> None:
    target = site / FRENCH_LUNR
    if not target.is_file():
        raise PluginError(f"theme patch: {FRENCH_LUNR} is missing from the built site")
    text = target.read_text(encoding="utf-8")
    if FOLD_MARKER in text:
        return
    fold = (ASSETS / "lunr-fold-fr.js").read_text(encoding="utf-8")
    target.write_text(text + fold, encoding="utf-8")


def _patch_search_worker(site: Path) -> None:
    workers = sorted((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise PluginError(f"theme patch: expected one search worker, found {len(workers)}")
    text = workers[0].read_text(encoding="utf-8")
    if QUERY_TERMS in text:
        return
    if text.count(QUERY_TERM) != 1:
        raise PluginError(
            f"theme patch: {workers[0].name} no longer builds queries as {QUERY_TERM!r}; "
            "Material changed, review serumrun/hooks/theme.py"
        )
    workers[0].write_text(text.replace(QUERY_TERM, QUERY_TERMS), encoding="utf-8")
