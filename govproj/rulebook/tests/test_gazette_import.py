from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from govproj.audit.models import Action, AuditRecord
from govproj.rulebook.gazette import (
    article_label,
    cn_to_int,
    find_numbers,
    parse_gazette,
)
from govproj.rulebook.models import Document, DocumentStatus, RepealReference
from govproj.rulebook.services import (
    BUNDLED_GAZETTES,
    gazette_import,
    gazettes_import_bundled,
)

SEED_2023 = BUNDLED_GAZETTES / "000_75a8c7347e1b7032.txt"
SEED_2024 = BUNDLED_GAZETTES / "001_619be68460ea133a.txt"

MESSY = """钦州市人民政府公报

2025

第3期(总第290期)

钦州市人民政府办公室关于印发
钦州市测试管理办法的通知
钦政办规[2025] 7 号

各县、区人民政府，市直各委、办、局：
经市人民政府同意，现印发给你们。《钦州市旧测试办法》（钦政办规〔 2020 〕 3号）同时废止。

2025 年 3 月 5 日

钦州市测试管理办法

第一章　总　则

第一条　为规范测试，制定本
办法。
- 12 -
钦州市人民政府公报
第二条 本办法所称测试，依照第一条执行。
第 三 条　本办法自2025年4月1日起施行。
"""


def test_chinese_numerals():
    assert [cn_to_int(t) for t in ("一", "十", "十二", "二十", "三十八", "一百", "一百零五")] == [1, 10, 12, 20, 38, 100, 105]
    assert [article_label(n) for n in (1, 10, 11, 22, 37, 100, 105, 120)] == [
        "第一条", "第十条", "第十一条", "第二十二条", "第三十七条", "第一百条", "第一百零五条", "第一百二十条"]
    assert find_numbers("依据（钦政发〔2023〕11 号）和钦政办[2019]5号") == ["钦政发〔2023〕11号", "钦政办〔2019〕5号"]


def test_messy_extraction_is_parsed():
    gazette = parse_gazette(MESSY)
    assert gazette.source == "钦州市人民政府公报2025年第3期（总第290期）"
    [doc] = gazette.documents
    assert doc.number == "钦政办规〔2025〕7号"
    assert doc.title == "钦州市人民政府办公室关于印发钦州市测试管理办法的通知"
    assert doc.issuer == "钦州市人民政府办公室"
    assert str(doc.issued_on) == "2025-03-05" and str(doc.effective_on) == "2025-04-01"
    assert [a.number for a in doc.articles] == [1, 2, 3]
    assert doc.articles[0].text == "为规范测试，制定本办法。"
    assert doc.articles[0].chapter == "第一章 总则"
    assert "公报" not in doc.articles[1].text  # page furniture dropped
    assert [n for n, _ in doc.repeals] == ["钦政办规〔2020〕3号"]


@pytest.mark.django_db
def test_two_versions_import_with_article_counts_and_repeal_chain_in_either_order():
    gazette_import(text=SEED_2024.read_text(encoding="utf-8"))
    new = Document.objects.get(number="钦政办规〔2024〕1号")
    ref = RepealReference.objects.get(repealing=new)
    assert ref.repealed is None and ref.repealed_number == "钦政办规〔2023〕6号"  # recorded though unknown yet

    gazette_import(text=SEED_2023.read_text(encoding="utf-8"))
    old = Document.objects.get(number="钦政办规〔2023〕6号")
    ref.refresh_from_db()
    assert ref.repealed == old and old.status == DocumentStatus.REPEALED and new.status == DocumentStatus.CURRENT
    assert (old.articles.count(), new.articles.count()) == (38, 37)
    assert str(old.issued_on) == "2023-06-16" and str(new.issued_on) == "2024-12-06"
    assert new.articles.get(number=22).label == "第二十二条" and "信创备案证明" in new.articles.get(number=22).text
    assert old.repeals.get().repealed_number == "钦政办〔2016〕10号"


@pytest.mark.django_db
def test_all_bundled_gazettes_import_and_reimport_changes_nothing():
    first = gazettes_import_bundled()
    assert all(r.created for r in first.values())
    numbers = {"钦政办规〔2024〕1号", "钦政办规〔2023〕6号", "钦市财规〔2023〕1号", "钦政办规〔2019〕1号",
               "钦政办〔2019〕5号", "钦政办规〔2019〕10号", "钦市财规〔2019〕3号"}
    assert numbers <= set(Document.objects.values_list("number", flat=True))
    assert Document.objects.get(number="钦市财规〔2023〕1号").articles.count() == 29
    audit_rows = AuditRecord.objects.filter(action=Action.IMPORT).count()
    second = gazettes_import_bundled()
    assert all(not r.created and not r.updated for r in second.values())
    assert AuditRecord.objects.filter(action=Action.IMPORT).count() == audit_rows


@pytest.mark.django_db
def test_changed_text_updates_the_document(tmp_path):
    gazette_import(text=MESSY)
    changed = MESSY.replace("第 三 条　本办法自2025年4月1日起施行。", "第三条 新增内容。\n第四条 本办法自2025年5月1日起施行。")
    result = gazette_import(text=changed)
    assert result.updated == ["钦政办规〔2025〕7号"]
    doc = Document.objects.get(number="钦政办规〔2025〕7号")
    assert doc.articles.count() == 4 and str(doc.effective_on) == "2025-05-01"


@pytest.mark.django_db
def test_import_command(tmp_path, capsys):
    path = tmp_path / "gazette.txt"
    path.write_text(MESSY, encoding="utf-8")
    call_command("rulebook", "import", str(path))
    call_command("rulebook", "import", str(path))
    assert capsys.readouterr().out.splitlines() == ["gazette.txt：新增 1，更新 0，未变 0", "gazette.txt：新增 0，更新 0，未变 1"]
    with pytest.raises(CommandError, match="文件不存在"):
        call_command("rulebook", "import", str(Path(tmp_path) / "missing.txt"))
