"""Every built page, both languages, loaded once in Chromium (issues 2 and 8): nothing is
requested from another host, nothing gets a 404, the console shows no error, no font is
downloaded (the site uses the reader's system fonts, `theme.font: false`), the
Content-Security-Policy reports no violation, and search works under it on every page,
though a first view no longer loads it. One visit of each page serves every check."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from tests.pages import built_pages, page_address
from tests.sitebuild import ROOT, pages_by_language, url_prefix

pytestmark = pytest.mark.browser

#: Registered before any page script: records every violation the page reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`
  + ` at ${e.sourceFile}:${e.lineNumber}`));
"""
#: Material's scripts finish their layout work in ResizeObserver callbacks.
SETTLE = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
#: Pages where a link's tooltip is shown too: the same scripts everywhere, so a root and
#: a deep page per language. Every page but the 404s is searched, with its language menu
#: hovered (the switcher may fetch on hover).
EXERCISED = ("index.html", "relay/index.html", "fr/index.html", "fr/relay/index.html")


@dataclass
class Loads:
    pages: list[str]
    foreign: list[str] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    #: Every request, and the responses with a status of 400 or more.
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    searched: dict[str, list[str]] = field(default_factory=dict)
    #: What each page asked for before anyone touched it: the first view.
    first_view: dict[str, list[str]] = field(default_factory=dict)


@pytest.fixture(scope="module")
def loads(browser, served, site) -> Loads:
    from tests.browser import search, watch

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    result = Loads(built_pages(site.site))
    traffic = watch(page, allowed_hosts=("127.0.0.1",))
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("request", lambda r: r.resource_type == "font" and result.fonts.append(r.url))
    page.on("console", lambda m: m.type in ("error", "warning") and result.console.append(m.text))
    try:
        for rel in result.pages:
            before = len(traffic.requests)
            page.goto(served + page_address(rel), wait_until="networkidle")
            page.evaluate(SETTLE)
            result.first_view[rel] = traffic.requests[before:]
            if not rel.endswith("404.html"):
                page.hover(".md-header .md-select")
                result.searched[rel] = search(page, "Nome")
                page.keyboard.press("Escape")
            if rel in EXERCISED:
                titled = page.query_selector("article p a[title]")
                if titled is not None:
                    titled.hover()
            result.violations += [f"{rel}: {v}" for v in page.evaluate("window.__cspViolations")]
    finally:
        context.close()
    result.foreign = traffic.foreign
    result.requests = traffic.requests
    result.failed = traffic.failed
    result.console_errors = traffic.console_errors
    return result


def test_every_page_was_loaded(loads):
    assert set(EXERCISED) <= set(loads.pages)
    assert {"404.html", "fr/404.html"} <= set(loads.pages)


def test_no_page_requests_anything_from_another_host(loads):
    assert loads.foreign == []


def test_no_page_requests_another_host_or_gets_a_404(loads):
    """Every page of both languages, searched, with its language menu hovered: nothing
    leaves the site, nothing is missing, the console stays clean."""
    assert set(loads.searched) == {rel for rel in loads.pages if not rel.endswith("404.html")}
    for lang, pages in pages_by_language(ROOT / "docs").items():
        for rel in pages:  # every page of docs/, found built: 'relay.md' -> 'relay/index.html'
            built = url_prefix(lang) + ("" if rel == "index.md" else rel[:-3] + "/") + "index.html"
            assert built in loads.searched, built
    assert loads.foreign == []
    assert loads.failed == []
    assert loads.console_errors == []
    assert len(loads.requests) > len(loads.pages)


def test_no_page_downloads_a_font(loads):
    assert loads.fonts == []


def test_no_page_reports_a_content_security_policy_violation(loads):
    problems = loads.violations + [
        m for m in loads.console if re.search(r"Content.Security.Policy", m, re.I)
    ]
    assert not problems, "\n".join(problems)


def test_a_first_view_loads_no_search_worker_or_index(loads):
    """serumrun/hooks/lazy_search.py: search loads when the reader first opens it."""
    for rel, requests in loads.first_view.items():
        search = [u for u in requests if re.search(r"search_index|/workers/|/lunr/", u)]
        assert search == [], rel
    assert len(loads.first_view) == len(loads.pages)


def test_search_works_under_the_policy(loads):
    for rel, results in loads.searched.items():
        assert results, f"{rel}: search found nothing"
        french = [url for url in results if "/serum-run/fr/" in url]
        expected = results if rel.startswith("fr/") else []
        assert french == expected, f"{rel}: results in the other language: {results}"
