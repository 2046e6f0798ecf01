from django.views.generic import View


class ProjectListView(View):
    pass


class ProjectDetailView(View):
    pass


class PlanView(View):
    pass
