"""The start-up baseline: a bare PySide6 QMainWindow, shown, on the same interpreter and platform plugin."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.setWindowTitle("bare QMainWindow")
    window.resize(1360, 820)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
