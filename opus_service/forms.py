from django import forms

from opus_service.models import AnnouncedChange, ServiceInterruption, SupportRequest
from relais.forms import ScopedPartnershipMixin


def _moment():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _day():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class LedgerForm(ScopedPartnershipMixin, forms.ModelForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self._scope_partnership(user)


class SupportRequestForm(LedgerForm):
    class Meta:
        model = SupportRequest
        fields = [
            "partnership",
            "kind",
            "subject",
            "portal_reference",
            "registered_at",
            "acknowledged_at",
            "answered_at",
        ]
        widgets = {"registered_at": _moment(), "acknowledged_at": _moment(), "answered_at": _moment()}


class ServiceInterruptionForm(LedgerForm):
    class Meta:
        model = ServiceInterruption
        fields = ["partnership", "kind", "description", "starts_at", "ends_at", "announced_on_portal"]
        widgets = {"starts_at": _moment(), "ends_at": _moment()}


class AnnouncedChangeForm(LedgerForm):
    class Meta:
        model = AnnouncedChange
        fields = ["partnership", "title", "announced_on", "goes_live_on", "documentation"]
        widgets = {"announced_on": _day(), "goes_live_on": _day()}
