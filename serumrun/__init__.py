"""The `serumrun` MkDocs plugin of the Serum Run 1925 site (entry point: `plugin.py`).

Subpackages by concern, in layers (pyproject.toml's import-linter contracts, README.md's
module map): `checks/` over `gates/` over `theme/` and `translation/` over `relay/` over
`citations/` over `l10n/`, over the modules here that every layer uses.
"""
