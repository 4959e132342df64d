"""The desk's starting review statuses, and the Researchers and Admins groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STATUSES = [
    ("unreviewed", "Unreviewed", "#8a94a0", 0, "Found or added, not yet checked."),
    ("corroborated", "Corroborated", "#2d7a46", 10, "Other independent sources confirm it."),
    ("disputed", "Disputed", "#b07d00", 20, "Credible sources contest it."),
    ("refuted", "Refuted", "#a33a2b", 30, "Shown to be false."),
    ("unverifiable", "Unverifiable", "#6a5a8c", 40, "Cannot be checked with what is available."),
]

# Frozen copy of articles.roles at the time of this migration.
_VIEW = ["view"]
_WORK = ["view", "add", "change"]
_ALL = ["view", "add", "change", "delete"]
RESEARCHER = {
    "article": _WORK,
    "claim": _WORK,
    "attribution": _ALL,
    "note": _ALL,
    "claimlink": _ALL,
    "tag": ["view", "add"],
    "source": _VIEW,
    "sourcealias": _VIEW,
    "claimstatus": _VIEW,
    "importjob": _WORK,
}
ADMIN = {
    **dict.fromkeys(RESEARCHER, _ALL),
    "source": _ALL,
    "sourcealias": _ALL,
    "tag": _ALL,
    "claimstatus": _ALL,
}
ADMIN_AUTH = {"user": _ALL, "group": ["view"]}


def forwards(apps, schema_editor):
    ClaimStatus = apps.get_model("articles", "ClaimStatus")
    for slug, name, colour, order, description in STATUSES:
        ClaimStatus.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "colour": colour, "order": order, "description": description},
        )

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def perms(app_label, table):
        codenames = [f"{action}_{model}" for model, actions in table.items() for action in actions]
        return list(
            Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )

    researchers, _ = Group.objects.get_or_create(name="Researchers")
    researchers.permissions.set(perms("articles", RESEARCHER))
    admins, _ = Group.objects.get_or_create(name="Admins")
    admins.permissions.set(perms("articles", ADMIN) + perms("auth", ADMIN_AUTH))


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Researchers", "Admins"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
