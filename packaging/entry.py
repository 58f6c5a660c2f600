"""PyInstaller's entry script: the frozen ``hsconsole`` runs the console's own ``main``."""

import sys

from hsconsole.app import main

if __name__ == "__main__":
    sys.exit(main())
