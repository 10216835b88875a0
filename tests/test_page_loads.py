"""Every built page, both languages, loaded once in Chromium (issue 8): nothing is
requested from another host, no font is downloaded (the site uses the reader's system
fonts, `theme.font: false`), the Content-Security-Policy reports no violation, and
search still works under it, though a first view no longer loads it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from tests.pages import built_pages, page_address

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
#: Pages where the later work runs too (search worker and index, language menu,
#: tooltips): the same scripts everywhere, so a root and a deep page per language.
EXERCISED = ("index.html", "relay/index.html", "fr/index.html", "fr/relay/index.html")


@dataclass
class Loads:
    pages: list[str]
    foreign: list[str] = field(default_factory=list)
    fonts: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
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
            page.goto(served + page_address(rel), wait_until="load")
            page.evaluate(SETTLE)
            result.first_view[rel] = traffic.requests[before:]
            if rel in EXERCISED:
                result.searched[rel] = search(page, "Nome")
                page.keyboard.press("Escape")
                page.hover(".md-header .md-select")
                titled = page.query_selector("article p a[title]")
                if titled is not None:
                    titled.hover()
            result.violations += [f"{rel}: {v}" for v in page.evaluate("window.__cspViolations")]
    finally:
        context.close()
    result.foreign = traffic.foreign
    return result


def test_every_page_was_loaded(loads):
    assert set(EXERCISED) <= set(loads.pages)
    assert {"404.html", "fr/404.html"} <= set(loads.pages)


def test_no_page_requests_anything_from_another_host(loads):
    assert loads.foreign == []


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
