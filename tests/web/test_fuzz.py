"""Random and hostile data to every URL pattern of the URL map, as every role: never a 500, never an
exception, and nothing half-written (a refused request leaves every table but the audit ones as it was).

For each role (signed out, learner, teacher, coordinator, admin) a small world is seeded
(tests/web/fuzz_support.py). Then, for every rule of the URL map but `static`:
1. a sweep: GET and POST (as the rule allows) with the role's own objects' ids, other people's, 0,
   2**31 - 1, 2**31, 2**63, 10**30, and hostile strings for string variables; the forms on every
   page are remembered by the endpoint and method they are sent with;
2. each field of those forms in turn made hostile, the others filled in as a person would;
3. hypothesis: the fields of those forms (and extra ones) with values the page offers or hostile
   ones (empty, 100k characters, NUL, RTL and combining marks, markup, SQL, numbers and dates out
   of range, several values for one name, random file bytes) as the POST body or the query string.
The inputs are fixed (a seed per rule, method and role); the number of requests sent is printed
and recorded as the `fuzz_requests` property. LSK_FUZZ_SCALE and LSK_FUZZ_SEED dig deeper."""
import os
import traceback
import zlib
from collections import Counter
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, Phase, example, given, seed, settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException

from lsk_learn.auth.roles import Role
from lsk_learn.extensions import db
from tests.web.fuzz_support import (
    describe, form_data, forms_on, one_hostile_field, query_strings, seed_world, table_counts, url_variants,
    usual_form,
)

SIGNED_OUT = "signed out"
ROLES = (SIGNED_OUT, Role.LEARNER, Role.TEACHER, Role.COORDINATOR, Role.ADMIN)
# endpoints after which the role signs in again (they sign out, change or reset passwords, disable)
SESSION_ENDPOINTS = {"auth.logout", "auth.login", "auth.profile", "admin.toggle_user", "admin.reset_password"}
# examples per rule and method besides the explicit one; LSK_FUZZ_SCALE=10 digs ten times deeper
SCALE = int(os.environ.get("LSK_FUZZ_SCALE", "1"))
SEED = os.environ.get("LSK_FUZZ_SEED", "")  # another fixed seed for an exploratory run
EXAMPLES_POST, EXAMPLES_GET, EXAMPLES_REFUSED = 10 * SCALE, 3 * SCALE, 1 * SCALE
SENT: Counter = Counter()
# 500s this test found in code other people are changing: str.isdigit() is true for "²", which
# int() refuses, and hmac.compare_digest refuses non-ASCII text. While they last, a role's test that
# finds only these is an expected failure (xfail, not strict: it passes again on its own once they
# are fixed); any other finding fails it. Remove an entry once it is fixed.
# 500s found by this test in code being fixed elsewhere; each entry is (exception, file). All the
# first run found ("²" passes str.isdigit() but not int(): 8 places) are fixed, so it is empty.
KNOWN_ELSEWHERE: set[tuple[str, str]] = set()


def address(n: int, prefix: str) -> str:
    """A new client address for every request: the per-address sign-in limits (120 a minute) are
    tested elsewhere and would otherwise turn the fuzzer's sign-ins and login examples away."""
    return f"{prefix}.{n // 250 % 250}.{n % 250 + 1}"


def refused(response) -> bool:
    """Turned away before the handler: another role's page, or signed out (sent to sign in with ?next=)."""
    if response is None:
        return False
    return response.status_code == 403 or (response.status_code == 302
                                           and "/auth/login?next=" in response.headers.get("Location", ""))


