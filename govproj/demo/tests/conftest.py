"""Fixtures of the demo tests: uploads in a temporary MEDIA_ROOT and an empty similarity index per test.

The demo loads the region register and the portfolio, which the process's similarity index follows; each
test starts and ends with an empty index, as the similarity tests do.
"""

from govproj.projects.tests.conftest import media  # noqa: F401 - shared autouse fixture
from govproj.similarity.tests.conftest import fresh_index  # noqa: F401 - shared autouse fixture
