"""Valid HTML (issue 8): the Nu HTML Checker over every page of the built site, both
languages, in one run of the checker: zero errors."""

from __future__ import annotations

import json
import shutil
import subprocess

from tests.pages import built_pages
from tests.sitebuild import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _java() -> str:
    java = shutil.which("java")
    if java is None:  # a failure, never a skip: the gate must run in CI and locally
        raise RuntimeError(
            "java not found: run `make system-deps` (apt-get install default-jre-headless)"
        )
    return java


def test_every_page_is_valid_html(site):
    assert VNU.is_file(), f"{VNU} is missing: run `npm ci` (make install-dev)"
    pages = built_pages(site.site)
    assert len(pages) >= 4
    # One Java start for the whole site: the checker takes a list of files.
    proc = subprocess.run(
        [_java(), "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
        cwd=site.site,
        capture_output=True,
        text=True,
    )
    # The JSON report goes to stderr; exit code 1 means "errors found".
    report = json.loads(proc.stderr or proc.stdout)
    errors = [
        f"{m.get('url', '?').rsplit(str(site.site), 1)[-1].lstrip('/')}:{m.get('lastLine', '?')}: "
        f"{m['message']}  [{(m.get('extract') or '').strip()[:80]}]"
        for m in report["messages"]
        if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML error(s):\n" + "\n".join(errors)
    assert proc.returncode == 0, proc.stderr[-2000:]
