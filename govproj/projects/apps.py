from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "govproj.projects"
    verbose_name = "项目全生命周期"

    def ready(self):
        from govproj.common import todos

        from . import selectors

        todos.register(selectors.todos)
