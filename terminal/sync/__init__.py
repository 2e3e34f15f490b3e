"""Outbox relay, change pull and the wire protocol shared with head office."""
