"""Hook `indicators` (clause C10): the shared territorial diagnosis of a year, frozen into the
steering committee's record."""

from diagnosis.models import COUNT_FIELDS, BusinessMovement, QuarterlyFigures


def indicators(partnership, year):
    figures = QuarterlyFigures.objects.current().filter(partnership=partnership, year=year).order_by("quarter")
    movements = BusinessMovement.objects.filter(partnership=partnership, date__year=year)
    by_kind = {}
    for movement in movements:
        entry = by_kind.setdefault(movement.kind, {"count": 0, "jobs_created": 0, "jobs_lost": 0})
        entry["count"] += 1
        entry["jobs_created"] += movement.jobs_created
        entry["jobs_lost"] += movement.jobs_lost
    return {
        "territorial_diagnosis": {
            "year": year,
            "quarters": [
                {
                    "quarter": f"T{f.quarter} {f.year}",
                    "figures_date": f.figures_date.isoformat(),
                    **{name: getattr(f, name) for name in COUNT_FIELDS},
                    "capi_share_percent": round(f.capi_share, 1) if f.capi_share is not None else None,
                    "version": f.version,
                    "demo": f.demo,
                }
                for f in figures
            ],
            "business_movements": by_kind,
        }
    }
