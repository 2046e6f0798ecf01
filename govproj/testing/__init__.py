"""What the tests share: people, projects walked through the services, money paths, a browser tab.

The modules by app hold fixtures (registered for the whole suite by ``pytest_plugins`` in ``govproj/conftest.py``,
so test modules never import a fixture) and plain helpers that test modules import. Each module imports only its
own app and the layers below it, so a test importing it keeps the apps' dependency direction. Application code
never imports this package.
"""

PASSWORD = "Test@Qinzhou2024"
