"""Tokens in the OS keychain (through ``keyring``), never in a file.

One logical entry per profile and token kind, under the service name
``hsconsole``. Windows Credential Manager holds at most 2,560 bytes (UTF-16,
so about 1,280 characters) per secret, and HeavySet tokens are long: a token
longer than :data:`CHUNK` characters is stored as a small header entry plus
numbered chunk entries, and rejoined (and checked against its digest) on
read.

When no usable backend exists (a bare Linux session has only keyring's
``fail`` backend), :class:`KeychainSecrets` says so through
:attr:`usable`; the caller may then keep a token for this session only in a
:class:`SessionSecrets`. Nothing here ever writes a token to disk itself.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Literal, Protocol

from hsconsole.domain.words import translate

if TYPE_CHECKING:  # keyring is imported when a token is first read or written: it costs ~25 ms at start
    from keyring.backend import KeyringBackend

log = logging.getLogger("hsconsole.store")

SERVICE = "hsconsole"
CHUNK = 1000
"""Characters per keychain entry: 2,000 bytes in UTF-16, under Windows' 2,560."""
_HEADER = "hsconsole-chunks:v1:"

TokenKind = Literal["s2s", "zapier", "apptoto", "timezest"]
TOKEN_KINDS: tuple[TokenKind, ...] = ("s2s", "zapier", "apptoto", "timezest")
"""HeavySet's two tokens, then the connectors' API keys (Apptoto, TimeZest)."""


class SecretsError(Exception):
    """The keychain refused or failed; the message is for the setter, in the setter's language (no token in it)."""


class Secrets(Protocol):
    @property
    def usable(self) -> bool: ...

    @property
    def description(self) -> str: ...

    def get(self, profile: str, kind: TokenKind) -> str | None: ...

    def set(self, profile: str, kind: TokenKind, token: str) -> None: ...

    def delete(self, profile: str, kind: TokenKind) -> None: ...


def _account(profile: str, kind: TokenKind, chunk: int | None = None) -> str:
    base = f"{profile}/{kind}"
    return base if chunk is None else f"{base}/{chunk}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:16]


def backend_is_usable(backend: KeyringBackend) -> bool:
    """False for keyring's ``fail`` and ``null`` backends (or anything of priority ≤ 0)."""
    module = type(backend).__module__
    if module.startswith(("keyring.backends.fail", "keyring.backends.null")):
        return False
    try:
        return float(backend.priority) > 0
    except Exception:  # a backend whose priority check itself fails is not usable
        return False


class KeychainSecrets:
    """Tokens in the OS keychain, split into chunks when long."""

    def __init__(self, backend: KeyringBackend | None = None) -> None:
        self._backend = backend

    @property
    def backend(self) -> KeyringBackend:
        """keyring's backend, found on first use: discovery costs ~75 ms and is not needed in every mode."""
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
        return self._backend

    @property
    def usable(self) -> bool:
        return backend_is_usable(self.backend)

    @property
    def description(self) -> str:
        backend = self.backend
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def get(self, profile: str, kind: TokenKind) -> str | None:
        import keyring.errors

        try:
            head = self.backend.get_password(SERVICE, _account(profile, kind))
            if head is None or not head.startswith(_HEADER):
                return head
            count_text, digest = head[len(_HEADER) :].split(":", 1)
            parts = [self.backend.get_password(SERVICE, _account(profile, kind, i)) for i in range(int(count_text))]
        except keyring.errors.KeyringError as exc:
            raise SecretsError(
                translate("Keychain", "The keychain could not be read ({error}).").format(error=type(exc).__name__)
            ) from None
        except ValueError:
            log.warning("a damaged token entry in the keychain for profile %r", profile)
            return None
        if any(p is None for p in parts):
            log.warning("a token in the keychain is missing parts (profile %r)", profile)
            return None
        token = "".join(p for p in parts if p is not None)
        if _digest(token) != digest:
            log.warning("a token in the keychain does not match its digest (profile %r)", profile)
            return None
        return token

    def set(self, profile: str, kind: TokenKind, token: str) -> None:
        import keyring.errors

        if not self.usable:
            raise SecretsError(translate("Keychain", "There is no keychain on this computer to keep the token in."))
        self.delete(profile, kind)
        try:
            if len(token) <= CHUNK:
                self.backend.set_password(SERVICE, _account(profile, kind), token)
                return
            parts = [token[i : i + CHUNK] for i in range(0, len(token), CHUNK)]
            for index, part in enumerate(parts):
                self.backend.set_password(SERVICE, _account(profile, kind, index), part)
            self.backend.set_password(SERVICE, _account(profile, kind), f"{_HEADER}{len(parts)}:{_digest(token)}")
        except keyring.errors.KeyringError as exc:
            raise SecretsError(
                translate("Keychain", "The keychain refused the token ({error}).").format(error=type(exc).__name__)
            ) from None

    def delete(self, profile: str, kind: TokenKind) -> None:
        import keyring.errors

        account = _account(profile, kind)
        try:
            head = self.backend.get_password(SERVICE, account)
        except keyring.errors.KeyringError:
            return
        if head is None:
            return
        count = 0
        if head.startswith(_HEADER):
            try:
                count = int(head[len(_HEADER) :].split(":", 1)[0])
            except ValueError:
                count = 0
        for name in [account, *(_account(profile, kind, i) for i in range(count))]:
            try:
                self.backend.delete_password(SERVICE, name)
            except keyring.errors.PasswordDeleteError:
                pass
            except keyring.errors.KeyringError as exc:
                raise SecretsError(
                    translate("Keychain", "The keychain could not delete the token ({error}).").format(
                        error=type(exc).__name__
                    )
                ) from None


class SessionSecrets:
    """Tokens kept in memory for this run only (the setter chose it: no keychain)."""

    usable = True
    description = "this session only (not saved)"

    def __init__(self) -> None:
        self._tokens: dict[tuple[str, TokenKind], str] = {}

    def get(self, profile: str, kind: TokenKind) -> str | None:
        return self._tokens.get((profile, kind))

    def set(self, profile: str, kind: TokenKind, token: str) -> None:
        self._tokens[(profile, kind)] = token

    def delete(self, profile: str, kind: TokenKind) -> None:
        self._tokens.pop((profile, kind), None)

    def __repr__(self) -> str:
        return f"SessionSecrets({len(self._tokens)} tokens)"


class LayeredSecrets:
    """Session tokens first, then the keychain: what the console reads from."""

    def __init__(self, keychain: KeychainSecrets, session: SessionSecrets | None = None) -> None:
        self.keychain = keychain
        self.session = session or SessionSecrets()

    @property
    def usable(self) -> bool:
        return self.keychain.usable

    @property
    def description(self) -> str:
        return self.keychain.description

    def get(self, profile: str, kind: TokenKind) -> str | None:
        return self.session.get(profile, kind) or (self.keychain.get(profile, kind) if self.usable else None)

    def set(self, profile: str, kind: TokenKind, token: str) -> None:
        self.keychain.set(profile, kind, token)

    def keep_for_session(self, profile: str, kind: TokenKind, token: str) -> None:
        self.session.set(profile, kind, token)

    def delete(self, profile: str, kind: TokenKind) -> None:
        self.session.delete(profile, kind)
        if self.usable:
            self.keychain.delete(profile, kind)
