"""serumrun/hooks/lazy_search.py on small bundles: exact patches, or a loud failure.
(That search still works and a first view loads none of it: tests/test_page_loads.py.)"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError

from serumrun.hooks import lazy_search

MATERIAL = (
    "(()=>{"
    + lazy_search.WORKER_ON_LOAD
    + "}"
    + lazy_search.INDEX_ON_LOAD
    + ";"
    + lazy_search.HIGHLIGHT_ALWAYS
    + "})();"
)


def _bundle(tmp_path, text: str):
    folder = tmp_path / "assets" / "javascripts"
    folder.mkdir(parents=True)
    bundle = folder / "bundle.0123abcd.min.js"
    bundle.write_text(text, encoding="utf-8")
    return SimpleNamespace(site_dir=str(tmp_path)), bundle


def test_the_three_patches_are_applied_once(tmp_path):
    config, bundle = _bundle(tmp_path, MATERIAL)
    lazy_search.on_post_build(config)
    lazy_search.on_post_build(config)  # a second language pass changes nothing
    text = bundle.read_text(encoding="utf-8")
    assert text.count(lazy_search.LAZY_WORKER) == 1 and text.startswith(lazy_search.LAZY_WORKER)
    for old, new in (
        (lazy_search.WORKER_ON_LOAD, lazy_search.WORKER_ON_FIRST_MESSAGE),
        (lazy_search.INDEX_ON_LOAD, lazy_search.INDEX_ON_OPEN),
        (lazy_search.HIGHLIGHT_ALWAYS, lazy_search.HIGHLIGHT_WITH_TERMS),
    ):
        assert old not in text and new in text


def test_a_changed_material_bundle_stops_the_build(tmp_path):
    config, _ = _bundle(tmp_path, MATERIAL.replace(lazy_search.INDEX_ON_LOAD, "L($(x))"))
    with pytest.raises(PluginError, match="Material changed"):
        lazy_search.on_post_build(config)
