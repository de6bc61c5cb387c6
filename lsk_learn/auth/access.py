"""Route access declarations: every view states who may use it.

`@allow(Role.LEARNER, ...)` lets signed-in users with one of those roles in; a signed-out visitor
is sent to the sign-in page and a signed-in user with another role gets 403. `@public` marks the
few views anyone may open. A test walks the URL map and fails on any view with no declaration.
"""
from functools import wraps

from flask import abort
from flask_login import current_user

from ..extensions import login_manager
from .roles import ALL_ROLES, Role

PUBLIC = "public"


def allow(*roles: Role):
    """Restrict a view to signed-in users holding one of `roles`."""
    allowed = frozenset(roles)
    if not allowed or not allowed <= ALL_ROLES:
        raise ValueError(f"allow() needs known roles, got {roles!r}")

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                from ..security.audit import record
                record("permission_denied", actor_id=current_user.id, role=str(current_user.role), commit=True)
                abort(403)
            return view(*args, **kwargs)

        wrapper.access = allowed
        return wrapper

    return decorate


def allow_signed_in(view):
    """Any signed-in user, whatever the role."""
    return allow(*ALL_ROLES)(view)


def public(view):
    """Anyone, signed in or not."""
    view.access = PUBLIC
    return view
