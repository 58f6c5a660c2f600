"""The TimeZest simulator (``/v1/...``): its account state and HTTP routes; TIMEZEST.md beside this file."""
