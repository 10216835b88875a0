"""Each language of the site: CLDR's conventions (Babel) and the project's house rules.

CLDR, through Babel, gives what every language has: number symbols, month names, the
names of languages, the territory of `og:locale`, quotation marks. The project's own
choices (metric first, "1er", French spacing, the style of references, the glossary) are
data: data/languages.yml, one entry per language and a `default` for the others, read
once per build (`Project.language`) and validated by the `Rules` model.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    PrivateAttr,
    RootModel,
    ValidationInfo,
)

from serumrun import schema


class Rules(BaseModel):
    """The house rules of a language: what data/languages.yml may say, with its defaults."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    metric_first: bool = False
    first_of_month: str = ""
    clock: Literal["h", "am-pm", "cldr"] = "cldr"
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


class Language(Rules):
    """One language: `code` (mkdocs.yml's locale), its house rules, and CLDR's data."""

    code: str
    #: The project whose site speaks it (`Project.language` sets it): what reads the
    #: project's files for a language, its labels, finds them there (serumrun/l10n/labels.py).
    _project: Any = PrivateAttr(default=None)

    @property
    def project(self) -> Any:
        return self._project

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


def _site_language(name: str, info: ValidationInfo) -> str:
    languages = info.context["languages"]
    if name != "default" and name not in languages:
        raise schema.fail(
            f"found language {name!r}, expected 'default' or one of the site's languages "
            f"({', '.join(languages)})"
        )
    return name


_RulesFile = RootModel[dict[Annotated[str, AfterValidator(_site_language)], Rules]]


class LanguageRulesError(schema.DataError):
    """data/languages.yml is wrong: every problem, with its file and line."""


def load_rules(path: Path, shown: str, languages: tuple[str, ...]) -> dict[str, Language]:
    """Every language of the site with its house rules (`default` for those not listed)."""
    data, root = schema.read(path, "language rules", LanguageRulesError, shown)
    if root is None:
        raise LanguageRulesError(shown, 1, "found nothing, expected 'default:' and its rules")
    value, problems = schema.validate(
        _RulesFile, data, root, lambda loc: ": ".join(map(str, loc[1:])), {"languages": languages}
    )
    for code in languages:
        try:
            Locale.parse(code)
        except (UnknownLocaleError, ValueError):
            problems.append(
                (None, f"found language {code!r} in mkdocs.yml, expected a CLDR locale")
            )
    if problems:
        raise LanguageRulesError(shown, problems=problems)
    rules = {name: entry.model_dump(exclude_unset=True) for name, entry in value.root.items()}
    return {
        code: Language(code=code, **{**rules.get("default", {}), **rules.get(code, {})})
        for code in languages
    }
