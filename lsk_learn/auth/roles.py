"""The four roles and who may do what: the one place access rules are named."""
from enum import StrEnum


class Role(StrEnum):
    LEARNER = "learner"
    TEACHER = "teacher"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


ALL_ROLES = frozenset(Role)
STAFF = frozenset({Role.TEACHER, Role.COORDINATOR, Role.ADMIN})
# Named permission sets, used as @allow(*NAME) across the modules.
STAFF_VIEW = STAFF                                      # look at groups and their learners
MANAGERS = frozenset({Role.TEACHER, Role.ADMIN})        # change groups: enrol, move, attendance, assignments
GRADERS = MANAGERS                                      # grade writing and speaking
REPORTERS = frozenset({Role.COORDINATOR, Role.ADMIN})   # the funder report and its per-person list
PRIVACY_OFFICERS = REPORTERS                            # erase a person (GDPR art. 17)
WHOLE_PROGRAMME = REPORTERS                             # every group, not only their own (see, correct details)
ADMINS = frozenset({Role.ADMIN})                        # accounts, managed lists, the audit log
TWO_FACTOR_REQUIRED = ADMINS                            # must use two-step sign-in when LSK_REQUIRE_ADMIN_2FA
