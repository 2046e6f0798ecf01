from django.apps import AppConfig


class FundsConfig(AppConfig):
    name = "govproj.funds"
    verbose_name = "资金管理"

    def ready(self):
        from govproj.common import reminders, todos, workflow

        from . import selectors, services, states

        todos.register(selectors.todos)
        reminders.register(services.report_reminders)
        for model, machine in states.MACHINES.items():
            workflow.register(model, machine, services.policy)
