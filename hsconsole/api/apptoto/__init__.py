"""Apptoto's REST API: its wire models and a typed async client."""
