"""TimeZest's REST API: its wire models, the TQL filter builder and a typed async client."""
