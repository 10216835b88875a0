"""A page's links, anchors and citations against what exists: the pages and anchors of
its language (those the [[markers]] of generated pages add included, from their data),
the files of its images, the keys of the bibliography."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path, PurePosixPath

from serumrun.checks.page_structure import Page, Ref
from serumrun.citations import references
from serumrun.citations.extension import unknown_key
from serumrun.gates.source import relay_data
from serumrun.pages import SCHEME_RE
from serumrun.problems import Problem
from serumrun.project import Project
from serumrun.relay import people


@dataclass
class Links:
    """The links and citations of every page of `pages` ({lang: {rel: Page}}), resolved:
    `marker_ids`, the ids each [[marker]] adds to a page (a page with a marker not in it
    has anchors only the build knows, and links to it are left to the build's check);
    `keys`, the bibliography's (None: it cannot be read, and says so itself)."""

    project: Project
    pages: dict[str, dict[str, Page]]
    marker_ids: dict[str, set[str]]
    keys: set[str] | None
    #: (page, target) of each broken link: the twins' comparison does not repeat it.
    broken: set[tuple[str, str]] = field(default_factory=set)
    #: The anchors links point to, by page (rel): which of two twins' anchors is the slip.
    linked: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def problems(self, lang: str, rel: str) -> list[Problem]:
        """Internal links to pages or anchors that do not exist, images with no file,
        citations of keys the bibliography does not have."""
        page = self.pages[lang][rel]
        folder = self.project.docs_dir / lang / PurePosixPath(rel).parent
        problems = []
        for ref in page.links:
            problem = self._link_problem(page, ref, lang, rel)
            if problem is not None:
                self.broken.add((page.path, ref.target))
                problems.append(problem)
        problems += [
            Problem(page.path, ref.line, f"found image {ref.target}, expected a file that exists")
            for ref in page.images
            if not SCHEME_RE.match(ref.target) and not _resolve(folder, ref.target).exists()
        ]
        return problems + self._citation_problems(page)

    def _link_problem(self, page: Page, ref: Ref, lang: str, rel: str) -> Problem | None:
        name, _, anchor = ref.target.partition("#")
        if name:
            docs = self.project.docs_dir / lang
            file = _resolve(docs / PurePosixPath(rel).parent, name.split("?", 1)[0])
            is_page = file.suffix == ".md" and file.is_relative_to(docs)
            rel = file.relative_to(docs).as_posix() if is_page else ""
            if rel not in self.pages[lang]:
                return self._page_problem(page, ref, file, lang)
        if not anchor:
            return None
        self.linked[rel].add(anchor)
        target = self.pages[lang][rel]
        # A page refused before parsing has no known anchors: its refusal says enough.
        if not target.parsed or anchor in target.ids:
            return None
        return self._anchor_problem(page, ref, target, anchor)

    def _page_problem(self, page: Page, ref: Ref, file: Path, lang: str) -> Problem | None:
        docs = self.project.docs_dir
        other = file.relative_to(docs).parts[0] if file.is_relative_to(docs) else None
        if other in self.project.languages and other != lang:
            return Problem(page.path, ref.line, _crossing_message(ref.target, other))
        if file.suffix == ".md" or not file.exists():
            return Problem(
                page.path,
                ref.line,
                f"found link to {ref.target}, expected an existing page of docs/{lang}/",
            )
        return None

    def _anchor_problem(self, page: Page, ref: Ref, target: Page, anchor: str) -> Problem | None:
        if any(m not in self.marker_ids for m in target.markers):
            return None  # a marker whose ids only the build knows
        generated = set().union(*(self.marker_ids[m] for m in target.markers))
        if anchor in generated:
            return None
        close = get_close_matches(anchor, target.ids | generated, n=1, cutoff=0.8)
        known = (
            f"did you mean #{close[0]}?"
            if close
            else ", ".join(f"#{a}" for a in sorted(target.ids)[:8]) or "none"
        )
        return Problem(
            page.path,
            ref.line,
            f"found link to {ref.target}, expected an anchor of {target.path} ({known})",
        )

    def _citation_problems(self, page: Page) -> list[Problem]:
        if self.keys is None:
            return []
        shown = self.project.display(self.project.bibliography)
        return [
            Problem(page.path, cite.line, unknown_key(cite.key, self.keys, shown))
            for cite in page.citations
            if cite.key not in self.keys
        ]


def _resolve(folder: Path, target: str) -> Path:
    return Path(os.path.normpath(folder / target))


def marker_ids(project: Project, keys: set[str] | None) -> dict[str, set[str]]:
    """The ids each [[marker]] adds to its page, from the data it renders (`keys`: the
    bibliography's keys; a marker whose data cannot be read is left out: its own
    check reports the data)."""
    found: dict[str, set[str]] = {"relay:timeline": set(), "translation-status": set()}
    if keys is None:
        return found
    found["bibliography"] = {*references.SECTION_IDS.values(), *(f"ref-{k}" for k in keys)}
    relay, roles, _ = relay_data(project)
    if relay is None:
        return found
    legs = [leg.number for leg in relay.legs]
    standby = [people.standby_row_id(n + 1) for n in range(len(relay.standby))]
    found["relay:table"] = {"relay-legs", *(f"leg-{n}" for n in legs), *standby}
    found["relay:map"] = {"relay-map", "relay-map-title", "relay-map-desc"}
    found["relay:map"].update(f"relay-map-leg-{n}" for n in legs)
    if roles is not None:
        found["relay:people"] = {role.person.anchor for role in roles}
    return found


def _crossing_message(target: str, lang: str) -> str:
    """A page links within its own language (static-i18n would silently rewrite a link
    into the other language's folder to this language's page); readers switch with the
    switcher."""
    return (
        f"link to {target!r} crosses into the '{lang}' folder; link to the page in this "
        f"language (e.g. '{target.split('/', 2)[-1]}'): readers change language with the "
        "switcher"
    )
