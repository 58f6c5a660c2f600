"""The Apptoto simulator (``/v1/...``): its account state and HTTP routes; APPTOTO.md beside this file."""
