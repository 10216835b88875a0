"""Make the offline bundle (mkdocs.offline.yml, Material's offline plugin) work from a
folder, with no network. What that plugin gets wrong for this site:

* it loads the iframe-worker shim (a Web Worker stand-in for file://) from unpkg.com:
  the shim is vendored instead (serumrun/assets/iframe-worker/, pinned, with its
  licence) and named in `extra.polyfills` before the plugin runs;
* it inlines one search index, at the root: each language's `search_index.js` is
  written here, from the index serumrun/translation/bilingual.py split for it;
* the shim writes an inline script into its frame, which inherits the page's
  Content-Security-Policy: that script's hash is added to each page's policy;
* the source maps quote unpkg.com (Material's scripts, edited by material.py, no longer
  load from it): they are left out, and the finished bundle may name no other host;
* the 404 pages and sitemaps are for the website, and go; canonical and hreflang links
  name the website's pages, and the footer's download link the bundle on the website.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from serumrun.project import Project

#: The vendored shim: iframe-worker 1.0.4 from the npm registry (shim/index.js, MIT).
#: package.json pins the same version; tests/test_offline_bundle.py checks they agree.
SHIM_VERSION = "1.0.4"
SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"
SHIM_SOURCE = Path(__file__).resolve().parent.parent / "assets" / "iframe-worker"
#: Where the bundle serves it, relative to the site root (with its LICENSE beside it).
SHIM_URL = "assets/javascripts/iframe-worker/shim.js"
#: Files of the website that have no use in a folder (see the module docstring), in
#: each language root; and the script of the 404 page, once.
WEBSITE_ONLY = ("404.html", "sitemap.xml", "sitemap.xml.gz")
NOT_FOUND_SCRIPT = "assets/javascripts/not-found.js"
#: Hosts the bundle must not name at all: the CDN and Google Fonts.
FORBIDDEN_HOSTS = ("unpkg.com", "fonts.googleapis.com", "fonts.gstatic.com")
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
_CONFIG_SCRIPT = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
#: The inline script of the shim's frame, a template literal in shim.js.
_FRAME_SCRIPT = re.compile(r"<script>(postMessage=\$\{c\};importScripts=\$\{d\};.*?)<\\/script>")
_SOURCE_MAP_COMMENT = re.compile(
    r"\n?(?://# sourceMappingURL=\S+|/\*# sourceMappingURL=\S+ \*/)\s*$"
)


def configure(config: MkDocsConfig) -> None:
    """Before Material's offline plugin, which adds unpkg unless a shim is named."""
    _check_shim()
    polyfills = [p for p in config.extra.get("polyfills") or [] if "iframe-worker" not in str(p)]
    config.extra["polyfills"] = [*polyfills, SHIM_URL]
    # The footer's download link (overrides/partials/copyright.html) leads from the
    # bundle to the current bundle on the website, not to a file beside the reader's copy.
    if config.extra.get("bundle_url"):
        config.extra["bundle_url"] = urljoin(config.site_url or "", config.extra["bundle_url"])


def check_polyfills(config: MkDocsConfig) -> None:
    """Once every plugin has configured itself: no script may come from another host."""
    foreign = [p for p in config.extra.get("polyfills") or [] if urlsplit(str(p)).scheme]
    if foreign:
        raise PluginError(f"offline bundle: extra.polyfills loads from another host: {foreign}")


def page_context(context, page: Page) -> None:
    """The website's addresses of this page and its twins, not the bundle's .html ones."""
    if page.canonical_url:
        page.canonical_url = _website_url(page.canonical_url)
    for link in context.get("hreflang") or []:
        link["href"] = _website_url(link["href"])


def extend_policy(output: str, page: Page) -> str:
    """Let the shim's frame script through the page's policy (serumrun/gates/policy.py)."""
    policy = _CSP_META.search(output)
    settings = _CONFIG_SCRIPT.search(output)
    if policy is None or settings is None:
        return output  # no policy to extend, or no search on this page
    worker = json.loads(settings.group(1))["search"]
    # The inline script iframe-worker writes into its frame for the worker at `worker`.
    script = _frame_template().replace("${e}", worker)
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
    content, count = re.subn(r"\bscript-src\b", f"script-src {source}", policy.group(1), count=1)
    if not count:
        raise PluginError(
            f"offline bundle: the Content-Security-Policy of {page.file.src_uri} has no "
            "script-src; review serumrun/theme/offline.py against serumrun/gates/policy.py"
        )
    return output[: policy.start(1)] + content + output[policy.end(1) :]


