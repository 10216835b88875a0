"""The hostile corpus of issue 22 (items 1, 2, 5, 6) in real builds and in the checkers.

The source cases of tests/hostile.py's issue-22 section run through the checker's API and
command in tests/test_gates.py (they join SOURCE_CASES and PATHOLOGICAL_CASES). Here: the
same attacks in builds of a copy of the real project (symbolic links, the theme's paths,
format strings, data texts, the map's places, the blame of a data file), the inputs the
project's patterns took minutes on (each decided within seconds, without a traceback),
and a megabyte of each through the checkers.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.contributions import make_project, run_script
from tests.hostile import (
    BUNDLE,
    MAIN_CSS,
    TIME_BOUND,
    TIMED_CASES,
    Link,
    Timed,
)
from tests.sitebuild import assert_refused, set_line, timed_build

#: The issue's bound for a 1 MB contribution, per gate or checker.
MEGABYTE_BOUND = 10.0


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").split(text, 1)[0].count("\n") + 1


def test_the_build_follows_no_symbolic_link(project_copy, tmp_path):
    p = project_copy
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("SECRET-OUTSIDE-THE-CHECKOUT\n", encoding="utf-8")
    (p / "docs/en/passwd.md").symlink_to("/etc/passwd")
    (p / "docs/fr/outside").symlink_to(secret.parent)
    (p / "docs/assets/environ.png").symlink_to("/proc/self/environ")
    (p / "data/people-extra.yml").symlink_to(secret)
    (p / "overrides/partials/evil.html").symlink_to(secret)
    build, elapsed = timed_build(p, tmp_path / "out")
    assert_refused(
        build,
        [
            ("docs/en/passwd.md: found a symbolic link (to '/etc/passwd')", "expected a file"),
            ("docs/fr/outside: found a symbolic link", ""),
            ("docs/assets/environ.png: found a symbolic link", "/proc/self/environ"),
            ("data/people-extra.yml: found a symbolic link", ""),
            ("overrides/partials/evil.html: found a symbolic link", ""),
        ],
        tmp_path / "out",
    )
    assert "SECRET-OUTSIDE-THE-CHECKOUT" not in build.output
    assert elapsed < TIME_BOUND, f"{elapsed:.1f} s"


def test_a_linked_docs_folder_is_refused_by_the_checker_too(tmp_path):
    project = make_project(tmp_path / "project")
    outside = tmp_path / "elsewhere"
    (project / "docs").rename(outside)
    (project / "docs").symlink_to(outside)
    result = run_script("check.py", "--root", str(project))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "docs: found a symbolic link" in result.stderr, result.stderr


def test_the_build_refuses_data_and_files_that_take_another_files_place(project_copy, tmp_path):
    p = project_copy
    expected = []
    # Material's own script and stylesheet, at their paths (one through a language folder).
    for rel in (f"docs/{BUNDLE}", f"docs/en/{MAIN_CSS}"):
        (p / rel).parent.mkdir(parents=True, exist_ok=True)
        (p / rel).write_text("alert(document.domain)", encoding="utf-8")
        expected.append((f"{rel}: found a file at", "the path of a file of the theme"))
    (p / "docs/fr/evil.js").write_text("alert(1)", encoding="utf-8")
    expected.append(("docs/fr/evil.js: found a .js file in docs/fr", "docs/assets/javascripts/"))
    # Labels: a walk to the environment, a list, fields that differ between languages.
    labels = p / "data/labels.yml"
    en = set_line(
        labels,
        "  download.label: Download",
        '  download.label: "{date.__new__.__globals__[sys].modules[os].environ}"',
    )
    fr = set_line(labels, "  download.label: Télécharger", "  download.label: [Télécharger, x]")
    expected += [
        (f"data/labels.yml:{en}: found the field {{date.__new__", "plain {name} fields"),
        (f"data/labels.yml:{fr}: found a list in label 'download.label' (fr)", "expected text"),
    ]
    # A people fact: nested 900 deep after a lone carriage return, and script in another.
    people = p / "data/people.yml"
    text = people.read_text(encoding="utf-8")
    first = "      - en: >-\n"
    at = text.index(first)
    people.write_text(
        text[:at]
        + '      - en: "Shannon drove.\\r'
        + "1. " * 900
        + '"\n        fr: x\n'
        + "      - en: 'Shannon <img src=x onerror=alert(1)>'\n        fr: x\n"
        + text[at:],
        encoding="utf-8",
    )
    fact = _line_of(people, '      - en: "Shannon drove.')
    expected += [
        (f"data/people.yml:{fact}: found lists or quotes nested 900 deep in 'people[0].facts", ""),
        (f"data/people.yml:{fact + 2}: found '<' (raw HTML) in 'people[0].facts[1].en'", ""),
    ]
    # A relay place near the pole: relay.yml and its line, not the geodata file.
    relay = p / "data/relay.yml"
    line = set_line(relay, "    lat: 64.558", "    lat: 89.9")
    expected.append(
        (f"data/relay.yml:{line}:", "place 'nenana': lat: found 89.9, expected 66.5 or less")
    )
    build, elapsed = timed_build(p, tmp_path / "out")
    assert_refused(build, expected, tmp_path / "out")
    assert os.environ.get("HOME", "/nonexistent-home") not in build.output
    assert elapsed < TIME_BOUND, f"{elapsed:.1f} s"


def test_an_unknown_relay_marker_is_a_message_without_a_traceback(project_copy, tmp_path):
    page = project_copy / "docs/en/relay.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[[relay:evil]]\n", encoding="utf-8")
    line = page.read_text(encoding="utf-8").count("\n")
    build, _ = timed_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert "Traceback" not in build.output, build.output[-4000:]
    assert f"docs/en/relay.md:{line}: [[relay:evil]] unknown relay marker" in build.output


@pytest.mark.parametrize("case", TIMED_CASES, ids=lambda c: c.name)
def test_the_checker_decides_each_timed_case_in_seconds(tmp_path, case: Timed):
    project = make_project(tmp_path / "project")
    for rel, content in case.files.items():
        (project / rel).write_text(content, encoding="utf-8")
    start = time.perf_counter()
    result = run_script("check.py", "--root", str(project))
    elapsed = time.perf_counter() - start
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert elapsed < MEGABYTE_BOUND, f"{case.name}: {elapsed:.1f} s"


def test_the_build_renders_the_timed_cases_in_seconds(project_copy, tmp_path):
    """Every timed body at once, each appended to its own page: the build renders them
    (or refuses one, with a message) within the corpus' bound."""
    pages = sorted((project_copy / "docs/en").glob("*.md"))
    assert len(pages) >= len(TIMED_CASES)
    for case, target in zip(TIMED_CASES, pages, strict=False):
        (body,) = case.files.values()
        page_body = body.split("# The dogs\n\n", 1)[1]
        target.write_text(target.read_text(encoding="utf-8") + "\n\n" + page_body, encoding="utf-8")
    build, elapsed = timed_build(project_copy, tmp_path / "out")
    assert "Traceback" not in build.output, build.output[-4000:]
    assert elapsed < TIME_BOUND, f"{elapsed:.1f} s"


