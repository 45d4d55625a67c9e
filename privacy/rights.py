"""Article 17 of the RGPD (the rights clause O16 names): a person's erasure request applied.

The person's record goes, with every version django-simple-history keeps of it, when nothing the
conventions need still names them (`destruction.still_named`: a convention not yet destroyed, a
public act kept); otherwise the request is refused with the reasons, which the answer gives the
person. What refers to the record without tying it to a convention loses the link (a list of
participants, a request's link to its person); a row that the database keeps only with its person
(an OPUS account, a party's representative) refuses the erasure. The request is answered in the
same transaction: one history row says who applied it and when.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from partnership import duty_snapshots, erasure
from partnership.french import french_date
from partnership.models import Person
from privacy import destruction
from privacy.models import RightsRequest


def refusal(rights_request):
    """Why the request cannot be applied now, in French, or None."""
    if rights_request.kind != RightsRequest.Kind.ERASURE:
        return _("Seule une demande d'effacement efface une fiche.")
    if rights_request.answered_on:
        return _("La demande a déjà reçu sa réponse.")
    if rights_request.person is None:
        return _("La demande n'est reliée à aucune fiche : rien à effacer dans l'outil.")
    reasons = destruction.still_named(rights_request.person)
    if reasons:
        return _("La fiche reste nécessaire à l'exécution des conventions (article 17, 3. b du RGPD) : %(why)s.") % {
            "why": " ; ".join(f"{why} (« {convention.title} »)" for convention, why in reasons)
        }
    kept = [
        str(relation.related_model._meta.verbose_name)
        for relation in _relations()
        if relation.on_delete not in LINKS and _referring(relation, rights_request.person.pk).exists()
    ]
    if kept:
        return _("La fiche est encore liée à : %(rows)s.") % {"rows": ", ".join(kept)}
    return None


# The references that lose their person: a link that may be empty. The lists of participants
# (many-to-many) lose them too (`_lists`).
LINKS = (models.SET_NULL,)


def _relations():
    """The foreign keys to a person, the lists' own tables and django-simple-history's versions
    left out."""
    return [
        field
        for field in Person._meta.get_fields(include_hidden=True)
        if field.auto_created
        and not field.concrete
        and field.one_to_many
        and not field.related_model._meta.auto_created
        and not hasattr(field.related_model, "instance_type")  # a version: with its row's (`apply_erasure`)
    ]


def _lists():
    return [
        field
        for field in Person._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and field.many_to_many
    ]


def _referring(relation, pk):
    return relation.related_model._base_manager.filter(**{relation.field.attname: pk})


@transaction.atomic
def apply_erasure(rights_request, *, today):
    """Erase the request's person and answer the request; `ValidationError` (French) when refused."""
    rights_request = (
        RightsRequest.objects.select_for_update(of=("self",)).select_related("person").get(pk=rights_request.pk)
    )
    reason = refusal(rights_request)
    if reason:
        raise ValidationError(reason)
    pk = rights_request.person_id
    for relation in _lists():
        through = relation.through
        column = relation.field.m2m_reverse_field_name()
        erasure.delete_ids(through, list(through.objects.filter(**{column: pk}).values_list("pk", flat=True)))
    for relation in _relations():  # only `LINKS` refer to the person now (`refusal`)
        model, column = relation.related_model, relation.field.attname
        history = erasure.history(model)
        if history is not None:  # every version that named them, not only the current rows'
            history.filter(**{column: pk}).update(**{column: None})
        _referring(relation, pk).update(**{column: None})
    erasure.delete_ids(Person, [pk])
    # Deleted without signals: the snapshots of every page that may have named them go too.
    duty_snapshots.forget()
    rights_request.person = None
    rights_request.answered_on = today
    rights_request.answer = _("Fiche de la personne effacée le %(date)s, avec son historique (article 17 du RGPD).") % {
        "date": french_date(today)
    }
    rights_request.save(update_fields=["person", "answered_on", "answer"])
    return rights_request
