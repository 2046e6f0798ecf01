"""Zombie determinations become one row each; the flag fields they replace are dropped.

The old fields held only the latest determination, and a clearing overwrote its reason. The audit chain
holds every flag and clearing with its author, so the history is rebuilt from it; a system flagged with
no audit record keeps what the fields still say.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def determinations_from_flags(apps, schema_editor):
    System = apps.get_model("sharing", "InformationSystem")
    Determination = apps.get_model("sharing", "ZombieDetermination")
    AuditRecord = apps.get_model("audit", "AuditRecord")
    for system in System.objects.exclude(zombie_since=None):
        rows = []
        for rec in AuditRecord.objects.filter(object_type="sharing.informationsystem", object_id=str(system.pk),
                                              action="decision").order_by("seq"):
            step = (rec.after or {}).get("step")
            if step == "flag_zombie":
                if rows and rows[-1].cleared_on is None:  # a backdated flag overwrote the open one
                    rows.pop()
                rows.append(Determination(system=system, determined_on=rec.after["zombie_since"],
                                          determined_by_id=rec.actor_id, reason=rec.after["zombie_reason"]))
            elif step == "clear_zombie" and rows:
                rows[-1].cleared_on = rec.after["zombie_cleared_on"]
                rows[-1].cleared_by_id = rec.actor_id
                rows[-1].clear_reason = rec.after["zombie_reason"]
        if not rows or str(rows[-1].determined_on) != str(system.zombie_since):
            cleared = system.zombie_cleared_on is not None
            rows.append(Determination(system=system, determined_on=system.zombie_since,
                                      reason="（原认定理由未保存）" if cleared else system.zombie_reason,
                                      cleared_on=system.zombie_cleared_on,
                                      clear_reason=system.zombie_reason if cleared else ""))
        Determination.objects.bulk_create(rows)


class Migration(migrations.Migration):

    dependencies = [
        ('sharing', '0004_cycle'),
        ('audit', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ZombieDetermination',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('determined_on', models.DateField(verbose_name='认定日期')),
                ('reason', models.TextField(verbose_name='认定理由')),
                ('cleared_on', models.DateField(blank=True, null=True, verbose_name='撤销日期')),
                ('clear_reason', models.TextField(blank=True, verbose_name='撤销理由')),
            ],
            options={
                'verbose_name': '“僵尸”系统认定',
                'verbose_name_plural': '“僵尸”系统认定',
                'ordering': ['-determined_on', '-id'],
            },
        ),
        migrations.AddField(
            model_name='zombiedetermination',
            name='cleared_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='撤销人'),
        ),
        migrations.AddField(
            model_name='zombiedetermination',
            name='determined_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='认定人'),
        ),
        migrations.AddField(
            model_name='zombiedetermination',
            name='system',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='zombie_determinations', to='sharing.informationsystem', verbose_name='信息系统'),
        ),
        migrations.AddIndex(
            model_name='zombiedetermination',
            index=models.Index(fields=['system', 'determined_on'], name='sharing_zom_system__ebde48_idx'),
        ),
        migrations.AddConstraint(
            model_name='zombiedetermination',
            constraint=models.UniqueConstraint(condition=models.Q(('cleared_on__isnull', True)), fields=('system',), name='sharing_one_open_zombie_determination'),
        ),
        migrations.AddConstraint(
            model_name='zombiedetermination',
            constraint=models.CheckConstraint(condition=models.Q(('cleared_on__isnull', True), ('cleared_on__gte', models.F('determined_on')), _connector='OR'), name='sharing_zombie_cleared_after_determined'),
        ),
            migrations.RunPython(determinations_from_flags, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name='informationsystem',
            name='sharing_inf_zombie__a2cdb3_idx',
        ),
        migrations.RemoveField(
            model_name='informationsystem',
            name='zombie_cleared_on',
        ),
        migrations.RemoveField(
            model_name='informationsystem',
            name='zombie_reason',
        ),
        migrations.RemoveField(
            model_name='informationsystem',
            name='zombie_since',
        ),
    ]
