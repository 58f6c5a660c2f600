"""Tokens in the keychain (long ones split for Windows), settings on disk, profile files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import keyring.backends.fail
import pytest

from hsconsole.store.secrets import CHUNK, SERVICE, KeychainSecrets, LayeredSecrets, SecretsError, SessionSecrets
from hsconsole.store.settings import (
    FORMAT_VERSION,
    Profile,
    Settings,
    SettingsProblem,
    SettingsStore,
    read_profile_file,
)
from tests.helpers import MemoryKeyring

LONG_TOKEN = "hs_live_" + "".join(chr(65 + (i * 7) % 26) for i in range(3992))


def test_a_4000_character_token_survives_a_windows_sized_keychain() -> None:
    backend = MemoryKeyring()
    with pytest.raises(Exception, match="too long"):
        backend.set_password(SERVICE, "x", LONG_TOKEN)  # the limit the split works around
    secrets = KeychainSecrets(backend)
    secrets.set("Denver", "s2s", LONG_TOKEN)
    assert len(LONG_TOKEN) == 4000
    assert secrets.get("Denver", "s2s") == LONG_TOKEN
    assert len(backend.entries) == 1 + -(-len(LONG_TOKEN) // CHUNK)
    assert all(len(v.encode("utf-16-le")) <= MemoryKeyring.LIMIT_BYTES for v in backend.entries.values())
    assert secrets.get("Denver", "zapier") is None
    secrets.delete("Denver", "s2s")
    assert backend.entries == {}


def test_short_tokens_use_one_entry_and_replacing_cleans_up() -> None:
    backend = MemoryKeyring()
    secrets = KeychainSecrets(backend)
    secrets.set("A", "s2s", LONG_TOKEN)
    secrets.set("A", "s2s", "hs_live_short_enough_token")
    assert backend.entries == {(SERVICE, "A/s2s"): "hs_live_short_enough_token"}


def test_a_damaged_chunked_token_reads_as_missing_not_as_garbage() -> None:
    backend = MemoryKeyring()
    secrets = KeychainSecrets(backend)
    secrets.set("A", "s2s", LONG_TOKEN)
    backend.entries[(SERVICE, "A/s2s/1")] = "x" * CHUNK
    assert secrets.get("A", "s2s") is None
    del backend.entries[(SERVICE, "A/s2s/2")]
    assert secrets.get("A", "s2s") is None


def test_no_keychain_is_said_plainly_and_never_falls_back_to_a_file(tmp_path: Path) -> None:
    secrets = KeychainSecrets(keyring.backends.fail.Keyring())
    assert not secrets.usable
    assert "fail" in secrets.description
    with pytest.raises(SecretsError, match="no keychain"):
        secrets.set("A", "s2s", LONG_TOKEN)
    layered = LayeredSecrets(secrets)
    layered.keep_for_session("A", "s2s", LONG_TOKEN)
    assert layered.get("A", "s2s") == LONG_TOKEN
    assert LONG_TOKEN not in repr(layered.session)
    assert list(tmp_path.iterdir()) == []


def test_session_secrets_forget_on_delete() -> None:
    session = SessionSecrets()
    session.set("A", "zapier", "t" * 40)
    session.delete("A", "zapier")
    assert session.get("A", "zapier") is None


def test_settings_round_trip_atomically(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    settings = Settings()
    settings.upsert(Profile(name="Sunrise Solar", endpoint="oregon", crm_settings_id="a0B8X"))
    settings.active_profile = "Sunrise Solar"
    store.save(settings)
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary file left behind
    data = json.loads((tmp_path / "settings.json").read_text())
    assert data["version"] == FORMAT_VERSION
    loaded = store.load()
    assert loaded.active is not None and loaded.active.endpoint == "oregon"
    assert loaded.active.regional_origin == "https://api-oregon-s2s.heavyset.tech"


def test_regional_queries_follow_an_overridden_origin() -> None:
    profile = Profile(name="Staging", origin="http://127.0.0.1:9000/", endpoint="virginia")
    assert profile.origin == "http://127.0.0.1:9000"
    assert profile.regional_origin == "http://127.0.0.1:9000"
    assert Profile(name="Plain").regional_origin is None


@pytest.mark.parametrize("content", ["{not json", '{"version": 1, "profiles": "nope"}', "[1, 2]", ""])
def test_a_damaged_settings_file_is_set_aside_with_a_message(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    store = SettingsStore(path)
    assert store.load() == Settings()
    assert store.problem is not None and "damaged" in store.problem
    (aside,) = tmp_path.glob("settings.json.damaged-*")
    assert re.fullmatch(r"settings\.json\.damaged-\d{4}-\d\d-\d\dT\d{4}", aside.name) and aside.name in store.problem
    assert aside.read_text() == content
    assert not path.exists()


def test_a_newer_settings_file_is_never_overwritten_silently(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": FORMAT_VERSION + 1, "profiles": []}))
    store = SettingsStore(path)
    with pytest.raises(SettingsProblem) as info:
        store.load()
    assert info.value.newer and "newer" in str(info.value)
    store.read_only = True
    store.save(Settings())
    assert json.loads(path.read_text())["version"] == FORMAT_VERSION + 1


@pytest.mark.parametrize("name", ["", "   ", "a/b", "x" * 61])
def test_bad_profile_names(name: str) -> None:
    with pytest.raises(ValueError, match=r"name|characters"):
        Profile(name=name)


def test_profile_file_import(tmp_path: Path) -> None:
    good = tmp_path / "denver.json"
    good.write_text(json.dumps({"name": "Denver", "endpoint": "virginia", "crm_settings_id": "a0B8X00000DEMO01"}))
    profile = read_profile_file(good)
    assert profile.name == "Denver" and not profile.tested and profile.endpoint == "virginia"
    with_token = tmp_path / "bad.json"
    with_token.write_text(json.dumps({"name": "Denver", "token": "hs_live_x"}))
    with pytest.raises(ValueError, match="must not contain tokens"):
        read_profile_file(with_token)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"name": "Denver", "endpoint": "mars"}))
    with pytest.raises(ValueError, match="endpoint"):
        read_profile_file(wrong)
    with pytest.raises(ValueError, match="Cannot read"):
        read_profile_file(tmp_path / "missing.json")
