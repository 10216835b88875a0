"""Reproducible output (issue 8): two builds of the same commit are byte-identical.

The second build runs from a copy of the project in another folder, into another
folder, with another hash seed: an absolute path, a set's order or the clock leaking
into the output shows up as a difference. Dates come from SOURCE_DATE_EPOCH, which
scripts/build.py takes from the last commit.
"""

from __future__ import annotations

import gzip
import shutil
import struct
from datetime import UTC, datetime
from xml.etree import ElementTree

from tests.sitebuild import ROOT, build_env, mkdocs_build

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _tree(root):
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_of_one_commit_are_byte_identical(site, project_copy, tmp_path):
    # site: built once per session with SOURCE_DATE_EPOCH from build_env().
    # The same commit means the same history too: the translation status of each page
    # comes from it (serumrun/translation/status.py).
    shutil.copytree(ROOT / ".git", project_copy / ".git")
    env = build_env(PYTHONHASHSEED="12345")
    again = mkdocs_build(project_copy, tmp_path / "again", env=env, script=True)
    assert again.returncode == 0, again.output
    first, second = _tree(site.site), _tree(again.site)
    assert sorted(first) == sorted(second), (
        f"only in the first build: {sorted(first.keys() - second.keys())[:10]}; "
        f"only in the second: {sorted(second.keys() - first.keys())[:10]}"
    )
    differing = [rel for rel in first if first[rel].read_bytes() != second[rel].read_bytes()]
    if differing:
        rel = differing[0]
        a, b = first[rel].read_bytes(), second[rel].read_bytes()
        at = next(
            (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
        )
        raise AssertionError(
            f"{len(differing)} file(s) differ, first {rel} at byte {at}:\n"
            f"  {a[max(at - 60, 0) : at + 60]!r}\n  {b[max(at - 60, 0) : at + 60]!r}\n"
            f"all: {differing[:20]}"
        )
    assert len(first) > 20


def test_dates_in_the_output_are_the_commit_date(site):
    epoch = int(build_env()["SOURCE_DATE_EPOCH"])
    day = datetime.fromtimestamp(epoch, UTC).date().isoformat()
    tree = ElementTree.parse(site.site / "sitemap.xml")
    lastmods = {e.text for e in tree.getroot().iterfind("s:url/s:lastmod", SITEMAP_NS)}
    assert lastmods <= {day}, lastmods
    raw = (site.site / "sitemap.xml.gz").read_bytes()
    # The gzip header's mtime: the day of the last page update, i.e. of the commit.
    midnight = datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()
    assert struct.unpack("<I", raw[4:8])[0] == int(midnight)
    assert gzip.decompress(raw) == (site.site / "sitemap.xml").read_bytes()
