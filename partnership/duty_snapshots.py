"""The calendar of obligations as the pages read it: one snapshot per partnership and day.

Gathering a partnership's duties asks every app (about twenty queries and the Python that
builds each duty), and the pages (home, calendar, dashboard, calendar feed) ask for the same
ones over and over. `collect` returns what `obligations.collect` returns with the pages' bound
(`obligations.default_since`), reading each partnership's duties from its `DutySnapshot` when
nothing they are made of has changed since it was taken. The daily jobs never read from here.

What "changed" means: each app's ``duties`` module names in ``SOURCES`` the models its duties
are read from, each with the lookup from one of them to its partnership id (None when a change
may concern several partnerships: it then counts for all). Saving or deleting one of them adds
a `DutyChange` row, in the same transaction, for the partnership it belonged to and the one it
belongs to now; code that writes with ``QuerySet.update`` or ``bulk_create`` calls `changed`
itself. A snapshot keeps the number of changes of its partnership (and for all) counted before
its duties were read: any change committed afterwards, in whatever order, moves that number
and the snapshot is taken again. Only the changes of the day before and of the day are
counted (no transaction lasts longer); `prune` deletes older ones and past snapshots.

The same changes keep parts of pages written once (`page`, `PageSnapshot`: the dashboard's
figures), whose other sources each app names in the ``SOURCES`` of its ``snapshots`` module. A
part of a page that depends on every partnership's data (clause C9's schedule) is kept for ALL:
it stands while no change at all is counted (`total_changes`). A source that is the rows of a
many-to-many field records its changes when rows are added or removed (`m2m_changed`).
"""

import contextlib
import contextvars
import datetime
import functools
import hashlib
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Count, Q
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from partnership import obligations
from partnership.hooks import app_modules
from partnership.models import DutyChange, DutySnapshot, PageSnapshot, User
from partnership.obligations import Duty
from partnership.permissions import roles_of
from partnership.services import PARTNERSHIP_PARAMETER

ALL = None  # the path of a source whose changes concern every partnership


def collect(partnership_ids, today):
    """The duties of these partnerships on `today`, as the pages show them (done ones since
    `obligations.default_since(today)`, undone ones all), earliest first, with their states."""
    ids = list(dict.fromkeys(partnership_ids))
    if not ids:
        return []
    language = get_language() or ""
    counts = change_counts(ids, today)  # before anything is read: see the module's docstring
    duties, taken = [], set()
    snapshots = DutySnapshot.objects.filter(partnership_id__in=ids, language=language, day=today)
    for partnership_id, changes, rows in snapshots.values_list("partnership_id", "changes", "duties"):
        if changes == counts[partnership_id]:
            duties.extend(_from_row(row, today) for row in rows)
            taken.add(partnership_id)
    missing = [pk for pk in ids if pk not in taken]
    if missing:
        gathered = obligations.gather(missing, today, since=obligations.default_since(today))
        rows = {pk: [] for pk in missing}
        for duty in gathered:
            rows[duty.partnership_id].append(_to_row(duty))
        # In the order of the partnerships: two requests taking the same snapshots (each in its
        # transaction, ATOMIC_REQUESTS) lock their rows in the same order, never each other's.
        DutySnapshot.objects.bulk_create(
            [
                DutySnapshot(partnership_id=pk, language=language, day=today, changes=counts[pk], duties=items)
                for pk, items in sorted(rows.items())
            ],
            update_conflicts=True,
            unique_fields=["partnership", "language"],
            update_fields=["day", "changes", "duties"],
        )
        duties.extend(obligations.with_states(gathered, today))
    return obligations.in_order(duties)


