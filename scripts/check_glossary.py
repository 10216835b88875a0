#!/usr/bin/env python3
"""Check the French pages and the French data strings against the glossary.

    python scripts/check_glossary.py [--root DIR]

data/glossary.yml lists the French terms to use and the variants to refuse
(serumrun/checks/glossary.py). Each finding goes to stderr as
`file:line: found « X », write « Y » (why)`; the summary to stdout.
Exit status: 0 when nothing is found, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout without installing the package

from scripts.scriptenv import ensure  # noqa: E402

ensure(__file__)  # outside .venv: re-run in it, or say what to run (no traceback)

from serumrun.checks.glossary import check  # noqa: E402
from serumrun.errors import SerumRunError  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="the project folder; default: this one")
    args = ap.parse_args(argv)
    try:
        findings = check(args.root)
    except SerumRunError as exc:
        print(exc, file=sys.stderr)
        return 1
    for finding in findings:
        print(finding, file=sys.stderr)
    if findings:
        print(f"glossary: {len(findings)} refused term{'s' * (len(findings) != 1)} in French")
        return 1
    print("glossary: the French pages and data use the glossary's terms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
