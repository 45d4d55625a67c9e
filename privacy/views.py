"""The pages of personal data: what the C9 destruction will erase, and when."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnership.models import Convention
from partnership.permissions import Role, role_required
from privacy import destruction

# Who may see what the C9 job will erase (counts only, no personal data on the page).
PERSONAL_DATA_PAGE_SIZE = 20
PERSONAL_DATA_ROLES = (Role.AGENT, Role.RGC, Role.ELU, Role.ADMINISTRATOR)


@role_required(*PERSONAL_DATA_ROLES)
@require_GET
def schedule(request):
    today = timezone.localdate()
    conventions = (
        destruction.cooperation_conventions()
        .filter(pk__in=Convention.objects.visible_to(request.user))
        .select_related("partnership")
    )
    # Bounded: the conventions to act on soon (or late), one page at a time; each app's
    # inventory is read for that page only.
    page = Paginator(destruction.relevant(conventions, today), PERSONAL_DATA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "privacy/personal_data.html",
        {
            "entries": destruction.entries_of(page.object_list),
            "today": today,
            "horizon_days": destruction.PAGE_HORIZON_DAYS,
            "page_obj": page,
        },
    )
