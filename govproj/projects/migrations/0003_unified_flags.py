"""Split the old ``region_unified`` flag into the two facts the measures distinguish.

``region_unified`` used to stand both for Art. 6 ¶2 of 钦政办规〔2024〕1号 (a project the region builds or plans to
build uniformly is in principle not declared again: rule L2 refuses it) and for Art. 9 of both versions (the state's or
region's unified documents already contain the city's share, which is declared and approved without documents of its
own: rule L10, no approval items for those documents).

Existing flags are mapped by the declaration date, as the rules judged them:

* declared before 2024-12-06 (钦政办规〔2023〕6号, which has no Art. 6 ¶2): the flag could only have meant the
  documents case — L10 and no own approval items were all it did — so it moves to ``unified_documents_cover_city``;
* declared from 2024-12-06, or not declared yet: L2 refused or will refuse such a project at submit, and the label the
  unit ticked was Art. 6 ¶2's wording, so ``region_unified`` stays. A unit that meant the documents case sees the L2
  block on its draft and can tick the new box instead.

The date is written out rather than read from the rulebook so the migration never changes with later data.
"""

from datetime import date

from django.db import migrations, models

IN_FORCE_2024 = date(2024, 12, 6)  # 钦政办规〔2024〕1号, govproj/rulebook/data/versions/2024-1.json


def split_flag(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Project.objects.filter(region_unified=True, declared_on__lt=IN_FORCE_2024).update(
        region_unified=False, unified_documents_cover_city=True)


def merge_flag(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Project.objects.filter(unified_documents_cover_city=True).update(region_unified=True)


class Migration(migrations.Migration):

    dependencies = [
        ("projects", "0002_project_updated_at_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="project",
            name="unified_documents_cover_city",
            field=models.BooleanField(default=False, help_text="钦政办规〔2024〕1号第九条（〔2023〕6号第九条同）：国家、自治区统一建设或组织实施的项目，有关单位统一编报的项目建议书、可行性研究报告、初步设计方案等已包含我市承建或分担建设内容的，我市原则上无需重复编报，相应审批事项不再报批。", verbose_name="国家/自治区统一编报的文件已包含我市建设内容"),
        ),
        migrations.AlterField(
            model_name="project",
            name="region_unified",
            field=models.BooleanField(default=False, help_text="钦政办规〔2024〕1号第六条（2024年12月6日起申报的项目适用）：自治区层面已统一建设或计划统一建设的信息化项目，原则上不再重复申报建设。本市承建或分担统一项目建设内容的，不勾选此项，勾选“国家/自治区统一编报的文件已包含我市建设内容”。", verbose_name="属自治区层面已统一建设或计划统一建设的项目"),
        ),
        migrations.RunPython(split_flag, merge_flag),
    ]