def page(partnership_id, key, today, render, request):
    """The HTML `render()` writes for this partnership (ALL: a part that depends on every
    partnership's data), the language and `key` (what else it depends on: the part of the page,
    the period, the reader), read from its `PageSnapshot` when nothing it is made of has changed
    since it was written on `today`, by this release of the code. What `render` reads must be
    sources (``SOURCES`` of the apps' ``duties`` and ``snapshots`` modules). What each response
    has its own is kept as a mark and put back for `request`: the Content-Security-Policy nonce
    (the charts' style sheets carry it) and the forms' CSRF token."""
    language = get_language() or ""
    key = f"{key} {release()}"
    # Before anything is read: see the module's docstring.
    changes = total_changes(today) if partnership_id is ALL else change_counts([partnership_id], today)[partnership_id]
    kept = (
        PageSnapshot.objects.filter(partnership_id=partnership_id, language=language, key=key)
        .values_list("pk", "day", "changes", "html")
        .first()
    )
    html = kept[3] if kept and kept[1:3] == (today, changes) else None
    nonce = str(getattr(request, "csp_nonce", ""))
    if html is None:
        html = TOKEN.sub(TOKEN_MARK, render())
        if nonce:
            html = html.replace(f'nonce="{nonce}"', NONCE_MARK)
        if kept:
            PageSnapshot.objects.filter(pk=kept[0]).update(day=today, changes=changes, html=html)
        else:
            _keep(PageSnapshot(partnership_id=partnership_id, language=language, key=key, day=today,
                               changes=changes, html=html))  # fmt: skip
    html = html.replace(NONCE_MARK, f'nonce="{nonce}"' if nonce else "")
    if TOKEN_MARK in html:
        html = html.replace(TOKEN_MARK, f'name="csrfmiddlewaretoken" value="{get_token(request)}"')
    # Written by `render` from the project's own templates, where escaped text has no bare quote.
    return mark_safe(html)


# The pages kept for their query: a page further, or a query with another parameter or a
# long value, is written afresh (no row for each query one could make up).
KEPT_PAGES = 50
KEPT_VALUE_LENGTH = 40


def kept_for(choice):
    """The partnership a list's snapshot is kept for, as `choice` (`services.choose_partnership`)
    narrows it: the chosen partnership, or the reader's only one; over several, ALL."""
    return choice.pk or (choice.options[0][0] if choice.count == 1 else ALL)


def kept_page(request, partnership_id, name, template, context, params=()):
    """`page` for a page asked for with a query (`template` rendered with `context()`), kept for
    `partnership_id` (`kept_for` for a list over the reader's partnerships; ALL over several).
    The key is `name`, the query and the reader. Kept only for a GET whose query holds the
    partnership filter, the page number (up to KEPT_PAGES) and `params`, each once and short;
    any other, and a form posted (with its errors), is written afresh."""

    def render():
        return render_to_string(template, context(), request)

    query = request.GET
    number = query.get("page", "1")
    kept = (
        request.method == "GET"
        and set(query) <= {*params, "page", PARTNERSHIP_PARAMETER}
        and all(len(values) == 1 and len(values[0]) <= KEPT_VALUE_LENGTH for _key, values in query.lists())
        and number.isdigit()
        and 0 < int(number) <= KEPT_PAGES
    )
    if not kept:
        return render()
    key = f"{name} {urlencode(sorted(query.items()))} {reader(request.user)}"
    return page(partnership_id, key, timezone.localdate(), render, request)


def body_of(template):
    """The template of the part of `template`'s page kept as a snapshot: ``app/_page_body.html``
    for ``app/page.html``, whose content block shows it (``{{ body }}``)."""
    return template.replace("/", "/_", 1).replace(".html", "_body.html")


def _keep(snapshot):
    """Write `snapshot`, found missing: in place of the one of its key another request may have
    written since."""
    if snapshot.partnership_id is not ALL:
        PageSnapshot.objects.bulk_create(
            [snapshot],
            update_conflicts=True,
            unique_fields=["partnership", "language", "key"],
            update_fields=["day", "changes", "html"],
        )
        return
    # A partial unique index (no partnership), which an upsert cannot name on every engine: one
    # written at the same moment by another request stays (the next view compares its changes).
    PageSnapshot.objects.bulk_create([snapshot], ignore_conflicts=True)


def reader(user):
    """The part of a page snapshot's key that says who reads it: a part of a page shows the
    links and buttons of its reader's roles and flags, and is written for that reader alone."""
    roles = "+".join(sorted(roles_of(user)))
    return f"user {user.pk} {roles} {user.is_staff:d}{user.is_superuser:d}"


# Where a snapshot's HTML had the nonce and the CSRF token of the response it was written for.
NONCE_MARK = 'nonce="(page snapshot)"'
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="\w+"')
TOKEN_MARK = 'name="csrfmiddlewaretoken" value="(page snapshot)"'


