"""One list of participants: the staff accounts of a meeting join its people.

Each account is matched to the Person of its organisation with the same e-mail address (or,
without an address, the same first and last names); an account without one gets its Person,
made from the account's names and address, so that nobody invited before is lost. An account
without an organisation (none should be, the form refused them) is kept by name among the
other participants.
"""

from django.db import migrations, models


def merge_staff_into_people(apps, schema_editor):
    ReferentMeeting = apps.get_model("relais", "ReferentMeeting")
    Person = apps.get_model("partnership", "Person")
    person_of = {}
    for meeting in ReferentMeeting.objects.prefetch_related("staff").iterator(chunk_size=500):
        outsiders = []
        for user in meeting.staff.all():
            if user.organisation_id is None:
                outsiders.append(" ".join(filter(None, [user.first_name, user.last_name])) or user.username)
                continue
            if user.pk not in person_of:
                person_of[user.pk] = _person_of(Person, user)
            meeting.people.add(person_of[user.pk])
        names = [line.strip() for line in meeting.other_participants.splitlines() if line.strip()]
        added = [name for name in outsiders if name not in names]
        if added:
            meeting.other_participants = "\n".join(names + added)
            meeting.save(update_fields=["other_participants"])


def _person_of(Person, user):
    people = Person.objects.filter(organisation_id=user.organisation_id)
    if user.email:
        found = people.filter(email__iexact=user.email).order_by("pk").first()
    else:
        found = (
            people.filter(first_name__iexact=user.first_name, last_name__iexact=user.last_name).order_by("pk").first()
            if user.last_name
            else None
        )
    if found is None:
        found = Person.objects.create(
            organisation_id=user.organisation_id,
            first_name=user.first_name,
            last_name=user.last_name or user.username,
            email=user.email,
        )
    return found


class Migration(migrations.Migration):
    dependencies = [("relais", "0001_initial")]

    operations = [
        migrations.RunPython(merge_staff_into_people, migrations.RunPython.noop),
        migrations.RemoveField(model_name="referentmeeting", name="staff"),
        migrations.RenameField(model_name="referentmeeting", old_name="people", new_name="participants"),
        migrations.AlterField(
            model_name="referentmeeting",
            name="participants",
            field=models.ManyToManyField(
                blank=True,
                help_text="L'invitation part vers ceux qui ont une adresse électronique professionnelle.",
                related_name="+",
                to="partnership.person",
                verbose_name="participants des deux parties",
            ),
        ),
        migrations.AlterField(
            model_name="referentmeeting",
            name="other_participants",
            field=models.TextField(
                blank=True,
                help_text="Les personnes extérieures aux deux parties : nom et structure, une par ligne ; rien "
                "d'autre. Elles ne reçoivent pas l'invitation.",
                verbose_name="autres participants",
            ),
        ),
        migrations.AlterField(
            model_name="historicalreferentmeeting",
            name="other_participants",
            field=models.TextField(
                blank=True,
                help_text="Les personnes extérieures aux deux parties : nom et structure, une par ligne ; rien "
                "d'autre. Elles ne reçoivent pas l'invitation.",
                verbose_name="autres participants",
            ),
        ),
    ]