class Fuzzer:
    def __init__(self, app, client, auth, world, role):
        self.app, self.client, self.auth, self.world, self.role = app, client, auth, world, role
        self.adapter = app.url_map.bind("localhost")
        self.forms: dict[tuple[str, str], dict] = {}  # (endpoint, method) -> fields of forms sent to it
        self.failures: dict[tuple, list] = {}  # (what, where, rule, method) -> [first report, count, known]
        self.counts: dict[str, int] | None = None  # the row counts after the last request
        self.counter = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        self.succeeded: set[tuple[str, str]] = set()  # (rule, method) answered below 400 at least once
        self.sign_in()

    def sign_in(self) -> None:
        self.client.delete_cookie("session")
        if self.role == SIGNED_OUT:
            return
        _id, username = self.world.accounts[self.role]
        self.client.environ_base["REMOTE_ADDR"] = address(SENT[str(self.role)], "10.9")
        response = self.auth.login(SimpleNamespace(username=username))
        assert response.status_code == 302 and "/auth/login" not in response.headers["Location"], \
            f"harness: cannot sign in as {self.role}"
        db.session.remove()

    def send(self, rule, method: str, url: str, data=None, query=None):
        before = self.counts or table_counts(self.counter)
        where = f"{method} {url[:120]} as {self.role} (rule {rule.rule})"
        if data:
            where += f" data={describe(data)[:400]}"
        if query:
            where += f" query={describe(query)[:300]}"
        SENT[str(self.role)] += 1
        try:
            response = self.client.open(url, method=method, data=data, query_string=query,
                                        environ_base={"REMOTE_ADDR": address(SENT[str(self.role)], "203.0")})
        except HTTPException as error:  # raised outside a view, e.g. by the routing
            response = SimpleNamespace(status_code=error.code, headers={}, mimetype="text/html",
                                       get_data=lambda **_: "")
        except Exception as error:  # noqa: BLE001  every escape is a finding
            frames = traceback.extract_tb(error.__traceback__)
            app_frames = [f for f in frames if "/lsk_learn/" in f.filename] or frames
            last = app_frames[-1]
            path = last.filename.split("/lsk_learn/")[-1]
            place = f"{path}:{last.lineno} ({last.name})"
            self.fail((type(error).__name__, place, rule.rule, method),
                      f"EXCEPTION {type(error).__name__}: {str(error)[:200]} at lsk_learn/{place} — {where}",
                      known=(type(error).__name__, path) in KNOWN_ELSEWHERE)
            response = None
        finally:
            db.session.rollback()
            db.session.remove()  # as at the end of a real request
        status = response.status_code if response is not None else 500
        if status < 400 and not refused(response):
            self.succeeded.add((rule.rule, method))
        if response is not None and status == 500:
            self.fail(("500", rule.rule, method), f"STATUS 500 — {where}")
        after = self.counts = table_counts(self.counter)  # also the next request's "before"
        if status >= 400:
            changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
            if changed:
                self.fail(("half", rule.rule, method, tuple(changed)), f"HALF-WRITTEN {status} {changed} — {where}")
        endpoint = rule.endpoint
        if method == "POST" and status < 400 or endpoint in SESSION_ENDPOINTS:
            if self.world.restore() or endpoint in SESSION_ENDPOINTS:
                self.sign_in()
            self.counts = None
        return response

    def fail(self, key: tuple, report: str, known: bool = False) -> None:
        self.failures.setdefault(key, [report, 0, known])[1] += 1

    def report(self, known: bool) -> str:
        return "\n".join(f"{report} [{count}x]" for report, count, is_known in self.failures.values()
                         if is_known == known)

    def remember_forms(self, url: str, response) -> None:
        if response is None or response.status_code != 200 or response.mimetype != "text/html":
            return
        for method, action, fields in forms_on(response.get_data(as_text=True), url.split("?")[0]):
            try:
                endpoint, _args = self.adapter.match(action, method=method)
            except HTTPException:
                continue
            known = self.forms.setdefault((endpoint, method), {})
            for name, entry in fields.items():
                if name in known:
                    known[name].values |= entry.values
                else:
                    known[name] = entry

    def sweep(self, rule) -> dict[str, bool]:
        """The rule's URL with the seeded objects' ids, then with every other value in turn, by every
        method of the rule (a few values only where the role is refused anyway). Returns, by method,
        whether the role reached the handler."""
        urls = url_variants(rule, self.world)
        reached = {}
        for method in sorted(rule.methods & {"GET", "POST"}):
            response = self.send(rule, method, urls[0])
            reached[method] = not refused(response)
            if method == "GET":
                self.remember_forms(urls[0], response)
            for url in urls[1:] if reached[method] else url_variants(rule, self.world, few=True)[1:]:
                self.send(rule, method, url)
        return reached

    def fuzz(self, rule, reached: dict[str, bool]) -> None:
        urls = url_variants(rule, self.world)
        for method in sorted(rule.methods & {"GET", "POST"}):
            examples = (EXAMPLES_POST if method == "POST" else EXAMPLES_GET) if reached[method] else EXAMPLES_REFUSED
            fields = {name: entry for name, entry in self.forms.get((rule.endpoint, method), {}).items()
                      if method == "POST" or entry.kind != "file"}
            if method == "POST":
                payload = form_data(fields)
            else:  # the fields of the page's own filter forms, or random names
                payload = st.one_of(form_data(fields), query_strings) if fields else query_strings
            url_choice = st.one_of(st.just(urls[0]), st.just(urls[0]), st.sampled_from(urls))
            if reached[method]:
                for form in one_hostile_field(fields):
                    self.send(rule, method, urls[0], **({"data": form} if method == "POST" else {"query": form}))

            @seed(zlib.crc32(f"{SEED}{self.role}|{rule.rule}|{method}".encode()))
            @settings(max_examples=examples, derandomize=True, deadline=None, database=None,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            @given(url=url_choice, payload=payload)
            @example(url=urls[0], payload=usual_form(fields))
            def one_request(url, payload):
                if method == "POST":
                    self.send(rule, method, url, data=payload)
                else:
                    self.send(rule, method, url, query=payload)

            one_request()


def fuzzable_rules(app):
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint != "static"), key=lambda r: (r.rule, r.endpoint))


