"""Who may see and change which rows: one rule per model, in the data layer.

Each model that the pages or the admin panel show declares ``SCOPE``: how its rows reach the
organisations that may see them. `visible` narrows any queryset of such a model to what a user
may see, `editable` to what the user may change; both also take the model's historical model
(django-simple-history), whose rows keep the same foreign keys. The pages, every door of the
admin panel (lists, forms, actions, history, revert, exports, autocomplete) and the exports go
through them, so that one commune never reaches another's rows.

A platform-level superuser sees and changes everything; a user without an organisation nothing.
"""

from dataclasses import dataclass

from django.db.models import Q

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """How a model's rows reach the organisations allowed to see them. Give one of:

    - ``partnership``: the lookup from the model to its `Partnership` ("" for Partnership
      itself): the parties of the partnership (and their parent bodies) see the row, and change it;
    - ``organisation``: the lookup to an `Organisation` ("" for Organisation itself): the row is
      seen by whoever sees a partnership that organisation is party to, and changed only by the
      organisation itself (an agency's record, shared by several communes, is the agency's own);
    - ``member``: the lookup to a `User` ("" for User itself): the row belongs to that user and is
      seen and changed by the Administrateur of the user's organisation;
    - ``username``: the field holding a login name (the login lockouts of django-axes);
    - ``shared``: rows of the whole installation (the schedules of the daily jobs): seen by whoever
      has the permission, changed only by a platform-level superuser;
    - ``platform``: only a platform-level superuser sees the rows (the role groups).
    """

    partnership: str | None = None
    organisation: str | None = None
    member: str | None = None
    username: str | None = None
    shared: bool = False
    platform: bool = False

    def visible_q(self, user):
        from partnership.models.organisations import partnership_scope

        if self.partnership is not None:
            return partnership_scope(user, self.partnership)
        if self.organisation is not None:
            return _lookup_in(self.organisation, visible_organisations(user))
        return self._own_q(user)

    def editable_q(self, user):
        if self.shared:
            return NOTHING
        if self.organisation is not None:
            return _lookup(self.organisation, user.organisation_id)
        return self.visible_q(user)

    def _own_q(self, user):
        if self.member is not None:
            return _lookup(f"{self.member}__organisation" if self.member else "organisation", user.organisation_id)
        if self.username is not None:
            from partnership.models import User

            members = User.objects.filter(organisation=user.organisation_id).values("username")
            return Q(**{f"{self.username}__in": members})
        return Q() if self.shared else NOTHING


def _lookup(path, value):
    return Q(**{path or "pk": value})


def _lookup_in(path, queryset):
    return Q(**{f"{path}__in" if path else "pk__in": queryset.values("pk")})


def scope_of(model):
    """The `Scope` of `model` or of the model a historical model records; None if it has none."""
    model = getattr(model, "instance_type", model)
    return getattr(model, "SCOPE", None) or THIRD_PARTY.get(model._meta.label)


# Models of the libraries the admin panel shows, which cannot declare SCOPE themselves.
THIRD_PARTY = {
    "auth.Group": Scope(platform=True),
    "auth.Permission": Scope(platform=True),
    "contenttypes.ContentType": Scope(platform=True),
    "django_celery_beat.PeriodicTask": Scope(shared=True),
    "django_celery_beat.PeriodicTasks": Scope(shared=True),
    "django_celery_beat.CrontabSchedule": Scope(shared=True),
    "django_celery_beat.IntervalSchedule": Scope(shared=True),
    "django_celery_beat.SolarSchedule": Scope(shared=True),
    "django_celery_beat.ClockedSchedule": Scope(shared=True),
    "axes.AccessAttempt": Scope(username="username"),
    "axes.AccessLog": Scope(username="username"),
    "axes.AccessFailureLog": Scope(username="username"),
}


def _narrow(queryset, user, rule):
    if user.is_superuser:
        return queryset
    scope = scope_of(queryset.model)
    if scope is None:
        raise LookupError(f"{queryset.model._meta.label} declares no SCOPE")
    if user.organisation_id is None and not (scope.platform or scope.shared):
        return queryset.none()
    return queryset.filter(getattr(scope, rule)(user))


def visible(queryset, user):
    """The rows of `queryset` that `user` may see."""
    return _narrow(queryset, user, "visible_q")


def editable(queryset, user):
    """The rows of `queryset` that `user` may change or delete."""
    return _narrow(queryset, user, "editable_q")


def visible_organisations(user):
    """The user's organisation, the parties of the partnerships it may see, and their parent
    bodies (intercommunality, regional direction), as a queryset."""
    from partnership.models import Organisation, Partnership

    partnerships = Partnership.objects.visible_to(user)
    if user.is_superuser:
        return Organisation.objects.all()
    direct = Organisation.objects.filter(
        Q(pk=user.organisation_id) | Q(pk__in=partnerships.values("commune")) | Q(pk__in=partnerships.values("agency"))
    )
    return Organisation.objects.filter(Q(pk__in=direct.values("pk")) | Q(pk__in=direct.values("parent")))
