"""Stage 1, content: read every file of content/, check it against the one schema, and build the model."""
