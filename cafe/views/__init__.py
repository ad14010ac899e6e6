"""One blueprint per role: organiser, participant, host, wall (and the login)."""
