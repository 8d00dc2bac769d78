"""Learning companions: profiles, training cohorts and sessions, assignments and support.
Built by the workshops issue."""
