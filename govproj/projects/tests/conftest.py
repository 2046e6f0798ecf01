import pytest


@pytest.fixture
def orgs(register_inserted):
    """The lifecycle tests need the register, not its import (tested in ``govproj/orgs``)."""
    return register_inserted
