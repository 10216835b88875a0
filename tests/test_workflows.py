"""The CI workflows, the pull-request template and the pre-commit hooks (issue 6).

actionlint and zizmor (offline: no GitHub API) must find nothing in .github/workflows;
the house rules are asserted too: actions pinned by full commit SHA with their version
in a comment, least-privilege permissions, a concurrency group, no persisted checkout
credentials.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.sitebuild import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
USES_RE = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+?)@(\S+)(?:\s+#\s*(\S+))?\s*$", re.MULTILINE)


def _tool(name: str) -> str:
    """A tool installed by requirements-dev.txt: beside this Python first (the .venv)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: make install-dev (requirements-dev.txt)")
    return found


def _workflows() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in WORKFLOWS.glob("*.yml")}


def test_the_two_workflows_exist():
    assert set(_workflows()) == {"pr.yml", "deploy.yml"}


def test_actionlint_finds_nothing():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    result = subprocess.run(
        [_tool("actionlint"), "-no-color", *files], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    result = subprocess.run(
        [_tool("zizmor"), "--offline", "--persona=pedantic", "--no-progress", str(WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_by_commit_with_its_version():
    for path in WORKFLOWS.glob("*.yml"):
        uses = USES_RE.findall(path.read_text(encoding="utf-8"))
        assert uses, path.name
        for action, ref, version in uses:
            assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{path.name}: {action}@{ref}"
            assert re.fullmatch(r"v\d+(\.\d+)*", version or ""), f"{path.name}: {action} comment"


def test_permissions_are_least_privilege_and_checkouts_keep_no_credentials():
    for name, workflow in _workflows().items():
        assert workflow["permissions"] == {}, name
        assert "group" in workflow["concurrency"], name
        for job_name, job in workflow["jobs"].items():
            permissions = job["permissions"]
            if permissions.keys() & {"pages", "id-token"}:
                assert (name, job_name) == ("deploy.yml", "deploy")
                assert permissions == {"pages": "write", "id-token": "write"}
            else:
                assert permissions == {"contents": "read"}, (name, job_name)
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, (name, job_name)


def test_pull_requests_run_every_check():
    commands = [
        step.get("run", "")
        for job in _workflows()["pr.yml"]["jobs"].values()
        for step in job["steps"]
    ]
    for command in (
        "make lint",
        "make test",
        "make site",
        "make bundle",
        ".venv/bin/python scripts/check.py",
    ):
        assert command in commands


def test_deploy_publishes_the_bundle_in_the_site():
    workflow = _workflows()["deploy.yml"]
    build = workflow["jobs"]["build"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "make bundle" in runs and "site/downloads/" in runs
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    bundle_url = re.search(r"^\s*bundle_url:\s*(\S+)", config, re.MULTILINE).group(1)
    assert f"site/{bundle_url}" in runs  # where the footer links
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]


def test_pull_request_template_has_the_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert text.count("- [ ]") >= 8
    for words in ("source_commit", "data/bibliography.yml", "nav", "<script>", "make check"):
        assert words in text
    # Nothing the build refuses: bibliography entries carry no access date.
    assert "with their access date" not in text and "no access date" in text


def test_pre_commit_hooks_run_existing_project_commands():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    assert {repo["repo"] for repo in config["repos"]} == {"local"}
    assert {hook["id"] for hook in hooks} >= {"check", "ruff-check"}
    for hook in hooks:
        # The project's own tools, as `make install-dev` installs them.
        program, *args = shlex.split(hook["entry"])
        assert program.startswith(".venv/bin/") and (ROOT / program).exists(), hook["id"]
        for arg in args:
            if arg.startswith("scripts/"):
                assert (ROOT / arg).is_file(), hook["id"]
    check = next(hook for hook in hooks if hook["id"] == "check")
    assert check["entry"] == ".venv/bin/python scripts/check.py"  # what `make check` runs
    assert re.search(check["files"], "docs/fr/relay.md")
    assert re.search(check["files"], "mkdocs.yml")
    assert re.search(check["files"], "data/glossary.yml")
    assert not re.search(check["files"], "serumrun/i18n.py")
