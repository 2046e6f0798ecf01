from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "govproj.projects"
    verbose_name = "项目全生命周期"

    def ready(self):
        from govproj.common import reminders, todos, workflow

        from . import selectors, services, tasks

        todos.register(selectors.todos)
        reminders.register(tasks.deadline_reminders)
        for model, machine, policy in services.MACHINES:
            workflow.register(model, machine, policy)