@pytest.mark.parametrize("role", ROLES, ids=lambda r: str(r).replace(" ", "-"))
def test_no_500_and_nothing_half_written(app, client, auth, make_user, make_cohort, synced_bank, role, capsys,
                                         monkeypatch, record_property):
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", True)  # exceptions escape, with their tracebacks
    world = seed_world(make_user, make_cohort)
    fuzzer = Fuzzer(app, client, auth, world, role)
    rules = fuzzable_rules(app)
    try:
        statuses = [fuzzer.sweep(rule) for rule in rules]  # first, so every form is known before the fuzzing
        for rule, status in zip(rules, statuses):
            fuzzer.fuzz(rule, status)
    finally:
        fuzzer.counter.close()
    pairs = sum(len(rule.methods & {"GET", "POST"}) for rule in rules)
    record_property("fuzz_requests", SENT[str(role)])
    with capsys.disabled():
        print(f"\nfuzz: {SENT[str(role)]} requests as {role}; {len(fuzzer.succeeded)} of {pairs} rules × methods "
              f"answered successfully at least once; {len(fuzzer.failures)} findings")
    assert not fuzzer.report(known=False), fuzzer.report(known=False)
    if fuzzer.failures:
        pytest.xfail("only 500s known and being fixed elsewhere (KNOWN_ELSEWHERE):\n" + fuzzer.report(known=True))


def test_the_harness_counts_rows_and_reads_forms(app, make_user):
    before = table_counts()
    make_user()
    after = table_counts()
    assert after["user"] == before["user"] + 1 and "audit_event" not in after
    page = """<form method="post" action="/x?y=1"><input type="hidden" name="csrf_token" value="t">
      <input name="a" value="1"><select name="s"><option value="p">P</option><option value="q">Q</option></select>
      <textarea name="t"></textarea><input type="checkbox" name="c" value="5"><input type="checkbox" name="c" value="6">
      <input type="file" name="f"><button name="go" value="next">Next</button></form>
      <form action=""><input name="from" type="date"></form>"""
    (post_method, post_path, post), (get_method, get_path, get) = forms_on(page, "/page")
    assert (post_method, post_path, get_method, get_path) == ("POST", "/x", "GET", "/page")
    assert {name: (f.kind, f.values) for name, f in post.items()} == {
        "csrf_token": ("hidden", {"t"}), "a": ("text", {"1"}), "s": ("select", {"p", "q"}),
        "t": ("textarea", set()), "c": ("checkbox", {"5", "6"}), "f": ("file", set()), "go": ("submit", {"next"})}
    assert list(get) == ["from"]


def test_report_the_number_of_inputs_sent(record_property, capsys):
    total = sum(SENT.values())
    record_property("fuzz_requests", total)
    with capsys.disabled():
        print(f"\nfuzz: {total} requests in all ({dict(SENT)})")
    if not total:
        pytest.skip("the fuzz tests did not run")
