"""Which profile the console connects with, and what goes into the keychain.

:class:`Profiles` is the settings file: read (asking the setter what to do with
one a newer console wrote), imported into, saved. :class:`ProfileKeychain` is
the keychain policy: a profile's tokens and connector keys are read from the
OS keychain only, and new ones go there, or, where there is no usable
keychain and the setter agrees, into memory for this session; never into a
file. A :class:`Connection` is what opening a profile needs: the profile, its
secrets, and what the setter should be told about them.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from hsconsole.domain.endpoints import DEFAULT_ORIGIN
from hsconsole.domain.words import translate
from hsconsole.store.logfiles import REDACTOR
from hsconsole.store.secrets import TOKEN_KINDS, LayeredSecrets, SecretsError, TokenKind
from hsconsole.store.settings import Profile, Settings, SettingsProblem, SettingsStore, read_profile_file

log = logging.getLogger("hsconsole.init")


class Dialogs(Protocol):
    """Questions and messages for the setter (message boxes in the app, answers in tests)."""

    def ask(self, title: str, text: str, choices: list[str]) -> int:
        """Index of the chosen button, or -1 when the dialog was closed."""
        ...

    def inform(self, title: str, text: str) -> None: ...


@dataclass
class Connection:
    """A profile ready to open: its secrets, the words the window shows for it, what it lacks."""

    profile: Profile
    s2s_token: str
    zapier_token: str
    mode_text: str
    endpoint_text: str
    apptoto_key: str | None = None
    timezest_key: str | None = None
    from_environment: bool = False
    """A session-only profile built from HSCONSOLE_TOKEN: nothing of it is saved."""
    problems: list[str] = field(default_factory=list)
    """What the setter should know once the window opens (a connector off for want of its key)."""

    def __post_init__(self) -> None:
        for secret in (self.s2s_token, self.zapier_token, self.apptoto_key, self.timezest_key):
            if secret:
                REDACTOR.register(secret)

    def __repr__(self) -> str:
        return f"Connection(profile={self.profile.name!r}, mode={self.mode_text!r})"


def environment_connection(settings: Settings) -> Connection | None:
    """The session-only connection ``HSCONSOLE_TOKEN`` (and ``HSCONSOLE_API_URL``) ask for, or None.

    It takes the active profile's settings when there is one, never its secrets.
    """
    token = os.environ.get("HSCONSOLE_TOKEN", "").strip()
    if not token:
        return None
    origin = os.environ.get("HSCONSOLE_API_URL", DEFAULT_ORIGIN).strip() or DEFAULT_ORIGIN
    zapier = os.environ.get("HSCONSOLE_ZAPIER_TOKEN", "").strip() or token
    base = settings.active
    profile = (base or Profile(name="Environment")).model_copy(update={"origin": origin, "tested": True})
    mode = f"{profile.name} (token from environment)" if base else "Token from environment"
    return Connection(profile, token, zapier, mode, origin, from_environment=True)


class Profiles:
    """The saved profiles and the settings file they live in."""

    def __init__(self, store: SettingsStore, dialogs: Dialogs) -> None:
        self.store = store
        self.dialogs = dialogs
        self.settings = Settings()

    def load(self) -> bool:
        """Read the settings, asking the setter what to do with a newer file. False: quit.

        A damaged file is set aside and the start goes on (``store.problem`` says so).
        """
        try:
            self.settings = self.store.load()
        except SettingsProblem as problem:
            choice = self.dialogs.ask(
                translate("Connection", "HeavySet Console settings"),
                f"{problem}\n\n"
                + translate(
                    "Connection",
                    "Update this console to keep using them, or start with fresh settings "
                    "(the newer file is kept untouched beside the new one).",
                ),
                [
                    translate("Connection", "Start with fresh settings"),
                    translate("Connection", "Use them read-only for now"),
                    translate("Connection", "Quit"),
                ],
            )
            if choice == 0:
                self.store.set_aside(".newer")
                self.settings = Settings()
            elif choice == 1:
                self.store.read_only = True
                self.settings = Settings()
            else:
                return False
        return True

    def import_file(self, path: str) -> bool:
        """Add (or update) the profile in an IT-provided file and make it the active one."""
        try:
            profile = read_profile_file(Path(path))
        except ValueError as exc:
            self.dialogs.inform(translate("Connection", "Import profile"), str(exc))
            return False
        old = self.settings.profile(profile.name)
        if old is not None:
            profile = profile.model_copy(update={"tested": old.tested, "page_label": old.page_label})
        self.save_as_active(profile)
        log.info("imported profile %r", profile.name)
        return True

    def save_as_active(self, profile: Profile) -> None:
        self.settings.upsert(profile)
        self.settings.active_profile = profile.name
        self.save()

    def save(self) -> None:
        self.store.save(self.settings)

    def names(self) -> list[str]:
        return [p.name for p in self.settings.profiles]


class ProfileKeychain:
    """A profile's tokens and connector keys: read from the keychain, kept there with the setter's say."""

    def __init__(self, secrets: LayeredSecrets, dialogs: Dialogs) -> None:
        self.secrets = secrets
        self.dialogs = dialogs

    def connection_for(self, profile: Profile) -> Connection | None:
        """The connection of a saved profile, or None when its tokens are not in the keychain.

        A connector whose key cannot be read is off for this session, and the connection says so.
        """
        try:
            s2s = self.secrets.get(profile.name, "s2s")
            zapier = self.secrets.get(profile.name, "zapier") or s2s
        except SecretsError as exc:
            self.dialogs.inform(translate("Connection", "Keychain"), str(exc))
            return None
        if not s2s or not zapier:
            return None
        problems: list[str] = []
        keys: dict[TokenKind, str | None] = {"apptoto": None, "timezest": None}
        used: dict[TokenKind, bool] = {"apptoto": profile.apptoto is not None, "timezest": profile.timezest is not None}
        for kind in keys:
            if not used[kind]:
                continue
            try:
                keys[kind] = self.secrets.get(profile.name, kind)
            except SecretsError as exc:
                problems.append(
                    translate("Connection", "The {service} key could not be read: {why}").format(
                        service=kind.capitalize(), why=exc
                    )
                )
                continue
            if not keys[kind]:
                problems.append(
                    translate(
                        "Connection",
                        "Apptoto reminders are off in this session: the API key is not in the keychain. "
                        "Settings ▸ Connectors takes it again.",
                    )
                    if kind == "apptoto"
                    else translate(
                        "Connection",
                        "TimeZest links are off in this session: the API key is not in the keychain. "
                        "Settings ▸ Connectors takes it again.",
                    )
                )
        return Connection(
            profile,
            s2s,
            zapier,
            profile.name,
            profile.origin,
            apptoto_key=keys["apptoto"],
            timezest_key=keys["timezest"],
            problems=problems,
        )

    def read_key(self, profile: str, kind: TokenKind) -> str | None:
        """A saved key (:class:`SecretsError` when the keychain cannot be read)."""
        return self.secrets.get(profile, kind)

    def saved_key(self, profile: str, kind: TokenKind) -> str | None:
        """A saved key, or None when it is not there or cannot be read."""
        try:
            return self.secrets.get(profile, kind)
        except SecretsError:
            return None

    def keep_tokens(self, profile: Profile, s2s: str, zapier: str, *, told: bool = False) -> bool:
        """Tokens into the keychain; without one, for this session only if the setter agrees.

        ``told``: the setter was told there is no keychain, and went on: that is their answer.
        """
        tokens: dict[TokenKind, str] = {"s2s": s2s}
        if zapier != s2s:
            tokens["zapier"] = zapier
        return self._keep(
            profile.name,
            tokens,
            ["zapier"],
            translate("Connection", "The console never writes tokens to a plain file."),
            translate("Connection", "It can keep the token for this session only: you will paste it again next time."),
            told,
        )

    def keep_keys(
        self, profile: str, keys: dict[TokenKind, str | None], remove: dict[TokenKind, bool], *, told: bool = False
    ) -> bool:
        """New connector keys into the keychain (a connector turned off loses its key); False to stay.

        ``told``: as for :meth:`keep_tokens`.
        """
        typed = {kind: key for kind, key in keys.items() if key}
        gone = [kind for kind, off in remove.items() if off and kind not in typed]
        return self._keep(
            profile,
            typed,
            gone,
            translate("Connection", "The console never writes API keys to a plain file."),
            translate("Connection", "It can keep them for this session only: you will paste them again next time."),
            told,
        )

    def _keep(
        self,
        profile: str,
        secrets: dict[TokenKind, str],
        delete: list[TokenKind],
        never: str,
        session_only: str,
        told: bool = False,
    ) -> bool:
        """``secrets`` into the keychain (``delete`` dropped first); False when the setter wants to go back.

        Without a usable keychain the setter may keep them for this session only: asked here, unless
        ``told`` (they read it before and went on). A keychain that refuses a secret is always asked about.
        """
        for secret in secrets.values():
            REDACTOR.register(secret)
        try:
            if self.secrets.usable:
                for kind in delete:
                    self.secrets.delete(profile, kind)
                for kind, secret in secrets.items():
                    self.secrets.set(profile, kind, secret)
                return True
            problem = translate("Connection", "This computer has no usable keychain ({which}).").format(
                which=self.secrets.description
            )
        except SecretsError as exc:
            problem = str(exc)
        if not secrets:
            return True
        if told and not self.secrets.usable:
            for kind, secret in secrets.items():
                self.secrets.keep_for_session(profile, kind, secret)
            return True
        choice = self.dialogs.ask(
            translate("Connection", "No keychain"),
            f"{problem}\n\n{never} {session_only}",
            [translate("Connection", "Keep for this session only"), translate("Connection", "Go back")],
        )
        if choice != 0:
            return False
        for kind, secret in secrets.items():
            self.secrets.keep_for_session(profile, kind, secret)
        return True

    def forget(self, profile: str) -> None:
        """Delete every secret of a removed profile (the setter is told of any the keychain kept)."""
        for kind in TOKEN_KINDS:
            try:
                self.secrets.delete(profile, kind)
            except SecretsError as exc:
                self.dialogs.inform(translate("Connection", "Keychain"), str(exc))

    def forget_unsaved(self, names: set[str], settings: Settings) -> None:
        """The secrets a cancelled wizard kept for profiles that were never saved."""
        for name in names:
            if settings.profile(name) is not None:
                continue  # a saved profile's new tokens replaced its old ones: they stay
            for kind in TOKEN_KINDS:
                try:
                    self.secrets.delete(name, kind)
                except SecretsError as exc:
                    log.warning("could not remove a cancelled profile's %s secret: %s", kind, exc)
            log.info("setup cancelled: the secrets kept for profile %r are removed", name)
