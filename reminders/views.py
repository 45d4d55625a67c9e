"""Pages of the calendar of obligations, the calendar feed and the notifications."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnership import duty_snapshots, obligations, services
from partnership.models import Convention, Partnership
from partnership.permissions import Role, has_role, may_open, role_required
from reminders import ical
from reminders.forms import CalendarFilterForm
from reminders.models import CalendarToken, Notification, new_token

CALENDAR_PAGE_SIZE = 50


def visible_duties(user, today):
    """The duties of the user's partnerships, done ones of the last days only (undone ones all)."""
    return duty_snapshots.collect(Partnership.objects.visible_to(user).values_list("pk", flat=True), today)


@role_required(*Role.ALL)
@require_GET
def calendar(request):
    visible = Partnership.objects.visible_to(request.user)
    # A partnership outside the scope is the form's error, not a 404.
    choice = services.choose_partnership(request, visible, first_by_default=services.is_wide_scope, strict=False)
    # Whether the reader has a feed address says which link the page offers (the address is not on it).
    feed = CalendarToken.objects.filter(user=request.user).exists()
    body = duty_snapshots.kept_page(
        request,
        duty_snapshots.kept_for(choice),
        f"calendar {feed:d}",
        "reminders/_calendar_body.html",
        lambda: _calendar(request, choice, visible, feed),
        params=CALENDAR_FILTERS,
    )
    return render(request, "reminders/calendar.html", {"body": body})


# The calendar's filters (`CalendarFilterForm`), besides the partnership.
CALENDAR_FILTERS = ["convention", "state", "role"]


def _calendar(request, choice, visible, feed):
    today = timezone.localdate()
    conventions = (
        Convention.objects.visible_to(request.user)
        .select_related("partnership")
        .order_by("partnership__name", "-effective_from", "kind")
    )
    wide_scope = services.is_wide_scope(choice.count)
    form = CalendarFilterForm(request.GET or None, conventions=conventions, choice=choice)
    # Only the partnership chosen (directly or through its convention) is asked for its duties;
    # a user who sees many partnerships sees one at a time.
    if wide_scope and not form.chose_partnership() and not form.errors:
        # One partnership at a time: the first, until another is picked.
        form = CalendarFilterForm(
            {**request.GET.dict(), "partenariat": choice.pk}, conventions=conventions, choice=choice
        )
    # Not a wide scope: at most WIDE_SCOPE_PARTNERSHIPS partnerships, whose names the duties show.
    names = {} if wide_scope else dict(choice.options if choice.complete else visible.values_list("pk", "name"))
    if not wide_scope:
        visible_ids = list(names)
    elif choice.partnership:
        visible_ids = [choice.pk]
    else:  # a refused filter: the first partnership
        visible_ids = list(visible.order_by("name", "pk").values_list("pk", flat=True)[:1])
    partnership_ids = form.partnership_ids(visible_ids)
    if wide_scope and not form.chose_partnership():
        partnership_ids = partnership_ids[:1]  # a refused filter still shows one partnership
    since = obligations.default_since(today)
    all_duties = duty_snapshots.collect(partnership_ids, today)
    duties = obligations.filter_duties(all_duties, **form.filters())
    counts = {state: sum(1 for d in all_duties if d.state == state) for state, _label in obligations.State.CHOICES}
    page = Paginator(duties, CALENDAR_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "today": today,
        "since": since,
        "form": form,
        "duties": page.object_list,
        "total": len(duties),
        "page_obj": page,
        "counts": [(state, label, counts[state]) for state, label in obligations.State.CHOICES],
        "feed_token": feed,
        # Several partnerships on the page: each duty says whose it is.
        "partnership_names": names if len(partnership_ids) > 1 else {},
    }


@login_not_required
@require_GET
def calendar_feed(request, token):
    """The iCalendar feed. No session here (calendar clients have none): the secret token in
    the address is the credential, so the view is exempt from LoginRequiredMiddleware. An
    unknown or revoked token, or an inactive user, gets a 404."""
    feed_token = get_object_or_404(CalendarToken.objects.select_related("user"), token=token)
    user = feed_token.user
    if not has_role(user, *Role.ALL):
        raise Http404
    # Each event links to its page only if the subscriber may open it.
    duties = [d if may_open(user, d.url) else replace(d, url="") for d in visible_duties(user, timezone.localdate())]
    response = HttpResponse(ical.feed(duties), content_type="text/calendar")
    response["Content-Type"] = "text/calendar; charset=utf-8"
    response["Content-Disposition"] = 'inline; filename="echeancier.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


calendar_feed.token_authenticated = True  # see partnership/tests/test_urls.py


@role_required(*Role.ALL)
@require_GET
def calendar_feed_settings(request):
    feed_token = CalendarToken.objects.filter(user=request.user).first()
    feed_url = request.build_absolute_uri(feed_token.get_absolute_url()) if feed_token else ""
    # The same address under webcal://, which calendar applications open to subscribe.
    webcal_url = "webcal://" + feed_url.split("://", 1)[1] if feed_url else ""
    return render(
        request, "reminders/feed.html", {"feed_token": feed_token, "feed_url": feed_url, "webcal_url": webcal_url}
    )


@role_required(*Role.ALL)
@require_POST
def calendar_feed_regenerate(request):
    """Create the secret address, or replace it: the previous one stops working at once."""
    _token, created = CalendarToken.objects.update_or_create(
        user=request.user, defaults={"token": new_token(), "created_at": timezone.now()}
    )
    if created:
        messages.success(request, _("Votre adresse d'abonnement a été créée."))
    else:
        messages.success(request, _("Une nouvelle adresse a été créée ; l'ancienne ne fonctionne plus."))
    return redirect("calendar_feed_settings")


@role_required(*Role.ALL)
@require_POST
def calendar_feed_revoke(request):
    CalendarToken.objects.filter(user=request.user).delete()
    messages.success(request, _("Votre adresse d'abonnement a été révoquée ; elle ne fonctionne plus."))
    return redirect("calendar_feed_settings")


@role_required(*Role.ALL)
@require_GET
def notifications(request):
    items = Notification.objects.filter(user=request.user)
    return render(
        request,
        "reminders/notifications.html",
        {"notifications": items[:200], "unread": items.unread().count(), "total": items.count()},
    )


@role_required(*Role.ALL)
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    notification.mark_read()
    return redirect("notifications")


@role_required(*Role.ALL)
@require_POST
def notifications_read_all(request):
    Notification.objects.filter(user=request.user).unread().update(read_at=timezone.now())
    messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("notifications")
