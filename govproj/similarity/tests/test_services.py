"""The index kept current, matches resolved without N+1, and judgements: audited, refused to the wrong people."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from govproj.audit.models import AuditRecord
from govproj.common.errors import WorkflowError
from govproj.common.scoping import role_grants
from govproj.projects import services as projects
from govproj.projects.models import Event, Project
from govproj.similarity import selectors, services
from govproj.similarity.engine import Doc
from govproj.similarity.models import Judgement, RegionProject, Verdict
from govproj.testing.projects import answer_all
from govproj.testing.queries import ROWS

from .conftest import NEW_DAY, REGION_ITEM, REWRITE, UNRELATED_ITEM

pytestmark = pytest.mark.django_db


def keys(doc: Doc) -> dict[str, float]:
    return {m.key: m.score for m in services.search(doc, top=20)}


def probe(**fields) -> Doc:
    return Doc(**{"name": "", **fields})


def test_register_item_is_indexed_when_its_transaction_commits(cast, region, django_capture_on_commit_callbacks):
    # given: an index already loaded in this process
    services.sync()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        item = region()
    # then: in the index before any query synchronises it
    assert f"r:{item.pk}" in services._index
    assert services._tables[RegionProject].stamps[item.pk] == item.updated_at


def test_edit_is_found_by_its_new_text_and_delete_drops_it(cast, region, django_capture_on_commit_callbacks):
    services.sync()
    with django_capture_on_commit_callbacks(execute=True):
        item = region(**UNRELATED_ITEM)
    key = f"r:{item.pk}"
    query = probe(name="城市内涝积水监测", functions="积水点监测；排水泵站调度；内涝预警")
    assert keys(query).get(key, 0) < 0.2

    with django_capture_on_commit_callbacks(execute=True):
        services.region_project_update(by=cast["lead"], item=item, name="广西城市内涝积水监测平台",
                                       functions="积水点监测；排水泵站调度；内涝预警。")
    assert keys(query)[key] > services.REGION_RULE_THRESHOLD

    with django_capture_on_commit_callbacks(execute=True):
        services.region_project_delete(by=cast["lead"], item=item)
    assert key not in services._index and key not in keys(query)


def test_declared_project_is_found_and_withdrawn_one_is_not(cast, declared):
    query = probe(**REWRITE)
    project = declared(**REWRITE)  # submit moves the state with QuerySet.update: no signal, found by sync
    assert keys(query)[f"p:{project.pk}"] > 0.9

    projects.withdraw(by=cast["staff"], project=project, reason="补充材料", on=NEW_DAY)
    assert f"p:{project.pk}" not in keys(query)


def test_classified_projects_are_never_matched(cast, declared):
    query = probe(**REWRITE)
    project = declared(**REWRITE)
    assert f"p:{project.pk}" in keys(query)
    Project.objects.filter(pk=project.pk).update(classified=True, updated_at=timezone.now())
    assert f"p:{project.pk}" not in keys(query)


def test_drafts_are_not_indexed_and_a_returned_project_is_reindexed_on_save(
        cast, draft, declared, django_capture_on_commit_callbacks):
    assert f"p:{draft(**REWRITE).pk}" not in keys(probe(**REWRITE))

    project = declared(**REWRITE)
    projects.start_evaluation(by=cast["lead"], project=project, on=date(2025, 10, 9))
    answer_all(project, cast, "evaluation", date(2025, 10, 20))
    projects.conclude_evaluation(by=cast["lead"], project=project, outcome="return", reason="与自治区平台重复",
                                 on=date(2025, 10, 21))
    services.sync()
    with django_capture_on_commit_callbacks(execute=True):
        projects.project_update(by=cast["staff"], project=project, name="钦州市医保基金监管数据分析系统",
                                functions="欺诈骗保大数据筛查；疑点线索管理")
    text = services._index.query(probe(functions="欺诈骗保大数据筛查；疑点线索管理"), top=3)
    assert text[0].key == f"p:{project.pk}"


def test_rows_changed_without_signals_are_found_after_sync(cast, region, declared):
    # given: a loaded index, then changes written the way another process or a bulk update would
    item, project = region(**UNRELATED_ITEM), declared()
    services.sync()
    RegionProject.objects.filter(pk=item.pk).update(functions="水库大坝安全监测；库区水位预警",
                                                    updated_at=timezone.now())
    Project.objects.filter(pk=project.pk).update(functions="渔船北斗定位；越界预警", updated_at=timezone.now())
    # then
    assert keys(probe(functions="水库大坝安全监测；库区水位预警"))[f"r:{item.pk}"] > 0.5
    assert keys(probe(functions="渔船北斗定位；越界预警"))[f"p:{project.pk}"] > 0.5

    # a row deleted behind the index's back (no signal at all) is dropped by the next sync
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM similarity_regionproject WHERE id = %s", [item.pk])
    services.sync()
    assert f"r:{item.pk}" not in services._index


def test_similar_to_resolves_matches_in_a_constant_number_of_queries(cast, region, declared,
                                                                     django_assert_max_num_queries):
    """The panel shows only the ``TOP`` (10) closest matches, so no page lists 30 of them; the house rule's
    30 rows are asserted on the selector instead: 30 candidates resolved at once (the depth the judgement
    lookup uses) in the same few queries."""
    subject = declared(**REWRITE)
    for i in range(ROWS // 2):
        region(name=f"{REGION_ITEM['name']}（{i}期）")
        declared(name=f"{REWRITE['name']}（{i}）", content=REWRITE["content"], functions=REWRITE["functions"])
    services.sync()
    subject = Project.objects.select_related("unit").get(pk=subject.pk)
    viewer = cast["other_unit"]
    role_grants(viewer)  # loaded once per request by the permission check
    # sync (4: changed rows and a count per table), projects, register items, judgements, what the viewer may open
    with django_assert_max_num_queries(8):
        matches = selectors.similar_to(subject, user=viewer, top=services.LOOKUP_TOP)
    assert len(matches) == ROWS
    assert {m.is_region for m in matches} == {True, False}
    assert not any(m.visible for m in matches if not m.is_region)  # 市公安局 may not open 市教育局's projects
    assert all(m.visible for m in matches if m.is_region)


def test_judgement_is_recorded_revised_and_audited(cast, region, declared):
    item, project = region(), declared(**REWRITE)
    # when: the lead department clears it, then changes its mind
    first = services.judge(by=cast["lead"], project=project, matched=item, verdict=Verdict.DISTINCT,
                           reason="建设内容不同", on=NEW_DAY)
    second = services.judge(by=cast["lead"], project=project, matched=item, verdict=Verdict.DUPLICATE,
                            reason="移动支付和电子处方流转由自治区平台统一提供", on=NEW_DAY)
    # then: one current judgement, two audit records, the second with before and after
    assert first.pk == second.pk and Judgement.objects.count() == 1
    assert second.stage == "declaration" and second.score > services.REGION_RULE_THRESHOLD
    records = list(AuditRecord.objects.filter(object_type="similarity.judgement").order_by("seq"))
    assert [r.action for r in records] == ["decision", "decision"]
    assert records[0].before is None and records[0].after["verdict"] == "distinct"
    assert {k: records[1].before[k] for k in ("reason", "verdict")} == {"reason": "建设内容不同", "verdict": "distinct"}
    assert records[1].after["verdict"] == "duplicate"
    event = Event.objects.filter(project=project, step="similarity_judge").last()
    assert "重复建设" in event.reason and item.name in event.reason


def test_judgement_of_a_platform_project_in_evaluation(cast, declared):
    other = declared(**REWRITE)
    project = declared(name="钦州市医保电子处方流转及移动支付系统", content=REWRITE["content"],
                       functions=REWRITE["functions"])
    projects.start_evaluation(by=cast["lead"], project=project, on=date(2025, 10, 9))
    judgement = services.judge(by=cast["lead"], project=project, matched=other, verdict=Verdict.OVERLAP,
                               reason="与市医保局另一申报项目功能部分重叠", on=date(2025, 10, 10))
    assert judgement.stage == "evaluation" and judgement.matched_project == other
    with pytest.raises(WorkflowError, match="不能将项目与其自身比对"):
        services.judge(by=cast["lead"], project=project, matched=project, verdict=Verdict.DISTINCT, reason="x",
                       on=date(2025, 10, 10))


@pytest.mark.parametrize("who", ["staff", "head", "ndrc", "wxb", "finance", "oversight"])
def test_only_the_lead_department_judges(cast, region, declared, who):
    item, project = region(), declared(**REWRITE)
    with pytest.raises(PermissionDenied, match="市大数据发展局"):
        services.judge(by=cast[who], project=project, matched=item, verdict=Verdict.DISTINCT, reason="理由",
                       on=NEW_DAY)
    assert not Judgement.objects.exists()


def test_judgement_is_refused_outside_declaration_and_evaluation_or_without_reason(cast, region, draft, declared):
    item = region()
    with pytest.raises(WorkflowError, match="草稿"):
        services.judge(by=cast["lead"], project=draft(**REWRITE), matched=item, verdict=Verdict.DISTINCT,
                       reason="理由", on=NEW_DAY)
    with pytest.raises(WorkflowError, match="请写明研判理由"):
        services.judge(by=cast["lead"], project=declared(**REWRITE), matched=item, verdict=Verdict.DISTINCT,
                       reason="  ", on=NEW_DAY)
    assert not Judgement.objects.exists()


def test_a_judgement_names_exactly_one_match(cast, region, declared):
    item, project = region(), declared()
    row = dict(project=project, score=0.5, verdict="distinct", reason="x", stage="declaration", by=cast["lead"],
               at=timezone.now())
    for matched in ({}, {"matched_region": item, "matched_project": declared(name="另一个项目")}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Judgement.objects.create(**row, **matched)


def test_a_judged_register_item_cannot_be_deleted(cast, region, declared):
    item = region()
    services.judge(by=cast["lead"], project=declared(**REWRITE), matched=item, verdict=Verdict.OVERLAP,
                   reason="部分功能重叠", on=NEW_DAY)
    with pytest.raises(WorkflowError, match="已有查重研判记录"):
        services.region_project_delete(by=cast["lead"], item=item)
    assert RegionProject.objects.filter(pk=item.pk).exists()
