"""The project being built: its folders, data files and languages, read from mkdocs.yml.

The languages are those of the `i18n` plugin (the first with `default: true` is served
at the root); the data files are the options of the `serumrun` plugin, resolved against
the folder of mkdocs.yml (so an installed package builds any checkout with its own data).

The plugin makes one Project when a build starts (`on_config`), keeps it and passes it
down: it is the build's state, and what the build loads once is kept on it. A script or
a test makes its own with `Project.from_config_file`. There is no current project:
whatever needs one is given it (a `Language` knows its project, for its labels).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from serumrun.errors import SerumRunError
from serumrun.languages import Language, load_rules
from serumrun.problems import Problem


@dataclass(eq=False)  # one object per build: compared and hashed by identity
class Project:
    root: Path  # the folder of mkdocs.yml
    docs_dir: Path
    languages: tuple[str, ...]  # build order; the first is the default language
    bibliography: Path
    relay: Path | None
    labels: Path
    people: Path | None = None  # the drivers of the relay (the mushers page)
    #: The house rules of each language (data/languages.yml, serumrun/languages.py).
    language_rules: Path | None = None
    #: The build's record of each page's source (serumrun/pages.py `SourcePage`), by
    #: path: made by the first pass's source check, then read by every language pass
    #: instead of the file. The plugin makes a new Project for every build, so a page
    #: edited under `mkdocs serve` is read again; a Project of a script or a test holds none.
    sources: dict[str, Any] = field(default_factory=dict, repr=False)
    #: The data files as read and validated once per Project, by path, each by the module
    #: that reads it (serumrun/citations/bibliography.py `load`); not copied by `replace`.
    data: dict[Path, Any] = field(default_factory=dict, init=False, repr=False)

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def translations(self) -> tuple[str, ...]:
        """The languages translated from the default one."""
        return self.languages[1:]

    def url_prefix(self, lang: str) -> str:
        """The path of a language's root relative to the site root: '' or 'fr/'."""
        return "" if lang == self.default_language else f"{lang}/"

    def lang_of_src(self, src_uri: str) -> str | None:
        """The language folder of a docs-relative path ('en/relay.md' -> 'en'), or None."""
        first = PurePosixPath(src_uri).parts[0] if src_uri else ""
        return first if first in self.languages else None

    @cached_property
    def _languages(self) -> dict:
        if self.language_rules is None:
            languages = {code: Language(code=code) for code in self.languages}
        else:
            shown = self.display(self.language_rules)
            languages = load_rules(self.language_rules, shown, self.languages)
        for language in languages.values():
            language._project = self
        return languages

    def language(self, code: str):
        """The conventions and house rules of a language of the site (serumrun/languages.py)."""
        return self._languages[code]

    def display(self, path: Path | str) -> str:
        """A path as error messages print it: relative to the project when inside it."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def pages_by_language(self) -> dict[str, set[str]]:
        """Markdown pages of each language folder, as paths relative to that folder."""
        return {
            lang: {
                p.relative_to(self.docs_dir / lang).as_posix()
                for p in (self.docs_dir / lang).rglob("*.md")
            }
            for lang in self.languages
        }

    def missing_twins(self) -> list[Problem]:
        """Every page that exists in one language and not in another: the missing file,
        with the first twin that exists."""
        pages = self.pages_by_language()
        docs = self.display(self.docs_dir)
        problems = []
        for rel in sorted(set().union(*pages.values())):
            present = [lang for lang in self.languages if rel in pages[lang]]
            problems += [
                Problem(
                    f"{docs}/{lang}/{rel}",
                    None,
                    f"found no such file, expected the twin of {docs}/{present[0]}/{rel}",
                )
                for lang in self.languages
                if lang not in present
            ]
        return problems

    @classmethod
    def from_mkdocs_config(cls, config) -> Project:
        """The project of a loaded MkDocs config (the `i18n` and `serumrun` plugins)."""
        for name in ("i18n", "serumrun"):
            if name not in config.plugins:
                raise ProjectError(
                    f"{Path(config.config_file_path).name}: the '{name}' plugin is missing "
                    "from plugins: (it names the languages and the data files)"
                )
        i18n = config.plugins["i18n"].config
        ordered = sorted(i18n.languages, key=lambda lang: not lang.default)
        options = config.plugins["serumrun"].config
        return cls(
            root=Path(config.config_file_path).resolve().parent,
            docs_dir=Path(config.docs_dir).resolve(),
            languages=tuple(lang.locale for lang in ordered if lang.build),
            bibliography=Path(options.bibliography),
            relay=Path(options.relay) if options.relay else None,
            labels=Path(options.labels),
            people=Path(options.people) if options.people else None,
            language_rules=Path(options.language_rules),
        )

    @classmethod
    def from_config_file(cls, path: Path | str) -> Project:
        """The project of a mkdocs.yml, for scripts and tests (loads and validates it)."""
        from mkdocs.config import load_config
        from mkdocs.exceptions import ConfigurationError

        try:
            config = load_config(str(path))
        except ConfigurationError as exc:
            raise ProjectError(f"{Path(path).name}: {exc}") from None
        return cls.from_mkdocs_config(config)


class ProjectError(SerumRunError, ValueError):
    """mkdocs.yml does not describe a serumrun project: the message names the file."""
