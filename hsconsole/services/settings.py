"""The settings the UI edits (profiles, their endpoints and connectors), re-exported for ui/.

Reading and writing the settings file stays in ``store``; ui/ names these types through here.
"""

from hsconsole.store.settings import (
    APPTOTO_ORIGIN,
    TIMEZEST_ORIGIN,
    ApptotoSettings,
    Endpoint,
    Profile,
    Settings,
    SettingsStore,
    TimeZestSettings,
    check_profile_name,
)

__all__ = [
    "APPTOTO_ORIGIN",
    "TIMEZEST_ORIGIN",
    "ApptotoSettings",
    "Endpoint",
    "Profile",
    "Settings",
    "SettingsStore",
    "TimeZestSettings",
    "check_profile_name",
]
