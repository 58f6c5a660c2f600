"""hsconsole: links delivered as QFileOpenEvent (macOS) reach the console as phone numbers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from hsconsole.ui import url_events


@pytest.fixture
def url_filter(qapp: QApplication) -> Iterator[url_events.UrlEventFilter]:
    installed = url_events.install(qapp, force=True)
    assert installed is not None
    yield installed
    qapp.removeEventFilter(installed)
    installed.setParent(None)
    installed.deleteLater()


def open_url(app: QApplication, url: str) -> bool:
    return QApplication.sendEvent(app, QFileOpenEvent(QUrl(url)))


def test_a_link_before_the_window_waits_then_reaches_it(
    qapp: QApplication, url_filter: url_events.UrlEventFilter
) -> None:
    assert open_url(qapp, "hsconsole:+18015551234")
    got: list[str] = []
    assert url_events.deliver_to(got.append, qapp)
    assert got == ["+18015551234"]
    assert open_url(qapp, "hsconsole://lookup?phone=801.555.1234")
    assert open_url(qapp, "hsconsole:%2B16025550142")
    assert got == ["+18015551234", "801.555.1234", "+16025550142"]


def test_other_urls_and_files_are_left_to_qt(qapp: QApplication, url_filter: url_events.UrlEventFilter) -> None:
    got: list[str] = []
    url_events.deliver_to(got.append, qapp)
    assert not open_url(qapp, "https://example.com/?phone=8015551234")
    assert not open_url(qapp, "hsconsole://lookup")
    assert not QApplication.sendEvent(qapp, QFileOpenEvent("/tmp/lead.txt"))
    assert got == []


def test_install_is_idempotent_and_only_on_macos_by_default(
    qapp: QApplication, url_filter: url_events.UrlEventFilter, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert url_events.install(qapp, force=True) is url_filter
    assert url_events.installed(qapp) is url_filter
    monkeypatch.setattr(url_events.sys, "platform", "linux")
    assert url_events.install(qapp) is None


def test_deliver_to_without_a_filter_does_nothing(qapp: QApplication) -> None:
    assert url_events.installed(qapp) is None
    assert url_events.deliver_to(lambda _phone: None, qapp) is False
