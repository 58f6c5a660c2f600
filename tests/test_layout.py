"""The window's layout, read from the settings file before the rest of it, with the standard library only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hsconsole.store.layout import DEFAULT_LIMIT_DAYS, WindowLayout, read_layout
from hsconsole.store.settings import Settings, SettingsStore


def test_the_layout_the_settings_store_saved_is_read_back(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    settings = Settings(limit_days=21, window_geometry="Z2VvbQ==", splitter_state="c3BsaXQ=")
    store.save(settings)
    assert read_layout(store.path) == WindowLayout("Z2VvbQ==", "c3BsaXQ=", 21)


@pytest.mark.parametrize(
    "text",
    [
        None,  # no file yet
        "{not json",
        "[1, 2]",
        json.dumps({"window_geometry": 5, "splitter_state": None, "limit_days": "14"}),
        json.dumps({"limit_days": 0}),
        json.dumps({"limit_days": 61}),
        json.dumps({"limit_days": True}),
    ],
)
def test_anything_odd_gives_the_defaults(tmp_path: Path, text: str | None) -> None:
    path = tmp_path / "settings.json"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    layout = read_layout(path)
    assert layout == WindowLayout() and layout.limit_days == DEFAULT_LIMIT_DAYS


def test_the_default_path_is_the_settings_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HSCONSOLE_CONFIG_DIR", str(tmp_path))
    (tmp_path / "settings.json").write_text(json.dumps({"limit_days": 30}), encoding="utf-8")
    assert read_layout().limit_days == 30
    assert SettingsStore().path == tmp_path / "settings.json"
