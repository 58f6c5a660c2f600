"""The banner for the console's files: what is wrong with them now, and what was repaired.

A *problem* (the disk is full, the outbox is locked: changes are kept in memory) stays exactly as
long as it is true: its source sets it and clears it, and no lookup or save hides it. A *note* (a
damaged file was set aside and repaired when the console started) stays until the setter dismisses it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from hsconsole.ui.language import translate


class StorageBanner(QFrame):
    """Problems by source (``"outbox"``, ``"settings"``…), then notes, one paragraph each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storage_banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = QLabel()
        self.label.setObjectName("storage_text")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setAccessibleName(translate("StorageBanner", "Storage problems"))
        self.dismiss_button = QPushButton(translate("StorageBanner", "Got it"))
        self.dismiss_button.setObjectName("storage_dismiss")
        self.dismiss_button.setToolTip(
            translate("StorageBanner", "Hide these notes (a problem that is still true stays)")
        )
        self.dismiss_button.clicked.connect(self.dismiss)
        buttons = QVBoxLayout()
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addLayout(buttons)
        self._problems: dict[str, str] = {}
        self._notes: list[str] = []
        self._refresh()

    def set_problem(self, source: str, text: str | None) -> None:
        """``source``'s problem now (None or empty: it is over)."""
        if text:
            self._problems[source] = text
        else:
            self._problems.pop(source, None)
        self._refresh()

    def add_note(self, text: str) -> None:
        """Something the setter should know happened (shown until dismissed; the same note once)."""
        if text and text not in self._notes:
            self._notes.append(text)
            self._refresh()

    def dismiss(self) -> None:
        self._notes.clear()
        self._refresh()

    def text(self) -> str:
        return self.label.text()

    @property
    def problems(self) -> dict[str, str]:
        return dict(self._problems)

    @property
    def notes(self) -> list[str]:
        return list(self._notes)

    def _refresh(self) -> None:
        paragraphs = [f"⚠ {text}" for text in self._problems.values()] + self._notes
        self.label.setText("\n\n".join(paragraphs))
        self.dismiss_button.setVisible(bool(self._notes))
        self.setVisible(bool(paragraphs))
