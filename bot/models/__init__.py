"""Every table of the service, one module per area. Importing this package registers them
all on `Base.metadata`; no table module imports another (they refer to each other by
table name), so there is no import cycle."""

from bot.db import utcnow
from bot.models.alerts import (
    Alert,
    AppendOnlyError,
    AuditEvent,
    Escalation,
    MeetingReminder,
    Notification,
    Reporter,
)
from bot.models.conversation import ConversationState
from bot.models.people import Contact, Message, NoticeSent, Subscription
from bot.models.service import Counter, Lease
from bot.models.staff import AlertNote, OnCallOverride, SavedReply, StaffAccount

__all__ = ["Alert", "AlertNote", "AppendOnlyError", "AuditEvent", "Contact", "ConversationState",
           "Counter", "Escalation", "Lease", "MeetingReminder", "Message", "NoticeSent",
           "Notification", "OnCallOverride", "Reporter", "SavedReply", "StaffAccount",
           "Subscription", "utcnow"]
