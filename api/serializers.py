"""What the API shows of each model: the pages' facts, never the personal data of OPUS account
holders nor the names in meeting minutes."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _l
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from diagnosis.checks import FIELD_LABELS
from diagnosis.models import COUNT_FIELDS, OPTIONAL_COUNT_FIELDS, QuarterlyFigures
from partnership.models import Commitment, Convention, Organisation, Partnership, SteeringCommittee
from partnership.obligations import State
from relais.models import ReferentMeeting


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "insee_code", "safir_code"]


class PartnershipSerializer(serializers.ModelSerializer):
    commune = OrganisationSerializer()
    agency = OrganisationSerializer()

    class Meta:
        model = Partnership
        fields = ["id", "name", "commune", "agency"]


class ConventionSerializer(serializers.ModelSerializer):
    starts_on = serializers.DateField(
        read_only=True, allow_null=True, help_text=_l("Premier jour en vigueur (C2, O20).")
    )
    ends_on = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text=_l("Dernier jour en vigueur, résiliation comprise (C2, C12, O18, O20)."),
    )
    status = serializers.ChoiceField(choices=Convention.Status.choices, read_only=True)
    status_label = serializers.SerializerMethodField()

    class Meta:
        model = Convention
        fields = [
            "id",
            "partnership",
            "kind",
            "title",
            "parent",
            "signed_on",
            "effective_from",
            "duration_months",
            "starts_on",
            "ends_on",
            "status",
            "status_label",
        ]

    def get_status_label(self, convention) -> str:
        return str(Convention.Status(convention.status()).label)


class CommitmentSerializer(serializers.ModelSerializer):
    partnership = serializers.IntegerField(source="convention.partnership_id", read_only=True)
    party = OrganisationSerializer()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Commitment
        fields = ["id", "partnership", "convention", "party", "clause", "text", "status", "status_label"]


class DutySerializer(serializers.Serializer):
    key = serializers.CharField(help_text=_l("Stable d'un jour à l'autre."))
    title = serializers.CharField()
    due_date = serializers.DateField()
    clause = serializers.CharField()
    partnership = serializers.IntegerField(source="partnership_id")
    convention = serializers.IntegerField(source="convention_id", allow_null=True)
    kind = serializers.CharField()
    state = serializers.ChoiceField(choices=State.CHOICES)
    state_label = serializers.CharField()
    actors = serializers.ListField(child=serializers.CharField(), help_text=_l("Les rôles qui doivent agir."))
    starts_at = serializers.DateTimeField(allow_null=True)
    ends_at = serializers.DateTimeField(allow_null=True)


class QuarterlyFiguresSerializer(serializers.ModelSerializer):
    class Meta:
        model = QuarterlyFigures
        fields = ["id", "partnership", "year", "quarter", "figures_date", *COUNT_FIELDS, "version", "source", "demo"]
        fields += ["submitted_at"]


def _count_field(name):
    optional = name in OPTIONAL_COUNT_FIELDS
    return serializers.IntegerField(required=not optional, allow_null=optional, help_text=FIELD_LABELS[name])


# One quarter as the upload's template has it (clause C3); the checks are the upload's.
QuarterInputSerializer = type(
    "QuarterInputSerializer",
    (serializers.Serializer,),
    {
        "insee": serializers.CharField(max_length=10, help_text=_l("Code INSEE de la commune.")),
        "year": serializers.IntegerField(),
        "quarter": serializers.IntegerField(help_text=_l("1 à 4.")),
        "figures_date": serializers.DateField(
            required=False, allow_null=True, help_text=_l("La fin du trimestre si absente.")
        ),
        **{name: _count_field(name) for name in COUNT_FIELDS},
    },
)


class SubmissionSerializer(serializers.Serializer):
    quarters = QuarterInputSerializer(many=True, allow_empty=False)
    confirm_replace = serializers.BooleanField(
        default=False, help_text=_l("Remplacer des trimestres déjà reçus (la version précédente est conservée).")
    )
    confirm_early = serializers.BooleanField(
        default=False, help_text=_l("Accepter un trimestre terminé depuis moins que le délai habituel (C3).")
    )


class ProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text=_l("Le rang du trimestre dans « quarters », à partir de 1."))
    column = serializers.CharField()
    value = serializers.CharField()
    message = serializers.CharField()


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    problems = ProblemSerializer(many=True)


class SubmissionResultSerializer(serializers.Serializer):
    saved = QuarterlyFiguresSerializer(many=True)
    warnings = serializers.ListField(child=serializers.CharField())


class MeetingSerializer(serializers.ModelSerializer):
    ends_at = serializers.DateTimeField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    has_minutes = serializers.BooleanField(read_only=True)

    class Meta:
        model = ReferentMeeting
        fields = ["id", "partnership", "starts_at", "ends_at", "duration_minutes", "place", "status"]
        fields += ["status_label", "opus_placement", "has_minutes"]


class CommitteeSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    agenda = serializers.ListField(source="agenda_items", child=serializers.CharField(), read_only=True)
    decisions = serializers.ListField(source="decision_items", child=serializers.CharField(), read_only=True)

    class Meta:
        model = SteeringCommittee
        fields = ["id", "partnership", "convention", "year", "date", "place", "convened_on", "status"]
        fields += ["status_label", "agenda", "decisions"]


class OpusRegisterSerializer(serializers.ModelSerializer):
    """An OPUS convention's register in numbers: no account holder is named (clause O14)."""

    status = serializers.ChoiceField(choices=Convention.Status.choices, read_only=True)
    active_accounts_cap = serializers.SerializerMethodField(
        help_text=_l("Clause O22 : le plafond en vigueur ce jour, avenants compris.")
    )
    requested = serializers.IntegerField(read_only=True, help_text=_l("Comptes demandés."))
    active = serializers.IntegerField(read_only=True, help_text=_l("Comptes actifs, hors RGC."))
    suspended = serializers.IntegerField(read_only=True, help_text=_l("Comptes suspendus."))
    revoked = serializers.IntegerField(read_only=True, help_text=_l("Comptes révoqués."))

    class Meta:
        model = Convention
        fields = ["id", "partnership", "title", "starts_on", "ends_on", "status", "active_accounts_cap"]
        fields += ["requested", "active", "suspended", "revoked"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_active_accounts_cap(self, convention):
        return convention.accounts_cap_on(timezone.localdate())
