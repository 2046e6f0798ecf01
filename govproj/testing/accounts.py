"""People made through the accounts services: what ``make_user`` and a fixture of wider scope share."""

from govproj.accounts.services import role_grant, user_create
from govproj.testing import PASSWORD


def person(orgs, username, role, org_code, **extra):
    """A person of ``orgs[org_code]`` created and granted ``role`` through the real services."""
    user = user_create(by=None, username=username, password=PASSWORD, organisation=orgs[org_code], **extra)
    role_grant(by=None, user=user, role=role)
    return user
