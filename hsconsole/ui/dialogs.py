"""The console window's two questions: yes or no, and one line of text (a cancellation's note)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from hsconsole.ui.forms import too_long, uncut
from hsconsole.ui.language import translate

GO_AHEAD = ("OK", "Cancel")
"""The buttons of a question that names none: Qt's own OK and Cancel, in the window's language."""


def ask_yes(parent: QWidget, title: str, text: str) -> bool:
    """Yes or no, over ``parent``: True for yes."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(parent, title, text)
    return answer == QMessageBox.StandardButton.Yes


def quit_question() -> tuple[str, str]:
    """The title and text of the question before quitting with a lead's changes unsaved."""
    return (
        translate("Questions", "Unsaved changes"),
        translate("Questions", "You have unsaved changes. Quit and discard them?"),
    )


def ask_line(parent: QWidget, title: str, prompt: str, *, buttons: tuple[str, str] = GO_AHEAD) -> str | None:
    """One line of text, of any length up to a field's limit: the first button is off (and the dialog says
    why) beyond it. ``buttons``: the words of going ahead and of not (a dialog that cancels something must
    not also have a "Cancel" that keeps it), already in the window's language; the default is Qt's OK and
    Cancel. None when the setter does not go ahead."""
    from PySide6.QtWidgets import QDialogButtonBox, QInputDialog

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(prompt)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    if buttons != GO_AHEAD:  # else Qt's own words, which its catalogue translates
        dialog.setOkButtonText(buttons[0])
        dialog.setCancelButtonText(buttons[1])
    for edit in dialog.findChildren(QLineEdit):
        uncut(edit)

    def check(text: str) -> None:
        problem = too_long(text)
        dialog.setLabelText(prompt + (f"\n⚠ {problem}" if problem else ""))
        buttons = dialog.findChild(QDialogButtonBox)  # made when the dialog is first shown
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok) if buttons is not None else None
        if ok is not None:
            ok.setEnabled(not problem)

    dialog.textValueChanged.connect(check)
    try:
        accepted = dialog.exec() == QInputDialog.DialogCode.Accepted.value
        return dialog.textValue() if accepted and not too_long(dialog.textValue()) else None
    finally:
        dialog.deleteLater()
