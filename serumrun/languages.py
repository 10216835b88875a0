"""Each language of the site: CLDR's conventions (Babel) and the project's house rules.

CLDR, through Babel, gives what every language has: number symbols, month names, the
names of languages, the territory of `og:locale`, quotation marks. The project's own
choices (metric first, "1er", French spacing, the style of references, the glossary) are
data: data/languages.yml, one entry per language and a `default` for the others. The
file is read and checked once per build (`Project.language`); a wrong key or value is
reported with its file and line, all at once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cached_property
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError
from babel.core import get_global

from serumrun import yamlio
from serumrun.errors import SerumRunError

#: The styles of hours a language's rules may choose (data/languages.yml `clock`).
CLOCKS = ("h", "am-pm", "cldr")


@dataclass(frozen=True)
class Language:
    """One language: `code` (mkdocs.yml's locale), the house rules, and CLDR's data."""

    code: str
    metric_first: bool = False
    first_of_month: str = ""
    clock: str = "cldr"
    french_spacing: bool = False
    biblatex: str = ""
    reference_separator: str = ". "
    publisher_separator: str = ": "
    retrieved_in_parentheses: bool = False
    #: The quotation marks around the title of an article or a page.
    open_quote: str = "“"
    close_quote: str = "”"
    #: An author's reference gives the year after the names: "Salisbury (2003)".
    year_after_authors: bool = False
    glossary: bool = False

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(self.code)

    @cached_property  # read once: a page asks for hundreds of numbers
    def group(self) -> str:
        """The thousands separator: ',' / U+202F / '.'."""
        return self.locale.number_symbols["latn"]["group"]

    @cached_property
    def decimal(self) -> str:
        return self.locale.number_symbols["latn"]["decimal"]

    @cached_property
    def og_locale(self) -> str:
        """Open Graph's language_TERRITORY, from CLDR's likely subtags: 'fr' -> 'fr_FR'."""
        likely = get_global("likely_subtags").get(self.code, self.code)
        parts = likely.split("_")
        return f"{parts[0]}_{parts[-1]}" if len(parts) > 1 else parts[0]

    @cached_property
    def biblatex_langid(self) -> str:
        return self.biblatex or self.locale.english_name.lower()

    def day(self, day_of_month: int) -> str:
        """The day of the month, the first as the house writes it ('1er')."""
        return (
            self.first_of_month if day_of_month == 1 and self.first_of_month else str(day_of_month)
        )


_RULES = {f.name: f.type for f in fields(Language) if f.name != "code"}


class LanguageRulesError(SerumRunError, ValueError):
    """data/languages.yml is wrong: every problem, with its file and line."""


def load_rules(path: Path, shown: str, languages: tuple[str, ...]) -> dict[str, Language]:
    """Every language of the site with its house rules (`default` for those not listed)."""
    try:
        data, node = yamlio.load_with_nodes(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise LanguageRulesError(f"{shown}: cannot be read ({exc})") from None
    except yaml.YAMLError as exc:  # the message carries the line
        raise LanguageRulesError(
            f"{shown}: found malformed YAML, expected 'key: value' lines ({exc})"
        ) from None
    problems = []
    if not isinstance(data, dict):
        raise LanguageRulesError(
            f"{shown}:1: found no mapping, expected 'default:' and one entry per language"
        )
    lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
    values = {key.value: value for key, value in node.value}
    for name in data:
        if name != "default" and name not in languages:
            problems.append(
                f"{shown}:{lines[name]}: found language {name!r}, expected 'default' or one of "
                f"the site's languages ({', '.join(languages)})"
            )
    rules = {}
    for name, entry in data.items():
        if not isinstance(entry, dict):
            problems.append(
                f"{shown}:{lines[name]}: found {entry!r} under {name!r}, expected rules"
            )
            continue
        keys = {k.value: k.start_mark.line + 1 for k, _ in values[name].value}
        for key, value in entry.items():
            where = f"{shown}:{keys[key]}"
            if key not in _RULES:
                problems.append(f"{where}: found rule {key!r}, expected one of {', '.join(_RULES)}")
            elif not isinstance(value, bool if _RULES[key] == "bool" else str) or (
                key == "clock" and value not in CLOCKS
            ):
                expected = " or ".join(CLOCKS) if key == "clock" else _RULES[key]
                problems.append(f"{where}: found {key}: {value!r}, expected {expected}")
        rules[name] = entry
    for code in languages:
        try:
            Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            problems.append(
                f"{shown}: found language {code!r} in mkdocs.yml, expected a CLDR locale"
            )
    if problems:
        raise LanguageRulesError("\n".join(problems))
    default = {k: v for k, v in (rules.get("default") or {}).items() if k in _RULES}
    return {
        code: Language(
            code, **{**default, **{k: v for k, v in (rules.get(code) or {}).items() if k in _RULES}}
        )
        for code in languages
    }
