#!/usr/bin/env python3
"""Check that every page and its translation are in step, by structure, not by words.

    python scripts/check_translations.py [--root DIR] [--strict-outdated]

For every page of docs/en/ and its twin in docs/fr/ (serumrun/checks/twins.py):

* both exist; front matter is YAML with a title and a description (no placeholder);
* headings of level 2 and deeper carry explicit anchors, the same in both languages,
  at the same levels and in the same order;
* each section cites the same keys, and every key is in data/bibliography.yml;
* the same internal links and images appear, and each link reaches a page and anchor;
* no HTML that runs script (<script>, on...= attributes, javascript: URLs, <iframe>);
* the gates of SECURITY.md on the sources (serumrun/gates/): each page within the
  limits (size, line and paragraph length, nesting), checked before anything parses
  it; only the front-matter keys pages use, with no markup in a title or description;
  no bidirectional or control characters in pages and data; only safe kinds of file in
  docs/ and SVGs without script; labels without markup; data/relay.yml valid; every
  `[@...]` a well-formed citation;
* every page is in the nav of mkdocs.yml;
* each French page names the English revision it translates (`source_commit`), a
  commit that exists; pages whose English original changed since are reported as
  warnings, with what changed (errors with --strict-outdated).

Problems go to stderr as `file:line: found X, expected Y`; the summary to stdout.
Exit status: 0 when in step, 1 when something is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from scripts.scriptenv import ensure  # noqa: E402

ensure(__file__)  # outside .venv: re-run in it, or say what to run (no traceback)

from serumrun.checks.twins import check  # noqa: E402
from serumrun.errors import SerumRunError  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="the project folder (with mkdocs.yml, docs/, data/); default: this one",
    )
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
    errors = len(report.errors) + (len(report.warnings) if args.strict_outdated else 0)
    outdated = len(report.warnings)
    if errors:
        print(f"{report.pages} pages checked, {errors} problem{'s' * (errors != 1)}")
        return 1
    if outdated:
        print(
            f"{report.pages} pages checked, structure in step, "
            f"{outdated} translation{'s' * (outdated != 1)} outdated"
        )
    else:
        print(f"{report.pages} pages checked, all translations in step")
    return 0


if __name__ == "__main__":
    sys.exit(main())
