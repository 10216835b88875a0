"""Search loads when the reader opens it, not on every page view (issue 8: page weight).

Material starts its search worker and fetches the search index as soon as a page loads,
whether or not the reader ever searches: on this site that is 12 kB of worker, plus
4.6 kB of French stemmer on a French page, plus the index (28 to 32 kB), all compressed,
on every first view, which is most views on a phone on a slow link. Three exact patches
of Material's built bundle defer them to the first opening of search (a click or tap
in the search box, or its keyboard shortcut), which is what Material already does for
a site opened from a folder (file://):

1. the index is fetched when search first opens: `of(location.protocol !== "file:")`,
   which fires at once on a website, becomes `of(false)`, leaving only the toggle;
2. the highlighting of search terms on the page a result leads to (`search.highlight`,
   which needs the index's word separator) is set up only when the address carries
   terms to highlight (`?h=`); it subscribed to the index on every page;
3. the worker is created when the index is posted to it (its setup message, type 0),
   so again when search first opens: Material's `new Worker(url)` becomes a stand-in
   that keeps the listeners and creates the real worker then. Queries posted before
   (Material posts the empty query of the search box as it mounts) are held, the
   latest only, and sent after the setup, so the reader's words are answered and an
   answer to the empty query never shows "No matching documents" on the way.

Each patch is an exact match of Material 9.8.1's bundle; if an upgrade changes it, the
build stops here. tests/test_page_loads.py checks that a first view requests neither
worker nor index and that search still finds pages.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

INDEX_ON_LOAD = 'L($(location.protocol!=="file:"),Je("search"))'
INDEX_ON_OPEN = 'L($(!1),Je("search"))'
HIGHLIGHT_ALWAYS = 'V("search.highlight")?Ai(e,{index$:zi,location$:Kt}):y'
HIGHLIGHT_WITH_TERMS = (
    'V("search.highlight")&&new URL(location.href).searchParams.has("h")'
    "?Ai(e,{index$:zi,location$:Kt}):y"
)
WORKER_ON_LOAD = "function Mn(e,t=new Worker(e)){"
WORKER_ON_FIRST_MESSAGE = "function Mn(e,t=__serumrunLazyWorker(e)){"
#: Prepended to the bundle (a function declaration: defined before the bundle runs).
LAZY_WORKER = (
    "/*serumrun: search worker created on its setup message (serumrun/hooks/lazy_search.py)*/"
    "function __serumrunLazyWorker(u){var w=null,l=[],q=[];return{"
    "addEventListener:function(t,f,o){l.push([t,f,o]);w&&w.addEventListener(t,f,o)},"
    "removeEventListener:function(t,f,o){l=l.filter(function(x){return x[1]!==f});"
    "w&&w.removeEventListener(t,f,o)},"
    "postMessage:function(m,x){if(w)return w.postMessage(m,x);"
    "if(!m||m.type!==0){q=q.filter(function(e){return e[0].type!==m.type});"
    "return void q.push([m,x])}w=new Worker(u);"
    "l.forEach(function(e){w.addEventListener(e[0],e[1],e[2])});w.postMessage(m,x);"
    "q.forEach(function(e){w.postMessage(e[0],e[1])});q=[]},"
    "terminate:function(){w&&w.terminate()}}}\n"
)


def on_post_build(config: MkDocsConfig) -> None:
    bundles = sorted((Path(config.site_dir) / "assets" / "javascripts").glob("bundle.*.min.js"))
    if not bundles:
        return  # an inner language pass writes no theme assets
    if len(bundles) != 1:
        raise PluginError(f"lazy search: expected one Material bundle, found {len(bundles)}")
    bundle = bundles[0]
    text = bundle.read_text(encoding="utf-8")
    if text.startswith(LAZY_WORKER):
        return  # patched by an earlier language pass
    for old in (INDEX_ON_LOAD, HIGHLIGHT_ALWAYS, WORKER_ON_LOAD):
        if text.count(old) != 1:
            raise PluginError(
                f"lazy search: {bundle.name} no longer contains {old!r} exactly once; "
                "Material changed, review serumrun/hooks/lazy_search.py"
            )
    text = text.replace(INDEX_ON_LOAD, INDEX_ON_OPEN)
    text = text.replace(HIGHLIGHT_ALWAYS, HIGHLIGHT_WITH_TERMS)
    text = text.replace(WORKER_ON_LOAD, WORKER_ON_FIRST_MESSAGE)
    bundle.write_text(LAZY_WORKER + text, encoding="utf-8")
