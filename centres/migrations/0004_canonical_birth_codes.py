"""Students' birth codes in their one INSEE spelling (issue 14): SIECLE's ``100`` / ``075`` become
``99100`` / ``75``, as the roster CSV writes them.

The rules are copied from pixcertif/lib/insee.py, not imported: a migration must never change.
"""

from __future__ import annotations

from django.db import migrations


def _country(code: str) -> str:
    code = code.strip().upper()
    return "99" + code.zfill(3) if code.isdigit() and len(code) <= 3 else code


def _department(code: str) -> str:
    code = code.strip().upper()
    if len(code) == 3 and code.startswith("0"):
        return code[1:]
    if len(code) == 1 and code.isdigit():
        return "0" + code
    return code


def _commune(code: str) -> str:
    code = code.strip().upper()
    return "0" + code if len(code) == 4 and code.isdigit() else code


def canonical_birth_codes(apps, schema_editor):  # type: ignore[no-untyped-def]
    Student = apps.get_model("centres", "Student")
    changed = []
    fields = ("birth_country_code", "birth_department_code", "birth_insee_code")
    for student in Student.objects.only("pk", *fields).iterator(chunk_size=2000):
        before = [getattr(student, name) for name in fields]
        student.birth_country_code = _country(student.birth_country_code)
        student.birth_department_code = _department(student.birth_department_code)
        student.birth_insee_code = _commune(student.birth_insee_code)
        if [getattr(student, name) for name in fields] != before:
            changed.append(student)
    Student.objects.bulk_update(changed, fields, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("centres", "0003_student")]

    operations = [migrations.RunPython(canonical_birth_codes, migrations.RunPython.noop)]
