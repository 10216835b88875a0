"""Every change the project makes to Material's built scripts: one table, applied once.

Where a template override or an option can do the job, the project uses it; what no seam
reaches is an exact edit of a built file here, applied to the final output (after every
language pass) once the installed Material is checked to be the version the table was
written for: an edit that does not match stops the build, never a half-patched site.
Each edit changes what the browser does (README.md, "Measured again, and kept"):

* **Language links**: Material's alternate-language handler fetches `sitemap.xml`
  beside every `<link rel="alternate">`: a request to the public host (from a preview
  or the bundle) or a 404; the switcher links to the twin itself instead.
* **Search loads when opened**: the index is fetched on the first opening of search
  (what Material does from file://), highlighting subscribes to it only with `?h=`
  terms, and the worker is created on its setup message (a stand-in keeps the
  listeners and the latest query): a first view fetches no worker and no index.
* **Whole words and accents** (worker, lunr.fr): each term is sent as the prefix
  `term*` (run without the pipeline, so "chiens" misses the stem "chien") and as the
  plain term; the French pipeline folds accents (serumrun/assets/lunr-fold-fr.js); a
  result lists as missing only the terms it matched neither as typed nor as the
  pipeline makes them.
* **Offline bundle only**: the two scripts it would load from unpkg.com in cases this
  site never meets (no ResizeObserver, a Mermaid diagram) become an empty script.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path

from mkdocs.exceptions import PluginError

#: The Material release the edits below were written against (requirements.txt pins it).
MATERIAL_VERSION = "9.8.1"

BUNDLE = "assets/javascripts/bundle.*.min.js"
WORKER = "assets/javascripts/workers/search.*.min.js"
LUNR_FR = "assets/javascripts/lunr/min/lunr.fr.min.js"
#: overrides/main.html links it without palette.css (issue 16).
MAIN_STYLESHEET = "assets/stylesheets/main.*.min.css"

#: The stand-in for `new Worker(url)`: a function declaration, hoisted in its scope.
_LAZY_WORKER = (
    "function __serumrunLazyWorker(u){var w=null,l=[],q=[];return{"
    "addEventListener:function(t,f,o){l.push([t,f,o]);w&&w.addEventListener(t,f,o)},"
    "removeEventListener:function(t,f,o){l=l.filter(function(x){return x[1]!==f});"
    "w&&w.removeEventListener(t,f,o)},"
    "postMessage:function(m,x){if(w)return w.postMessage(m,x);"
    "if(!m||m.type!==0){q=q.filter(function(e){return e[0].type!==m.type});"
    "return void q.push([m,x])}w=new Worker(u);"
    "l.forEach(function(e){w.addEventListener(e[0],e[1],e[2])});w.postMessage(m,x);"
    "q.forEach(function(e){w.postMessage(e[0],e[1])});q=[]},"
    "terminate:function(){w&&w.terminate()}}}"
)
_LUNR_FR_END = 'e.Pipeline.registerFunction(e.fr.stopWordFilter,"stopWordFilter-fr")}});'


@dataclass(frozen=True)
class Edit:
    """Replace `old` by `new`, exactly once, in the one built file `glob` names."""

    glob: str
    old: str
    new: str
    why: str


#: The offline bundle's: nothing from unpkg.com (the website build keeps Material's).
OFFLINE_EDITS = tuple(
    Edit(BUNDLE, f'"{url}"', '"data:text/javascript,"', "offline: nothing from unpkg.com")
    for url in (
        "https://unpkg.com/resize-observer-polyfill",
        "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
    )
)


def edits(*, offline: bool = True) -> tuple[Edit, ...]:
    fold_accents = files("serumrun").joinpath("assets", "lunr-fold-fr.js").read_text("utf-8")
    return (
        Edit(
            BUNDLE,
            "ui({document$:ct});",
            "/*serumrun:alternate-handler-removed*/",
            "language links: no sitemap fetch per <link rel=alternate>",
        ),
        Edit(
            BUNDLE,
            'L($(location.protocol!=="file:"),Je("search"))',
            'L($(!1),Je("search"))',
            "search loads when opened: the index",
        ),
        Edit(
            BUNDLE,
            'V("search.highlight")?Ai(e,{index$:zi,location$:Kt}):y',
            'V("search.highlight")&&new URL(location.href).searchParams.has("h")'
            "?Ai(e,{index$:zi,location$:Kt}):y",
            "search loads when opened: highlighting only with terms",
        ),
        Edit(
            BUNDLE,
            "function Mn(e,t=new Worker(e)){",
            _LAZY_WORKER + "function Mn(e,t=__serumrunLazyWorker(e)){",
            "search loads when opened: the worker",
        ),
        Edit(
            WORKER,
            '`${r}*`).join(" ")}',
            '`${r}* ${r}`).join(" ")}',
            "whole words: each term as a prefix and as a word",
        ),
        Edit(
            WORKER,
            "function he(t,e){var i;let r=new Set(t),n={};for(let s=0;s<e.length;s++)"
            "for(let o of r)e[s].startsWith(o.term)&&",
            "function he(t,e,p){var i;let r=new Set(t),n={};for(let s=0;s<e.length;s++)"
            "for(let o of r)(e[s].startsWith(o.term)||p&&p.runString(o.term)"
            ".some(f=>e[s].startsWith(f)))&&",
            "accents: a term matched as the search pipeline made it is not missing",
        ),
        Edit(
            WORKER,
            "he(r,Object.keys(u.metadata))",
            "he(r,Object.keys(u.metadata),this.index.pipeline)",
            "accents: the search pipeline to the missing-terms test",
        ),
        Edit(LUNR_FR, _LUNR_FR_END, _LUNR_FR_END + fold_accents, "accents: French folding"),
        *(OFFLINE_EDITS if offline else ()),
    )


def check_version() -> None:
    installed = version("mkdocs-material")
    if installed != MATERIAL_VERSION:
        raise PluginError(
            f"serumrun/theme/material.py was written for Material {MATERIAL_VERSION}, and "
            f"{installed} is installed: review each edit against the new built files, then "
            "update MATERIAL_VERSION (requirements.txt pins Material)"
        )


def apply(site: Path, *, offline: bool) -> None:
    """Apply every edit to the built site; any edit that does not match stops the build."""
    check_version()
    for edit in edits(offline=offline):
        target = site / built_file(site, edit.glob)
        text = target.read_text(encoding="utf-8")
        found = text.count(edit.old)
        if found != 1:
            raise PluginError(
                f"Material edit ({edit.why}): {target.relative_to(site)} contains "
                f"{edit.old[:60]!r} {found} time(s), expected 1; Material changed, "
                "review serumrun/theme/material.py"
            )
        target.write_text(text.replace(edit.old, edit.new), encoding="utf-8")


def built_file(folder: Path, pattern: str) -> str:
    """The one file of Material's that `pattern` names in `folder` (the theme, or a built
    site), read from the installed files rather than copied into a template:
    'assets/javascripts/workers/search.x.min.js'."""
    found = sorted(folder.glob(pattern))
    if len(found) != 1:
        raise PluginError(f"Material: expected one built file {pattern}, found {len(found)}")
    return found[0].relative_to(folder).as_posix()


def theme_dir() -> Path:
    """The installed Material theme's templates folder."""
    return Path(str(files("material") / "templates"))
