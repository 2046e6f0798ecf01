"""What the tests share: people, projects walked through the services, money paths, a browser tab.

The modules by app hold fixtures (registered for the whole suite by ``pytest_plugins`` in ``govproj/conftest.py``,
so test modules never import a fixture) and plain helpers that test modules import. Each module imports only its
own app and the layers below it, so a test importing it keeps the apps' dependency direction. Application code
never imports this package.
"""

from govproj.accounts.services import role_grant, user_create

PASSWORD = "Test@Qinzhou2024"


def person(orgs, username, role, org_code, **extra):
    """A person of ``orgs[org_code]`` created and granted ``role`` through the real services."""
    user = user_create(by=None, username=username, password=PASSWORD, organisation=orgs[org_code], **extra)
    role_grant(by=None, user=user, role=role)
    return user
