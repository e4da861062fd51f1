"""Stage 2, pages: generate one plain Markdown page per site page (a docs tree) from the model."""
