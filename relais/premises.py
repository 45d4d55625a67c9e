"""What the commune puts at the disposal of job seekers (clause C4): the premises and their
equipment, the agents assigned and the weekly reception slots, read in four queries."""

from django.db.models import Prefetch

from relais.models import Equipment, Premises, ReceptionSlot, StaffAssignment


def of(partnership, today):
    """{premises, agents, agents_agreed, slots_by_kind} of `partnership` on `today`."""
    rooms = list(
        Premises.objects.filter(partnership=partnership).prefetch_related(
            Prefetch("equipment", queryset=Equipment.objects.order_by("id"))
        )
    )
    agents = [
        a
        for a in StaffAssignment.objects.filter(partnership=partnership).select_related("person")
        if a.assigned_on(today)
    ]
    slots = {}
    for slot in ReceptionSlot.objects.filter(partnership=partnership).select_related("premises"):
        slots.setdefault(slot.get_kind_display(), []).append(slot)
    return {
        "premises": rooms,
        "agents": agents,
        "agents_agreed": StaffAssignment.AGENTS_AGREED,
        "slots_by_kind": list(slots.items()),
    }
