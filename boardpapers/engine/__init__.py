"""Render the generated pages into a site with a stock engine (MkDocs or ProperDocs), through its public API."""
