"""What each person did on each Latvian day (answers, sessions, lessons, mock exams), and per
month whether they were active or attended a class, kept up to date on write so the reports, the
cohort grid and the funder's figures need not scan every answer. Importing the package installs
the flush hooks (tracking.py, attendance.py) that keep the tables up to date."""
from . import attendance, tracking  # noqa: F401
