"""The wire models the UI shows, re-exported so ui/ depends on services/ alone."""

from hsconsole.api.models import (
    AppointmentResult,
    ExistingLead,
    LeadCreated,
    LeadSubmission,
    TimeSlot,
    TimeSlots,
)

__all__ = ["AppointmentResult", "ExistingLead", "LeadCreated", "LeadSubmission", "TimeSlot", "TimeSlots"]