def finish(site: Path, project: Project) -> None:
    """The finished site (every language built, split and edited) made a bundle."""
    _write_search_scripts(site, project)
    _install_shim(site)
    for lang in project.languages:
        for name in WEBSITE_ONLY:
            (site / project.url_prefix(lang) / name).unlink(missing_ok=True)
    (site / NOT_FOUND_SCRIPT).unlink(missing_ok=True)
    _drop_source_maps(site)
    _check_no_foreign_host(site)


def enabled(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/offline")
    return plugin is not None and plugin.config.enabled


def _check_shim() -> None:
    shim = SHIM_SOURCE / "shim.js"
    if not shim.is_file() or not (SHIM_SOURCE / "LICENSE").is_file():
        raise PluginError(f"offline bundle: {SHIM_SOURCE} must hold shim.js and its LICENSE")
    digest = hashlib.sha256(shim.read_bytes()).hexdigest()
    if digest != SHIM_SHA256:
        raise PluginError(
            f"offline bundle: {shim} is not iframe-worker {SHIM_VERSION}'s shim "
            f"(sha256 {digest}); copy node_modules/iframe-worker/shim/index.js and update "
            "SHIM_VERSION and SHIM_SHA256 in serumrun/theme/offline.py together"
        )


def _frame_template() -> str:
    """The shim's frame script with its two functions' source text in place; `${e}` left."""
    shim = (SHIM_SOURCE / "shim.js").read_text(encoding="utf-8")
    match = _FRAME_SCRIPT.search(shim)
    if match is None:
        raise PluginError("offline bundle: shim.js no longer writes the frame script it did")
    return (
        match.group(1)
        .replace("${c}", _function_source(shim, "c"))
        .replace("${d}", _function_source(shim, "d"))
    )


def _function_source(script: str, name: str) -> str:
    """The source text of `function name(...){...}` in `script`, as JavaScript prints it."""
    start = script.find(f"function {name}(")
    if start < 0:
        raise PluginError(f"offline bundle: shim.js has no function {name}")
    depth = 0
    for end in range(script.index("{", start), len(script)):
        depth += {"{": 1, "}": -1}.get(script[end], 0)
        if depth == 0:
            return script[start : end + 1]
    raise PluginError(f"offline bundle: function {name} of shim.js does not end")


def _install_shim(site: Path) -> None:
    target = site / SHIM_URL
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM_SOURCE / "shim.js", target)
    shutil.copyfile(SHIM_SOURCE / "LICENSE", target.parent / "LICENSE")


def _write_search_scripts(site: Path, project: Project) -> None:
    """One `search_index.js` per language, from that language's `search_index.json`.

    Material loads it from file:// as `<base>search/search_index.js`, where the page's
    base is its language root (overrides/main.html), and reads the global `__index`.
    """
    for lang in project.languages:
        folder = site / project.url_prefix(lang) / "search"
        index = folder / "search_index.json"
        if not index.is_file():
            raise PluginError(
                f"offline bundle: {index} is missing; serumrun/translation/bilingual.py writes "
                "one index per language and must run before this"
            )
        (folder / "search_index.js").write_text(
            "var __index = " + index.read_text(encoding="utf-8"), encoding="utf-8"
        )


def _drop_source_maps(site: Path) -> None:
    """Leave out the source maps (for developers, and they quote the CDN addresses)."""
    for source_map in site.rglob("*.map"):
        source_map.unlink()
    for path in [*site.rglob("*.js"), *site.rglob("*.css")]:
        text = path.read_text(encoding="utf-8")
        stripped = _SOURCE_MAP_COMMENT.sub("", text)
        if stripped != text:
            path.write_text(stripped + "\n", encoding="utf-8")


def _check_no_foreign_host(site: Path) -> None:
    for path in sorted(site.rglob("*")):
        if path.suffix not in {".html", ".js", ".css", ".json", ".svg"}:
            continue
        text = path.read_text(encoding="utf-8")
        for host in FORBIDDEN_HOSTS:
            if host in text:
                raise PluginError(
                    f"offline bundle: {path.relative_to(site)} names {host}; the bundle must "
                    "load nothing from another host"
                )


def _website_url(url: str) -> str:
    """'https://host/serum-run/relay.html' -> 'https://host/serum-run/relay/'; index.html -> ''."""
    base, _, name = url.rpartition("/")
    if name == "index.html":
        return base + "/"
    if name.endswith(".html"):
        return f"{base}/{name[: -len('.html')]}/"
    return url
