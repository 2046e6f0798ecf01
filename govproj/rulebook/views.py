import django_filters
import django_tables2 as tables
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
from .forms import EvaluationForm
from .models import Article, Document, DocumentStatus, RepealReference
from .versions import NoVersionInForce


def visible_documents(user):
    return restrict(Document.objects.all(), user, Perm.VIEW_RULEBOOK)


class DocumentFilter(django_filters.FilterSet):
    number = django_filters.CharFilter(label=_("文号"), lookup_expr="contains")
    title = django_filters.CharFilter(label=_("标题"), lookup_expr="contains")
    status = django_filters.ChoiceFilter(label=_("效力状态"), choices=DocumentStatus.choices)
    issuer = django_filters.CharFilter(label=_("发文机关"), lookup_expr="contains")

    class Meta:
        model = Document
        fields = ["number", "title", "status", "issuer"]


class DocumentTable(tables.Table):
    number = tables.Column(verbose_name=_("文号"), linkify=("rulebook:document", {"number": tables.A("number")}))
    title = tables.Column(verbose_name=_("标题"))
    issuer = tables.Column(verbose_name=_("发文机关"))
    issued_on = tables.DateColumn(verbose_name=_("成文日期"), format="Y-m-d")
    effective_on = tables.DateColumn(verbose_name=_("施行日期"), format="Y-m-d")
    doc_type = tables.Column(verbose_name=_("文件类型"))
    status = tables.Column(verbose_name=_("效力状态"))
    article_count = tables.Column(verbose_name=_("条数"))
    source = tables.Column(verbose_name=_("来源"))

    class Meta:
        model = Document
        fields = ["number", "title", "issuer", "issued_on", "effective_on", "doc_type", "status", "article_count",
                  "source"]
        empty_text = _("法规库为空：请系统管理员导入公报（govproj rulebook import）。")
        attrs = {"class": "table table-sm table-hover"}


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
