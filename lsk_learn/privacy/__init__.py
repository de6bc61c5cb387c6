"""Privacy (GDPR art. 15, 17, 30): a learner's own data, erasure, retention, and the audit log for
administrators. It sits above cohorts and reports (it reads and erases their data); they import
nothing from it: who may appear in exports is decided in reports/services.py, and what changed in a
person's details is worked out by security/tracking.py."""
