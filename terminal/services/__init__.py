"""Use cases: each public method is one database transaction."""
