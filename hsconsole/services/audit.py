"""The activity log as the UI reads it (its entries, how a change reads, its failure), re-exported for ui/."""

from hsconsole.store.audit import AuditEntry, AuditLog, AuditLogError, format_changes

__all__ = ["AuditEntry", "AuditLog", "AuditLogError", "format_changes"]
