"""Valid HTML: exact repairs of markup that Material 9.8.1 writes and the Nu HTML
Checker rejects, on every page.

1. `autocomplete="off"` on the two checkboxes that open the drawer and the search
   (`base.html`, outside any template block, so no override of a block can reach
   them): `autocomplete` is not allowed on a checkbox. Material puts it there so that
   Firefox does not restore a checked toggle (an open drawer or search) on reload;
   without it Firefox may do so, which is the whole cost.
2. `tabindex=""` on the label of a navigation section (`partials/nav-item.html` sets
   `tabindex` only for a collapsible item and prints it empty otherwise): an empty
   tabindex is not an integer. A section label is not meant to take focus, so the
   attribute goes.
3. `<label class="md-nav__title" for="__toc">` (`partials/toc.html`) on a page that is
   not in the navigation: the checkbox `__toc` it names is written by the navigation
   entry of the current page, so here it names nothing. The label keeps its text and
   loses the `for`.

Each repair is an exact match. If a page lacks the drawer toggle that every Material
page has, Material changed: the build stops with a message instead of publishing
markup that nobody checked (tests/test_html_valid.py runs the checker on the site).
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError

TOGGLES = tuple(
    f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}" '
    'autocomplete="off">'
    for name in ("drawer", "search")
)
#: The end of a navigation label with an empty tabindex (Material writes
#: `id="{{ path }}_label" tabindex="{{ tabindex }}"`, empty for section labels only).
EMPTY_TABINDEX = '_label" tabindex="">'

TOC_LABEL = '<label class="md-nav__title" for="__toc">'
TOC_TOGGLE = 'id="__toc"'


#: The toggles as repaired.
REPAIRED_TOGGLES = tuple(toggle.replace(' autocomplete="off"', "") for toggle in TOGGLES)


def repair(output: str, name: str) -> str:
    # The repairs touch separate spans (none can make or break another's match), so they
    # are found in the page as it came and the page is copied once: a page is some 100 kB,
    # and a copy costs as much as a search.
    edits: list[tuple[int, int, str]] = []
    for toggle, repaired in zip(TOGGLES, REPAIRED_TOGGLES, strict=True):
        at = output.find(toggle)
        if at < 0:
            raise PluginError(
                f"markup repair: {name} has no {toggle!r}; Material's base.html changed, "
                "review serumrun/theme/markup.py"
            )
        edits.append((at, at + len(toggle), repaired))
    at = output.find(TOC_LABEL)
    if at >= 0 and TOC_TOGGLE not in output:
        edits.append((at, at + len(TOC_LABEL), '<label class="md-nav__title">'))
    at = output.find(EMPTY_TABINDEX)
    while at >= 0:
        edits.append((at, at + len(EMPTY_TABINDEX), '_label">'))
        at = output.find(EMPTY_TABINDEX, at + len(EMPTY_TABINDEX))
    edits.sort()
    parts: list[str] = []
    last = 0
    for start, end, text in edits:
        parts += (output[last:start], text)
        last = end
    parts.append(output[last:])
    return "".join(parts)
