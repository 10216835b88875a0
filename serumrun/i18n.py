"""The site's languages: one place for the codes, the default and the folder layout.

Every module that needs to know which languages exist, or which language a source
file is in, asks here (scripts, hooks and tests alike).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

#: Language codes in build order; the first is the default, served at the site root.
LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = LANGUAGES[0]

#: Human names, in their own language (shown in the language switcher).
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}

ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = ROOT / "docs"
DATA_DIR = ROOT / "data"


def url_prefix(lang: str) -> str:
    """The path of a language's root relative to the site root: '' or 'fr/'."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def lang_of_src(src_uri: str) -> str | None:
    """The language folder a docs-relative path lives in ('en/relay.md' -> 'en'), or None."""
    first = PurePosixPath(src_uri).parts[0] if src_uri else ""
    return first if first in LANGUAGES else None


def twin_src(src_uri: str, lang: str) -> str:
    """The same page in another language: twin_src('en/relay.md', 'fr') -> 'fr/relay.md'."""
    parts = PurePosixPath(src_uri).parts
    return PurePosixPath(lang, *parts[1:]).as_posix()


def pages_by_language(docs_dir: Path = DOCS_DIR) -> dict[str, set[str]]:
    """Markdown pages of each language folder, as paths relative to that folder."""
    return {
        lang: {p.relative_to(docs_dir / lang).as_posix() for p in (docs_dir / lang).rglob("*.md")}
        for lang in LANGUAGES
    }


def missing_twins(docs_dir: Path = DOCS_DIR) -> list[str]:
    """Every page that exists in one language and not in another, as 'fr/x.md (twin of en/x.md)'."""
    pages = pages_by_language(docs_dir)
    problems = []
    for lang in LANGUAGES:
        for other in LANGUAGES:
            if other == lang:
                continue
            for rel in sorted(pages[lang] - pages[other]):
                problems.append(f"docs/{other}/{rel} is missing (twin of docs/{lang}/{rel})")
    return problems
