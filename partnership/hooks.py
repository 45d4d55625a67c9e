"""How `partnership` asks the other apps for what it gathers, without importing their models.

An app takes part by having a module of the hook's name; each hook's contract:

- ``duties``: ``duties(partnership_ids, today, since=None)`` → iterable of
  `partnership.obligations.Duty`. With `since` (a date), the provider may skip duties that are
  done and due before it, and should do so before building their labels and URLs
  (`partnership.obligations.skips`); it must never skip a duty that is not done (`collect`
  drops the others itself). Each duty names its ``kind``. The module also names in ``SOURCES`` the
  models its duties are read from: ``{model: lookup from it to its partnership id}``, None for a
  model whose change may concern several partnerships (see `partnership.duty_snapshots`).
- ``snapshots``: ``SOURCES``, as a ``duties`` module names them, of what else the parts of pages
  kept by `partnership.duty_snapshots.page` are read from (the dashboard's commitments, OPUS
  annex and monthly activity).
- ``personal_data`` (clause C9): ``inventory(plans)`` → {convention pk: list of (label, count)}
  of the personal data tied to each ended cooperation convention (and its OPUS conventions), given
  {convention pk: `privacy.destruction.Plan`}, in a number of queries that does not grow with the
  conventions, a row shared by two of them counted with the first; ``erase(plans)`` erases or
  anonymises it for all of them at once, every version django-simple-history keeps included
  (`partnership.erasure`), in a number of queries that does not grow with them either, and
  returns the same counts. Optionally, ``people(conventions)``
  → {convention pk: set of `Person` pks its rows tie to each convention}, and
  ``naming(person_pks)`` → (person pk, cooperation convention pk, why, public act?) of each
  convention its rows name them under: a person goes with the convention unless another one not
  yet destroyed, or a public act, names them (the plan's ``people``, erased, and ``kept``). A
  module may name an ``ERASE_ORDER`` (default 50; lower erases first). Optionally,
  ``held(person)`` → sections {"title", "columns", "rows"} (texts) of what the app holds on that
  person, for the access file of a rights request (article 15 RGPD, clause O16).
- ``indicators``: ``indicators(partnership, year)`` → a list of sections (`partnership.report`),
  their labels and values written out in French, frozen into a steering committee's record
  (clause C10). Optionally, ``term_figures(partnership_id, periods)`` → [(label, [number per
  period])] for the periods (``first``, ``last`` dates) over which two terms of a convention
  compare, in queries that do not grow with the data (`partnership.term_comparison`).
- ``job_runs``: ``record(job, today, counts, duration)`` is told of each successful run of a daily
  job (`partnership.daily.logged_run`: its name, day, counts and seconds), dry runs aside.
"""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_modules(hook):
    """The module `hook` of every installed app that has one, in INSTALLED_APPS order."""
    return iter(_modules(hook, tuple(apps.get_app_configs())))


@cache
def _modules(hook, configs):
    """Looked up once per hook and set of apps: finding a submodule asks the file system."""
    return tuple(
        import_module(f"{config.name}.{hook}") for config in configs if module_has_submodule(config.module, hook)
    )
