"""gunicorn's access log as one JSON object a line (deploy/gunicorn.conf.py: logger_class).

gunicorn's `access_log_format` is a %-template: a user agent or path with a quote in it would break
a JSON template, so the record is built as a dict and serialised instead. `remote` is the client's
address as the application saw it: behind nginx, werkzeug's ProxyFix (LSK_PROXY_HOPS) has replaced
REMOTE_ADDR in the same WSGI environ by then, and `proxy` keeps the address of the proxy itself.
Query strings are left out: a teacher's search for a learner's name would otherwise sit in the
system journal, out of reach of the erasure and retention rules (lsk_learn/privacy/)."""
import json
import os
from datetime import datetime, timezone

from gunicorn.glogging import Logger


class JsonAccessLogger(Logger):
    def access(self, resp, req, environ, request_time):
        if not getattr(self, "access_log_enabled", True):
            return
        try:
            self.access_log.info(json.dumps(access_record(resp, environ, request_time), ensure_ascii=False))
        except Exception:  # a log line must never break a response
            self.exception("access log")


def access_record(resp, environ, request_time) -> dict:
    status = resp.status
    if isinstance(status, str):
        status = status.split(None, 1)[0]
    original = environ.get("werkzeug.proxy_fix.orig") or {}
    record = {
        "time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        "remote": environ.get("REMOTE_ADDR"),
        "method": environ.get("REQUEST_METHOD"),
        "path": environ.get("PATH_INFO"),
        "status": int(status) if str(status).isdigit() else status,
        "bytes": getattr(resp, "sent", None),
        "duration_ms": round(request_time.total_seconds() * 1000, 2),
        "user_agent": environ.get("HTTP_USER_AGENT"),
        "referer": environ.get("HTTP_REFERER"),
        "request_id": environ.get("HTTP_X_REQUEST_ID"),
        "pid": os.getpid(),
    }
    if original.get("REMOTE_ADDR") and original["REMOTE_ADDR"] != record["remote"]:
        record["proxy"] = original["REMOTE_ADDR"]
    return {key: value for key, value in record.items() if value is not None}
