"""What responders and reporters read about alerts. Reporters' texts are ordinary chat:
no word such as alert, police, trafficking, abuse or report (SAFETY 7)."""

from bot.text import N_

URGENT_HEADING = N_("Urgent alert {number}: {meaning}.")
HEADING = N_("Alert {number}: {meaning}.")
UPDATED = N_("Update to alert {number}:")
STILL_OPEN = N_("Nobody has taken it after {minutes} minutes.")
PLACE = N_("Place: {venue} {name}, {area}.")
COUNT = N_("Number of people: {count}.")
TIME = N_("Time: {time}.")
NOTE = N_("Note: {note}")
FROM = N_("From: {pseudonym}.")
MIGRANT = N_("A migrant asked for help and agreed that you contact them. Answer with REPLY "
             "{number} and your message.")
HOW_TO_TAKE = N_("Reply OK {number} to take it.")
# Translators: to NGO staff. A migrant asked to talk to a person; {number} is the request's
# number, which staff write in OK/REPLY/CLOSE. Never the migrant's own words.
PERSON_HEADING = N_("Request {number}: someone asks to talk to a person.")
# Translators: to NGO staff: the person's language ("Khmer"), channel ("SMS", "Telegram")
# and their masked number or chat id ("+855•••••0123").
PERSON_WHO = N_("{language}, {channel} {address}.")
# Translators: to NGO staff. Keep OK, REPLY and the number as they are: they are commands.
# Keep it short: the whole notice must fit in one SMS of 3 parts.
PERSON_HOW = N_("OK {number} to take it, REPLY {number} and your answer, or the dashboard.")
TAKE_BUTTON = N_("Acknowledge")
TAKEN_BY = N_("Alert {number} was taken by {who}.")
YOURS = N_("Thank you. Alert {number} is yours.")
ALREADY_TAKEN = N_("Alert {number} was already taken by {who}.")
NO_SUCH = N_("There is no alert {number}.")
CLOSED = N_("Alert {number} is closed: {outcome}.")
CLOSED_BY = N_("Alert {number} was closed by {who}: {outcome}.")
ALREADY_CLOSED = N_("Alert {number} was already closed: {outcome}.")
NOT_YOURS_TO_CLOSE = N_("Only the partner organisation closes alerts. Alert {number} stays "
                        "open.")
FORWARDED = N_("Sent.")
# Commands written wrongly: what to write instead (never an English error text).
ACK_USAGE = N_("To take an alert, write OK and its number, for example OK 12.")
CLOSE_USAGE = N_("To close an alert, write CLOSE, its number and how it ended, for example "
                 "CLOSE 12 referred. Endings: referred, removed, no_action, false_alarm.")
BAD_OUTCOME = N_("Alert {number}: \"{outcome}\" is not an ending. Write one of: referred, "
                 "removed, no_action, false_alarm.")
REPLY_USAGE = N_("To answer a migrant, write REPLY, the number and your message, for "
                 "example REPLY 12 We will call you today.")

# To reporters: innocuous.
SEND_AGAIN = N_("Sorry, I did not get that. Please send it again.")
JOINED = N_("Welcome. You are connected now.")
MEETING_REPORTER = N_("See you on {date} at {time}.")

# To migrants who asked the partner organisation to contact them.
PARTNER_TOLD = N_("We have told our partner organisation. Someone will write to you here. "
                  "If you are in danger now, call {number}.")
PARTNER_TOLD_NO_NUMBER = N_("We have told our partner organisation. Someone will write to "
                            "you here.")
FROM_PARTNER = N_("Message from our partner organisation: {text}")

MEETING_STAFF = N_("Reminder: monthly meeting on {date} at {time}.")

MIGRANT_IN_DANGER = N_("migrant in danger")

OUTCOMES = {
    "referred": N_("referred to police"),
    "removed": N_("person removed from danger"),
    "no_action": N_("no action needed"),
    "false_alarm": N_("false alarm"),
}
