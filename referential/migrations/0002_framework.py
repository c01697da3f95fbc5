"""The 5 areas and 16 competences of the Pix framework (DOMAIN.md §5, LSU-API.md), as data.

Written out here rather than imported so that this migration never changes with the code.
"""

from django.db import migrations

AREAS = [
    ("1", "Information et données"),
    ("2", "Communication et collaboration"),
    ("3", "Création de contenu"),
    ("4", "Protection et sécurité"),
    ("5", "Environnement numérique"),
]

COMPETENCES = [
    ("1.1", "Mener une recherche et une veille d'information"),
    ("1.2", "Gérer des données"),
    ("1.3", "Traiter des données"),
    ("2.1", "Interagir"),
    ("2.2", "Partager et publier"),
    ("2.3", "Collaborer"),
    ("2.4", "S'insérer dans le monde numérique"),
    ("3.1", "Développer des documents textuels"),
    ("3.2", "Développer des documents multimédia"),
    ("3.3", "Adapter les documents à leur finalité"),
    ("3.4", "Programmer"),
    ("4.1", "Sécuriser l'environnement numérique"),
    ("4.2", "Protéger les données personnelles et la vie privée"),
    ("4.3", "Protéger la santé, le bien-être et l'environnement"),
    ("5.1", "Résoudre des problèmes techniques"),
    ("5.2", "Construire un environnement numérique"),
]


def forwards(apps, schema_editor):
    Area = apps.get_model("referential", "Area")
    Competence = apps.get_model("referential", "Competence")
    areas = {}
    for code, name in AREAS:
        areas[code], _created = Area.objects.update_or_create(code=code, defaults={"name": name})
    for code, name in COMPETENCES:
        Competence.objects.update_or_create(code=code, defaults={"name": name, "area": areas[code.split(".")[0]]})


def backwards(apps, schema_editor):
    apps.get_model("referential", "Competence").objects.filter(code__in=[c for c, _n in COMPETENCES]).delete()
    apps.get_model("referential", "Area").objects.filter(code__in=[c for c, _n in AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("referential", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
