"""The wire models the UI shows, re-exported so ui/ depends on services/ alone."""

from hsconsole.api.models import (
    TEXT_LIMIT,
    AppointmentResult,
    ExistingLead,
    LeadCreated,
    LeadSubmission,
    TimeSlot,
    TimeSlots,
)

__all__ = ["TEXT_LIMIT", "AppointmentResult", "ExistingLead", "LeadCreated", "LeadSubmission", "TimeSlot", "TimeSlots"]
