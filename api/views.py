"""The read API, the quarterly figures' submission, the documentation page and the tokens page.

Every endpoint reads through the pages' scoped managers (`Partnership.objects.visible_to` and
the models' own) and names the roles of the pages that show the same data: a token sees what
its user sees in the browser, no more."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_POST
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import exceptions, generics, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from api import serializers
from api.forms import TokenForm
from api.models import ApiToken
from api.permissions import RoleAllowed
from diagnosis import parsing, services
from diagnosis.models import COUNT_FIELDS, QuarterlyFigures
from diagnosis.permissions import READERS as FIGURES_READERS
from diagnosis.permissions import SUBMITTERS as FIGURES_SUBMITTERS
from opus_accounts.models import OpusAccount
from opus_accounts.views import REGISTER_ROLES
from partnership import duty_snapshots
from partnership.models import Commitment, Convention, Partnership, SteeringCommittee
from partnership.permissions import Role, role_required
from partnership.views import COMMITTEE_READERS
from relais.models import ReferentMeeting
from relais.permissions import MEETING_READERS

PARTNERSHIP_PARAMETER = OpenApiParameter(
    "partnership", int, description=_l("Un seul partenariat (404 s'il n'est pas visible par le jeton).")
)
SINCE_PARAMETER = OpenApiParameter("since", datetime.date, description=_l("À partir de ce jour (AAAA-MM-JJ)."))
UNTIL_PARAMETER = OpenApiParameter("until", datetime.date, description=_l("Jusqu'à ce jour inclus (AAAA-MM-JJ)."))
FILTERS = [PARTNERSHIP_PARAMETER, SINCE_PARAMETER, UNTIL_PARAMETER]


# The partnership and date filters every list shares, within the user's partnerships (no
# docstrings on the views: the schema would show them as the endpoints' descriptions).
class Scoped:
    permission_classes = [IsAuthenticated, RoleAllowed]
    partnership_path = "partnership"  # from the model to its Partnership

    def partnerships(self):
        visible = Partnership.objects.visible_to(self.request.user)
        raw = self.request.query_params.get("partnership")
        if raw is None:
            return visible
        try:
            pk = int(raw)
        except ValueError as error:
            raise exceptions.ValidationError({"partnership": _("Identifiant de partenariat attendu.")}) from error
        if not visible.filter(pk=pk).exists():
            raise exceptions.NotFound(_("Aucun partenariat visible ne porte cet identifiant."))
        return visible.filter(pk=pk)

    def day(self, name):
        raw = self.request.query_params.get(name)
        if raw is None:
            return None
        try:
            return datetime.date.fromisoformat(raw)
        except ValueError as error:
            raise exceptions.ValidationError({name: _("Date attendue au format AAAA-MM-JJ.")}) from error

    def within_dates(self, queryset, since, until):
        """Narrow `queryset` to the dates asked; each list says what its date is."""
        return queryset

    def filter_queryset(self, queryset):
        queryset = queryset.filter(**{f"{self.partnership_path}__in": self.partnerships().values("pk")})
        since, until = self.day("since"), self.day("until")
        if since or until:
            queryset = self.within_dates(queryset, since, until)
        return queryset


class DatedBy(Scoped):
    date_field = ""

    def within_dates(self, queryset, since, until):
        if since:
            queryset = queryset.filter(**{f"{self.date_field}__gte": since})
        if until:
            queryset = queryset.filter(**{f"{self.date_field}__lte": until})
        return queryset


# A convention is kept when its term meets the dates asked (clauses C2, O20).
class InForceBetween(Scoped):
    def within_dates(self, queryset, since, until):
        if since:
            queryset = queryset.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=since))
        if until:
            queryset = queryset.filter(starts_on__lte=until)
        return queryset


def _documented(summary, filters=FILTERS):
    return extend_schema_view(list=extend_schema(summary=summary, parameters=filters), retrieve=extend_schema())


@_documented(_l("Les partenariats visibles"), [PARTNERSHIP_PARAMETER])
class PartnershipViewSet(Scoped, viewsets.ReadOnlyModelViewSet):
    allowed_roles = Role.ALL
    partnership_path = "pk"
    serializer_class = serializers.PartnershipSerializer

    def get_queryset(self):
        return Partnership.objects.select_related("commune", "agency").order_by("name", "pk")


def _conventions():
    return Convention.objects.select_related("parent").with_terms()


@_documented(_l("Les conventions, leur durée en vigueur et leur état (C2, C12, O18, O20)"))
class ConventionViewSet(InForceBetween, viewsets.ReadOnlyModelViewSet):
    allowed_roles = Role.ALL
    serializer_class = serializers.ConventionSerializer

    def get_queryset(self):
        return _conventions().order_by("partnership", "kind", "starts_on", "pk")


@_documented(_l("Les engagements des parties et leur état (C5, C7)"), [PARTNERSHIP_PARAMETER])
class CommitmentViewSet(Scoped, viewsets.ReadOnlyModelViewSet):
    allowed_roles = Role.ALL
    partnership_path = "convention__partnership"
    serializer_class = serializers.CommitmentSerializer

    def get_queryset(self):
        return Commitment.objects.select_related("party", "convention").order_by("convention", "party", "order", "pk")


@extend_schema(summary=_l("L'échéancier des obligations, chacune avec son état du jour"), parameters=FILTERS)
# Every dated duty of the partnerships, earliest first: late ones whatever their age, done ones
# of the last days, as on the calendar page.
class ObligationList(Scoped, generics.ListAPIView):
    allowed_roles = Role.ALL
    serializer_class = serializers.DutySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema being made: no duty to read
            return []
        today = timezone.localdate()
        since, until = self.day("since"), self.day("until")
        duties = duty_snapshots.collect(list(self.partnerships().values_list("pk", flat=True)), today)
        return [d for d in duties if (not since or d.due_date >= since) and (not until or d.due_date <= until)]

    def filter_queryset(self, queryset):
        return queryset


@_documented(_l("Les chiffres trimestriels reçus, dernière version de chaque trimestre (C3)"))
class QuarterlyFiguresViewSet(DatedBy, viewsets.ReadOnlyModelViewSet):
    allowed_roles = FIGURES_READERS
    write_roles = FIGURES_SUBMITTERS
    date_field = "figures_date"
    serializer_class = serializers.QuarterlyFiguresSerializer

    def get_queryset(self):
        return QuarterlyFigures.objects.current().order_by("partnership", "year", "quarter")

    @extend_schema(
        summary=_l("Transmettre des chiffres trimestriels (C3)"),
        description=_l(
            "Les contrôles du dépôt de fichier, puis tout ou rien : si un trimestre est refusé, aucun "
            "n'est enregistré. Un trimestre déjà reçu n'est remplacé qu'avec confirm_replace."
        ),
        request=serializers.SubmissionSerializer,
        responses={
            201: serializers.SubmissionResultSerializer,
            409: OpenApiResponse(serializers.RefusalSerializer, description=_l("Confirmation attendue.")),
            413: OpenApiResponse(serializers.RefusalSerializer, description=_l("Envoi trop volumineux.")),
            422: OpenApiResponse(serializers.RefusalSerializer, description=_l("Chiffres refusés.")),
        },
    )
    def create(self, request):
        if int(request.META.get("CONTENT_LENGTH") or 0) > settings.DIAGNOSIS_UPLOAD_MAX_BYTES:
            return _refusal(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, _("L'envoi dépasse la taille autorisée."))
        submission = serializers.SubmissionSerializer(data=request.data)
        submission.is_valid(raise_exception=True)
        data = submission.validated_data
        if len(data["quarters"]) > settings.DIAGNOSIS_UPLOAD_MAX_ROWS:
            return _refusal(status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, _("Trop de trimestres en un envoi."))
        plan = services.plan_table(request.user, *_as_table(data["quarters"]))
        if not plan.ok:
            problems = [
                {"row": max(p.row - 1, 0), "column": p.column, "value": p.value, "message": p.message}
                for p in plan.problems
            ]
            return _refusal(422, _("Chiffres refusés : rien n'a été enregistré."), problems)
        try:
            saved = services.save_plan(
                plan,
                request.user,
                source=QuarterlyFigures.Source.API,
                confirm_replace=data["confirm_replace"],
                confirm_early=data["confirm_early"],
            )
        except services.ReplacementNotConfirmed:
            return _refusal(
                409, _("Des trimestres ont déjà été reçus : renvoyez avec confirm_replace pour les remplacer.")
            )
        except services.EarlyNotConfirmed:
            return _refusal(
                409, _("Un trimestre vient de se terminer (délai habituel non écoulé) : renvoyez avec confirm_early.")
            )
        except services.ConcurrentSubmission:
            return _refusal(409, _("D'autres chiffres ont été reçus entre-temps : renvoyez l'envoi."))
        body = {
            "saved": serializers.QuarterlyFiguresSerializer(saved, many=True).data,
            "warnings": [warning.message for quarter in plan.quarters for warning in quarter.warnings],
        }
        return Response(body, status=status.HTTP_201_CREATED)


# The upload's columns, less the commune's name (the INSEE code names it).
TABLE_FIELDS = ["insee", "year", "quarter", "figures_date", *COUNT_FIELDS]


def _as_table(quarters):
    """(headers, rows) as the upload's template has them, for `services.plan_table`."""
    labels = dict(parsing.TEMPLATE_HEADERS)
    return [labels[name] for name in TABLE_FIELDS], [[q.get(name) for name in TABLE_FIELDS] for q in quarters]


