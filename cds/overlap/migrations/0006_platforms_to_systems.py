"""One catalogue: every row of the former platform catalogue becomes an information system of the
systems map, under the same primary key (so the pairs found against it stay valid), with its
history; the pairs and their history then point at the system.

National platforms and databases → category ``national``; the shared systems every province
runs → ``core``; common software → ``common``; a row no longer in use → lifecycle ``retired``;
the data a platform was the master of → master data holdings; LGSP and NDXP are hubs.

Data only — the schema changes are in the migrations before and after (PostgreSQL refuses to
alter a table with row changes still pending in the same transaction). A system already in the
map with a platform's code takes that platform's place (its pairs point at it); a primary key
already taken by another system gives the copy a new key."""
from django.core.management.color import no_style
from django.db import migrations
from django.utils import timezone

from cds.text.normalize import search_document

CATEGORY = {"national": "national", "shared": "core", "common": "common"}
HUBS = ("LGSP", "NDXP")
MOVED = "Chuyển từ danh mục nền tảng, hệ thống dùng chung"
COMMON_FIELDS = ("code", "name", "aliases", "description", "operator", "citation", "confirmed_at", "confirmed_by",
                 "confirmed_against", "confirmation_note", "root_unit_id")


def _system_fields(p) -> dict:
    out = {f: getattr(p, f) for f in COMMON_FIELDS}
    out.update(category=CATEGORY.get(p.level, "national"), is_hub=p.code in HUBS,
               lifecycle="operate" if p.is_active else "retired")
    if not p.is_active and p.updated_at:
        out["retired_on"] = timezone.localdate(p.updated_at) if timezone.is_aware(p.updated_at) else p.updated_at.date()
    return out


def copy(apps, schema_editor):
    Platform = apps.get_model("overlap", "Platform")
    HPlatform = apps.get_model("overlap", "HistoricalPlatform")
    HPlatformCaps = apps.get_model("overlap", "HistoricalPlatform_capabilities")
    Pair = apps.get_model("overlap", "OverlapPair")
    HPair = apps.get_model("overlap", "HistoricalOverlapPair")
    System = apps.get_model("systems", "InformationSystem")
    HSystem = apps.get_model("systems", "HistoricalInformationSystem")
    HSystemCaps = apps.get_model("systems", "HistoricalInformationSystem_capabilities")
    Holding = apps.get_model("systems", "DataHolding")

    taken = set(System.objects.values_list("pk", flat=True))
    by_code = dict(System.objects.values_list("code", "pk"))
    now = timezone.now()
    moved_any = False
    for p in Platform.objects.order_by("pk").prefetch_related("capabilities", "data_entities"):
        caps = [c.pk for c in p.capabilities.all()]
        if p.code in by_code:  # already in the map: the platform's pairs point at that system
            system = System.objects.get(pk=by_code[p.code])
            system.capabilities.add(*caps)
        else:
            fields = _system_fields(p)
            first = HPlatform.objects.filter(id=p.pk).order_by("history_date").values_list("history_date", flat=True).first()
            system = System(**fields, created_at=first or now,
                            search_text=search_document(p.code, p.name, p.aliases))
            if p.pk not in taken:
                system.pk = p.pk
            system.save()
            taken.add(system.pk)
            by_code[p.code] = system.pk
            system.capabilities.set(caps)
            moved_any = moved_any or system.pk == p.pk
            # the field history goes with it, then one entry saying where the record came from
            for h in HPlatform.objects.filter(id=p.pk).order_by("history_date", "history_id"):
                row = HSystem.objects.create(
                    id=system.pk, **{f: getattr(h, f) for f in COMMON_FIELDS},
                    category=CATEGORY.get(h.level, "national"), is_hub=h.code in HUBS,
                    lifecycle="operate" if h.is_active else "retired", created_at=system.created_at,
                    history_date=h.history_date, history_type=h.history_type, history_user_id=h.history_user_id,
                    history_change_reason=h.history_change_reason)
                HSystemCaps.objects.bulk_create([
                    HSystemCaps(id=system.pk, history=row, informationsystem_id=system.pk, capability_id=c.capability_id)
                    for c in HPlatformCaps.objects.filter(history_id=h.history_id)])
            known = HSystem.objects.filter(id=system.pk).exists()
            row = HSystem.objects.create(
                id=system.pk, **{f: getattr(system, f) for f in COMMON_FIELDS + ("category", "is_hub", "lifecycle",
                                                                                  "retired_on", "created_at")},
                history_date=now, history_type="~" if known else "+", history_change_reason=MOVED)
            HSystemCaps.objects.bulk_create([HSystemCaps(id=system.pk, history=row, informationsystem_id=system.pk,
                                                         capability_id=c) for c in caps])
        for e in p.data_entities.all():
            Holding.objects.get_or_create(system=system, entity=e, defaults={"role": "master"})
        Pair.objects.filter(platform_id=p.pk).update(system_id=system.pk)
        HPair.objects.filter(platform_id=p.pk).update(system_id=system.pk)
    if moved_any:  # rows inserted with their own keys: the next new system must not reuse one
        for sql in schema_editor.connection.ops.sequence_reset_sql(no_style(), [System]):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("overlap", "0005_pair_system"), ("systems", "0002_completeness_scheme")]
    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