def test_a_megabyte_of_each_is_decided_in_seconds_by_every_checker(tmp_path):
    project = make_project(tmp_path / "project")
    fr = project / "docs/fr/dogs.md"
    body = ("[@a, p. 1   ;   " * 60 + "{#a" * 100 + " voile   blanc\n") * 900
    fr.write_text(
        "---\ntitle: Les chiens\ndescription: Togo et Balto.\nsource_commit: new\n---\n\n" + body,
        encoding="utf-8",
    )
    (project / "data/people.yml").write_text(
        "people:\n  - facts:\n      - fr: '" + "[](" * 350_000 + "'\n", encoding="utf-8"
    )
    (project / "data/glossary.yml").write_text(
        "- write: jour blanc\n  refuse: [voile blanc]\n  why: le terme établi\n", encoding="utf-8"
    )
    assert fr.stat().st_size > 1_000_000
    start = time.perf_counter()
    result = run_script("check.py", "--root", str(project))
    elapsed = time.perf_counter() - start
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert elapsed < MEGABYTE_BOUND, f"{elapsed:.1f} s"


def test_links_are_recorded_as_links_in_the_corpus():
    # The corpus' symbolic links stay links (a Link laid as text would test nothing).
    from tests.hostile import TREE_CASES

    links = [c for c in TREE_CASES if any(isinstance(v, Link) for v in c.files.values())]
    assert len(links) >= 8


