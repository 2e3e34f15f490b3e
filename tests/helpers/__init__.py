"""Shared fakes for the test suite."""
