"""What the store layer tells the setter comes out in the setter's language, and in English without a translator.

The stores cannot import Qt: they translate through :mod:`hsconsole.domain.words`, whose translator the window
installs. Here a tiny table stands in for Qt's, with a few of the console's Spanish texts.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hsconsole.domain import words
from hsconsole.store.outbox import OutboxStore
from hsconsole.store.salvage import fault_words
from hsconsole.store.secrets import KeychainSecrets, SecretsError
from hsconsole.store.settings import SettingsStore

SPANISH = {
    (
        "Storage",
        "The settings file was damaged ({why}). It was kept as {aside} and the console starts with what could "
        "be read ({profiles}); your tokens are still in the keychain.",
    ): (
        "El archivo de configuración estaba dañado ({why}). Se guardó como {aside} y la consola empieza con lo "
        "que se pudo leer ({profiles}); sus tokens siguen en el llavero."
    ),
    ("Storage", "some of its values cannot be used"): "algunos de sus valores no se pueden usar",
    ("Storage", "Not kept: {items}."): "No se conservó: {items}.",
    ("Storage", "{items} and {last}"): "{items} y {last}",
    ("Storage", "the number of days of blocks"): "la cantidad de días de bloques",
    ("Storage", "a profile"): "un perfil",
    ("Storage", "The disk is full"): "El disco está lleno",
    ("Storage", "it has room"): "haya espacio",
    (
        "Storage",
        "{cause}: {count} change not sent yet is kept in memory only until {until}. Do not quit the console.",
    ): "{cause}: {count} cambio aún no enviado se guarda solo en memoria hasta que {until}. No salga de la consola.",
    ("Keychain", "There is no keychain on this computer to keep the token in."): (
        "Esta computadora no tiene un llavero donde guardar el token."
    ),
}


@pytest.fixture
def spanish() -> Iterator[None]:
    words.use_translator(lambda context, text: SPANISH.get((context, text), text))
    try:
        yield
    finally:
        words.use_translator(None)


def _damaged_settings(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "settings.json"
    raw = {"version": 1, "limit_days": 500, "profiles": [{"name": "Denver"}, {"name": "Tampa"}, {"name": ""}]}
    path.write_text(json.dumps(raw), encoding="utf-8")
    return path


def test_a_damaged_settings_file_is_told_in_spanish_and_in_english_without_a_translator(
    tmp_path: Path, spanish: None
) -> None:
    store = SettingsStore(_damaged_settings(tmp_path / "es"))
    assert [p.name for p in store.load().profiles] == ["Denver", "Tampa"]
    (aside,) = (tmp_path / "es").glob("settings.json.damaged-*")
    assert store.problem == (
        "El archivo de configuración estaba dañado (algunos de sus valores no se pueden usar). "
        f"Se guardó como {aside.name} y la consola empieza con lo que se pudo leer (Denver y Tampa); "
        "sus tokens siguen en el llavero. No se conservó: la cantidad de días de bloques y un perfil."
    )

    words.use_translator(None)
    store = SettingsStore(_damaged_settings(tmp_path / "en"))
    store.load()
    (aside,) = (tmp_path / "en").glob("settings.json.damaged-*")
    assert store.problem == (
        f"The settings file was damaged (some of its values cannot be used). It was kept as {aside.name} and the "
        "console starts with what could be read (Denver and Tampa); your tokens are still in the keychain. "
        "Not kept: the number of days of blocks and a profile."
    )


class _Disk(sqlite3.Connection):
    """An outbox file whose writes the disk refuses, as sqlite says it, while ``full``."""

    full = False

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if _Disk.full and sql.lstrip().upper().startswith(("BEGIN IMMEDIATE", "INSERT", "UPDATE", "COMMIT")):
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)


def test_a_full_disk_is_told_in_the_setters_language_each_time_the_problem_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spanish: None
) -> None:
    full = fault_words("full", "outbox")
    assert (full.cause, full.until) == ("El disco está lleno", "haya espacio")

    def connect(_self: OutboxStore, path: str) -> sqlite3.Connection:
        factory = sqlite3.Connection if path == ":memory:" else _Disk  # the copy in memory never fails
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, factory=factory)
        db.row_factory = sqlite3.Row
        return db

    monkeypatch.setattr(OutboxStore, "_connect", connect)
    store = OutboxStore(tmp_path / "outbox.sqlite3", owner="test")
    _Disk.full = True
    try:
        store.add(profile="P", kind="update", phone="+18015551234", key="k1", payload={}, summary="s", claim=False)
        assert store.problem == (
            "El disco está lleno: 1 cambio aún no enviado se guarda solo en memoria hasta que haya espacio. "
            "No salga de la consola."
        )
        words.use_translator(None)
        assert store.problem == (
            "The disk is full: 1 change not sent yet is kept in memory only until it has room. Do not quit the console."
        )
    finally:
        _Disk.full = False
        store.close()


def test_a_computer_without_a_keychain_is_told_in_spanish(spanish: None) -> None:
    with pytest.raises(SecretsError) as refused:
        KeychainSecrets().set("P", "s2s", "hs_live_" + "x" * 40)  # the tests' keyring refuses everything
    assert str(refused.value) == "Esta computadora no tiene un llavero donde guardar el token."
    words.use_translator(None)
    with pytest.raises(SecretsError, match=r"^There is no keychain on this computer to keep the token in\.$"):
        KeychainSecrets().set("P", "s2s", "hs_live_" + "x" * 40)
