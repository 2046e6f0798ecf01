"""Read-only REST endpoints; every queryset goes through ``restrict`` like the pages."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from govproj.accounts.models import User
from govproj.audit.models import AuditRecord
from govproj.common.api import HasRolePermission
from govproj.common.roles import Perm
from govproj.common.scoping import restrict
from govproj.funds.models import Allocation, Payment
from govproj.monitoring.models import Doubt
from govproj.monitoring.models import Payment as MonitoredPayment
from govproj.orgs.models import Organisation
from govproj.projects.models import Project
from govproj.rulebook import facts, rules, vocabulary
from govproj.rulebook.versions import NoVersionInForce


class OrganisationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organisation
        fields = ["code", "name", "short_name", "kind", "parent", "is_active"]


class UserSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "organisation", "title", "is_active", "roles"]

    def get_roles(self, obj) -> list[str]:
        return [ra.role for ra in obj.role_assignments.all()]


class AuditRecordSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditRecord
        fields = ["seq", "at", "actor_name", "action", "object_type", "object_id", "object_repr",
                  "before", "after", "ip", "prev_hash", "hash"]


class ProjectSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    approver = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Project
        fields = ["id", "code", "name", "unit", "parent", "build_type", "category", "declaration_type", "plan_year",
                  "total_investment", "fund_central", "fund_region", "fund_municipal", "fund_other",
                  "region_platform_code", "classified", "state", "state_since", "declared_on", "rulebook", "next_due",
                  "next_actor", "approver", "approved_investment", "completed_on", "acceptance_due"]


class AllocationSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="fund.year", read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True)
    unit = serializers.CharField(source="project.unit.code", read_only=True)

    class Meta:
        model = Allocation
        fields = ["id", "year", "project", "project_code", "unit", "kind", "amount", "contracted", "paid", "recovered",
                  "allocated_on"]


class PaymentSerializer(serializers.ModelSerializer):
    contract_number = serializers.CharField(source="contract.number", read_only=True)
    allocation = serializers.IntegerField(source="contract.allocation_id", read_only=True)

    class Meta:
        model = Payment
        fields = ["id", "allocation", "contract", "contract_number", "amount", "paid_on", "voucher", "purpose",
                  "progress_percent", "rulebook"]


class MonitoredPaymentSerializer(serializers.ModelSerializer):
    payer = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = MonitoredPayment
        fields = ["id", "voucher", "payer", "payer_name", "payer_account", "indicator_code", "plan_code", "subject",
                  "paid_at", "amount", "method", "pay_type", "settlement", "purpose", "project_name", "payee_name",
                  "payee_account", "payee_bank", "large_approval_no", "agent_bank"]


class DoubtSerializer(serializers.ModelSerializer):
    voucher = serializers.CharField(source="payment.voucher", read_only=True)
    payer = serializers.CharField(source="payment.payer.code", read_only=True, allow_null=True)
    payer_name = serializers.CharField(source="payment.payer_name", read_only=True)
    amount = serializers.DecimalField(source="payment.amount", max_digits=16, decimal_places=2, read_only=True)
    paid_at = serializers.DateTimeField(source="payment.paid_at", read_only=True)
    assignee = serializers.CharField(source="assignee.username", read_only=True, allow_null=True)
    case_number = serializers.CharField(source="case.number", read_only=True, allow_null=True)
    case_status = serializers.CharField(source="case.status", read_only=True, allow_null=True)

    class Meta:
        model = Doubt
        fields = ["id", "payment", "voucher", "payer", "payer_name", "amount", "paid_at", "rule", "severity",
                  "message", "status", "assignee", "found_at", "conclusion", "concluded_at", "case_number",
                  "case_status"]


class ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [HasRolePermission]
    required_perm = ""

    def base_queryset(self):
        return self.serializer_class.Meta.model.objects.all()

    def get_queryset(self):
        return restrict(self.base_queryset(), self.request.user, self.required_perm)


class OrganisationViewSet(ScopedViewSet):
    serializer_class = OrganisationSerializer
    required_perm = Perm.VIEW_ORGS
    lookup_field = "code"
    filterset_fields = ["kind", "parent__code"]

    def base_queryset(self):
        return Organisation.objects.select_related("parent")


class UserViewSet(ScopedViewSet):
    serializer_class = UserSerializer
    required_perm = Perm.VIEW_PEOPLE
    filterset_fields = ["organisation__code", "is_active"]

    def base_queryset(self):
        return User.objects.select_related("organisation").prefetch_related("role_assignments")


class ProjectViewSet(ScopedViewSet):
    serializer_class = ProjectSerializer
    required_perm = Perm.VIEW_PROJECTS
    filterset_fields = ["plan_year", "state", "unit__code", "declaration_type", "build_type"]

    def base_queryset(self):
        return Project.objects.select_related("unit", "approver").order_by("-plan_year", "-id")


class AllocationViewSet(ScopedViewSet):
    """The fund ledger per project and year (spec F5–F9), scoped like the ledger pages."""

    serializer_class = AllocationSerializer
    required_perm = Perm.VIEW_FUNDS
    filterset_fields = ["fund__year", "kind", "project", "project__unit__code"]

    def base_queryset(self):
        return Allocation.objects.select_related("fund", "project", "project__unit").order_by("-fund__year", "id")


class PaymentViewSet(ScopedViewSet):
    serializer_class = PaymentSerializer
    required_perm = Perm.VIEW_FUNDS
    filterset_fields = ["contract__allocation__fund__year", "contract__allocation__project", "paid_on"]

    def base_queryset(self):
        return Payment.objects.select_related("contract").order_by("-paid_on", "-id")


class MonitoredPaymentViewSet(ScopedViewSet):
    """Treasury payments under dynamic monitoring (钦市财规〔2023〕1号 Art. 7), scoped like the monitoring pages."""

    serializer_class = MonitoredPaymentSerializer
    required_perm = Perm.VIEW_MONITORING
    filterset_fields = ["payer__code", "indicator_code", "plan_code", "agent_bank", "voucher"]

    def base_queryset(self):
        return MonitoredPayment.objects.select_related("payer").order_by("-paid_at", "-id")


class DoubtViewSet(ScopedViewSet):
    """Doubts (疑点, Art. 10) with their verification status and the case they led to."""

    serializer_class = DoubtSerializer
    required_perm = Perm.VIEW_MONITORING
    filterset_fields = ["rule", "status", "severity", "payment__payer__code"]

    def base_queryset(self):
        return (Doubt.objects.select_related("payment", "payment__payer", "assignee", "case")
                .order_by("-found_at", "-id"))


class AuditRecordViewSet(ScopedViewSet):
    serializer_class = AuditRecordSerializer
    required_perm = Perm.VIEW_AUDIT
    lookup_field = "seq"
    filterset_fields = ["action", "object_type", "object_id"]

    def base_queryset(self):
        return AuditRecord.objects.all()


class RulesEvaluateView(APIView):
    """POST a project's facts; the answer is what ``govproj rules evaluate`` prints."""

    permission_classes = [HasRolePermission]
    required_perm = Perm.VIEW_RULEBOOK

    @extend_schema(request=dict, responses=dict)
    def post(self, request):
        try:
            parsed = facts.parse(facts.loads(request.body.decode("utf-8") or "null"), vocabulary.SCHEMA, vocabulary.REQUIRED)
            return Response(rules.evaluate(parsed))
        except facts.FactsError as exc:
            return Response({"errors": exc.errors}, status=400)
        except NoVersionInForce as exc:
            return Response({"errors": [str(exc)]}, status=400)
