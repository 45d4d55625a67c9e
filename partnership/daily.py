"""What the commands of the daily jobs share: ``--date``, the day to replay by hand."""

import argparse
import datetime

from django.utils import timezone


def _iso_day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"Date invalide « {text} » : attendu AAAA-MM-JJ.") from error


def add_date_argument(parser):
    parser.add_argument("--date", type=_iso_day, help="Journée à traiter, AAAA-MM-JJ (par défaut : aujourd'hui).")


def day(options):
    """The day given with ``--date``, else today."""
    return options["date"] or timezone.localdate()
