"""The middle pane: banners, then the page of the caller on screen (a hint, a lead, not found, a new lead).

Built in two steps: :class:`LeadPane` itself (the banners and the hint page) is part of the window's frame
and imports no service layer; :meth:`LeadPane.build_pages` adds the lead, not-found, new-lead and looking-up
pages once the console is there (their widgets import it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hsconsole.ui.forms import uncut
from hsconsole.ui.language import QT_TRANSLATE_NOOP, translate
from hsconsole.ui.storage_banner import StorageBanner

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QComboBox, QScrollArea

    from hsconsole.services.audit import AuditLog
    from hsconsole.ui.caller import Buttons
    from hsconsole.ui.caller_history import CallerHistoryView
    from hsconsole.ui.editor import LeadEditor
    from hsconsole.ui.lead_extras import ConnectorPanel
    from hsconsole.ui.new_lead import NewLeadForm

PAGE_EMPTY, PAGE_LEAD, PAGE_NEW, PAGE_LOOKING_UP = range(4)

EMPTY_HINT = QT_TRANSLATE_NOOP(
    "LeadPane", "Type the caller's phone number in any format and press Enter.\n\nPress F1 for the keyboard shortcuts."
)


class LeadPane(QWidget):
    """The storage banner, the banner, and the pages (``pages``, indexed by the ``PAGE_`` numbers)."""

    editor: LeadEditor
    history: CallerHistoryView
    """The caller's history, a tab beside the CRM's facts."""
    save_button: QPushButton
    revert_button: QPushButton
    connector_panel: ConnectorPanel
    disposition_combo: QComboBox
    disposition_comment: QLineEdit
    disqualify_button: QPushButton
    refresh_dispositions_button: QPushButton
    lead_scroll: QScrollArea
    new_lead_form: NewLeadForm
    looking_up_label: QLabel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lead_pane")
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setMargin(6)
        self.banner.setVisible(False)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pages = QStackedWidget()
        empty = QLabel(translate("LeadPane", EMPTY_HINT))
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        self.pages.addWidget(empty)
        self.storage_banner = StorageBanner()
        layout = QVBoxLayout(self)
        layout.addWidget(self.storage_banner)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)

    def build_pages(self, setter_zone: str, zone_changed: SignalInstance) -> None:
        """The lead, not-found, new-lead and looking-up pages (their widgets import the service layer); the
        views showing times of the setter's follow ``zone_changed`` (the setter's zone, changed)."""
        # Qt creates a class's Python type on first use: these come with the console, not the frame
        from PySide6.QtWidgets import QComboBox, QScrollArea

        from hsconsole.ui.caller_history import CallerHistoryView
        from hsconsole.ui.editor import LeadEditor
        from hsconsole.ui.lead_extras import ConnectorPanel
        from hsconsole.ui.new_lead import NewLeadForm

        self.editor = LeadEditor(setter_zone)
        self.history = CallerHistoryView(setter_zone)
        tabs = self.editor.facts_tabs
        history_tab = tabs.addTab(self.history, translate("LeadPane", "History"))
        tabs.setTabToolTip(history_tab, translate("LeadPane", "What was done for this caller, when and by whom"))
        self.history.title_changed.connect(lambda title: tabs.setTabText(history_tab, title))
        self.save_button = _button(translate("LeadPane", "&Save"), "save_button")
        self.revert_button = _button(translate("LeadPane", "Re&vert"), "revert_button")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        self.disposition_combo = QComboBox()
        self.disposition_combo.setObjectName("disposition_combo")
        self.disposition_combo.setAccessibleName(translate("LeadPane", "Not-qualified reason"))
        self.disposition_combo.setPlaceholderText(translate("LeadPane", "Choose a reason"))
        self.disposition_comment = uncut(QLineEdit())
        self.disposition_comment.setObjectName("disposition_comment")
        self.disposition_comment.setPlaceholderText(translate("LeadPane", "Comment (optional)"))
        self.disposition_comment.setAccessibleName(translate("LeadPane", "Not-qualified comment"))
        self.disqualify_button = _button(translate("LeadPane", "Mark not &qualified"), "disqualify_button")
        self.refresh_dispositions_button = _button("↻", "refresh_dispositions_button")
        self.refresh_dispositions_button.setAccessibleName(translate("LeadPane", "Reload not-qualified reasons"))
        self.refresh_dispositions_button.setToolTip(
            translate("LeadPane", "Reload the reasons from the CRM (Ctrl+Shift+D)")
        )
        # not a Tab stop: Tab goes from the reason to the comment, and a space meant for the comment never
        # reloads the list (Ctrl+Shift+D reloads it from the keyboard)
        self.refresh_dispositions_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.connector_panel = ConnectorPanel(setter_zone)
        for view in (self.editor, self.history, self.connector_panel):
            zone_changed.connect(view.use_setter_zone)

        lead_page = QWidget()
        lead_layout = QVBoxLayout(lead_page)
        lead_layout.setContentsMargins(0, 0, 0, 0)
        lead_layout.addWidget(self.editor)
        lead_layout.addLayout(buttons)
        lead_layout.addWidget(self.connector_panel)
        lead_layout.addWidget(self._not_qualified_box())
        lead_layout.addStretch(1)
        self.lead_scroll = QScrollArea()
        self.lead_scroll.setWidgetResizable(True)
        self.lead_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.lead_scroll.setWidget(lead_page)
        self.pages.addWidget(self.lead_scroll)
        # a field reached by its shortcut (Ctrl+D, an Alt+letter) is scrolled into view, as Tab does
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._into_view)

        self.new_lead_form = NewLeadForm()
        self.pages.addWidget(self.new_lead_form)

        # a lookup that takes a while: nothing of the last caller stays on screen meanwhile
        self.looking_up_label = QLabel()
        self.looking_up_label.setObjectName("looking_up_label")
        self.looking_up_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.looking_up_label.setWordWrap(True)
        self.pages.addWidget(self.looking_up_label)

    def _not_qualified_box(self) -> QWidget:
        from PySide6.QtWidgets import QGroupBox

        reason_label = QLabel(translate("LeadPane", "&Why"))
        reason_label.setBuddy(self.disposition_combo)
        first = QHBoxLayout()
        first.addWidget(reason_label)
        first.addWidget(self.disposition_combo, 2)
        first.addWidget(self.refresh_dispositions_button)
        second = QHBoxLayout()
        second.addWidget(self.disposition_comment, 1)
        second.addWidget(self.disqualify_button)
        box = QGroupBox(translate("LeadPane", "Not qualified"))
        layout = QVBoxLayout(box)
        layout.addLayout(first)
        layout.addLayout(second)
        return box

    def _into_view(self, _old: QWidget | None, new: QWidget | None) -> None:
        page = self.lead_scroll.widget()
        if new is not None and page is not None and page.isAncestorOf(new):
            self.lead_scroll.ensureWidgetVisible(new)

    def show_buttons(self, buttons: Buttons) -> None:
        """Which of the pane's buttons are on (:func:`hsconsole.ui.caller.buttons_for`)."""
        self.save_button.setEnabled(buttons.save)
        self.revert_button.setEnabled(buttons.revert)
        self.disqualify_button.setEnabled(buttons.disqualify)
        self.refresh_dispositions_button.setEnabled(buttons.reload_reasons)
        self.new_lead_form.create_button.setEnabled(buttons.submit_new_lead)

    def use_log(self, log_file: AuditLog | None) -> None:
        """The activity log the History tab reads (None: no log this session, and no History tab)."""
        self.history.use_log(log_file)
        tabs = self.editor.facts_tabs
        tabs.setTabVisible(tabs.indexOf(self.history), log_file is not None)

    def reset_for_caller(self) -> None:
        """What the last caller left in the lead page's own widgets goes: no reason stays chosen, no comment,
        no history, and the page starts at the top (the name in view) with the CRM's facts."""
        self.disposition_combo.setCurrentIndex(-1)
        self.disposition_comment.clear()
        self.history.clear()
        self.editor.facts_tabs.setCurrentIndex(0)
        self.lead_scroll.verticalScrollBar().setValue(0)


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAutoDefault(True)  # Enter presses the button that has the focus, as Space does (not only in dialogs)
    return button
