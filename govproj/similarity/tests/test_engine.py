"""The similarity engine on small, explicit cases: what must rank first, what must not match at all."""

import threading
from dataclasses import replace

import pytest

from govproj.similarity.engine import Doc, Index, highlight, normalise
from govproj.similarity.synonyms import SYNONYMS

STREET_LIGHTS = Doc(
    name="钦州市城市照明智能监控平台",
    content="对城区路灯、灯杆和配电箱进行远程监控，实现单灯控制、回路监测和故障报修闭环管理。",
    functions="单灯控制、回路监测、故障报修、能耗统计、亮灯率考核",
    unit="钦州市城市管理局",
    category="smart_app",
)
# The same system as a county bureau words it: other names for the system and its modules, modules reordered.
STREET_LIGHTS_REWORDED = Doc(
    name="灵山县智慧路灯监测预警平台建设项目",
    content="建设路灯监测系统，对全县路灯实行单灯远程开关、供电回路监测和故障上报维修。",
    functions="用电能耗分析；路灯单灯调控；供电回路监测；故障上报维修",
    unit="灵山县住房和城乡建设局",
)
# Projects that share only what every declaration says, or the department and its field.
GENERIC = {
    "generic-city": Doc("钦州市智慧城市综合管理平台建设项目",
                        "建设智慧城市综合管理平台，提升城市管理信息化、智能化水平，构建统一的数字化管理系统。",
                        "系统管理、用户权限管理、平台运维、综合查询", "钦州市城市管理局", "smart_app"),
    "generic-platform": Doc("钦州市数字化平台建设项目（一期）", "建设一体化智能平台系统，实现信息化管理全面提升。",
                            "平台管理、系统配置、信息发布", "钦州市大数据发展局", "infrastructure"),
    "same-field": Doc("钦州市智慧城管综合执法办案系统", "城市管理综合执法案件网上办理，执法过程全记录。",
                      "案件受理、执法文书、处罚决定、移动执法", "钦州市城市管理局", "smart_app"),
    "other-field": Doc("钦州市智慧交通信号控制平台", "建设交通信号控制系统，优化城区路口信号配时。",
                       "信号配时优化、绿波协调、路口流量检测", "钦州市交通运输局", "smart_app"),
}


def _index(docs: dict[str, Doc]) -> Index:
    index = Index()
    for key, doc in docs.items():
        index.add(key, doc)
    return index


def test_rewording_outranks_projects_sharing_only_generic_words():
    index = _index({"street-lights": STREET_LIGHTS, **GENERIC})
    matches = index.query(STREET_LIGHTS_REWORDED)
    assert matches[0].key == "street-lights"
    others = [m.score for m in matches[1:]]
    assert all(score < matches[0].score / 3 for score in others), matches


def test_generic_words_alone_match_nothing():
    index = _index({"street-lights": STREET_LIGHTS, **GENERIC})
    assert index.query(Doc("钦州市智慧平台系统建设项目", "建设智能化信息系统平台，推进数字化建设。", "系统管理")) == []


def test_the_same_unit_alone_does_not_make_a_match():
    index = _index({"street-lights": STREET_LIGHTS, **GENERIC})
    unrelated = Doc("殡葬服务平台", "遗体火化登记和公墓墓位预订", "云祭扫、墓位预订", unit="钦州市城市管理局", category="smart_app")
    assert index.query(unrelated) == []


def test_a_different_unit_barely_changes_the_score():
    index = _index({"street-lights": STREET_LIGHTS, **GENERIC})
    other_unit = index.query(STREET_LIGHTS_REWORDED)[0]
    same_unit = index.query(replace(STREET_LIGHTS_REWORDED, unit=STREET_LIGHTS.unit))[0]
    assert other_unit.key == same_unit.key == "street-lights"
    assert abs(same_unit.score - other_unit.score) < 0.05


def test_remove_and_add_again_change_the_results_incrementally():
    index = _index({"street-lights": STREET_LIGHTS, **GENERIC})
    before = index.query(STREET_LIGHTS_REWORDED)[0]
    index.remove("street-lights")
    assert "street-lights" not in index and len(index) == len(GENERIC)
    assert "street-lights" not in [m.key for m in index.query(STREET_LIGHTS_REWORDED)]
    index.remove("street-lights")  # absent: no error
    index.add("street-lights", STREET_LIGHTS)
    again = index.query(STREET_LIGHTS_REWORDED)[0]
    assert again.key == "street-lights" and again.score == pytest.approx(before.score)


