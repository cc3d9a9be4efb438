from django.http import HttpRequest

from safepath.accounts.models import (
    CASE_MANAGER_ROLES,
    CASE_ROLES,
    CONTACT_ROLES,
    PREVENTION_REPORT_ROLES,
    PREVENTION_ROLES,
    SCREENING_ROLES,
    STATISTICS_ROLES,
    Role,
)
from safepath.accounts.selectors import active_memberships, user_requires_2fa


def memberships(request: HttpRequest) -> dict:
    """What the navigation needs to know about the signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    roles = {m.role for m in active_memberships(user)}
    ready = user.is_verified() or not user_requires_2fa(user)
    if not ready:
        return {}
    return {
        "nav_ready": True,
        "my_memberships": active_memberships(user),
        "nav_cases": bool(roles & CASE_ROLES),
        "nav_screening": bool(roles & SCREENING_ROLES),
        "nav_hotline": bool(roles & CONTACT_ROLES),
        "nav_knowledge": bool(roles & (CONTACT_ROLES | {Role.ORG_ADMIN})),
        "nav_stats": bool(roles & STATISTICS_ROLES),
        "nav_duplicates": bool(roles & CASE_MANAGER_ROLES),
        "nav_sections": bool(roles & (CASE_MANAGER_ROLES | {Role.ORG_ADMIN})),
        "nav_prevention": bool(roles & PREVENTION_ROLES),
        "nav_prevention_reports": bool(roles & PREVENTION_REPORT_ROLES),
        "nav_members": Role.ORG_ADMIN in roles,
    }
