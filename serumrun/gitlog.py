"""The project's one git reader: one `git log` per build, asked what changed when.

Without history (a tarball, a copy of the tree, a shallow clone) `GitHistory.open`
gives None, and every user says so rather than failing.

Changes not committed yet count too: `dirty` lists the files of the working tree that
differ from HEAD, and `WORKING_TREE` stands for their change, so that a translation
shows as outdated as soon as its original is edited, before any commit.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    date: str  # YYYY-MM-DD, committer date
    changes: dict[str, str] = field(hash=False, compare=False)  # path -> A/M/D/R...


#: The `sha` of the change a working tree holds over HEAD (not a commit).
WORKING_TREE = "working-tree"
#: Every commit that changed the paths, newest first: '\x1esha parents\x1fdate', then
#: one 'status\tpath' row per file it changed.
_LOG = (
    "log",
    "--full-history",
    "--parents",
    "--relative",
    "--name-status",
    "--format=%x1e%H %P%x1f%cs",
)


class GitHistory:
    """The history of docs/ in one `git log`, asked many questions without more processes."""

    def __init__(self, root: Path, commits: list[Commit], dirty: frozenset[str] = frozenset()):
        self.root = root
        #: Files under the paths read that differ from HEAD (edited, added, not committed).
        self.dirty = dirty
        self.commits = {c.sha: c for c in commits}
        self._order = [c.sha for c in commits]  # newest first
        self._ancestors: dict[str, set[str]] = {}
        self._exists: dict[str, bool] = {}

    @classmethod
    def open(cls, root: Path, paths: Iterable[str] = ("docs",)) -> GitHistory | None:
        """The history of `paths` under `root`, or None without git, a repository or history."""
        try:
            if _git(root, "rev-parse", "--is-shallow-repository").strip() != "false":
                return None
            out = _git(root, *_LOG, "HEAD", "--", *paths)  # fails without a commit (HEAD)
            dirty = _git(root, "diff", "--name-only", "--relative", "HEAD", "--", *paths)
            dirty += _git(root, "ls-files", "--others", "--exclude-standard", "--", *paths)
        except (OSError, subprocess.CalledProcessError):
            return None
        return cls(
            root, [_commit(record) for record in out.split("\x1e")[1:]], frozenset(dirty.split())
        )

    def exists(self, sha: str) -> bool:
        if sha not in self.commits and sha not in self._exists:
            command = ["git", "cat-file", "-e", f"{sha}^{{commit}}"]
            self._exists[sha] = (
                subprocess.run(command, cwd=self.root, capture_output=True).returncode == 0
            )
        return sha in self.commits or self._exists[sha]

    def added(self, path: str) -> str | None:
        """The last commit that added `path`, or None if it was never committed."""
        return next((s for s in self._order if self.commits[s].changes.get(path) == "A"), None)

    def changes_since(self, base: str, path: str, twin: str | None = None) -> list[Commit]:
        """Commits that changed `path` after `base` (in HEAD, not in base), oldest first;
        not those that changed `twin` too (the twins were edited together)."""
        if base in self.commits:
            before = self._ancestry(base)
            shas = [s for s in self._order if s not in before and path in self.commits[s].changes]
        else:  # a commit that touched nothing here: ask git
            shas = _git(self.root, "rev-list", f"{base}..HEAD", "--", path).split()
        found = [self.commits[s] for s in shas if s in self.commits]
        return [c for c in found[::-1] if twin not in c.changes]

    def _ancestry(self, sha: str) -> set[str]:
        if sha not in self._ancestors:
            seen, todo = set(), [sha]
            while todo:
                current = todo.pop()
                if current not in seen:
                    seen.add(current)
                    commit = self.commits.get(current)
                    todo.extend(commit.parents if commit else ())
            self._ancestors[sha] = seen
        return self._ancestors[sha]

    def show(self, sha: str, path: str) -> str | None:
        """`path` as of commit `sha` (WORKING_TREE: the file as it is now), or None."""
        if sha == WORKING_TREE:
            try:
                return (self.root / path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None
        try:
            return _git(self.root, "show", f"{sha}:./{path}")
        except subprocess.CalledProcessError:
            return None

    def diff_stat(self, sha: str, path: str) -> str:
        """What changed in `path` from commit `sha` to the working tree, in one line."""
        lines = _git(self.root, "diff", "--stat", sha, "--", path).strip().splitlines()
        return lines[-1].strip() if lines else "no difference"

    def diff(self, sha: str, path: str) -> str:
        """The changes to `path` from commit `sha` to the working tree (`git diff`)."""
        return _git(self.root, "diff", "--no-color", "--unified=0", sha, "--", path)


def _commit(record: str) -> Commit:
    """One commit of `git log`'s output (_LOG)."""
    header, _, files = record.partition("\n")
    shas, _, date = header.partition("\x1f")
    sha, *parents = shas.split()
    rows = [row.split("\t") for row in files.splitlines()]
    return Commit(
        sha, tuple(parents), date.strip(), {row[-1]: row[0][:1] for row in rows if len(row) > 1}
    )


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout
