from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "govproj.projects"
    verbose_name = "项目全生命周期"

    def ready(self):
        from govproj.common import reminders, todos

        from . import selectors, tasks

        todos.register(selectors.todos)
        reminders.register(tasks.deadline_reminders)
