"""What each person did on each Latvian day (answers, sessions, lessons, mock exams), kept up to
date on write so the reports, the cohort grid and the funder's figures need not scan every answer.
Importing the package installs the flush hook (tracking.py) that keeps the table up to date."""
from . import tracking  # noqa: F401
