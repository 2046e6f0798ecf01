import pytest

from govproj.accounts.services import role_grant, user_create
from govproj.orgs.models import Organisation
from govproj.orgs.services import organisations_load

PASSWORD = "Test@Qinzhou2024"


@pytest.fixture
def orgs(db):
    organisations_load()
    return {o.code: o for o in Organisation.objects.all()}


@pytest.fixture
def make_user(orgs):
    """A person created and granted a role through the real services."""

    def make(username, role, org_code, **extra):
        user = user_create(by=None, username=username, password=PASSWORD, organisation=orgs[org_code], **extra)
        role_grant(by=None, user=user, role=role)
        return user

    return make


@pytest.fixture
def login(client):
    def do(user):
        client.force_login(user)
        return client

    return do
