"""Chain the audit records that existed before the hash chain (in id order), and create the
chain heads: the whole trail's and one per procedure."""

from django.db import migrations

from innopartner.audit import chain


def chain_existing(apps, schema_editor):
    AuditRecord = apps.get_model("audit", "AuditRecord")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    trail = chain.Head()
    procedures: dict[str, chain.Head] = {}
    for record in AuditRecord.objects.order_by("id").iterator(chunk_size=2000):
        link = chain.next_link(trail)
        record.seq, record.prev_hash = link.seq, link.prev_hash
        record.procedure_seq, record.procedure_prev_hash = None, ""
        if record.procedure_id is not None:
            own = chain.next_link(procedures.get(str(record.procedure_id), chain.Head()))
            record.procedure_seq, record.procedure_prev_hash = own.seq, own.prev_hash
        record.record_hash = chain.content_hash(
            {name: getattr(record, name) for name in chain.CONTENT_FIELDS}
        )
        record.save(
            update_fields=[
                "seq",
                "prev_hash",
                "procedure_seq",
                "procedure_prev_hash",
                "record_hash",
            ]
        )
        trail = chain.Head(record.seq, record.record_hash)
        if record.procedure_id is not None:
            procedures[str(record.procedure_id)] = chain.Head(
                record.procedure_seq, record.record_hash
            )
    AuditChainHead.objects.update_or_create(
        scope="*", defaults={"seq": trail.seq, "record_hash": trail.hash}
    )
    for scope, head in procedures.items():
        AuditChainHead.objects.update_or_create(
            scope=scope, defaults={"seq": head.seq, "record_hash": head.hash}
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain")]

    operations = [migrations.RunPython(chain_existing, migrations.RunPython.noop)]
