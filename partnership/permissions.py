"""Roles and the small named predicates that decide who may see and change what.

Every view names the roles allowed with `role_required`; nothing is open by default
(LoginRequiredMiddleware sends anonymous visitors to the login page first).
"""

from dataclasses import dataclass
from functools import lru_cache, wraps

from django.core.exceptions import PermissionDenied


class Role:
    AGENT = "Agent Relais Emploi"
    RGC = "RGC"
    ELU = "Élu"
    CORRESPONDENT = "Correspondant Pôle emploi"
    ADMINISTRATOR = "Administrateur"

    ALL = (AGENT, RGC, ELU, CORRESPONDENT, ADMINISTRATOR)
    RELAIS_STAFF = (AGENT, RGC)
    ADMIN_SITE = (RGC, ADMINISTRATOR)


def roles_of(user):
    """The role names of `user`, read once per request: with the user itself when it was read
    through `User.objects` (as the login of each request reads it), else by a query."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_role_names"):
        if hasattr(user, "group_names"):
            from partnership.models.organisations import GROUP_NAMES_SEPARATOR

            names = user.group_names.split(GROUP_NAMES_SEPARATOR) if user.group_names else ()
        else:
            names = user.groups.values_list("name", flat=True)
        user._role_names = frozenset(names)
    return user._role_names


def has_role(user, *roles):
    return user.is_active and (user.is_superuser or bool(roles_of(user) & set(roles)))


def can_edit_commitments(user):
    """Clauses C5 and C7: the Relais Emploi's staff follow the commitments; others read."""
    return has_role(user, *Role.RELAIS_STAFF)


# Clauses O9 and O21: the regional director's notices of a change of scope are recorded by those who
# keep the OPUS convention's record (its amendments, the ledger's letters); every role reads the scope.
SCOPE_EDITORS = (*Role.RELAIS_STAFF, Role.ADMINISTRATOR)


def can_record_scope(user):
    return has_role(user, *SCOPE_EDITORS)


_NOT_FOUND = object()


@dataclass(frozen=True)
class _AdminPage:
    """A page of the admin panel: open to whoever may use it and may see the model (if any)."""

    model: str | None  # "app_label.model_name"


def _admin_page(match):
    from django.contrib import admin

    model_admin = getattr(match.func, "model_admin", None)
    if model_admin is None:  # a model admin's own URLs (exports, letters) are named after the model
        model_admin = next(
            (ma for model, ma in admin.site._registry.items()
             if (match.url_name or "").startswith(f"{model._meta.app_label}_{model._meta.model_name}_")),
            None,
        )  # fmt: skip
    return _AdminPage(model_admin.model._meta.label_lower if model_admin else None)


@lru_cache(maxsize=4096)
def _allowed_roles(urlconf, path):
    """What the view at `path` allows: the roles it declares (None: any), an `_AdminPage`, or
    _NOT_FOUND. Cached per path: the same for every user; only the decision (`may_open`)
    depends on the user."""
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return _NOT_FOUND
    if "admin" in match.namespaces:
        return _admin_page(match)
    return getattr(match.func, "allowed_roles", None)


def may_open(user, url):
    """Whether `user` may open the page at `url`: its view's `role_required` roles, or for the
    admin panel, the admin site's own rule and the permission to see the model (so that a link is
    only shown to those it would not refuse)."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.urls import get_urlconf

    rule = _allowed_roles(get_urlconf() or settings.ROOT_URLCONF, urlsplit(url).path)
    if rule is _NOT_FOUND:
        return False
    if isinstance(rule, _AdminPage):
        if not (user.is_active and user.is_staff and can_use_admin_site(user)):
            return False
        if rule.model is None:
            return True
        app_label, model_name = rule.model.split(".")
        return any(user.has_perm(f"{app_label}.{action}_{model_name}") for action in ("view", "change"))
    return rule is None or has_role(user, *rule)


def can_use_admin_site(user):
    return has_role(user, *Role.ADMIN_SITE)


def role_required(*roles):
    """Allow the view to the given roles only; others get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, *roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = roles
        return wrapped

    return decorator


def platform_admin_required(view):
    """Allow the view to a platform-level superuser only (`createsuperuser`): the installation's
    own pages, which no role of a commune or an agency reaches."""
    return role_required()(view)


# Model permissions of each role, used by the admin panel. Pages check roles with the
# predicates above; these say what each role may touch in the admin.
ROLE_PERMISSIONS = {
    Role.AGENT: ["partnership.view_convention", "partnership.view_commitment", "partnership.change_commitment"],
    Role.RGC: [
        "partnership.view_convention",
        "partnership.view_opusannex",
        "partnership.view_opusservice",
        "partnership.view_scopenotice",
        "partnership.view_commitment",
        "partnership.change_commitment",
        # opus_accounts: the RGC keeps the register (clause O6) and records its own designation (O5, O7).
        *[
            f"opus_accounts.{action}_{model}"
            for model in ("opusaccount", "absence", "holderchange", "rgcdesignation")
            for action in ("view", "add", "change")
        ],
        "opus_accounts.view_accessconfirmation",
        "opus_accounts.add_accessconfirmation",
    ],
    Role.ELU: ["partnership.view_convention", "partnership.view_commitment"],
    Role.CORRESPONDENT: ["partnership.view_convention", "partnership.view_commitment"],
    Role.ADMINISTRATOR: [
        *[
            f"{app}.{action}_{model}"
            for app, models in {
                "partnership": [
                    "user",
                    "organisation",
                    "person",
                    "partnership",
                    "councilsession",
                    "sessionabsence",
                    "deliberation",
                    "deliberationdecision",
                    "convention",
                    "conventionparty",
                    "termination",
                    "amendment",
                    "commitment",
                    "opusannex",
                    "opusservice",
                    "scopenotice",
                    "noticedservice",
                ],
                "reminders": ["sentreminder", "notification", "calendartoken"],
                "privacy": ["destructionrecord", "dpocontact", "rightsrequest", "registercompletion"],
                "proconnect": ["alloweddomain"],
                "axes": ["accessattempt", "accessfailurelog"],
            }.items()
            for model in models
            for action in ("view", "add", "change", "delete")
        ],
        # The register is the RGC's (clause O6): the Administrateur reads it. The schedules of the
        # daily jobs are the installation's: read here, changed by a platform-level superuser.
        *[
            f"{app}.view_{model}"
            for app, models in {
                "opus_accounts": ["rgcdesignation", "opusaccount", "absence", "holderchange", "accessconfirmation"],
                "django_celery_beat": ["periodictask", "crontabschedule", "intervalschedule"],
            }.items()
            for model in models
        ],
    ],
}


def sync_roles(apps, schema_editor=None):
    """Create the role groups and give them exactly their permissions (idempotent; for migrations).

    Permissions of apps not migrated yet are skipped: each app's migration that adds
    models calls this again.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    if apps is not global_apps:
        # In a migration, permissions are only created after all migrations ran: make them now.
        for config in apps.get_app_configs():
            config.models_module = True
            create_permissions(config, apps=apps, verbosity=0)
            config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = set()
        for name in names:
            app_label, codename = name.split(".")
            wanted.update(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename).values_list(
                    "pk", flat=True
                )
            )
        group.permissions.set(wanted)
