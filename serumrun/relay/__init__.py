"""The relay as data: data/relay.yml drives the legs table, the route map and the timeline.

Modules, one concern each:

* `values`    the value types of the data files' models, with the project's messages;
* `data`      data/relay.yml: its model, validated; kilometres and totals;
* `l10n`      numbers, distances, dates and times in English and French;
* `render`    the legs table and the timeline as Markdown, the inline figures;
* `svgmap`    the route map: the kept SVG of scripts/make_map.py inlined, its legend;
* `people`    data/people.yml, its model, the mushers page's entries (template people.md);
* `extension` the Python-Markdown extension the plugin gives the build's `RelayData`.
"""
