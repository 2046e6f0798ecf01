import json
import subprocess
import sys
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from govproj.rulebook.adjustment import decide_adjustment

EST = Decimal("2000000.00")


def decide(**kw):
    base = dict(approved_estimate=EST, new_total=EST, adjusted_amount=Decimal("300000.00"), goals_unchanged=True,
                reason=2, decided_on=date(2025, 3, 1))
    base.update(kw)
    return decide_adjustment(**base)


@pytest.mark.django_db
@pytest.mark.parametrize("amount,path", [
    ("300000.00", "unit_adjusts_and_files"),      # exactly 15 % — 不超过 includes it
    ("300000.01", "redo_preliminary_design"),
    ("0.00", "unit_adjusts_and_files"),
])
def test_fifteen_percent_boundary(orgs, amount, path):
    assert decide(adjusted_amount=Decimal(amount)).path == path


@pytest.mark.django_db
def test_decision_tree(orgs):
    assert decide(new_total=EST + Decimal("0.01")).path == "municipal_consent_and_redo_fs"
    assert decide(new_total=EST - Decimal("1")).path == "unit_adjusts_and_files"
    assert decide(goals_unchanged=False).path == "redo_preliminary_design"
    assert decide(reason="none").path == "redo_preliminary_design"
    for reason in (1, 2, 3):
        assert decide(reason=reason).path == "unit_adjusts_and_files"


@pytest.mark.django_db
def test_body_and_citation_follow_the_version_on_the_decision_date(orgs):
    old = decide(decided_on=date(2024, 12, 5))
    new = decide(decided_on=date(2024, 12, 6))
    assert (old.rulebook, old.body) == ("钦政办规〔2023〕6号", "市发展改革委")
    assert (new.rulebook, new.body) == ("钦政办规〔2024〕1号", "市大数据发展局")
    assert new.citation == {"document": "钦政办规〔2024〕1号", "article": "第二十条"}
    assert "市人民政府" in decide(new_total=EST * 2).body


@pytest.mark.django_db
def test_command_prints_json_and_rejects_bad_input_with_exit_2(orgs, tmp_path, capsys):
    good = tmp_path / "adj.json"
    good.write_text(json.dumps({"approved_estimate": 2000000, "new_total": 1999999.99, "adjusted_amount": "300000",
                                "goals_unchanged": True, "reason": 3, "decided_on": "2025-01-10"}), encoding="utf-8")
    call_command("rules", "adjustment", str(good))
    out = json.loads(capsys.readouterr().out)
    assert out["path"] == "unit_adjusts_and_files" and out["citation"]["article"] == "第二十条"

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"approved_estimate": -1, "new_total": 1, "adjusted_amount": 1, "goals_unchanged": "yes",
                               "reason": 4, "decided_on": "2025-13-01", "extra": 1}), encoding="utf-8")
    with pytest.raises(CommandError) as err:
        call_command("rules", "adjustment", str(bad))
    assert err.value.returncode == 2
    for key in ("未知字段：extra", "approved_estimate", "goals_unchanged", "reason", "decided_on"):
        assert key in str(err.value)


def test_cli_exit_code_is_2_for_bad_input(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "govproj", "rules", "adjustment", str(bad)],
                            capture_output=True, text=True)
    assert result.returncode == 2 and "JSON 格式错误" in result.stderr
