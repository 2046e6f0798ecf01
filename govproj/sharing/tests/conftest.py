import pytest


@pytest.fixture
def orgs(register_inserted):
    """The catalogue's tests walk projects through the lifecycle: they need the register, not its import."""
    return register_inserted
