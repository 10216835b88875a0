"""Shared fixtures: one build of the real site per test session (per xdist worker).

Builds run in the test process (tests/sitebuild.py). `make test` runs the suite on
every core with pytest-xdist: each worker builds the real site once, into its own
tmp folder, and serves it on a port of its own (port 0: the system picks one).

Every test is marked for what it needs, from the fixtures it uses (directly or through
another fixture), so that no test has to say it: `slow` (it builds a site) and
`browser` (it drives Chromium). `make test-fast` leaves both out.

`make test` hands out work by xdist group (`--dist loadgroup`): a module is one group
(its module fixtures built once, on one worker) unless its tests name their own
(`pytest.mark.xdist_group`, for a module whose few tests are most of the suite's time),
and the groups go out in the order of the collection, which puts those that drive
Chromium first, then those that build a site, then the rest: the longest work starts
first and the workers finish together on short tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sitebuild import ROOT, Build, mkdocs_build

#: Fixtures that build a site (the real one, a scratch copy, the offline bundle).
BUILDING = {"site", "project_copy", "copies", "bundle", "bundle_root"}
#: Fixtures that drive Chromium.
BROWSING = {"browser", "page", "served"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by these marks, and xdist groups
def pytest_collection_modifyitems(items) -> None:
    rank: dict[str, int] = {}  # each group's heaviest need: 0 browser, 1 build, 2 neither
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BUILDING:
            item.add_marker(pytest.mark.slow)
        if used & BROWSING:
            item.add_marker(pytest.mark.browser)
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
        group = _group(item)
        need = 0 if used & BROWSING else 1 if used & BUILDING else 2
        rank[group] = min(rank.get(group, 2), need)
    items.sort(key=lambda item: rank[_group(item)])  # stable: a group's tests stay in order


def _group(item) -> str:
    return item.get_closest_marker("xdist_group").args[0]


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The real site, built once with the documented strict build into a tmp folder."""
    build = mkdocs_build(ROOT, tmp_path_factory.mktemp("site") / "site")
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A scratch copy of the project, for tests that break it on purpose."""
    from tests.sitebuild import copy_project

    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def copies(tmp_path_factory):
    """Make scratch copies of the project: `copies(name)`. For a module-scoped fixture that
    breaks one copy many ways and builds it once, where every problem is listed at once
    (the source gates, MkDocs' link warnings): one build for many failure cases."""
    from tests.sitebuild import copy_project

    return lambda name: copy_project(tmp_path_factory.mktemp(name) / "project")


@pytest.fixture(scope="session")
def served(site):
    """The real site on http://127.0.0.1:<port>/serum-run/ (its public path)."""
    from tests.browser import serve

    with serve(site.site) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; a missing browser fails the test."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, require_chromium

    path = require_chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()
