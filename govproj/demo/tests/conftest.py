"""Fixtures of the demo tests: an empty similarity index per test (uploads go to the shared temporary MEDIA_ROOT).

The demo loads the region register and the portfolio, which the process's similarity index follows; each
test starts and ends with an empty index, as the similarity tests do.
"""

import pytest

from govproj.similarity import services


@pytest.fixture(autouse=True)
def fresh_index():
    services.reset_index()
    yield
    services.reset_index()
