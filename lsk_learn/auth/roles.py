"""The four roles and who may do what: the one place access rules are named."""
from enum import StrEnum


class Role(StrEnum):
    LEARNER = "learner"
    TEACHER = "teacher"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


ALL_ROLES = frozenset(Role)
STAFF = frozenset({Role.TEACHER, Role.COORDINATOR, Role.ADMIN})
