"""MkDocs hooks of the site, one concern per module (listed under `hooks:` in mkdocs.yml)."""
