"""Privacy (GDPR art. 15, 17, 30): a learner's own data, erasure, consent in exports, retention,
and the audit log for administrators. Kept import-light: other packages import its helpers."""
