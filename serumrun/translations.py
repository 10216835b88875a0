"""Page pairs compared by structure, and how far each translation lags behind its original.

One parser reads a page the way a reviewer reads it, by structure and not by words:
its front matter, its headings (level, explicit anchor, line), the citation keys of
each section, its internal links and images, and any HTML that would run script. Two
twins are then compared, and every difference is a `Problem` printed as

    docs/fr/relay.md:12: found anchor #le-parcours, expected #route (docs/en/relay.md:10)

Users: scripts/check_translations.py (what a contributor and CI run),
serumrun/page_checks.py (the build refuses malformed front matter and script)
and serumrun/translation_status.py (the notice on outdated pages, the status page).

Outdated translations: each French page records in its front matter the revision of
the English page it translates (`source_commit`, as MDN's translated-content keeps
`l10n.sourceCommit`). `source_commit: new` is what scripts/new_page.py writes: "the
twins were written together", i.e. the revision is the commit that added the French
file (or, before that commit, the working tree). A commit that changes both twins
keeps them in step: its author edited the translation with the original, and could not
have named that commit in it. `GitHistory` answers from one
`git log` per build; without git history (a tarball, a shallow clone) the status of
every page is "unknown" and nothing fails.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import yaml
from markdown.extensions.toc import slugify

from serumrun import citations, yamlio
from serumrun.mdsource import HEADING_RE, code_free_lines
from serumrun.project import Project, ProjectError, active, current

#: Front matter every page must have, each a non-empty string.
REQUIRED_FIELDS = ("title", "description")
#: The field of a translated page naming the revision of the original it translates.
SOURCE_COMMIT = "source_commit"
#: `source_commit` of a pair written together (scripts/new_page.py).
NEW = "new"
#: What scripts/new_page.py writes where a writer has to put words: never published.
PLACEHOLDER = "TODO"

_SHA_RE = re.compile(r"[0-9a-f]{40}")
_ANCHOR_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ANCHOR_ATTR_RE = re.compile(r"#([^\s}]+)")
_ID_RE = re.compile(r"""\{[^}\n]*#([\w-]+)[^}\n]*\}|\bid=["']?([\w-]+)""")
_TITLE = r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?"
#: `[text](target)`, not an image; the text may hold one level of brackets.
_LINK_RE = re.compile(
    rf"(?<!!)\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?(?P<target>[^)\s>]*)>?{_TITLE}\s*\)"
)
_IMAGE_RE = re.compile(rf"!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?(?P<target>[^)\s>]*)>?{_TITLE}\s*\)")
#: `[label]: target` (a reference definition), not a footnote `[^1]:`.
_REFERENCE_RE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*<?(?P<target>[^\s>]+)>?")
#: A line that a hook replaces with generated content (`[[bibliography]]`, `[[relay:map]]`).
_MARKER_RE = re.compile(r"^\[\[[\w:-]+\]\]\s*$")
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
#: An attr_list (`{ #id .class key=value }`) that sets an event handler.
_ATTR_LIST_HANDLER_RE = re.compile(r"\{[^}\n]*?(?<![\w-])(on[a-z]+)\s*=", re.IGNORECASE)
_JAVASCRIPT_RE = re.compile(r"^\s*j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.IGNORECASE)
#: What any of the above must contain, however spelled (lower case): most pages have
#: none of it and skip the exact checks (a build of 600 pages per language must stay fast).
_SUSPECT_WORDS = (
    "<script",
    "<iframe",
    "<frame",
    "<object",
    "<embed",
    "script:",
    "&#",
    "&colon;",
    "&tab;",
    "&newline;",
)
_HANDLER_RE = re.compile(r"on[a-z]+\s*=")  # a literal start: re scans for it quickly
#: Elements that run script or embed another document.
_SCRIPT_TAGS = {
    "script": "<script>",
    "iframe": "<iframe>",
    "frame": "<frame>",
    "object": "<object>",
    "embed": "<embed>",
}


# --- Problems ------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong, where it is: `docs/fr/relay.md:12: found X, expected Y`."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


class FrontMatterError(ValueError):
    """The front matter of a page cannot be read: carries the Problem (file, line)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


# --- One page --------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str | None  # the explicit `{ #anchor }`, if any
    line: int

    @property
    def id(self) -> str:
        """The id the heading gets in HTML: its explicit anchor, else the toc slug."""
        return self.anchor or slugify(self.text, "-")


@dataclass(frozen=True)
class Ref:
    """An internal link or an image: its target as written, its line and section."""

    target: str
    line: int
    section: str | None  # anchor of the heading above it; None before the first one


@dataclass
class Page:
    path: str  # as shown in messages: 'docs/fr/relay.md'
    meta: dict = field(default_factory=dict)
    meta_lines: dict[str, int] = field(default_factory=dict)
    headings: list[Heading] = field(default_factory=list)
    citations: list[citations.Occurrence] = field(default_factory=list)
    links: list[Ref] = field(default_factory=list)
    images: list[Ref] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    generated: bool = False  # has a [[marker]]: the build adds content, and anchors
    body_line: int = 1  # the first line after the front matter
    problems: list[Problem] = field(default_factory=list)

    @property
    def sections(self) -> dict[str | None, int]:
        """Line of each section (None: the text before the first anchored heading)."""
        found: dict[str | None, int] = {None: self.body_line}
        for heading in self.headings:
            if heading.level > 1:
                found.setdefault(heading.id, heading.line)
        return found


def parse_front_matter(text: str, path: str) -> tuple[dict, dict[str, int], int]:
    """The front matter of a page, the line of each key, and the line the body starts on.

    Raises FrontMatterError naming the file and line when it is missing or malformed.
    """
    lines = text.splitlines()
    expected = "expected '---', then YAML with title and description, then '---'"
    if not lines or lines[0].rstrip() != "---":
        first = lines[0] if lines else ""
        raise FrontMatterError(Problem(path, 1, f"found {first[:40]!r}, {expected}"))
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise FrontMatterError(
            Problem(
                path,
                1,
                "found no closing '---' for the front matter, expected one after its last key",
            )
        )
    source = "\n".join(lines[1:end])
    try:
        data = yamlio.load(source)
        node = yamlio.compose(source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark else 1
        problem = " ".join(str(exc.problem or exc).split())
        raise FrontMatterError(
            Problem(path, line, f"found malformed YAML ({problem}), expected 'key: value' lines")
        ) from None
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            Problem(
                path,
                2,
                f"found {type(data).__name__} in the front matter, expected 'key: value' lines",
            )
        )
    key_lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    # A sha as written: YAML would read 0123...9 as a number.
    for key, value in node.value:
        if key.value == SOURCE_COMMIT and isinstance(value, yaml.ScalarNode) and value.value:
            data[SOURCE_COMMIT] = str(value.value)
    for name in REQUIRED_FIELDS:
        value = data.get(name)
        if not isinstance(value, str) or not value.strip():
            found = f"{name}: {value!r}" if name in data else f"no {name!r}"
            raise FrontMatterError(
                Problem(
                    path,
                    key_lines.get(name, 1),
                    f"found {found} in the front matter, "
                    f"expected a non-empty {name!r} (required: {', '.join(REQUIRED_FIELDS)})",
                )
            )
    return data, key_lines, end + 2


def parse_page(text: str, path: str) -> Page:
    """Read a page's structure. Problems of the page itself land in `page.problems`."""
    page = Page(path)
    try:
        page.meta, page.meta_lines, page.body_line = parse_front_matter(text, path)
    except FrontMatterError as exc:
        page.problems.append(exc.problem)
        text_lines = text.splitlines()
        if text_lines and text_lines[0].rstrip() == "---":  # skip what looks like one
            end = next((i for i in range(1, len(text_lines)) if text_lines[i].rstrip() == "---"), 0)
            page.body_line = end + 2
    body_line = page.body_line
    body = "\n".join(text.splitlines()[body_line - 1 :])
    page.citations = list(citations.scan(body, first_line=body_line).occurrences)
    section: str | None = None
    seen: dict[str, int] = {}
    for number, line in code_free_lines(body, body_line):
        heading = HEADING_RE.match(line)
        if heading:
            found = _heading(heading, number)
            page.headings.append(found)
            if found.level > 1:
                section = found.id
                page.problems.extend(_anchor_problems(found, path))
            if found.id in seen:
                page.problems.append(
                    Problem(
                        path,
                        number,
                        f"found anchor #{found.id} again (first at line {seen[found.id]}), "
                        "expected each anchor once in a page",
                    )
                )
            seen.setdefault(found.id, number)
        page.ids.update(a or b for a, b in _ID_RE.findall(line))
        page.generated = page.generated or bool(_MARKER_RE.match(line))
        for match in _IMAGE_RE.finditer(line):
            page.images.append(Ref(match.group("target"), number, section))
        for regex in (_LINK_RE, _REFERENCE_RE):
            for match in regex.finditer(line):
                target = match.group("target")
                if target and not _SCHEME_RE.match(target):
                    page.links.append(Ref(target, number, section))
    page.ids.update(seen)
    page.problems.extend(script_problems(text, path))
    return page


def _heading(match: re.Match[str], line: int) -> Heading:
    anchor = _ANCHOR_ATTR_RE.search(match.group("attrs") or "")
    return Heading(
        len(match.group("hashes")),
        match.group("text").strip(),
        anchor.group(1) if anchor else None,
        line,
    )


def _anchor_problems(heading: Heading, path: str) -> list[Problem]:
    marks = "#" * heading.level
    if heading.anchor is None:
        slug = heading.id or "section-name"
        return [
            Problem(
                path,
                heading.line,
                f"found heading {heading.text!r} without an explicit anchor, "
                f"expected '{marks} {heading.text} {{ #{slug} }}' "
                "(the same anchor in every language)",
            )
        ]
    if not _ANCHOR_RE.fullmatch(heading.anchor):
        return [
            Problem(
                path,
                heading.line,
                f"found anchor #{heading.anchor}, expected lower-case ascii words joined by '-'",
            )
        ]
    return []


# --- HTML that runs script -----------------------------------------------------------------


class _ScriptFinder(HTMLParser):
    """Elements, attributes and URLs in HTML that would run script, with their lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []  # (line, what, expected)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in _SCRIPT_TAGS:
            self.found.append((line, _SCRIPT_TAGS[tag], _NO_SCRIPT[tag == "script"]))
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, f"{name}= attribute", _NO_HANDLER))
            elif value and _JAVASCRIPT_RE.match(value):
                self.found.append((line, "javascript: URL", _NO_JAVASCRIPT))

    handle_startendtag = handle_starttag


_NO_SCRIPT = {
    True: "no script in a page (the site's scripts are files listed in mkdocs.yml)",
    False: "no embedded page or plugin (link to it instead)",
}
_NO_HANDLER = "no event-handler attribute (no script in a page)"
_NO_JAVASCRIPT = "a link to a page or an http(s) address"


def html_script_problems(html: str, path: str, *, first_line: int = 1) -> list[Problem]:
    """Script-running HTML in `html` (a rendered page, or a page's raw HTML)."""
    if not _suspect(html):
        return []
    finder = _ScriptFinder()
    finder.feed(html)
    finder.close()
    return [
        Problem(path, line + first_line - 1, f"found {what}, expected {expected}")
        for line, what, expected in finder.found
    ]


def _suspect(text: str) -> bool:
    low = text.lower()
    return any(word in low for word in _SUSPECT_WORDS) or any(
        m.start() > 0 and low[m.start() - 1] in " \t\n\r\"'/{" for m in _HANDLER_RE.finditer(low)
    )


def script_problems(markdown_text: str, path: str) -> list[Problem]:
    """Script-running HTML in a Markdown source: raw HTML, attr_lists and link targets.

    Code (fenced and inline) and HTML comments are skipped: Markdown shows the first
    as text and drops the second.
    """
    if not _suspect(markdown_text):
        return []
    numbered = list(code_free_lines(markdown_text, 1))
    lines = [""] * (numbered[-1][0] if numbered else 0)
    for number, line in numbered:
        lines[number - 1] = line
    problems = html_script_problems("\n".join(lines), path)
    for number, line in numbered:
        for match in _ATTR_LIST_HANDLER_RE.finditer(line):
            problems.append(
                Problem(
                    path,
                    number,
                    f"found {match.group(1).lower()}= attribute, expected {_NO_HANDLER}",
                )
            )
        targets = [
            m.group("target")
            for regex in (_LINK_RE, _IMAGE_RE, _REFERENCE_RE)
            for m in regex.finditer(line)
        ]
        if any(_JAVASCRIPT_RE.match(html.unescape(t)) for t in targets):
            problems.append(
                Problem(path, number, f"found javascript: URL, expected {_NO_JAVASCRIPT}")
            )
    return sorted(set(problems))


# --- A pair of pages --------------------------------------------------------------------------


def compare(original: Page, translation: Page) -> list[Problem]:
    """Where `translation` differs in structure from `original` (reported on the translation)."""
    return [
        *_compare_headings(original, translation),
        *_compare_citations(original, translation),
        *_compare_refs(original, translation, "links", "link to"),
        *_compare_refs(original, translation, "images", "image"),
    ]


def _compare_headings(original: Page, translation: Page) -> Iterator[Problem]:
    ours = [h for h in original.headings if h.level > 1]
    theirs = [h for h in translation.headings if h.level > 1]
    path = translation.path
    end = max((h.line for h in translation.headings), default=1)
    matcher = SequenceMatcher(a=[h.id for h in ours], b=[h.id for h in theirs], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for a, b in zip(ours[i1:i2], theirs[j1:j2], strict=True):
                if a.level != b.level:
                    yield Problem(
                        path,
                        b.line,
                        f"found a level-{b.level} heading for #{b.id}, "
                        f"expected level {a.level} ({original.path}:{a.line})",
                    )
            continue
        pairs = list(zip(ours[i1:i2], theirs[j1:j2], strict=False)) if op == "replace" else []
        for a, b in pairs:
            yield Problem(
                path, b.line, f"found anchor #{b.id}, expected #{a.id} ({original.path}:{a.line})"
            )
        for a in ours[i1 + len(pairs) : i2]:
            line = theirs[j2].line if j2 < len(theirs) else end
            yield Problem(
                path,
                line,
                f"found no heading #{a.id}, expected "
                f"'{'#' * a.level} … {{ #{a.id} }}' here ({original.path}:{a.line})",
            )
        for b in theirs[j1 + len(pairs) : j2]:
            yield Problem(
                path,
                b.line,
                f"found heading #{b.id}, expected none ({original.path} has no heading #{b.id})",
            )


def _compare_citations(original: Page, translation: Page) -> Iterator[Problem]:
    def by_section(page: Page) -> dict[str | None, dict[str, int]]:
        keys: dict[str | None, dict[str, int]] = defaultdict(dict)
        for cite in page.citations:
            keys[cite.section.anchor if cite.section else None].setdefault(cite.key, cite.line)
        return keys

    ours, theirs = by_section(original), by_section(translation)
    sections = translation.sections
    for section in original.sections.keys() & sections.keys():
        name = f"section #{section}" if section else "the introduction"
        for key, line in ours.get(section, {}).items():
            if key not in theirs.get(section, {}):
                yield Problem(
                    translation.path,
                    sections[section],
                    f"found no citation of @{key} "
                    f"in {name}, expected it as in {original.path}:{line}",
                )
        for key, line in theirs.get(section, {}).items():
            if key not in ours.get(section, {}):
                yield Problem(
                    translation.path,
                    line,
                    f"found citation @{key} in {name}, expected "
                    f"none ({original.path} does not cite it there)",
                )


def _compare_refs(original: Page, translation: Page, kind: str, noun: str) -> Iterator[Problem]:
    ours: list[Ref] = getattr(original, kind)
    theirs: list[Ref] = getattr(translation, kind)
    missing = Counter(r.target for r in ours) - Counter(r.target for r in theirs)
    extra = Counter(r.target for r in theirs) - Counter(r.target for r in ours)
    sections = translation.sections
    for ref in ours:
        if missing[ref.target]:
            missing[ref.target] -= 1
            line = sections.get(ref.section, sections[None])
            yield Problem(
                translation.path,
                line,
                f"found no {noun} {ref.target}, expected one as in {original.path}:{ref.line}",
            )
    for ref in theirs:
        if extra[ref.target]:
            extra[ref.target] -= 1
            yield Problem(
                translation.path,
                ref.line,
                f"found {noun} {ref.target}, expected none "
                f"({original.path} has no {noun} {ref.target})",
            )


# --- Links and citations against what exists -------------------------------------------------


def link_problems(
    page: Page, rel: str, lang_pages: dict[str, Page], docs_lang_dir: Path
) -> list[Problem]:
    """Internal links to pages or anchors that do not exist, and images with no file."""
    problems = []
    folder = docs_lang_dir / PurePosixPath(rel).parent
    for ref in page.links:
        target, _, anchor = ref.target.partition("#")
        target = target.split("?", 1)[0]
        if not target:
            target_page = page
        else:
            file = Path(os.path.normpath(folder / target))
            is_page = file.suffix == ".md" and file.is_relative_to(docs_lang_dir)
            target_page = (
                lang_pages.get(file.relative_to(docs_lang_dir).as_posix()) if is_page else None
            )
            if target_page is None:
                if file.suffix == ".md" or not file.exists():
                    problems.append(
                        Problem(
                            page.path,
                            ref.line,
                            f"found link to {ref.target}, "
                            f"expected an existing page of docs/{docs_lang_dir.name}/",
                        )
                    )
                continue
        # A generated page has anchors its source does not show: the build checks those.
        if anchor and anchor not in target_page.ids and not target_page.generated:
            known = ", ".join(f"#{a}" for a in sorted(target_page.ids)[:8]) or "none"
            problems.append(
                Problem(
                    page.path,
                    ref.line,
                    f"found link to {ref.target}, expected an "
                    f"anchor of {target_page.path} ({known})",
                )
            )
    for ref in page.images:
        if (
            not _SCHEME_RE.match(ref.target)
            and not Path(os.path.normpath(folder / ref.target)).exists()
        ):
            problems.append(
                Problem(
                    page.path, ref.line, f"found image {ref.target}, expected a file that exists"
                )
            )
    return problems


def citation_problems(page: Page, keys: Iterable[str], bibliography_path: str) -> list[Problem]:
    known = set(keys)
    return [
        Problem(
            page.path,
            cite.line,
            f"found unknown citation key @{cite.key}, expected a key of {bibliography_path}",
        )
        for cite in page.citations
        if cite.key not in known
    ]


def placeholder_problems(page: Page) -> list[Problem]:
    return [
        Problem(
            page.path,
            page.meta_lines.get(name, 1),
            f"found the placeholder {name} {page.meta[name]!r}, expected the page's own words",
        )
        for name in REQUIRED_FIELDS
        if isinstance(page.meta.get(name), str) and page.meta[name].startswith(PLACEHOLDER)
    ]


# --- Navigation ------------------------------------------------------------------------------


def nav_entries(config_text: str) -> tuple[int, list[tuple[str, int]]]:
    """The line of `nav:` in mkdocs.yml and each page path of the nav with its line.

    Read with yaml.compose, so MkDocs' own tags (!ENV, !relative) need no constructor.
    """
    root = yamlio.compose(config_text)
    if not isinstance(root, yaml.MappingNode):
        return 0, []
    for key, value in root.value:
        if key.value == "nav":
            return key.start_mark.line + 1, list(_nav_pages(value))
    return 0, []


def _nav_pages(node: yaml.Node) -> Iterator[tuple[str, int]]:
    if isinstance(node, yaml.ScalarNode):
        if not _SCHEME_RE.match(str(node.value)):
            yield str(node.value), node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nav_pages(item)
    elif isinstance(node, yaml.MappingNode):
        for _, value in node.value:
            yield from _nav_pages(value)


# --- Git history and translation status ----------------------------------------------------


@dataclass(frozen=True)
class Commit:
    sha: str
    parents: tuple[str, ...]
    date: str  # YYYY-MM-DD, committer date
    changes: dict[str, str] = field(hash=False, compare=False)  # path -> A/M/D/R...


class GitHistory:
    """The history of docs/ in one `git log`, asked many questions without more processes."""

    def __init__(self, root: Path, commits: list[Commit]) -> None:
        self.root = root
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
            _git(root, "rev-parse", "--verify", "--quiet", "HEAD")
            out = _git(
                root,
                "log",
                "--full-history",
                "--parents",
                "--relative",
                "--name-status",
                "--format=%x1e%H %P%x1f%cs",
                "HEAD",
                "--",
                *paths,
            )
        except (OSError, subprocess.CalledProcessError):
            return None
        commits = []
        for record in out.split("\x1e")[1:]:
            header, _, files = record.partition("\n")
            shas, _, date = header.partition("\x1f")
            sha, *parents = shas.split()
            changes = {}
            for row in files.splitlines():
                status, *names = row.split("\t")
                if names:
                    changes[names[-1]] = status[:1]
            commits.append(Commit(sha, tuple(parents), date.strip(), changes))
        return cls(root, commits)

    def exists(self, sha: str) -> bool:
        if sha in self.commits:
            return True
        if sha not in self._exists:
            try:
                _git(self.root, "cat-file", "-e", f"{sha}^{{commit}}")
                self._exists[sha] = True
            except subprocess.CalledProcessError:
                self._exists[sha] = False
        return self._exists[sha]

    def added(self, path: str) -> str | None:
        """The last commit that added `path`, or None if it was never committed."""
        return next((s for s in self._order if self.commits[s].changes.get(path) == "A"), None)

    def last_change(self, path: str) -> Commit | None:
        return next((self.commits[s] for s in self._order if path in self.commits[s].changes), None)

    def changes_since(self, base: str, path: str, twin: str | None = None) -> list[Commit]:
        """Commits that changed `path` after `base` (in HEAD, not in base), oldest first.

        A commit that changed `twin` too is left out: the twins were edited together.
        """
        if base in self.commits:
            before = self._ancestry(base)
            found = [
                self.commits[s]
                for s in self._order
                if path in self.commits[s].changes and s not in before
            ]
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
        try:
            return _git(self.root, "show", f"{sha}:./{path}")
        except subprocess.CalledProcessError:
            return None

    def diff_stat(self, sha: str, path: str) -> str:
        lines = _git(self.root, "diff", "--stat", sha, "HEAD", "--", path).strip().splitlines()
        return lines[-1].strip() if lines else "no difference"


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True
    ).stdout


@dataclass(frozen=True)
class Status:
    """How a translated page stands against its original."""

    rel: str  # path in the language folder: 'relay.md'
    lang: str
    state: str  # 'up-to-date', 'outdated', 'missing', 'new' or 'unknown'
    base: str | None = None  # the revision of the original it translates
    changes: tuple[Commit, ...] = ()  # commits to the original since, oldest first

    @property
    def since(self) -> str | None:
        """Date of the first change to the original that the translation lacks."""
        return self.changes[0].date if self.changes else None


def source_path(rel: str, lang: str | None = None) -> str:
    return f"docs/{lang or current().default_language}/{rel}"


def translation_status(
    rel: str, lang: str, meta: dict | None, history: GitHistory | None, exists: bool = True
) -> Status:
    """The status of docs/<lang>/<rel> given its front matter (None: unreadable)."""
    if not exists:
        return Status(rel, lang, "missing")
    value = str((meta or {}).get(SOURCE_COMMIT) or "")
    if history is None or not (value == NEW or _SHA_RE.fullmatch(value)):
        return Status(rel, lang, "unknown")
    base = history.added(source_path(rel, lang)) if value == NEW else value
    if base is None:
        return Status(rel, lang, "new")
    if not history.exists(base):
        return Status(rel, lang, "unknown", base)
    changes = tuple(history.changes_since(base, source_path(rel), twin=source_path(rel, lang)))
    return Status(rel, lang, "outdated" if changes else "up-to-date", base, changes)


def statuses(root: Path, history: GitHistory | None = None) -> dict[tuple[str, str], Status]:
    """The status of every translation of every original page: {(lang, rel): Status}."""
    if history is None:
        history = GitHistory.open(root)
    project = current()
    docs = project.docs_dir
    pages = project.pages_by_language()
    found = {}
    for rel in sorted(pages[project.default_language]):
        for lang in project.translations:
            path = docs / lang / rel
            meta = None
            if path.is_file():
                try:
                    meta = parse_front_matter(
                        path.read_text(encoding="utf-8"), source_path(rel, lang)
                    )[0]
                except FrontMatterError:
                    pass
            found[(lang, rel)] = translation_status(rel, lang, meta, history, path.is_file())
    return found


# --- The whole check ------------------------------------------------------------------------


@dataclass
class Report:
    pages: int = 0  # page pairs checked
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check(root: Path) -> Report:
    """Every check of scripts/check_translations.py on the project at `root`."""
    try:
        project = Project.from_config_file(root / "mkdocs.yml")
    except ProjectError as exc:
        return Report(errors=[Problem("mkdocs.yml", None, str(exc).split(": ", 1)[-1])])
    with active(project):
        return _check(root.resolve())


def _check(root: Path) -> Report:
    from serumrun import bibliography

    report = Report()
    project = current()
    docs = project.docs_dir
    found = project.pages_by_language()
    pages: dict[str, dict[str, Page]] = {
        lang: {
            rel: parse_page((docs / lang / rel).read_text(encoding="utf-8"), source_path(rel, lang))
            for rel in sorted(found[lang])
        }
        for lang in project.languages
    }
    errors = report.errors
    every = sorted(set().union(*found.values()))
    report.pages = len(every)
    for rel in every:
        present = [lang for lang in project.languages if rel in found[lang]]
        for lang in project.languages:
            if lang not in present:
                errors.append(
                    Problem(
                        source_path(rel, lang),
                        None,
                        f"found no such file, expected the twin of {source_path(rel, present[0])}",
                    )
                )
        for lang in present:
            page = pages[lang][rel]
            errors += page.problems + placeholder_problems(page)
            errors += link_problems(page, rel, pages[lang], docs / lang)
        original = pages[project.default_language].get(rel)
        for lang in project.translations:
            translation = pages[lang].get(rel)
            if original and translation:
                errors += compare(original, translation)

    bibliography_file = project.bibliography
    shown = project.display(bibliography_file)
    try:
        keys = bibliography.load(bibliography_file)
    except bibliography.BibliographyError as exc:
        errors.append(Problem(shown, exc.line, exc.problem))
    else:
        for lang in project.languages:
            for page in pages[lang].values():
                errors += citation_problems(page, keys, shown)

    errors += nav_problems(root, set(every))
    _check_source_commits(root, pages, report)
    report.errors = sorted(set(report.errors), key=_sort_key)
    report.warnings.sort(key=_sort_key)
    return report


def nav_problems(root: Path, pages: set[str]) -> list[Problem]:
    config = root / "mkdocs.yml"
    try:
        nav_line, entries = nav_entries(config.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        return [
            Problem(
                "mkdocs.yml", None, f"found an unreadable file ({exc}), expected MkDocs' config"
            )
        ]
    if not nav_line:
        return [Problem("mkdocs.yml", None, "found no nav, expected every page in it")]
    listed = {path for path, _ in entries}
    problems = [
        Problem(
            "mkdocs.yml",
            nav_line,
            f"found no nav entry for {rel}, expected one "
            f"(docs/{current().default_language}/{rel} exists; "
            "scripts/new_page.py adds new pages to the nav)",
        )
        for rel in sorted(pages - listed)
    ]
    problems += [
        Problem("mkdocs.yml", line, f"found nav entry {path}, expected a page of docs/<language>/")
        for path, line in entries
        if path not in pages
    ]
    return problems


def _check_source_commits(root: Path, pages: dict[str, dict[str, Page]], report: Report) -> None:
    history = GitHistory.open(root)
    if history is None:
        report.notes.append(
            "no git history here (or a shallow clone): outdated translations not checked"
        )
    for lang in current().translations:
        for rel, page in pages[lang].items():
            if page.problems and not page.meta:
                continue  # its front matter is already reported
            value = page.meta.get(SOURCE_COMMIT)
            line = page.meta_lines.get(SOURCE_COMMIT, 1)
            original = source_path(rel)
            how = (
                f"the sha of the English revision translated (git log -1 --format=%H -- {original})"
            )
            if not isinstance(value, str) or not (value == NEW or _SHA_RE.fullmatch(value)):
                found = (
                    f"{SOURCE_COMMIT}: {value}"
                    if SOURCE_COMMIT in page.meta
                    else f"no {SOURCE_COMMIT}"
                )
                report.errors.append(
                    Problem(
                        page.path,
                        line,
                        f"found {found}, expected {how}, "
                        f"or '{NEW}' for a page written with its twin",
                    )
                )
                continue
            if history is None:
                continue
            if value != NEW and not history.exists(value):
                report.errors.append(
                    Problem(
                        page.path,
                        line,
                        f"found {SOURCE_COMMIT}: {value}, "
                        f"expected a commit of this repository: {how}",
                    )
                )
                continue
            status = translation_status(rel, lang, page.meta, history)
            if status.state == "outdated":
                report.warnings.append(_outdated(page, status, line, history))


def _outdated(page: Page, status: Status, line: int, history: GitHistory) -> Problem:
    """The warning for an outdated translation: what to record, and what the original gained.

    Changes are counted from just before the first change the translation lacks (a
    commit that changed both twins before that one is taken as translated).
    """
    original = source_path(status.rel)
    first, latest = status.changes[0], status.changes[-1]
    before, now = (history.show(rev, original) for rev in (f"{first.sha}^", "HEAD"))
    then, current = (
        {h.id for h in parse_page(text, original).headings if h.level > 1} if text else set()
        for text in (before, now)
    )
    what = [history.diff_stat(f"{first.sha}^", original)]
    if current - then:
        what.append("headings added: " + ", ".join(f"#{a}" for a in sorted(current - then)))
    if then - current:
        what.append("headings removed: " + ", ".join(f"#{a}" for a in sorted(then - current)))
    n = len(status.changes)
    return Problem(
        page.path,
        line,
        f"outdated: found {SOURCE_COMMIT} {status.base[:12]}, expected "
        f"{latest.sha} ({latest.date}): {original} changed in {n} commit{'s' * (n > 1)} "
        f"since {status.since} ({'; '.join(what)})",
    )


def _sort_key(problem: Problem) -> tuple:
    return (problem.path, problem.line or 0, problem.message)
