from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "govproj.funds"
    verbose_name = "资金管理"

    def ready(self):
        from govproj.common import reminders, todos

        from . import selectors, services

        todos.register(selectors.todos)
        reminders.register(services.report_reminders)
