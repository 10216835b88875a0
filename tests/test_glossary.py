"""The French glossary check (serumrun/checks/glossary.py, data/glossary.yml), run by
scripts/check.py (`make check`) and the build.

Each refused variant has its own case: a French page and a French data string that use
it must be reported with file, line, what was found and what to write. The project
itself must pass, and the correct terms must not be reported.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from serumrun.checks import glossary
from tests.contributions import make_project, problems, run_script

ROOT = Path(__file__).resolve().parent.parent
TERMS = glossary.load(ROOT / glossary.GLOSSARY)

#: (sentence using a refused variant, what the message quotes, the term to write).
VARIANTS = {
    "detroit-de-norton": (
        "Il traverse le détroit de Norton de nuit.",
        "détroit de Norton",
        "le Norton Sound",
    ),
    "le-tanana": ("Il descendit le Tanana.", "le Tanana", "la Tanana"),
    "du-tanana": ("La glace du Tanana était épaisse.", "du Tanana", "la Tanana"),
    "au-tanana": ("Du Yukon au Tanana, le froid.", "au Tanana", "la Tanana"),
    "voile-blanc": ("Il fut pris dans le voile blanc.", "voile blanc", "jour blanc"),
    "mph": ("Des vents de 50 mph soufflaient.", "mph", "km/h (… milles à l’heure)"),
    "mi": ("Il courut 91 mi avec le sérum.", "mi", "milles"),
    "mi-no-space": ("Une étape de 52mi.", "mi", "milles"),
    "overflow": ("Il rencontra l’overflow avant la montée.", "overflow", "eau de débordement"),
    "conducteurs-du-courrier": (
        "Les conducteurs du courrier prirent le relais.",
        "conducteurs du courrier",
        "convoyeurs du courrier",
    ),
    "auberge-relais": (
        "Il gagna l’auberge-relais d’Isaac’s Point.",
        "auberge-relais",
        "roadhouse (relais-auberge de piste)",
    ),
    "auberge-roadhouse": (
        "Il gagna l’auberge (roadhouse) d’Isaac’s Point.",
        "auberge (roadhouse)",
        "roadhouse (relais-auberge de piste)",
    ),
    "course-du-serum": ("La course du sérum de 1925.", "course du sérum", "course au sérum"),
    "vaccin": (
        "Les chiens portaient le vaccin jusqu’à Nome.",
        "vaccin",
        "sérum antidiphtérique (ou antitoxine diphtérique)",
    ),
    "vaccins": (
        "Des Vaccins arrivèrent à Nome.",
        "Vaccins",
        "sérum antidiphtérique (ou antitoxine diphtérique)",
    ),
}


def _findings(tmp_path: Path, page: str = "", data: str = "") -> list[str]:
    """What the glossary finds in a French page and a data file, as check.py prints it."""
    notes = tmp_path / "notes.yml"
    notes.write_text(data, encoding="utf-8")
    found = glossary.check_text(page, "docs/fr/page.md", TERMS)
    return [str(p) for p in found + glossary.check_data(notes, "data/notes.yml", TERMS, "fr")]


@pytest.mark.parametrize("variant", sorted(VARIANTS), ids=sorted(VARIANTS))
def test_each_refused_variant_is_reported_on_a_page_and_in_data(tmp_path, variant):
    sentence, found, write = VARIANTS[variant]
    page = f"---\ntitle: Page\n---\n\n# Page\n\n{sentence}\n"
    data = f"- note:\n    en: An English note may say Norton Sound or 50 mph.\n    fr: {sentence}\n"
    findings = _findings(tmp_path, page, data)
    assert len(findings) == 2, findings
    assert findings[0].startswith(f"docs/fr/page.md:7: found « {found} », write « {write} » (")
    assert findings[1].startswith(f"data/notes.yml:3: found « {found} », write « {write} » (")


def test_every_variant_of_the_glossary_has_its_case():
    for term in TERMS:
        assert any(term.pattern.search(sentence) for sentence, _, _ in VARIANTS.values()), (
            f"{glossary.GLOSSARY}:{term.line}: no test case for {term.pattern.pattern!r}"
        )


def test_the_right_terms_are_not_reported(tmp_path):
    page = (
        "Il descendit la Tanana jusqu’à Tanana, à mi-chemin, sur 146 km (91 milles), "
        "par le Norton Sound et la baie de Norton, dans le jour blanc, jusqu’au *roadhouse* "
        "(relais-auberge de piste), avec les convoyeurs du courrier : la course au sérum.\n"
        "0,8 km (0,5 mille) ; 16 km/h (10 milles à l’heure) ; l’eau de débordement.\n"
    )
    assert _findings(tmp_path, page) == []


def test_code_is_not_prose(tmp_path):
    page = "Écrire `le détroit de Norton` est une erreur.\n\n```text\n52 mi\n```\n"
    assert _findings(tmp_path, page) == []


def test_flow_style_and_folded_data_strings_name_their_line(tmp_path):
    data = (
        "map_features:\n"
        "  - name: {en: Norton Sound, fr: détroit de Norton}\n"
        "notes:\n"
        "  - fr: >-\n"
        "      Un texte long dont la fin parle du détroit\n"
        "      de Norton, coupé en deux lignes.\n"
        "labels:\n"
        "  fr:\n"
        "    relay.col.miles: mi\n"
        "    relay.total: 674 mi\n"
    )
    findings = [f.split(" », write")[0] for f in _findings(tmp_path, "", data)]
    assert findings == [
        "data/notes.yml:2: found « détroit de Norton",
        "data/notes.yml:5: found « détroit de Norton",
        "data/notes.yml:10: found « mi",
    ]


def test_check_fails_with_file_and_line(tmp_path):
    project = make_project(tmp_path / "project")
    shutil.copy(ROOT / glossary.GLOSSARY, project / glossary.GLOSSARY)
    page = project / "docs/fr/dogs.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nLe détroit de Norton.\n", "utf-8")
    result = run_script("check.py", "--root", str(project))
    assert result.returncode == 1
    assert problems(result.stderr)[0].startswith(
        "docs/fr/dogs.md:17: found « détroit de Norton », write « le Norton Sound » ("
    )


def test_a_malformed_glossary_names_its_line(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text("- write: x\n  why: y\n- write: z\n  why: w\n  refuse: [a]\n  pattern: b\n")
    with pytest.raises(glossary.GlossaryError) as caught:
        glossary.load(path)
    assert str(caught.value) == (
        f"{path}:1: term 1: found none, expected one of 'refuse' (phrases), 'after_number' "
        "(units written after a number) or 'unquoted' (phrases refused outside « »)\n"
        f"{path}:6: term 2: unknown field 'pattern' "
        "(fields: write, why, refuse, after_number, unquoted)"
    )


def test_every_problem_of_a_term_is_named_with_its_line(tmp_path):
    path = tmp_path / "glossary.yml"
    path.write_text('- write: x\n  refuse: ["", 3]\n- write: y\n  why: z\n  unquoted: w\n')
    with pytest.raises(glossary.GlossaryError) as caught:
        glossary.load(path)
    assert caught.value.problems == [
        (1, "term 1: missing field 'why'"),
        (2, "term 1: refuse: found '', expected a list of phrases"),
        (5, "term 2: unquoted: found 'w', expected a list of phrases"),
    ]


def test_a_contributed_regular_expression_is_refused(tmp_path):
    # `^(\w+\s?)*$` backtracks for minutes on a line of words (issue 22): no pattern at all.
    path = tmp_path / "glossary.yml"
    path.write_text("- write: x\n  why: y\n  pattern: '^(\\w+\\s?)*$'\n")
    with pytest.raises(glossary.GlossaryError) as caught:
        glossary.load(path)
    assert str(caught.value) == (
        f"{path}:3: term 1: unknown field 'pattern' "
        "(fields: write, why, refuse, after_number, unquoted)"
    )


def test_a_unit_after_a_number_is_found_as_the_literal_form_says():
    (term,) = [t for t in glossary.load(ROOT / glossary.GLOSSARY) if t.write == "milles"]
    for text in ("250 mi", "250mi", "250\u202fmi.", "12\u00a0mi de"):
        assert term.pattern.search(text), text
    for text in ("mi-chemin", "250 milles", "Nome mi", "250 mi-temps", "250 mi’"):
        assert not term.pattern.search(text), text


def test_an_alias_tree_in_the_data_is_a_message_not_a_memory_error(tmp_path):
    # Nine levels of nine aliases: 9**9 strings for a walk that follows them (issue 22).
    root = make_project(tmp_path / "project")
    shutil.copy(ROOT / glossary.GLOSSARY, root / glossary.GLOSSARY)
    levels = ["a0: &a0 {fr: texte}"] + [
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)
    ]
    (root / "data" / "notes.yml").write_text("\n".join(levels) + "\n", encoding="utf-8")
    result = run_script("check.py", "--root", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert problems(result.stderr) == [
        "data/notes.yml:2: found the YAML alias *a0, expected every value written out"
    ]
    with pytest.raises(glossary.GlossaryError) as caught:
        glossary.check_data(root / "data/notes.yml", "data/notes.yml", TERMS, "fr")
    assert str(caught.value) == problems(result.stderr)[0]


def test_a_line_that_only_looks_like_a_fence_hides_nothing():
    # A no-break space before ``` is no fence to Python-Markdown: the text after it is
    # prose, and the glossary reads it (issue 22).
    text = "Le chien.\n\u00a0```\nUn voile blanc.\n"
    assert [f.line for f in glossary.check_text(text, "p.md", TERMS)] == [3]
    fenced_code = "Le chien.\n```\nUn voile blanc.\n```\n"
    assert glossary.check_text(fenced_code, "p.md", TERMS) == []


def test_vaccin_in_guillemets_is_the_myths_word_and_passes(tmp_path):
    page = (
        "---\ntitle: Page\n---\n\n# Le « vaccin »\n\nOn parle d’un « vaccin antidiphtérique », "
        "d’un «\u00a0vaccin\u00a0» ou d’un «vaccin».\n"
    )
    assert _findings(tmp_path, page) == []


def test_vaccin_outside_guillemets_is_refused(tmp_path):
    page = "---\ntitle: Page\n---\n\n# Le sérum\n\nLe vaccin arriva à Nome.\n"
    assert _findings(tmp_path, page) == [
        "docs/fr/page.md:7: found « vaccin », write « sérum antidiphtérique (ou antitoxine "
        f"diphtérique) » ({next(t.why for t in TERMS if t.write.startswith('sérum'))})"
    ]
