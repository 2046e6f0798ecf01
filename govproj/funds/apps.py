from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "govproj.funds"
    verbose_name = "资金管理"

    def ready(self):
        from govproj.common import todos

        from . import selectors

        todos.register(selectors.todos)