def _refusal(code, detail, problems=()):
    return Response({"detail": detail, "problems": list(problems)}, status=code)


@_documented(_l("Les réunions référent (C6), sans les noms des participants"))
class MeetingViewSet(DatedBy, viewsets.ReadOnlyModelViewSet):
    allowed_roles = MEETING_READERS
    date_field = "starts_at__date"
    serializer_class = serializers.MeetingSerializer

    def get_queryset(self):
        return ReferentMeeting.objects.order_by("starts_at", "pk")


@_documented(_l("Les comités de pilotage (C10)"))
class CommitteeViewSet(DatedBy, viewsets.ReadOnlyModelViewSet):
    allowed_roles = COMMITTEE_READERS
    date_field = "date"
    serializer_class = serializers.CommitteeSerializer

    def get_queryset(self):
        return SteeringCommittee.objects.order_by("date", "pk")


def _count(state):
    return Count("opus_accounts", filter=Q(opus_accounts__state=state))


@_documented(_l("Le registre des comptes OPUS en nombres, par convention OPUS (O6, O22)"))
class OpusRegisterViewSet(InForceBetween, viewsets.ReadOnlyModelViewSet):
    allowed_roles = REGISTER_ROLES
    serializer_class = serializers.OpusRegisterSerializer

    def get_queryset(self):
        return (
            Convention.objects.filter(kind=Convention.Kind.OPUS)
            .select_related("opus_annex", "parent")
            .with_terms()
            .annotate(
                requested=_count(OpusAccount.State.REQUESTED),
                active=_count(OpusAccount.State.ACTIVE),
                suspended=_count(OpusAccount.State.SUSPENDED),
                revoked=_count(OpusAccount.State.REVOKED),
            )
            .order_by("partnership", "starts_on", "pk")
        )


@role_required(*Role.ALL)
def documentation(request):
    return render(request, "api/documentation.html")


@role_required(*Role.ALL)
@require_http_methods(["GET", "POST"])
def tokens(request):
    """The user's tokens; a new one is shown on this response only (its digest alone is kept)."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, key = ApiToken.issue(request.user, form.cleaned_data["name"])
        created = {"token": token, "key": key}
        form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {"form": form, "created": created, "tokens": ApiToken.objects.filter(user=request.user)},
        status=422 if form.errors else 200,
    )


@role_required(*Role.ALL)
@require_POST
def revoke_token(request, pk):
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    token.delete()
    messages.success(request, _("Le jeton « %(name)s » est révoqué : il ne fonctionne plus.") % {"name": token.name})
    return redirect("api:tokens")
