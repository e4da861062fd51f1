#!/usr/bin/env python3
"""Build the board papers website: `python build.py check|build|serve ...` (see README)."""
from boardpapers.cli import exit_now, main

if __name__ == "__main__":
    exit_now(main())
