"""Demo data of the Relais Emploi (see `partnership.hooks`): for Saint-Quentin-Fallavier, a year
of referent meetings every two months (the last held in October 2026, so the next is due in
early December), monthly activity for 2025 and 2026 so far, a few events (one of them still to
announce to Pôle emploi, clause C7), Pôle emploi's information attended (C5), communication
actions (C11), innovative actions with their results (C10), the premises, equipment, agents and
reception slots of clause C4, the steering committee held in February 2026 with its members'
answers, attendance and indicators frozen, and the next one, of 8 December 2026, convened by
e-mail with some answers in.

Staff are the fictitious demo users; elected officials and the agency director come from the
documents (clause C10). Idempotent: rows are looked up by natural keys.
"""

import datetime
import zoneinfo

from partnership import committees, duty_snapshots
from partnership.models import CommitteeMember, Convention, Partnership, Person, SteeringCommittee
from relais.models import (
    CommunicationAction,
    Equipment,
    Event,
    FollowUpAction,
    InformationSession,
    InnovativeAction,
    MonthlyActivity,
    Premises,
    ReceptionSlot,
    ReferentMeeting,
    StaffAssignment,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
D = datetime.date


def _at(day, hour, minute=0):
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


MEETINGS = [
    # date, status, structures, projects, economy, opus, decisions, actions [(text, owner, due, done)]
    (
        D(2026, 2, 3),
        ReferentMeeting.Status.HELD,
        "Pôle emploi : arrivée d'une nouvelle conseillère entreprise à l'agence de Villefontaine. "
        "Relais Emploi : plages d'accueil libre élargies au jeudi matin.",
        "Préparation d'un job dating logistique en mars avec les entreprises de la zone.",
        "Hausse des offres en logistique et transport ; tensions sur les postes de cariste.",
        "Relais : consultations d'offres stables, mises en relation en hausse en janvier.",
        "Organiser le job dating logistique le 12 mars.\nPôle emploi transmet les offres en nombre par courriel.",
        [("Réserver la salle du job dating", "Relais Emploi (Camille Durand)", D(2026, 2, 20), D(2026, 2, 16))],
    ),
    (
        D(2026, 4, 7),
        ReferentMeeting.Status.HELD,
        "Pôle emploi : nouvelle organisation de l'indemnisation (conseiller référent indemnisation).",
        "Bilan du job dating du 12 mars ; information collective sur l'inscription en ligne en mai.",
        "Le chômage des moins de 25 ans reste au-dessus de la moyenne du bassin.",
        "Demandes de CV en hausse après le job dating.",
        "Tenir une réunion d'information sur l'inscription en ligne le 21 mai.",
        [
            (
                "Diffuser les affiches de la réunion d'information",
                "Pôle emploi (conseillère référente)",
                D(2026, 5, 5),
                D(2026, 5, 4),
            )
        ],
    ),
    (
        D(2026, 6, 9),
        ReferentMeeting.Status.HELD,
        "Relais Emploi : un agent en formation aux outils numériques de Pôle emploi en juin.",
        "Forum de l'emploi d'octobre : premiers contacts avec les exposants.",
        "Recrutements saisonniers en entrepôt ; offres d'intérim nombreuses.",
        "Trois candidats convoqués par OPUS sur des offres de préparateur de commandes.",
        "Associer Pôle emploi à l'organisation du forum d'octobre.",
        [("Envoyer la liste des exposants pressentis", "Relais Emploi (Yanis Roux)", D(2026, 7, 3), D(2026, 7, 1))],
    ),
    (
        D(2026, 8, 25),
        ReferentMeeting.Status.HELD,
        "Pôle emploi devient France Travail : point sur les changements de nom et d'outils.",
        "Forum de l'emploi du 8 octobre : programme et stands.",
        "Reprise des recrutements après l'été dans la logistique.",
        "Consultations d'offres en baisse en août (fermeture estivale partielle).",
        "Valider le programme du forum.",
        [
            (
                "Confirmer la présence d'un stand Pôle emploi au forum",
                "Pôle emploi (conseillère référente)",
                D(2026, 9, 15),
                D(2026, 9, 10),
            )
        ],
    ),
    (
        D(2026, 10, 6),
        ReferentMeeting.Status.HELD,
        "Relais Emploi : recrutement d'un second agent d'accueil en cours.",
        "Bilan à préparer pour le comité de pilotage 2027 et le renouvellement de la convention.",
        "Le taux de demandeurs d'emploi de longue durée reste autour de 40 %.",
        "Forum : 14 mises en relation par OPUS dans la semaine suivante.",
        "Préparer le bilan annuel du Relais Emploi pour le comité de pilotage.\nProposer les termes du renouvellement.",
        [
            (
                "Transmettre les chiffres trimestriels de l'emploi sur la commune",
                "Pôle emploi (conseillère référente)",
                D(2026, 11, 15),
                None,
            ),
            ("Préparer le bilan annuel 2026 du Relais Emploi", "Relais Emploi (Thomas Garnier)", D(2026, 12, 18), None),
        ],
    ),
    (
        D(2026, 12, 3),
        ReferentMeeting.Status.PLANNED,
        "",
        "",
        "",
        "",
        "",
        [],
    ),
]

EVENTS = [
    (
        Event.Kind.FORUM,
        "Forum de l'emploi 2025",
        D(2025, 10, 9),
        "Salle polyvalente",
        "Pôle emploi, Mission locale, CAPI",
        210,
        28,
        D(2025, 9, 1),
    ),
    (
        Event.Kind.JOB_DATING,
        "Job dating logistique",
        D(2026, 3, 12),
        "Relais Emploi",
        "Pôle emploi, entreprises de la zone logistique",
        64,
        9,
        D(2026, 2, 4),
    ),
    (
        Event.Kind.INFORMATION,
        "Réunion d'information : l'inscription en ligne",
        D(2026, 5, 21),
        "Relais Emploi",
        "Pôle emploi",
        18,
        None,
        D(2026, 4, 8),
    ),
    (
        Event.Kind.FORUM,
        "Forum de l'emploi 2026",
        D(2026, 10, 8),
        "Salle polyvalente",
        "Pôle emploi, Mission locale, CAPI, Département de l'Isère",
        245,
        32,
        None,
    ),
    (
        Event.Kind.JOB_DATING,
        "Job dating des fêtes : commerce et logistique",
        D(2026, 12, 15),
        "Le Nymphéa",
        "Entreprises de la zone logistique",
        None,
        None,
        None,
    ),
]

# Clause C4, in the convention's words: the rooms, what each holds, and the weekly slots.
PREMISES = [
    (Premises.Kind.RECEPTION, "Espace d'accueil du Relais Emploi",
     "Pôle Social, Insertion, Emploi, RDC de l'Hôtel de Ville, 38070 Saint-Quentin-Fallavier",
     [("Panneau d'affichage des offres d'emploi et des informations", 1, Equipment.State.WORKING)]),
    (Premises.Kind.SELF_SERVICE, "Espace en libre utilisation", "RDC de l'Hôtel de Ville",
     [("Ordinateur", 1, Equipment.State.WORKING), ("Copieur", 1, Equipment.State.FAULTY),
      ("Téléphone", 1, Equipment.State.WORKING)]),
    (Premises.Kind.OFFICE, "Bureau d'accueil individuel", "RDC de l'Hôtel de Ville", []),
    (Premises.Kind.OTHER, "Le Nymphéa", "Annexe municipale du quartier des Moines", []),
    (Premises.Kind.OTHER, "L'Arobase", "Espace numérique", [("Ordinateur", 8, Equipment.State.WORKING)]),
]  # fmt: skip
SLOTS = [
    (ReceptionSlot.Kind.FREE, 0, (9, 0), (12, 0), "Espace d'accueil du Relais Emploi"),
    (ReceptionSlot.Kind.FREE, 2, (9, 0), (12, 0), "Espace d'accueil du Relais Emploi"),
    (ReceptionSlot.Kind.FREE, 3, (9, 0), (12, 0), "Espace d'accueil du Relais Emploi"),
    (ReceptionSlot.Kind.APPOINTMENTS, 1, (14, 0), (17, 30), "Bureau d'accueil individuel"),
    (ReceptionSlot.Kind.APPOINTMENTS, 3, (14, 0), (17, 30), "Bureau d'accueil individuel"),
    (ReceptionSlot.Kind.APPOINTMENTS, 4, (9, 0), (12, 0), "Le Nymphéa"),
]
Subject, Channel = InformationSession.Subject, InformationSession.Channel
SESSIONS = [
    (D(2026, 1, 20), Subject.ORGANISATION, Channel.MEETING, "Réunion des partenaires : l'assurance chômage", 2),
    (D(2026, 2, 9), Subject.BULK_OFFERS, Channel.EMAIL, "Offres en nombre : préparateurs de commandes", 0),
    (D(2026, 3, 2), Subject.RECRUITMENT, Channel.EMAIL, "Information collective de recrutement : caristes", 0),
    (D(2026, 4, 14), Subject.TRAINING, Channel.MEETING, "Nouveaux marchés de formation financés", 1),
    (D(2026, 6, 16), Subject.SERVICES, Channel.MEETING, "Les prestations d'accompagnement 2026", 2),
    (D(2026, 9, 22), Subject.ORGANISATION, Channel.MEETING, "Pôle emploi devient France Travail", 2),
]  # fmt: skip
# Clause C10: innovative actions the partners proposed, carried out or not, with their results.
INNOVATIONS = [
    ("Job dating logistique avec les entreprises de la zone", D(2025, 12, 9), InnovativeAction.Proposer.BOTH,
     D(2026, 3, 12), "64 candidats, 9 entreprises, 11 embauches connues à trois mois."),
    ("Atelier « inscription en ligne » à L'Arobase", D(2026, 2, 3), InnovativeAction.Proposer.POLE_EMPLOI,
     D(2026, 5, 21), "18 participants ; 12 inscriptions faites sur place."),
    ("Permanence de la conseillère référente au Nymphéa", D(2026, 10, 13), InnovativeAction.Proposer.COMMUNE,
     None, ""),
]  # fmt: skip
Medium, Audience = CommunicationAction.Medium, CommunicationAction.Audience
COMMUNICATION = [
    (D(2026, 1, 15), Medium.BULLETIN, Audience.JOB_SEEKERS, "Le partenariat avec Pôle emploi", False),
    (D(2026, 2, 20), Medium.SOCIAL, Audience.EMPLOYERS, "Annonce du job dating logistique", False),
    (D(2026, 3, 13), Medium.PRESS, Audience.JOB_SEEKERS, "Presse locale : retour sur le job dating", False),
    (D(2026, 5, 4), Medium.PRINT, Audience.JOB_SEEKERS, "Affiches de la réunion sur l'inscription en ligne", True),
    (D(2026, 9, 15), Medium.WEBSITE, Audience.PARTNERS, "Page du site de la commune sur le forum de l'emploi", False),
    (D(2026, 10, 1), Medium.OTHER, Audience.INTERNAL, "Présentation du partenariat aux agents du Pôle Social", False),
]  # fmt: skip


def _monthly(year, month):
    """Plausible, deterministic figures for a commune of 6,100 inhabitants."""
    seasonal = (3, 4, 5, 4, 3, 2, 1, 0, 4, 5, 4, 2)[month - 1]
    base = 30 + seasonal * 4 + (year - 2025) * 3
    return {
        "free_slot_visitors": base + month % 5,
        "appointments": 12 + seasonal * 2 + month % 3,
        "registration_help": 6 + seasonal,
        "monthly_update_help": 9 + (month * 7) % 6,
        "opus_offers_consulted": 40 + seasonal * 6 + (year - 2025) * 5,
        "opus_employer_contacts": 5 + seasonal + month % 2,
        "opus_cv_requests": 3 + seasonal // 2,
        "opus_candidates_convened": 2 + seasonal // 2,
        "opus_offer_documents": 5 + seasonal + month % 2,
        "jobs_obtained": 2 + seasonal // 2 if month % 4 else None,
        "trainings_obtained": 1 + month % 2,
    }


def load(context):
    partnership = context["partnership"]
    users = {user.username: user for user, _role in context["users"]}
    staff = [_person_of(users[name], function) for name, function in STAFF_FUNCTIONS.items() if name in users]
    referent, _created = Person.objects.get_or_create(
        organisation=partnership.agency,
        first_name="Sophie",
        last_name="MARTIN",
        defaults={"function": "Conseillère référente du Relais Emploi (fictive)", "email": "referente@example.org"},
    )
    _meetings(partnership, [*staff, referent])
    _activity(partnership)
    _events(partnership)
    _means(partnership, staff)
    _information_and_communication(partnership)
    _committee(partnership)
    rgc = _person_of(users["rgc"], STAFF_FUNCTIONS["rgc"]) if "rgc" in users else None
    _next_committee(partnership, rgc, referent)


# 2025: a meeting every two months, so that the 2025 annual report and the committee that
# reviewed 2025 count them.
MEETINGS += [
    (
        day,
        ReferentMeeting.Status.HELD,
        structures,
        "Suivi des actions communes et du calendrier des forums.",
        economy,
        "Consultations d'offres et mises en relation par OPUS régulières.",
        "",
        [],
    )
    for day, structures, economy in [
        (
            D(2025, 2, 4),
            "Pôle emploi : nouvelle organisation de l'accueil sur rendez-vous.",
            "Reprise des embauches dans la logistique.",
        ),
        (D(2025, 4, 8), "Relais Emploi : nouvel ordinateur en libre accès.", "Offres saisonnières en hausse."),
        (
            D(2025, 6, 10),
            "Pôle emploi : changement de conseillère référente à l'été.",
            "Stabilité du chômage de longue durée.",
        ),
        (D(2025, 8, 19), "Relais Emploi : fermeture estivale de deux semaines.", "Peu de recrutements en août."),
        (
            D(2025, 10, 14),
            "Pas d'évolution notable de part et d'autre.",
            "Préparation des recrutements de fin d'année.",
        ),
        (
            D(2025, 12, 9),
            "Relais Emploi : bilan de l'année en préparation.",
            "Fin d'année stable ; hausse chez les moins de 25 ans.",
        ),
    ]
]


# The demo accounts who take part in the referent meetings, and their functions (fictitious).
STAFF_FUNCTIONS = {"agent": "Agent du Relais Emploi", "rgc": "Responsable du Relais Emploi"}


def _person_of(user, function):
    """The participant record of a demo account: the Person of its organisation with the same
    address (the OPUS register's demo made them), else a new one."""
    person = Person.objects.filter(organisation=user.organisation, email__iexact=user.email).order_by("pk").first()
    return person or Person.objects.create(
        organisation=user.organisation,
        first_name=user.first_name,
        last_name=user.last_name,
        function=function,
        email=user.email,
    )


def _meetings(partnership, participants):
    for day, status, structures, projects, economy, opus, decisions, actions in MEETINGS:
        meeting, created = ReferentMeeting.objects.get_or_create(
            partnership=partnership,
            starts_at=_at(day, 10),
            defaults={
                "place": "Relais Emploi, Saint-Quentin-Fallavier",
                "status": status,
                "opus_placement": True,
                "minutes_structures": structures,
                "minutes_projects": projects,
                "minutes_economy": economy,
                "minutes_opus": opus,
                "decisions": decisions,
            },
        )
        if created:
            meeting.participants.set(participants)
        for text, owner, due, done in actions:
            FollowUpAction.objects.get_or_create(
                meeting=meeting, text=text, defaults={"owner": owner, "due_on": due, "done_on": done}
            )


def _activity(partnership):
    # The 2021–2023 term too, for the comparison from one term to the next (clause C10).
    months = [(year, m) for year in range(2021, 2026) for m in range(1, 13)] + [(2026, m) for m in range(1, 11)]
    for year, month in months:
        MonthlyActivity.objects.get_or_create(
            partnership=partnership, year=year, month=month, defaults=_monthly(year, month)
        )


def _events(partnership):
    for kind, title, day, place, partners, attendance, employers, informed in EVENTS:
        Event.objects.get_or_create(
            partnership=partnership,
            title=title,
            date=day,
            defaults={
                "kind": kind,
                "place": place,
                "partners": partners,
                "attendance": attendance,
                "employers": employers,
                "pole_emploi_informed_on": informed,
            },
        )


def _means(partnership, staff):
    """Clause C4: the premises and their equipment, the two agents, the reception slots."""
    rooms = {}
    for order, (kind, name, address, equipment) in enumerate(PREMISES):
        room, _created = Premises.objects.get_or_create(
            partnership=partnership, name=name, defaults={"kind": kind, "address": address, "order": order}
        )
        rooms[name] = room
        for item, quantity, state in equipment:
            Equipment.objects.get_or_create(
                premises=room, name=item, defaults={"quantity": quantity, "state": state, "checked_on": D(2026, 11, 2)}
            )
    for person in staff:
        StaffAssignment.objects.get_or_create(partnership=partnership, person=person, defaults={"since": D(2024, 1, 1)})
    for kind, weekday, start, end, room in SLOTS:
        ReceptionSlot.objects.get_or_create(
            partnership=partnership,
            kind=kind,
            weekday=weekday,
            starts_at=datetime.time(*start),
            defaults={"ends_at": datetime.time(*end), "premises": rooms[room]},
        )


def _information_and_communication(partnership):
    """Clauses C5 and C11, and the innovative actions of C10."""
    for day, subject, channel, title, attendees in SESSIONS:
        InformationSession.objects.get_or_create(
            partnership=partnership,
            title=title,
            defaults={"date": day, "subject": subject, "channel": channel, "attendees": attendees},
        )
    for title, proposed_on, proposed_by, carried_out_on, results in INNOVATIONS:
        InnovativeAction.objects.get_or_create(
            partnership=partnership,
            title=title,
            defaults={"proposed_on": proposed_on, "proposed_by": proposed_by, "carried_out_on": carried_out_on,
                      "results": results},
        )  # fmt: skip
    for day, medium, audience, title, by_pole_emploi in COMMUNICATION:
        CommunicationAction.objects.get_or_create(
            partnership=partnership,
            title=title,
            defaults={"date": day, "medium": medium, "audience": audience, "by_pole_emploi": by_pole_emploi},
        )


def _committee(partnership: Partnership):
    convention = Convention.objects.filter(
        partnership=partnership, kind=Convention.Kind.COOPERATION, effective_from=D(2024, 1, 1)
    ).first()
    committee, created = SteeringCommittee.objects.get_or_create(
        partnership=partnership,
        date=D(2026, 2, 10),
        defaults={
            "convention": convention,
            "year": 2025,
            "start_time": datetime.time(14, 0),
            "place": "Mairie de Saint-Quentin-Fallavier, salle du conseil",
            "convened_on": D(2026, 1, 20),
            "agenda": "Bilan des actions réalisées en 2025\n"
            "Diagnostic territorial partagé\n"
            "Actions innovantes proposées et mises en œuvre, et leurs résultats\n"
            "Bilan annuel du Relais Emploi\n"
            "Projets pour le développement de l'emploi sur le territoire\n"
            "Préparation du renouvellement de la convention (fin au 31 décembre 2026)",
            "minutes": "Le comité constate la régularité des réunions avec la conseillère référente et la hausse "
            "de l'activité de placement par OPUS. Le job dating logistique est jugé utile ; il sera reconduit. "
            "Pôle emploi fournira les chiffres trimestriels de l'emploi sur la commune avant chaque réunion.",
            "decisions": "Reconduire le job dating logistique en 2026.\n"
            "Engager la préparation du renouvellement de la convention au second semestre 2026.",
        },
    )
    if created:
        sophie = "Sophie MARTIN, conseillère référente"
        _members(committee, [
            ("JOUBERT", "Adjointe déléguée à l'Emploi", "Commune de Saint-Quentin-Fallavier",
             ("accepte", "", D(2026, 1, 22)), ("present", "")),
            ("HUBERT", "Adjoint délégué à l'Économie", "Commune de Saint-Quentin-Fallavier",
             ("accepte", "", D(2026, 1, 26)), ("present", "")),
            ("CORDIER", "Directrice de l'agence Pôle emploi de Villefontaine", "Pôle emploi",
             ("represente", sophie, D(2026, 1, 23)), ("represente", sophie)),
        ])  # fmt: skip
    if not committee.is_held:
        committees.mark_held(committee.pk, Partnership.objects.filter(pk=partnership.pk))
        # As if marked held at the end of the meeting (the demo is loaded later).
        SteeringCommittee.objects.filter(pk=committee.pk).update(indicators_frozen_at=_at(committee.date, 17))
        duty_snapshots.changed([partnership.pk])
    return committee


def _members(committee, rows):
    """Each (person, or an official's last name; function, structure, (answer, representative,
    answered on), (attendance, represented by))."""
    for order, (who, function, organisation, answer, attendance) in enumerate(rows):
        person = who if isinstance(who, Person) else Person.objects.filter(last_name=who).first()
        CommitteeMember.objects.create(
            committee=committee,
            person=person,
            name=str(person) if person else who,
            function=function,
            organisation=organisation,
            answer=answer[0],
            answer_represented_by=answer[1],
            answered_on=answer[2],
            attendance=attendance[0],
            represented_by=attendance[1],
            order=order,
        )


def _next_committee(partnership: Partnership, rgc, referent):
    """The 2026 committee, planned for 8 December 2026 and convened by e-mail on 17 November:
    those with an address got the iCalendar invitation; answers noted as they came (clause C10)."""
    convention = Convention.objects.filter(
        partnership=partnership, kind=Convention.Kind.COOPERATION, effective_from=D(2024, 1, 1)
    ).first()
    committee, created = SteeringCommittee.objects.get_or_create(
        partnership=partnership,
        date=D(2026, 12, 8),
        defaults={
            "convention": convention,
            "year": 2026,
            "start_time": datetime.time(14, 0),
            "place": "Mairie de Saint-Quentin-Fallavier, salle du conseil",
            "convened_on": D(2026, 11, 17),
            "agenda": "Bilan des actions réalisées en 2026\n"
            "Diagnostic territorial partagé\n"
            "Actions innovantes proposées et mises en œuvre, et leurs résultats\n"
            "Bilan annuel du Relais Emploi\n"
            "Renouvellement de la convention pour 2027 : le projet et ses engagements",
            "invitation_sequence_sent": 0,
            "invitation_sent_at": _at(D(2026, 11, 17), 10),
        },
    )
    if created:
        commune, agency = "Commune de Saint-Quentin-Fallavier", "Pôle emploi"
        none = ("", "", None)
        rows = [
            ("JOUBERT", "Adjointe déléguée à l'Emploi", commune, ("accepte", "", D(2026, 11, 18)), ("", "")),
            ("HUBERT", "Adjoint délégué à l'Économie", commune, ("excuse", "", D(2026, 11, 24)), ("", "")),
            ("CORDIER", "Directrice de l'agence Pôle emploi de Villefontaine", agency,
             ("represente", f"{referent}, conseillère référente", D(2026, 11, 20)), ("", "")),
            (referent, referent.function, agency, ("accepte", "", D(2026, 11, 17)), ("", "")),
        ]  # fmt: skip
        if rgc is not None:
            rows.append((rgc, STAFF_FUNCTIONS["rgc"], commune, none, ("", "")))
        _members(committee, rows)
    return committee