def test_every_ci_step_that_runs_project_code_has_its_own_time_limit():
    import yaml

    from tests.sitebuild import ROOT

    for workflow in sorted((ROOT / ".github/workflows").glob("*.yml")):
        jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
        for name, job in jobs.items():
            for step in job["steps"]:
                run = step.get("run", "")
                if "make " in run or "scripts/" in run:
                    assert step.get("timeout-minutes"), f"{workflow.name}: {name}: {run}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    runs = [
        line
        for line in makefile.splitlines()
        if line.startswith("\t") and ("$(PY) scripts/" in line or "$(PY) -m pytest" in line)
    ]
    for command in ("scripts/build.py", "-m pytest", "scripts/check.py"):
        assert any(command in line for line in runs), command
    for line in runs:
        assert line.startswith("\t$(call LIMIT,"), line


def test_every_exception_of_the_package_is_a_serumrun_error():
    import importlib
    import inspect
    import pkgutil

    import serumrun
    from serumrun.errors import SerumRunError

    classes = {}
    for module in pkgutil.walk_packages(serumrun.__path__, "serumrun."):
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            if (
                inspect.isclass(value)
                and issubclass(value, BaseException)
                and value.__module__ == loaded.__name__
            ):
                classes[f"{module.name}.{name}"] = value
    assert len(classes) >= 10, sorted(classes)
    # A YAML error is turned into a message (file and line) by each reader of YAML; a
    # private class (`_Refused`) is control flow, caught where it is raised.
    import yaml

    assert [
        n
        for n, c in classes.items()
        if not issubclass(c, (SerumRunError, yaml.YAMLError))
        and not n.rsplit(".", 1)[1].startswith("_")
    ] == []
    # Raised, each is a message: its text is the whole of it, file and line first.
    from serumrun.relay.data import RelayDataError

    error = RelayDataError("data/relay.yml", 3, "found x, expected y")
    assert str(error) == error.message == "data/relay.yml:3: found x, expected y"
    assert error.problem == "found x, expected y"


def test_a_page_as_rendered_is_blamed_on_its_body_not_its_front_matter(tmp_path):
    from serumrun.checks.build_checks import rendered_problems
    from serumrun.gates.content import ContentGate
    from serumrun.project import Project

    page = tmp_path / "docs/en/x.md"
    page.parent.mkdir(parents=True)
    # The fragment came from elsewhere (an extension, a data text): the description,
    # which spells its class, is not where it came from.
    page.write_text(
        "---\ntitle: t\ndescription: Why md-consent__overlay is the theme's.\n---\n\nText.\n",
        encoding="utf-8",
    )
    project = Project(tmp_path, tmp_path / "docs", ("en",), tmp_path / "b.yml", None, tmp_path)
    html = '<p>Text.</p>\n<p><span class="md-consent__overlay">The overlay</span></p>'
    problems = rendered_problems(ContentGate("example.org", set()), html, project, str(page))
    assert problems, "the theme's class is refused"
    assert {p.line for p in problems} == {None}, problems
    # Without the front matter set aside, the description's line was blamed.
    gate = ContentGate("example.org", set())
    assert {p.line for p in gate.problems(html, page.read_text(), "x.md")} == {3}


def test_a_label_field_the_code_does_not_fill_is_a_message(project_copy, tmp_path):
    # Both languages agree (the gate passes), but the code fills {n}, not {count}.
    labels = project_copy / "data/labels.yml"
    text = labels.read_text(encoding="utf-8")
    old = ('relay.dogs: "{n} dogs."', 'relay.dogs: "{n} chiens."')
    assert all(text.count(o) == 1 for o in old)
    for o in old:
        text = text.replace(o, o.replace("{n}", "{count}"))
    labels.write_text(text, encoding="utf-8")
    build, _ = timed_build(project_copy, tmp_path / "out")
    assert build.returncode != 0
    assert "Traceback" not in build.output, build.output[-4000:]
    assert "label 'relay.dogs' (en): found the field {count}, expected only {n}" in build.output
