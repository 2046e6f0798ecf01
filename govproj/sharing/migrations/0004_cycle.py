"""One city-wide assessment a year (钦政办〔2019〕5号 二（一）4), over every catalogue published that year.

Existing per-area assessments of a year are merged into one: its rows (one per provider; the areas' providers do
not overlap) and the catalogues they were based on move to the city's assessment (or the year's first). The
criteria applied so far were 50 % shareable and 20 days, the values the platform used before they became settings.
"""

from decimal import Decimal

from django.db import migrations, models


def _check_now(schema_editor):
    """PostgreSQL defers foreign-key checks to the end of the transaction, and refuses to alter a table that still
    has such checks pending; run them now, before the schema changes that follow the data changes."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def merge_per_area_assessments(apps, schema_editor):
    Assessment = apps.get_model("sharing", "Assessment")
    AssessmentRow = apps.get_model("sharing", "AssessmentRow")
    kept = {}
    # the city's first, so it is the one kept; then the counties in the order they were made
    for assessment in sorted(Assessment.objects.all(), key=lambda a: (a.year, a.area != "city", a.pk)):
        keep = kept.setdefault(assessment.year, assessment)
        keep.catalogues.add(assessment.catalogue_id)
        if keep.pk == assessment.pk:
            continue
        AssessmentRow.objects.filter(assessment=assessment).update(assessment=keep)
        if assessment.circulated_on and not keep.circulated_on:  # a circulation already made is not lost
            keep.circulated_on, keep.circulation_ref = assessment.circulated_on, assessment.circulation_ref
            keep.save(update_fields=["circulated_on", "circulation_ref"])
        assessment.delete()
    _check_now(schema_editor)


def split_back(apps, schema_editor):
    """Reverse: each assessment goes back to the city, on the city's catalogue (or the first it covered)."""
    Assessment = apps.get_model("sharing", "Assessment")
    for assessment in Assessment.objects.all():
        catalogues = sorted(assessment.catalogues.all(), key=lambda c: (c.area != "city", c.pk))
        if catalogues:
            Assessment.objects.filter(pk=assessment.pk).update(catalogue=catalogues[0], area="city")
    _check_now(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("sharing", "0003_grants"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="catalogues",
            field=models.ManyToManyField(related_name="+", to="sharing.citycatalogue", verbose_name="考核所依据的目录"),
        ),
        migrations.AddField(
            model_name="assessment",
            name="min_shareable_ratio",
            field=models.DecimalField(decimal_places=2, default=Decimal("0.5"), max_digits=3,
                                      verbose_name="可共享资源最低占比（本平台考核口径）"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="assessment",
            name="response_days",
            field=models.PositiveSmallIntegerField(default=20, verbose_name="共享申请办理时限（天，本平台考核口径）"),
            preserve_default=False,
        ),
        migrations.AlterField(  # so that the reverse can add it back before filling it in
            model_name="assessment",
            name="catalogue",
            field=models.ForeignKey(null=True, on_delete=models.deletion.PROTECT, related_name="assessments",
                                    to="sharing.citycatalogue", verbose_name="考核所依据的目录"),
        ),
        migrations.RunPython(merge_per_area_assessments, split_back),
        migrations.RemoveConstraint(model_name="assessment", name="sharing_assessment_unique"),
        migrations.RemoveField(model_name="assessment", name="catalogue"),
        migrations.RemoveField(model_name="assessment", name="area"),
        migrations.AlterField(
            model_name="assessment",
            name="catalogues",
            field=models.ManyToManyField(related_name="assessments", to="sharing.citycatalogue",
                                         verbose_name="考核所依据的目录"),
        ),
        migrations.AlterField(
            model_name="assessment",
            name="year",
            field=models.PositiveSmallIntegerField(unique=True, verbose_name="年度"),
        ),
        migrations.AlterModelOptions(
            name="assessment",
            options={"ordering": ["-year"], "verbose_name": "共享信息资源考核", "verbose_name_plural": "共享信息资源考核"},
        ),
    ]
