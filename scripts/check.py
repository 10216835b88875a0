#!/usr/bin/env python3
"""Check a contribution in one pass: every problem of every kind, with file and line.

    make check        (or: .venv/bin/python scripts/check.py [--root DIR] [--strict-outdated])

What it checks, on every page of every language (the relay, mushers and references
pages included) and on the data files; the build (`make site`) refuses the same errors,
from the same functions (serumrun/checks/contributor.py `check_project`):

* every page has its twin, in the nav of mkdocs.yml;
* front matter: YAML between `---` lines, a real title and description, only the keys
  pages use, no markup; a French page's `source_commit` is a commit of the repository
  (or `new`);
* headings: levels that do not jump, an explicit anchor on every heading of level 2
  and deeper, the same anchors at the same levels in both languages;
* citations: every key in data/bibliography.yml, the same keys in each section of
  both twins; the bibliography itself;
* links and images: the same in both twins; each internal link reaches a page and an
  anchor (the anchors the relay, mushers and references pages generate included);
* the writing rules: no `TODO` left, no link to another site in the prose, the French
  terms of data/glossary.yml; the limits of SECURITY.md on the sources (what a page
  renders, raw HTML included, is the build's sanitizer's: serumrun/gates/content.py);
* warnings (exit 0): a translation whose English page changed since its
  `source_commit` (with the English diff; errors with --strict-outdated), and a long
  paragraph without a citation.

Each problem goes to stderr as `file:line: found X, expected Y`; the summary to stdout.
Exit status: 0 when nothing is wrong, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from scripts.scriptenv import ensure  # noqa: E402

ensure(__file__)

from serumrun.checks.contributor import check  # noqa: E402
from serumrun.errors import SerumRunError  # noqa: E402

#: Lines of an outdated page's English diff shown under its warning.
DIFF_LINES = 12


def main(argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="the project folder; default: this one")
    ap.add_argument(
        "--strict-outdated", action="store_true", help="count outdated translations as errors"
    )
    args = ap.parse_args(argv)
    try:
        report = check(args.root)
    except SerumRunError as exc:  # a contribution the checks stopped at: its message
        print(exc, file=sys.stderr)
        return 1
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    for problem in report.errors:
        print(problem, file=sys.stderr)
    for problem in report.warnings:
        print(f"{'' if args.strict_outdated else 'warning: '}{problem}", file=sys.stderr)
        print_diff(report.diffs.get(problem, ""))
    for problem in report.advice:
        print(f"warning: {problem}", file=sys.stderr)
    errors = len(report.errors) + (len(report.warnings) if args.strict_outdated else 0)
    parts = [f"{errors} problem{'s' * (errors != 1)}"]
    if report.warnings and not args.strict_outdated:
        n = len(report.warnings)
        parts.append(f"{n} translation{'s' * (n != 1)} outdated")
    if report.advice:
        n = len(report.advice)
        parts.append(f"{n} paragraph{'s' * (n != 1)} to check for a citation")
    elapsed = time.perf_counter() - started
    print(f"check: {report.pages} page pairs, {', '.join(parts)} ({elapsed:.1f} s)")
    return 1 if errors else 0


def print_diff(diff: str) -> None:
    """The lines an outdated page's English original gained or lost, the first few."""
    lines = [
        line
        for line in diff.splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    for line in lines[:DIFF_LINES]:
        print(f"    {line[:160]}", file=sys.stderr)
    if len(lines) > DIFF_LINES:
        print(f"    … {len(lines) - DIFF_LINES} more lines", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
