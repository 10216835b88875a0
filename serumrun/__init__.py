"""Python parts of the Serum Run 1925 site: Markdown extensions, data loading and MkDocs hooks."""
