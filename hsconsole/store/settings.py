"""User settings: a versioned, validated JSON file in the platform's config folder.

Holds no secrets (tokens live in the OS keychain). The file is written
atomically (a temporary file, then a rename), so a crash never leaves half a
file. A damaged file is set aside under a dated name and reported, and what
can still be read of it is kept; settings the disk refuses are kept and saved
later. A file from a newer version is never overwritten without the setter's
say. The format is documented in docs/SETTINGS.md.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from hsconsole.domain.endpoints import DEFAULT_ORIGIN, REGIONAL_ORIGINS
from hsconsole.domain.slots import is_known_zone
from hsconsole.domain.words import QT_TRANSLATE_NOOP, translate
from hsconsole.store.folders import private_dir, private_opener, settings_path
from hsconsole.store.layout import DEFAULT_LIMIT_DAYS, LANGUAGES, LIMIT_DAYS_RANGE
from hsconsole.store.salvage import set_aside

log = logging.getLogger("hsconsole.store")

FORMAT_VERSION = 1

Endpoint = Literal["standard", "oregon", "virginia"]
_PROFILE_NAME = re.compile(r"^[^/\\\x00-\x1f]{1,60}$")


def check_profile_name(name: str) -> str:
    """A trimmed profile name, or ValueError with words for the setter."""
    name = (name or "").strip()
    if not name:
        raise ValueError(translate("Settings", "Give the profile a name, e.g. the company or market."))
    if not _PROFILE_NAME.match(name):
        raise ValueError(translate("Settings", "Use up to 60 characters, without slashes."))
    return name


def _check_origin(value: str, example: str) -> str:
    value = value.strip().rstrip("/")
    if not re.match(r"^https?://[^\s/]+(:\d+)?(/[^\s]*)?$", value):
        raise ValueError(translate("Settings", "The API origin must look like {example}").format(example=example))
    return value


_LOOPBACK = re.compile(r"^http://(localhost|127(\.\d{1,3}){3}|\[::1\])(:\d+)?(/|$)", re.IGNORECASE)


def _check_connector_origin(value: str, example: str) -> str:
    """Like :func:`_check_origin`, but plain ``http`` only on this computer: the keys must not travel in clear."""
    value = _check_origin(value, example)
    if value.lower().startswith("http://") and not _LOOPBACK.match(value):
        raise ValueError(
            translate(
                "Settings", "Use https:// (plain http only for a simulator on this computer), e.g. {example}"
            ).format(example=example)
        )
    return value


APPTOTO_ORIGIN = "https://api.apptoto.com"
TIMEZEST_ORIGIN = "https://api.timezest.com"


class ApptotoSettings(BaseModel):
    """The Apptoto account bookings are mirrored to (its API key is in the keychain)."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True, str_strip_whitespace=True)

    email: str = Field(max_length=254)
    calendar: str = Field(min_length=1, max_length=200)
    """The calendar (name or numeric id) bookings go to."""
    address_book: str = Field(default="", max_length=200)
    """The address book new leads go to as contacts; empty: new leads are not added."""
    origin: str = APPTOTO_ORIGIN

    @field_validator("email", "calendar", "address_book")
    @classmethod
    def _trim(cls, value: str) -> str:
        return value.strip()

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not value:
            raise ValueError(translate("Settings", "Enter the email you sign in to Apptoto with."))
        if "@" not in value or ":" in value or any(ch.isspace() for ch in value):
            raise ValueError(translate("Settings", "The Apptoto account email must look like name@company.com"))
        return value

    @field_validator("origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        return _check_connector_origin(value, APPTOTO_ORIGIN)


class TimeZestSettings(BaseModel):
    """The TimeZest account links are sent from (its API key is in the keychain)."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    origin: str = TIMEZEST_ORIGIN
    read_only: bool = False
    """Learned by the Test button: a read-only key reads, and sending links is disabled."""
    trigger_mode: Literal["generate_url", "pod"] = "generate_url"
    """How links reach homeowners, the setter's last choice: a link they pass on, or TimeZest emails it."""

    @field_validator("trigger_mode", mode="before")
    @classmethod
    def _known_mode(cls, value: object) -> object:
        return value if value in ("generate_url", "pod") else "generate_url"  # an unknown value: the safe default

    @field_validator("origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        return _check_connector_origin(value, TIMEZEST_ORIGIN)


class Profile(BaseModel):
    """One HeavySet account (company, market or page) the console can work with."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    name: str
    origin: str = DEFAULT_ORIGIN
    endpoint: Endpoint = "standard"
    crm_settings_id: str | None = None
    separate_zapier_token: bool = False
    tested: bool = False
    """False after "Save without testing": the console tests it when the network is back."""
    page_label: str | None = None
    page_id: str | None = None
    region: str = Field(default="US", min_length=2, max_length=2)
    token_in_body: bool = False
    """Learned from HeavySet: it refuses a PATCH whose token is only in the header, so the token goes in the
    body too (never in a URL)."""
    apptoto: ApptotoSettings | None = None
    """Reminders through Apptoto; None: off."""
    timezest: TimeZestSettings | None = None
    """Self-scheduling links through TimeZest; None: off."""

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return check_profile_name(value)

    @field_validator("origin")
    @classmethod
    def _origin(cls, value: str) -> str:
        return _check_origin(value, "https://api.heavyset.tech")

    @property
    def regional_origin(self) -> str | None:
        """The low-latency query origin, or None for the standard endpoint.

        With an overridden origin (a proxy or staging service) the regional
        query goes to that origin too: it serves every path.
        """
        if self.endpoint == "standard":
            return None
        return REGIONAL_ORIGINS[self.endpoint] if self.origin == DEFAULT_ORIGIN else self.origin


KEEP_DONE_CHANGES_DAYS = 30
KEEP_ACTIVITY_MONTHS = 13


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    version: int = FORMAT_VERSION
    active_profile: str | None = None
    profiles: list[Profile] = Field(default_factory=list)
    region: str = Field(default="US", min_length=2, max_length=2)
    limit_days: int = Field(default=DEFAULT_LIMIT_DAYS, ge=LIMIT_DAYS_RANGE[0], le=LIMIT_DAYS_RANGE[1])
    window_geometry: str = ""
    splitter_state: str = ""
    keep_done_changes_days: int = Field(default=KEEP_DONE_CHANGES_DAYS, ge=1, le=3650)
    """Retention (IT may set it): changes that are over (sent, discarded, refused and seen) are deleted from the
    outbox after this many days. Changes waiting or refused are never deleted."""
    keep_activity_months: int = Field(default=KEEP_ACTIVITY_MONTHS, ge=1, le=120)
    """Retention (IT may set it): activity-log lines are deleted after this many months (of 31 days)."""
    lookup_when_complete: bool = True
    """A number typed or pasted into the phone field is looked up as soon as it is complete, without Enter
    (Settings ▸ Look up when the number is complete)."""
    clock_24h: bool | None = None
    """The setter's own times on a 24-hour clock ("15:00") or a 12-hour one ("3:00 PM"); None: as this computer's
    language settings say (Settings ▸ 24-hour clock for your times). The lead's times stay on the US 12-hour."""
    setter_zone: str = Field(default="", max_length=64)
    """The setter's own time zone (an IANA name, "Asia/Manila"), chosen in Settings ▸ My time zone; empty: this
    computer's. ``HSCONSOLE_SETTER_TZ`` still overrides it (IT)."""
    language: str = ""
    """The console's language, chosen in Settings ▸ Language: "en", "es", or "" for the system's (read at start,
    before the window is built; see :mod:`hsconsole.store.layout`)."""

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"{value!r} is not a language of the console")
        return value

    @field_validator("setter_zone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value and not is_known_zone(value):
            raise ValueError(f"{value!r} is not a time zone this computer knows")
        return value

    def profile(self, name: str | None) -> Profile | None:
        return next((p for p in self.profiles if p.name == name), None)

    @property
    def active(self) -> Profile | None:
        return self.profile(self.active_profile) or (self.profiles[0] if self.profiles else None)

    def upsert(self, profile: Profile) -> None:
        self.profiles = [p for p in self.profiles if p.name != profile.name] + [profile]

    def remove(self, name: str) -> None:
        self.profiles = [p for p in self.profiles if p.name != name]
        if self.active_profile == name:
            self.active_profile = self.profiles[0].name if self.profiles else None


class SettingsProblem(Exception):
    """The settings file could not be used; the message says why and what happens next."""

    def __init__(self, message: str, *, newer: bool = False) -> None:
        super().__init__(message)
        self.newer = newer


def _salvaged(raw: Any) -> tuple[Settings, list[str]]:
    """The settings in a damaged file that still validate, value by value and profile by profile.

    Returns them and, in setter words, what could not be kept.
    """
    if not isinstance(raw, dict):
        return Settings(), []
    values: dict[str, Any] = {}
    lost: list[str] = []
    for name in Settings.model_fields:
        if name in ("version", "profiles") or name not in raw:
            continue
        try:
            Settings.model_validate({name: raw[name]})
        except ValidationError:
            lost.append(translate("Storage", _FIELD_WORDS[name]) if name in _FIELD_WORDS else name)
            continue
        values[name] = raw[name]
    profiles: list[Profile] = []
    items = raw.get("profiles", [])
    for item in items if isinstance(items, list) else [items]:
        if _REPLACED in json.dumps(item, ensure_ascii=False):  # bad bytes: a name or address would be wrong
            lost.append(translate("Storage", "a profile with unreadable characters"))
            continue
        try:
            profiles.append(Profile.model_validate(item))
            continue
        except ValidationError:
            pass
        try:  # the profile without its connectors (they are set again in Settings ▸ Connectors)
            trimmed = {k: v for k, v in item.items() if k not in ("apptoto", "timezest")}
            profiles.append(Profile.model_validate(trimmed))
            lost.append(translate("Storage", "the connectors of profile “{name}”").format(name=trimmed.get("name")))
        except (ValidationError, AttributeError):
            label = item.get("name") if isinstance(item, dict) else None
            lost.append(
                translate("Storage", "profile “{name}”").format(name=label)
                if isinstance(label, str) and label.strip()
                else translate("Storage", "a profile")
            )
    settings = Settings.model_validate(values)
    for profile in profiles:  # the first of two with one name
        if settings.profile(profile.name) is None:
            settings.upsert(profile)
    if settings.profile(settings.active_profile) is None:
        settings.active_profile = None
    return settings, lost


_REPLACED = "\ufffd"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Characters no JSON text holds outside its strings, nor a settings value within them."""
_FIELD_WORDS = {
    "active_profile": QT_TRANSLATE_NOOP("Storage", "the profile last used"),
    "region": QT_TRANSLATE_NOOP("Storage", "the region"),
    "limit_days": QT_TRANSLATE_NOOP("Storage", "the number of days of blocks"),
    "window_geometry": QT_TRANSLATE_NOOP("Storage", "the window's size and place"),
    "splitter_state": QT_TRANSLATE_NOOP("Storage", "the panes' sizes"),
    "setter_zone": QT_TRANSLATE_NOOP("Storage", "your time zone"),
    "language": QT_TRANSLATE_NOOP("Storage", "the console's language"),
}
"""A setting a damaged file lost, in setter words (translated where it is read)."""
_NOT_TEXT = QT_TRANSLATE_NOOP("Storage", "it holds bytes that are not text")
_EMPTY = QT_TRANSLATE_NOOP("Storage", "it is empty")
_NOT_JSON = QT_TRANSLATE_NOOP("Storage", "it is not complete JSON")
_UNUSABLE = QT_TRANSLATE_NOOP("Storage", "some of its values cannot be used")
"""Why a settings file is damaged: written so in the log, translated where the setter reads it."""


class SettingsStore:
    """The settings file. :meth:`load` never fails on a damaged file, :meth:`save` never on a full disk.

    ``problem``: what :meth:`load` found wrong with the file (it was set aside), in setter words.
    ``save_problem``: set while the last settings could not be written (they are kept, and written by
    :meth:`retry_save` or the next save); ``on_problem`` listeners hear when it changes.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self.problem: str | None = None
        """Set by :meth:`load` when the file was damaged and set aside."""
        self.read_only = False
        """True after the setter chose to run with a newer file untouched."""
        self.save_problem: str | None = None
        self.on_problem: list[Callable[[], None]] = []
        self._unsaved: Settings | None = None

    def load(self) -> Settings:
        """The settings; defaults when there are none.

        A damaged file (bad bytes, bad JSON, values this console cannot use) is set aside as
        ``settings.json.damaged-<date>``, what can still be read of it is kept (and saved at once),
        and ``problem`` says so. A newer format raises :class:`SettingsProblem` with ``newer=True``:
        the caller asks the setter what to do.
        """
        self.problem = None
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return Settings()
        except OSError as exc:
            self.problem = translate(
                "Storage",
                "The settings file could not be read ({error}): the console starts with fresh settings for now "
                "and leaves the file as it is. Your tokens are still in the keychain.",
            ).format(error=exc.strerror or type(exc).__name__)
            self.read_only = True  # never overwrite a file that could not be read
            return Settings()
        why = None
        try:
            text = data.decode("utf-8")
            if _CONTROL.search(text):  # a file zeroed by a crash, or binary over it
                why = _NOT_TEXT
        except UnicodeDecodeError:
            text = data.decode("utf-8", "replace")
            why = _NOT_TEXT
        try:
            raw = json.loads(text)
        except (ValueError, RecursionError):
            raw = None
            why = why or (_EMPTY if not text.strip() else _NOT_JSON)
        version = raw.get("version", 1) if isinstance(raw, dict) else None
        if why is None and isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise SettingsProblem(
                translate(
                    "Storage",
                    "The settings were saved by a newer HeavySet Console (format {version}; this one reads "
                    "format {readable}).",
                ).format(version=version, readable=FORMAT_VERSION),
                newer=True,
            )
        if why is None:
            try:
                return Settings.model_validate(raw)
            except (ValidationError, ValueError, TypeError, RecursionError):
                why = _UNUSABLE
        settings, lost = _salvaged(raw)
        try:
            aside: Path | None = set_aside(self.path)
        except OSError:
            aside = None
        self.problem = _damage_words(why, aside, [p.name for p in settings.profiles], lost)
        log.warning("settings file damaged (%s); set aside", why)
        if aside is not None and settings != Settings():
            self.save(settings)  # what was saved stays saved, even if the console stops before the next save
        return settings

    def set_aside(self, suffix: str) -> Path | None:
        target = self.path.with_name(self.path.name + suffix)
        try:
            self.path.replace(target)
        except OSError:
            return None
        return target

    def save(self, settings: Settings) -> bool:
        """Write the settings atomically; False (and ``save_problem``) when the disk refuses them.

        Settings that could not be written are kept and written by :meth:`retry_save`, or by the next save.
        """
        if self.read_only:
            return True
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            private_dir(self.path.parent)
            with open(tmp, "w", encoding="utf-8", opener=private_opener) as handle:
                handle.write(settings.model_dump_json(indent=2))
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)
            self._unsaved = settings
            self._set_save_problem(
                translate(
                    "Storage",
                    "The settings could not be saved ({why}): they are kept until they can be, and saved then. "
                    "Do not quit the console before this message is gone.",
                ).format(why=_reason(exc))
            )
            log.warning("settings not saved: %s", type(exc).__name__)
            return False
        self._unsaved = None
        self._set_save_problem(None)
        return True

    def retry_save(self) -> bool:
        """Write settings that could not be saved before; True when nothing waits to be saved."""
        unsaved = self._unsaved
        return True if unsaved is None else self.save(unsaved)

    def _set_save_problem(self, text: str | None) -> None:
        if text == self.save_problem:
            return
        self.save_problem = text
        for listener in list(self.on_problem):
            listener()


def _damage_words(why: str, aside: Path | None, profiles: list[str], lost: list[str]) -> str:
    """What :meth:`SettingsStore.load` did with a damaged file (``why``: one of the reasons above), for the setter."""
    if aside is not None and profiles:
        text = translate(
            "Storage",
            "The settings file was damaged ({why}). It was kept as {aside} and the console starts with what could "
            "be read ({profiles}); your tokens are still in the keychain.",
        )
    elif aside is not None:
        text = translate(
            "Storage",
            "The settings file was damaged ({why}). It was kept as {aside} and the console starts with fresh "
            "settings; your tokens are still in the keychain.",
        )
    elif profiles:
        text = translate(
            "Storage",
            "The settings file was damaged ({why}). It could not be moved aside and the console starts with what "
            "could be read ({profiles}); your tokens are still in the keychain.",
        )
    else:
        text = translate(
            "Storage",
            "The settings file was damaged ({why}). It could not be moved aside and the console starts with fresh "
            "settings; your tokens are still in the keychain.",
        )
    text = text.format(
        why=translate("Storage", why), aside=aside.name if aside else "", profiles=_listed(profiles) if profiles else ""
    )
    if lost:
        text += " " + translate("Storage", "Not kept: {items}.").format(items=_listed(lost))
    return text


def _listed(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (in the setter's language)."""
    if len(items) == 1:
        return items[0]
    return translate("Storage", "{items} and {last}").format(items=", ".join(items[:-1]), last=items[-1])


def _reason(exc: OSError) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return translate("Storage", "the disk is full")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return translate("Storage", "the settings folder is read-only")
    return exc.strerror or type(exc).__name__


class ProfileFile(BaseModel):
    """What ``--import-profile FILE`` reads: a profile without any token."""

    model_config = ConfigDict(extra="forbid")

    name: str
    origin: str = DEFAULT_ORIGIN
    endpoint: Endpoint = "standard"
    crm_settings_id: str | None = None
    separate_zapier_token: bool = False
    region: str = "US"


def read_profile_file(path: Path) -> Profile:
    """Read an IT-provided profile file; ValueError with a clear message when it is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(
            translate("Settings", "Cannot read {path}: {error}").format(
                path=path, error=exc.strerror or type(exc).__name__
            )
        ) from None
    except ValueError:
        raise ValueError(translate("Settings", "{path} is not a JSON file").format(path=path)) from None
    if isinstance(data, dict) and any("token" in str(k).lower() for k in data):
        raise ValueError(
            translate("Settings", "Profile files must not contain tokens; enter the token at the desk instead.")
        )
    try:
        parsed = ProfileFile.model_validate(data)
        return Profile(**parsed.model_dump(), tested=False)
    except ValidationError as exc:
        first = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ValueError(f"{path.name}: {where}: {first['msg']}") from None