def release():
    """A fingerprint of the code and of what it writes pages with (the content of the project's
    apps, templates and catalogues, and of the requirements): a part of a page written by another
    release is never shown, and every server of one release has the same. Read once per process,
    at each request in DEBUG (templates edited while the server runs)."""
    if settings.DEBUG:
        _release.cache_clear()
    return _release()


@functools.cache
def _release():
    base = Path(settings.BASE_DIR)
    roots = [base / "templates", base / "locale", base / "requirements.txt"]
    roots += [Path(config.path) for config in apps.get_app_configs() if Path(config.path).parent == base]
    digest = hashlib.blake2b(digest_size=6)
    for root in roots:
        for path in sorted(root.rglob("*")) if root.is_dir() else [root]:
            if path.suffix in {".py", ".html", ".txt", ".mo"} and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(base)}\n".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def change_counts(partnership_ids, today):
    """{partnership id: the changes of yesterday and today that concern it}."""
    found = dict(
        DutyChange.objects.filter(day__gte=today - datetime.timedelta(days=1))
        .filter(Q(partnership_id__in=partnership_ids) | Q(partnership__isnull=True))
        .values("partnership_id")
        .annotate(count=Count("id"))
        .values_list("partnership_id", "count")
        .order_by()
    )
    for_all = found.pop(None, 0)
    return {pk: found.get(pk, 0) + for_all for pk in partnership_ids}


def total_changes(today):
    """The changes of yesterday and today, of every partnership."""
    return DutyChange.objects.filter(day__gte=today - datetime.timedelta(days=1)).count()


def changed(partnership_ids=ALL):
    """Record that the duties of these partnerships (ALL: of every one) may have changed."""
    day = timezone.localdate()  # the day the pages count it for, as they reckon today
    if partnership_ids is ALL:
        DutyChange.objects.create(partnership=None, day=day)
    else:
        DutyChange.objects.bulk_create([DutyChange(partnership_id=pk, day=day) for pk in set(partnership_ids) - {None}])


_in_bulk_work = contextvars.ContextVar("duty_snapshots_in_bulk_work", default=False)


@contextlib.contextmanager
def one_change_for_all():
    """For bulk work (loading the demo, generating or erasing data): the saves and deletes of
    sources within the block record nothing one by one; one change for every partnership is
    recorded when it ends, however it ends."""
    token = _in_bulk_work.set(True)
    try:
        yield
    finally:
        _in_bulk_work.reset(token)
        changed(ALL)


def prune(today):
    """Delete the changes no snapshot counts any more and the snapshots of past days."""
    DutyChange.objects.filter(day__lt=today - datetime.timedelta(days=1)).delete()
    DutySnapshot.objects.filter(day__lt=today).delete()
    PageSnapshot.objects.filter(day__lt=today).delete()


def forget(partnership_ids=ALL):
    """Delete the snapshots of these partnerships (ALL: of every one), which may name people:
    their records erased (clause C9, article 17), no copy of their names stays behind."""
    for model in (DutySnapshot, PageSnapshot):
        kept = model.objects.all()
        if partnership_ids is not ALL:  # and the parts of pages of all partnerships, which may name anyone
            kept = kept.filter(Q(partnership_id__in=partnership_ids) | Q(partnership__isnull=True))
        kept.delete()


def _to_row(duty):
    return [
        duty.key,
        duty.title,
        duty.due_date.isoformat(),
        duty.clause,
        duty.partnership_id,
        list(duty.actors),
        duty.url,
        duty.convention_id,
        duty.done,
        duty.kind,
        duty.starts_at.isoformat() if duty.starts_at else None,
        duty.ends_at.isoformat() if duty.ends_at else None,
    ]


def _from_row(row, today):
    """The duty of a snapshot's row, with its state on `today` (built at once: not a copy of it)."""
    key, title, due_date, clause, partnership_id, actors, url, convention_id, done, kind, *times = row
    starts_at, ends_at = (times + [None, None])[:2]  # rows taken before duties had times have none
    due_date = datetime.date.fromisoformat(due_date)
    return Duty(
        key=key,
        title=title,
        due_date=due_date,
        clause=clause,
        partnership_id=partnership_id,
        actors=tuple(actors),
        url=url,
        convention_id=convention_id,
        done=done,
        kind=kind,
        starts_at=datetime.datetime.fromisoformat(starts_at) if starts_at else None,
        ends_at=datetime.datetime.fromisoformat(ends_at) if ends_at else None,
        state=obligations.state_of_row(done, due_date, kind, today),
    )


