"""Verb functions per area: the only code that writes and commits, then publishes."""
