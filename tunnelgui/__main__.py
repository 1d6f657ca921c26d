"""Allows `python -m tunnelgui`."""

import sys

from tunnelgui.cli import main

if __name__ == "__main__":
    sys.exit(main())
