"""``govproj similar`` with real files: output shape and order, --top, and the errors a person meets."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

CORPUS = [
    {"id": "lights", "name": "钦州市城市照明智能监控平台", "content": "对城区路灯进行远程监控，实现单灯控制和故障报修。",
     "functions": "单灯控制、回路监测、故障报修、能耗统计", "unit": "钦州市城市管理局", "category": "smart_app"},
    {"id": "lights-old", "name": "钦州市路灯管理系统", "content": "路灯台账和巡查。", "unit": "钦州市城市管理局"},
    {"id": 7, "name": "钦州市智慧交通信号控制平台", "content": "优化城区路口信号配时，干线绿波协调。"},
    {"id": "hotline", "name": "12345政务服务便民热线", "content": "话务受理、工单派发和满意度回访。"},
]
QUERY = {"name": "灵山县智慧路灯监测平台", "content": "对全县路灯实行单灯远程开关、供电回路监测和故障上报维修。",
         "functions": "路灯单灯调控；供电回路监测；故障上报维修", "unit": "灵山县住房和城乡建设局"}


def _write(tmp_path, corpus=CORPUS, query=QUERY):
    corpus_path, query_path = tmp_path / "corpus.jsonl", tmp_path / "query.json"
    corpus_path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in corpus), encoding="utf-8")
    query_path.write_text(json.dumps(query, ensure_ascii=False), encoding="utf-8")
    return str(corpus_path), str(query_path)


def _similar(*args) -> list[dict]:
    out = StringIO()
    call_command("similar", *args, stdout=out)
    return json.loads(out.getvalue())


def test_prints_the_matches_best_first(tmp_path):
    corpus, query = _write(tmp_path)
    result = _similar("--corpus", corpus, "--query", query)
    assert [row["id"] for row in result][:2] == ["lights", "lights-old"]
    assert all(set(row) == {"id", "score"} and 0 < row["score"] <= 1 for row in result)
    assert [row["score"] for row in result] == sorted((row["score"] for row in result), reverse=True)
    assert "7" not in [row["id"] for row in result] and "hotline" not in [row["id"] for row in result]


def test_top_limits_the_list(tmp_path):
    corpus, query = _write(tmp_path)
    assert [row["id"] for row in _similar("--corpus", corpus, "--query", query, "--top", "1")] == ["lights"]


def test_the_query_itself_is_not_listed(tmp_path):
    corpus, query = _write(tmp_path, query={**CORPUS[0]})
    assert "lights" not in [row["id"] for row in _similar("--corpus", corpus, "--query", query)]


def test_output_keeps_chinese_readable(tmp_path):
    corpus, query = _write(tmp_path, corpus=[{"id": "路灯", **{k: CORPUS[0][k] for k in ("name", "content")}}])
    out = StringIO()
    call_command("similar", "--corpus", corpus, "--query", query, stdout=out)
    assert '"路灯"' in out.getvalue()


def test_a_malformed_line_is_named_by_its_number(tmp_path):
    corpus, query = _write(tmp_path)
    with open(corpus, "a", encoding="utf-8") as f:
        f.write('{"id": "broken", "name": "缺引号的行, "content": "x"}\n')
    with pytest.raises(CommandError, match="第 5 行.*不是有效的 JSON") as info:
        _similar("--corpus", corpus, "--query", query)
    assert info.value.returncode == 2


@pytest.mark.parametrize("row, message", [
    ({"id": "x", "content": "只有内容"}, "第 1 行缺少字段：name"),
    ({"id": "x", "name": "只有名称"}, "第 1 行缺少字段：content"),
    ({"name": "无编号", "content": "内容"}, "第 1 行缺少 id"),
    ({"id": "x", "name": ["不是文本"], "content": "内容"}, "第 1 行的 name 应为文本"),
    (["不是对象"], "第 1 行应为一个 JSON 对象"),
])
def test_a_line_without_what_it_needs_is_refused(tmp_path, row, message):
    corpus, query = _write(tmp_path, corpus=[row])
    with pytest.raises(CommandError, match=message):
        _similar("--corpus", corpus, "--query", query)


def test_a_repeated_id_is_refused(tmp_path):
    corpus, query = _write(tmp_path, corpus=[CORPUS[0], CORPUS[0]])
    with pytest.raises(CommandError, match="第 2 行的 id “lights” 与第 1 行重复"):
        _similar("--corpus", corpus, "--query", query)


def test_errors_in_the_query_file(tmp_path):
    corpus, query = _write(tmp_path, query={"name": "只有名称"})
    with pytest.raises(CommandError, match="查询项目缺少字段：content"):
        _similar("--corpus", corpus, "--query", query)
    (tmp_path / "query.json").write_text('{\n  "name": "x",\n  content\n}', encoding="utf-8")
    with pytest.raises(CommandError, match="query.json 第 3 行第 3 列起不是有效的 JSON"):
        _similar("--corpus", corpus, "--query", query)


def test_a_missing_file_is_named(tmp_path):
    _corpus, query = _write(tmp_path)
    with pytest.raises(CommandError, match="文件不存在：.*nowhere.jsonl") as info:
        _similar("--corpus", str(tmp_path / "nowhere.jsonl"), "--query", query)
    assert info.value.returncode == 2
