"""Benchmark (not a test): import 20 years of quarters for 100 communes in one file.

    DATABASE_URL=… .venv/bin/python bench/diagnosis_import.py [--communes 100] [--years 20] [--format csv|xlsx] [--keep]

Creates a benchmark agency, its communes and partnerships, writes one upload file as a
French user would (`;`, UTF-8 BOM, thousands separated by spaces), then times the reading,
the checks and the bulk save. Everything is rolled back unless --keep is given."""

import argparse
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import Group  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from demo.diagnosis import DOCUMENTS_FIGURES, invented_figures  # noqa: E402
from diagnosis import services  # noqa: E402
from diagnosis.models import QuarterlyFigures  # noqa: E402
from diagnosis.parsing import TEMPLATE_HEADERS  # noqa: E402
from diagnosis.quarters import Quarter  # noqa: E402
from partnership.models import Organisation, Partnership, User  # noqa: E402
from partnership.permissions import Role  # noqa: E402


class Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--keep", action="store_true", help="garder les données importées")
    args = parser.parse_args()
    try:
        with transaction.atomic():
            run(args.communes, args.years, args.format)
            if not args.keep:
                raise Rollback
    except Rollback:
        print("Données du banc d'essai annulées (--keep pour les garder).")


def run(count, years, fmt):
    agency, _ = Organisation.objects.get_or_create(
        name="Agence de banc d'essai (diagnostic)", defaults={"kind": Organisation.Kind.AGENCY}
    )
    communes = []
    for n in range(count):
        commune, _ = Organisation.objects.get_or_create(
            name=f"Commune de banc d'essai {n:03d}",
            defaults={"kind": Organisation.Kind.COMMUNE, "insee_code": f"98{n:03d}"},
        )
        communes.append(commune)
    partnerships = [
        Partnership.objects.get_or_create(commune=c, agency=agency, defaults={"name": f"{c.name} – banc"})[0]
        for c in communes
    ]
    user, _ = User.objects.get_or_create(username="banc-diagnostic", defaults={"organisation": agency})
    user.groups.add(Group.objects.get(name=Role.CORRESPONDENT))
    QuarterlyFigures.objects.filter(partnership__in=partnerships).delete()

    started = time.perf_counter()
    name, data = upload_file(communes, years, fmt)
    generated = time.perf_counter()
    plan = services.plan_upload(user, name, data)
    checked = time.perf_counter()
    if not plan.ok:
        for problem in plan.problems[:10]:
            print(problem, file=sys.stderr)
        raise SystemExit(1)
    saved = services.save_plan(plan, user, source=QuarterlyFigures.Source.UPLOAD)
    done = time.perf_counter()
    print(
        f"Base : {connection.vendor}. Fichier {fmt.upper()} de {len(data) / 1e6:.2f} Mo, "
        f"{len(plan.quarters)} lignes ({count} communes × {years} ans × 4 trimestres)."
    )
    print(f"  génération du fichier : {generated - started:6.2f} s")
    print(f"  lecture et contrôles  : {checked - generated:6.2f} s")
    print(f"  enregistrement        : {done - checked:6.2f} s ({len(saved)} trimestres)")
    print(f"  import (lecture, contrôles, enregistrement) : {done - generated:.2f} s")
    # The same file again: every quarter is replaced by a new version, the old one kept.
    again = time.perf_counter()
    plan = services.plan_upload(user, name, data)
    saved = services.save_plan(plan, user, source=QuarterlyFigures.Source.UPLOAD, confirm_replace=True)
    print(
        f"  second import, {len(plan.replacements)} trimestres remplacés (versions gardées) : "
        f"{time.perf_counter() - again:.2f} s"
    )


def upload_file(communes, years, fmt):
    rng = random.Random(6)
    first = Quarter(2026 - years, 4)
    headers = [label for _field, label in TEMPLATE_HEADERS]
    rows = []
    for commune in communes:
        for i in range(years * 4):
            quarter = Quarter.from_index(first.index + i)
            values = invented_figures(DOCUMENTS_FIGURES, quarter, rng)
            numbers = [values[field] for field, _label in TEMPLATE_HEADERS[5:]]
            rows.append([commune.insee_code, commune.name, quarter.year, f"T{quarter.number}", ""] + numbers)
    if fmt == "xlsx":
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("Chiffres")
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return "banc.xlsx", buffer.getvalue()
    lines = [";".join(headers)]
    for row in rows:
        lines.append(";".join(f"{v:,}".replace(",", " ") if isinstance(v, int) else str(v) for v in row))
    return "banc.csv", ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


if __name__ == "__main__":
    main()
