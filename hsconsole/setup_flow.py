"""The setup wizard, from its first page to a saved, active profile whose secrets are in the keychain.

A setter who goes back from the keychain question returns to the page they came
from; one who cancels leaves no secret behind without its profile. Where there is
no usable keychain the wizard says so before Finish, and Finish is the setter's
answer: the secrets are kept for this session only, without a question after it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from hsconsole.connection import Connection, ProfileKeychain, Profiles
from hsconsole.demo import DemoServers
from hsconsole.store.secrets import TokenKind
from hsconsole.store.settings import Profile, TimeZestSettings

if TYPE_CHECKING:
    from hsconsole.ui.wizard import SetupWizard

log = logging.getLogger("hsconsole.init")


class SetupFlow:
    """Runs the setup wizard; :attr:`wizard` is the one on screen (or the last one shown).

    ``checker``: tests a profile's tokens (:func:`hsconsole.services.setup.check_connection`).
    """

    def __init__(self, profiles: Profiles, keychain: ProfileKeychain, demo: DemoServers, checker: Any) -> None:
        self.profiles = profiles
        self.keychain = keychain
        self.demo = demo
        self.checker = checker
        self.wizard: SetupWizard | None = None

    async def run(self, initial: Profile | None = None, *, frame: Any = None, parent: Any = None) -> Connection | None:
        """The connection the setter set up (saved as the active profile), the demo's, or None if cancelled.

        ``frame``: the window's frame still waiting for its console (it says the setup comes first);
        ``parent``: the window the wizard belongs to.
        """
        from hsconsole.ui.connector_keys import ConnectorChoice
        from hsconsole.ui.wizard import PAGE_CONNECTORS, PAGE_TOKENS, SetupWizard
        from hsconsole.ui.zone import server_like_reason

        if frame is not None and not frame.ready:
            from hsconsole.ui.language import translate

            frame.show_starting(translate("SetupFlow", "Finish the setup to start the console."))
        log.info("setup wizard opened")
        settings = self.profiles.settings
        taken = {p.name for p in settings.profiles}
        no_keychain = not self.keychain.secrets.usable  # said on the token page: Finish is the answer
        if no_keychain:
            log.info(
                "no usable keychain (%s): secrets are kept for this session only", self.keychain.secrets.description
            )
        # the first run on a computer whose clock looks like a server's asks for the setter's own zone
        zone_reason = None if settings.setter_zone or settings.profiles else server_like_reason()
        wizard = SetupWizard(
            self.checker,
            taken_names=taken,
            initial=initial,
            no_keychain=no_keychain,
            zone_reason=zone_reason,
            parent=parent,
        )
        self.wizard = wizard
        choice: ConnectorChoice | None = None
        typed: dict[TokenKind, str | None] = {"apptoto": None, "timezest": None}
        kept: tuple[str, str, str] | None = None
        stored: set[str] = set()  # profiles whose secrets went to the keychain in this wizard
        try:
            while True:
                result = await wizard.run()
                if result is None or result.demo:
                    break
                assert result.profile is not None
                tokens = (result.profile.name, result.s2s_token, result.zapier_token)
                if tokens != kept and not self.keychain.keep_tokens(
                    result.profile, result.s2s_token, result.zapier_token, told=no_keychain
                ):
                    wizard.setStartId(PAGE_TOKENS)
                    wizard.restart()
                    continue
                kept = tokens  # back on the connectors page, the tokens are not asked about again
                stored.add(result.profile.name)
                typed = {"apptoto": None, "timezest": None}
                choice = result.connectors
                if choice is not None:  # keys typed on the connectors page
                    typed = {"apptoto": choice.apptoto_key, "timezest": choice.timezest_key}
                    off: dict[TokenKind, bool] = {
                        "apptoto": choice.apptoto is None,
                        "timezest": choice.timezest is None,
                    }
                    if not self.keychain.keep_keys(result.profile.name, typed, off, told=no_keychain):
                        wizard.setStartId(PAGE_CONNECTORS)
                        wizard.restart()
                        continue
                break
        except BaseException:  # closed behind the wizard: no secrets left without their profile
            self.keychain.forget_unsaved(stored, self.profiles.settings)
            raise
        if result is not None and result.setter_zone:
            self.profiles.settings.setter_zone = result.setter_zone
            self.profiles.store.save(self.profiles.settings)
            log.info("setter zone chosen in the setup: %s", result.setter_zone)
        if result is None or result.demo:
            self.keychain.forget_unsaved(stored, self.profiles.settings)
            return None if result is None else self.demo.connection()
        assert result.profile is not None
        profile = result.profile
        problems: list[str] = []
        existing = self.profiles.settings.profile(profile.name)
        if choice is None and existing is not None:  # the page was not visited: the profile keeps its connectors
            choice = ConnectorChoice(existing.apptoto, None, existing.timezest, None)
        keys: dict[TokenKind, str | None] = {"apptoto": None, "timezest": None}
        if choice is not None:
            if choice.apptoto is not None:
                keys["apptoto"] = typed["apptoto"] or self.keychain.saved_key(profile.name, "apptoto")
            if choice.timezest is not None:
                keys["timezest"] = typed["timezest"] or self.keychain.saved_key(profile.name, "timezest")
            profile = profile.model_copy(update={"apptoto": choice.apptoto, "timezest": choice.timezest})
            missing = [
                name
                for name, wanted, key in (
                    ("Apptoto", choice.apptoto, keys["apptoto"]),
                    ("TimeZest", choice.timezest, keys["timezest"]),
                )
                if wanted is not None and not key
            ]
            if missing and no_keychain:  # the token page said why: no keychain to read it from
                problems.append(
                    f"{' and '.join(missing)} stay off until you paste the API key again in Settings ▸ Connectors."
                )
            elif missing:  # kept in the settings: the key may be readable next time
                problems.append(
                    f"{' and '.join(missing)} stay off in this session: the API key could not be read from the "
                    "keychain. Settings ▸ Connectors takes it again."
                )
        # saved before anything is awaited: the keys are in the keychain already, and the profile they
        # belong to must not be lost if the window is closed during the TimeZest check below
        self.profiles.save_as_active(profile)
        if profile.timezest is not None and typed["timezest"]:
            learned = await self.learn_read_only(profile.timezest, typed["timezest"])
            if learned != profile.timezest:
                profile = profile.model_copy(update={"timezest": learned})
                self.profiles.save_as_active(profile)
        return Connection(
            profile,
            result.s2s_token,
            result.zapier_token,
            profile.name,
            profile.origin,
            apptoto_key=keys["apptoto"],
            timezest_key=keys["timezest"],
            problems=problems,
        )

    async def learn_read_only(self, settings: TimeZestSettings, key: str) -> TimeZestSettings:
        """Whether a new TimeZest key may send links (a wizard page cannot wait for the test)."""
        from hsconsole.services.setup import check_timezest

        check = await check_timezest(settings, key)
        return settings.model_copy(update={"read_only": check.read_only}) if check.ok else settings
