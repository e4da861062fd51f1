#!/usr/bin/env python3
"""Build the board papers website: `python build.py check|build|serve ...` (see README)."""
import sys

from boardpapers.cli import main

if __name__ == "__main__":
    sys.exit(main())
