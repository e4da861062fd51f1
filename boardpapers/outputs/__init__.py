"""Stage 4, outputs: the search index, feeds, calendars, open data, sitemap and the offline bundle."""
