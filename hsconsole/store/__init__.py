"""Local persistence: settings, secrets (keyring), outbox and audit log. No Qt."""
