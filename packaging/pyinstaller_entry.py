"""Entry script for PyInstaller: the same as the `tunnelgui` console command."""

import sys

from tunnelgui.cli import main

if __name__ == "__main__":
    sys.exit(main())
