"""Coded alerts from peer educators and watchdogs, routed to the NGO partner and the police
unit with acknowledgement deadlines and escalation (SAFETY rules 7-11, 15)."""
