import pytest


@pytest.fixture
def orgs(register_inserted):
    """These tests walk projects through the lifecycle: they need the register, not its import."""
    return register_inserted
