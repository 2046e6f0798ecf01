from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from govproj.common.roles import Perm
from govproj.common.scoping import restrict
from govproj.common.views import RoleRequiredMixin, ScopedListView

from . import diff, rules, search
from .filters import DocumentFilter
from .forms import EvaluationForm
from .models import Article, Document, RepealReference
from .tables import DocumentTable
from .versions import NoVersionInForce


def visible_documents(user):
    return restrict(Document.objects.all(), user, Perm.VIEW_RULEBOOK)


class DocumentListView(ScopedListView):
    model = Document
    table_class = DocumentTable
    filterset_class = DocumentFilter
    permission_required = Perm.VIEW_RULEBOOK
    export_permission = Perm.VIEW_RULEBOOK
    title = _("法规库")
    template_name = "rulebook/document_list.html"

    def base_queryset(self):
        return Document.objects.annotate(article_count=Count("articles"))


class DocumentView(RoleRequiredMixin, TemplateView):
    permission_required = Perm.VIEW_RULEBOOK
    template_name = "rulebook/document.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents = visible_documents(self.request.user)
        doc = get_object_or_404(documents, number=self.kwargs["number"])
        context.update(
            doc=doc,
            title=doc.number,
            articles=doc.articles.all(),
            repeals=doc.repeals.select_related("repealed"),
            repealed_by=RepealReference.objects.filter(repealed=doc).select_related("repealing"),
        )
        return context


class SearchView(RoleRequiredMixin, TemplateView):
    permission_required = Perm.VIEW_RULEBOOK
    template_name = "rulebook/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        documents = visible_documents(self.request.user)
        terms, hits = search.search(query, documents) if query else ([], [])
        context.update(query=query, terms=terms, hits=hits, title=_("法规检索"))
        return context


class DiffView(RoleRequiredMixin, TemplateView):
    permission_required = Perm.VIEW_RULEBOOK
    template_name = "rulebook/diff.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents = visible_documents(self.request.user).prefetch_related(
            Prefetch("articles", queryset=Article.objects.order_by("number"))
        )
        numbers = (self.request.GET.get("a", ""), self.request.GET.get("b", ""))
        if not all(numbers):
            link = RepealReference.objects.filter(repealed__isnull=False).select_related("repealed", "repealing")
            context.update(title=_("版本对照"), pairs=link[:50], rows=None)
            return context
        found = {d.number: d for d in documents.filter(number__in=numbers)}
        if len(found) != len(set(numbers)):
            raise Http404
        left, right = found[numbers[0]], found[numbers[1]]
        rows = diff.compare(list(left.articles.all()), list(right.articles.all()))
        context.update(title=_("版本对照"), left=left, right=right, rows=rows,
                       changed=sum(1 for r in rows if r.changed))
        return context


class RuleCatalogueView(RoleRequiredMixin, TemplateView):
    permission_required = Perm.VIEW_RULEBOOK
    template_name = "rulebook/rules.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = rules.catalogue()
        for row in rows:
            row["severity_label"] = rules.Severity(row["severity"]).label
        context.update(title=_("规则目录"), rows=rows)
        return context


class EvaluateView(RoleRequiredMixin, TemplateView):
    """Rule trial: findings are recomputed on every change, before anything is submitted."""

    permission_required = Perm.VIEW_RULEBOOK
    template_name = "rulebook/evaluate.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", EvaluationForm())
        context["title"] = _("规则试算")
        return context

    def post(self, request):
        form = EvaluationForm(request.POST)
        result = None
        if form.is_valid():
            try:
                result = rules.evaluate(form.facts())
            except NoVersionInForce as exc:
                form.add_error("declared_on", str(exc))
        if request.htmx:
            return TemplateResponse(request, "rulebook/_evaluation.html", {"form": form, "result": result})
        return self.render_to_response(self.get_context_data(form=form, result=result))
