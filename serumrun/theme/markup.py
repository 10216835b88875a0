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


def repair(output: str, name: str) -> str:
    for toggle in TOGGLES:
        if toggle not in output:
            raise PluginError(
                f"markup repair: {name} has no {toggle!r}; Material's base.html changed, "
                "review serumrun/theme/markup.py"
            )
        output = output.replace(toggle, toggle.replace(' autocomplete="off"', ""), 1)
    if 'id="__toc"' not in output:
        output = output.replace(TOC_LABEL, '<label class="md-nav__title">', 1)
    return output.replace(EMPTY_TABINDEX, '_label">')