def test_add_under_an_existing_key_replaces_the_document():
    index = _index({"street-lights": STREET_LIGHTS, **GENERIC})
    index.add("street-lights", GENERIC["other-field"])
    assert len(index) == len(GENERIC) + 1
    assert "street-lights" not in [m.key for m in index.query(STREET_LIGHTS_REWORDED)]
    assert index.query(GENERIC["other-field"], top=2)[0].score == pytest.approx(1.0)


def test_scores_lie_between_zero_and_one_best_first():
    index = _index({"street-lights": STREET_LIGHTS, **GENERIC})
    for query in (STREET_LIGHTS, STREET_LIGHTS_REWORDED, *GENERIC.values()):
        matches = index.query(query)
        assert all(0 < m.score <= 1 for m in matches)
        assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert index.query(STREET_LIGHTS)[0].score == pytest.approx(1.0)


def test_top_and_exclude():
    index = _index({"street-lights": STREET_LIGHTS, **GENERIC})
    assert len(index.query(GENERIC["same-field"], top=1)) == 1
    assert index.query(STREET_LIGHTS, top=0) == []
    keys = [m.key for m in index.query(STREET_LIGHTS, exclude=["street-lights", "not-indexed"])]
    assert "street-lights" not in keys
    assert Index().query(STREET_LIGHTS) == []


def test_phrases_name_the_shared_distinctive_terms_not_generic_words():
    index = _index({"street-lights": STREET_LIGHTS, **GENERIC})
    phrases = index.query(STREET_LIGHTS_REWORDED)[0].phrases
    assert "回路监测" in phrases and "路灯" in phrases
    assert not {"平台", "系统", "建设", "智慧", "管理"} & set(phrases)
    assert all(phrase in normalise(STREET_LIGHTS.name + STREET_LIGHTS.content + STREET_LIGHTS.functions)
               for phrase in phrases)


def test_synonyms_make_different_spellings_meet():
    index = _index({"oa": Doc("市直机关OA系统", "公文流转和督查督办", "公文流转、督查督办、会议管理"), **GENERIC})
    match = index.query(Doc("协同办公平台", "机关公文流转", "督查督办；会议管理"))[0]
    assert match.key == "oa" and "办公自动化" in match.phrases
    assert normalise("监控视频") == normalise("视频监控") and normalise("GIS") == normalise("地理信息")
    assert normalise("koala smart_app") == "koala smart_app"  # Latin variants match whole words only


def test_every_canonical_spelling_is_left_as_it_is():
    assert [group[0] for group in SYNONYMS if normalise(group[0]) != group[0]] == []


def test_highlight_round_trips_the_text_and_marks_synonym_spellings():
    text = "建设ＯＡ系统，整合监控视频与单灯控制。"
    segments = highlight(text, ["办公自动化", "视频监控", "单灯控制", "不存在"])
    assert "".join(segment for segment, _ in segments) == text
    assert [segment for segment, marked in segments if marked] == ["ＯＡ", "监控视频", "单灯控制"]
    assert highlight(text, []) == [(text, False)]
    assert highlight("", ["视频监控"]) == []


def test_highlight_prefers_the_longest_phrase():
    segments = highlight("单灯控制系统", ["单灯", "单灯控制"])
    assert segments == [("单灯控制", True), ("系统", False)]


def test_concurrent_adds_during_queries_are_safe():
    index = _index({"street-lights": STREET_LIGHTS, **GENERIC})
    errors = []

    def write(offset):
        try:
            for i in range(60):
                index.add(f"extra:{offset}:{i}", Doc(f"公交车辆调度系统{i}", "公交智能排班", "车辆排班调度、到站预报"))
                if i % 3 == 0:
                    index.remove(f"extra:{offset}:{i}")
        except Exception as exc:  # noqa: BLE001 - the test reports whatever a thread raised
            errors.append(exc)

    def read():
        try:
            for _ in range(60):
                assert index.query(STREET_LIGHTS_REWORDED)[0].key == "street-lights"
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(2)] + [threading.Thread(target=read)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(index) == 1 + len(GENERIC) + 2 * 40
