"""Reading papers and meeting packs out of PDF and Word files, for `build.py import`."""