# Recording the changes ---------------------------------------------------------------------


def sources():
    """{model: lookup to its partnership id, or ALL}: what every app's duties and the parts of
    pages kept (`page`) are read from."""
    found = {}
    for module in (*app_modules("duties"), *app_modules("snapshots")):
        found.update(getattr(module, "SOURCES", {}))
    return found


def connect():
    """Record a change whenever a source is saved or deleted (called by the app's `ready`)."""
    for model, path in sources().items():
        uid = f"duty_snapshots:{model._meta.label}"
        if model._meta.auto_created:  # the rows of a many-to-many field, added and removed without a save
            m2m_changed.connect(_m2m_changed(model, path), sender=model, weak=False, dispatch_uid=f"{uid}:m2m_changed")
        pre_save.connect(_before_save(path), sender=model, weak=False, dispatch_uid=f"{uid}:pre_save")
        post_save.connect(_after_save(path), sender=model, weak=False, dispatch_uid=f"{uid}:post_save")
        pre_delete.connect(_before_delete(path), sender=model, weak=False, dispatch_uid=f"{uid}:pre_delete")
    # Who may open what a page part links to (`permissions.may_open`, the admin's pages by their
    # permissions): a change of anyone's groups or permissions counts for every partnership.
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        uid = f"duty_snapshots:{through._meta.label}"
        m2m_changed.connect(_permissions_changed, sender=through, weak=False, dispatch_uid=f"{uid}:m2m_changed")


def _m2m_changed(through, path):
    """`path` goes from the row through the field's owner (``referentmeeting__partnership_id``)."""
    owner_field, _, rest = path.partition("__")
    owner = through._meta.get_field(owner_field).related_model
    [other_field] = [field.name for field in through._meta.fields if field.is_relation and field.name != owner_field]

    def handler(sender, instance, action, reverse, pk_set=None, **kwargs):
        if _in_bulk_work.get() or action not in ("post_add", "post_remove", "pre_clear"):
            return
        if not reverse:
            owners = {instance.pk}
        elif action == "pre_clear":
            owners = set(through.objects.filter(**{other_field: instance.pk}).values_list(owner_field, flat=True))
        else:
            owners = pk_set or set()
        if owners:
            changed(set(owner._base_manager.filter(pk__in=owners).values_list(rest, flat=True)))

    return handler


def _permissions_changed(sender, action, pk_set=None, **kwargs):
    # An add of what is there already sends its signal with nothing in `pk_set`: no change.
    if (action == "post_clear" or (action in ("post_add", "post_remove") and pk_set)) and not _in_bulk_work.get():
        changed(ALL)


def _stored_partnership(model, path, pk):
    """The partnership id the row `pk` of `model` reaches through `path`, as stored."""
    return model._base_manager.filter(pk=pk).values_list(path, flat=True).first()


def _before_save(path):
    def handler(sender, instance, **kwargs):
        # An existing row may move to another partnership: remember the one it leaves.
        if path is not ALL and not _in_bulk_work.get() and not instance._state.adding and instance.pk is not None:
            instance._duty_partnership_before = _stored_partnership(sender, path, instance.pk)

    return handler


# Saved alone, shown on no page: a login's time (`update_last_login`) changes nothing.
UNSHOWN_FIELDS = {"last_login"}


def _after_save(path):
    def handler(sender, instance, update_fields=None, **kwargs):
        if _in_bulk_work.get() or (update_fields and set(update_fields) <= UNSHOWN_FIELDS):
            return
        if path is ALL:
            changed(ALL)
            return
        now = getattr(instance, path) if "__" not in path else _stored_partnership(sender, path, instance.pk)
        changed({now, instance.__dict__.pop("_duty_partnership_before", None)})

    return handler


def _before_delete(path):
    def handler(sender, instance, **kwargs):
        if not _in_bulk_work.get():
            changed(ALL if path is ALL else {_stored_partnership(sender, path, instance.pk)})

    return handler
