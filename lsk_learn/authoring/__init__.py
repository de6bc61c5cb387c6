"""Teachers write, review and exchange questions in the app (issue 14)."""
