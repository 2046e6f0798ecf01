"""The monitoring lists and their exports, and the import batches, run as many queries with 30 rows as with one
(house rule: no N+1, ≥ 30 rows). Every row comes from the real import, screening and verification."""

import pytest
from django.urls import reverse

from govproj.monitoring import services
from govproj.monitoring.models import Case, Doubt, ImportBatch, Payment, RuleSetting
from govproj.testing.queries import ROWS, clones, exported, flat, listed

from .conftest import Kind, import_records, make_doubt, record


def confirmed(people, n):
    """``n`` more large payments imported at once, each screened into a doubt that finance confirms as a case."""
    finance = people["finance"]
    import_records(Kind.PAYMENTS, [record(Kind.PAYMENTS, amount="1500000.00", large_approval_no="")
                                   for _ in range(n)], by=finance)
    for payment in Payment.objects.filter(doubts__isnull=True):
        doubt = make_doubt(payment.voucher, finance)
        services.doubt_verify(by=finance, doubt=doubt, method="phone", record="电话核实")
        services.doubt_conclude(by=finance, doubt=doubt, confirmed=True, conclusion="确认违规。")


@pytest.mark.parametrize(("who", "params"), [("finance", {}), ("staff", {}), ("finance", {"_export": "xlsx"})])
@pytest.mark.parametrize(("name", "model"), [("monitoring:payments", Payment), ("monitoring:doubts", Doubt),
                                           ("monitoring:cases", Case)])
def test_lists_and_exports_stay_flat(client, people, name, model, who, params):
    """Finance reads every unit's rows, a unit's staff its own: all of them here (the payer is 市教育局)."""
    confirmed(people, 1)
    client.force_login(people[who])
    response = flat(client, reverse(name), lambda: confirmed(people, ROWS - 1), params)
    assert (exported(response) if params else listed(response)) == model.objects.count() >= ROWS


def test_import_batches_stay_flat(client, people):
    batch = ImportBatch.objects.get(pk=import_records(Kind.PAYMENTS, [record(Kind.PAYMENTS)],
                                                      by=people["finance"]).pk)
    client.force_login(people["finance"])
    response = flat(client, reverse("monitoring:imports"), lambda: clones(batch, ROWS - 1))
    assert listed(response) == ROWS


def test_rule_settings_history_stays_flat(client, people):
    """Each rule's versions are listed under it: 30 more versions of one rule, no query per version."""
    services.rule_settings_ensure()
    setting = RuleSetting.objects.filter(rule="large_amount").earliest("valid_from")
    client.force_login(people["finance"])
    response = flat(client, reverse("monitoring:rules"), lambda: clones(
        setting, ROWS, valid_from=lambda i: setting.valid_from.replace(year=setting.valid_from.year - 1 - i),
        created_by_id=lambda i: people["finance"].pk))
    [row] = [r for r in response.context["rows"] if r["rule"].id == "large_amount"]
    assert len(row["history"]) > ROWS
