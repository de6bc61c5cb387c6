"""Account security: server-side sessions, sign-in throttling, two-factor sign-in, and the audit log."""
