"""Demo data: the Saint-Quentin-Fallavier case of the seed documents, and a clearly
fictitious commune so that the separation between partnerships can be seen.

Institutions, dates, codes and elected officials come from the documents. Staff
accounts and every e-mail address are fictitious (example.org). Idempotent: objects
are looked up by natural keys, so running it twice changes nothing.
"""

import datetime

from django.contrib.auth.models import Group

from partnership import commitment_templates
from partnership.models import (
    Amendment,
    Commitment,
    Convention,
    ConventionParty,
    CouncilSession,
    Deliberation,
    DeliberationDecision,
    OpusAnnex,
    OpusService,
    Organisation,
    Partnership,
    Person,
    SessionAbsence,
    User,
)
from partnership.permissions import Role
from renewals.commitment_templates import OPUS_SERVICES

DEMO_PASSWORD = "relais-demo-2021"

D = datetime.date
Status = Commitment.Status

OPUS_LEGAL_REFERENCES = "\n".join(
    [
        "Vu le code du travail, notamment ses articles R.5213-1 à R.5213-8 et R.5214-23",
        "Vu la loi n° 2005-32 du 18 janvier 2005 de programmation pour la cohésion sociale",
        "Vu la convention pluriannuelle 2015-2018 entre l'Etat, L'Unedic et Pôle emploi",
        "Vu la loi n° 2008-126 du 13 février 2008 relative à la réforme de l'organisation du service public "
        "de l'emploi",
        "Vu le Conseil d'administration du 19 décembre 2008, portant création de Pôle emploi",
        "Vu la convention de partenariat locale relative au Relais Emploi de l'Isle d'Abeau signée le 14 mai 2018 "
        "entre Pôle emploi et le partenaire",
    ]
)


def _upsert(model, lookup, **defaults):
    """Create, or bring up to date, saving (and so writing history) only when something differs."""
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if not created and changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.save(update_fields=changed)
    return obj


def _organisations():
    region = _upsert(
        Organisation,
        {"name": "Pôle emploi – Direction régionale Rhône-Alpes"},
        kind=Organisation.Kind.REGIONAL_DIRECTION,
    )
    agency = _upsert(
        Organisation,
        {"name": "Pôle emploi Villefontaine"},
        kind=Organisation.Kind.AGENCY,
        parent=region,
        safir_code="38171",
        address="315 rue Serge Mauroit\n38090 Villefontaine",
    )
    capi = _upsert(
        Organisation,
        {"name": "CAPI – Communauté d'agglomération Porte de l'Isère"},
        kind=Organisation.Kind.INTERCOMMUNALITY,
    )
    commune = _upsert(
        Organisation,
        {"name": "Saint-Quentin-Fallavier"},
        kind=Organisation.Kind.COMMUNE,
        parent=capi,
        siren="213804495",
        insee_code="38449",
        address="1 rue de l'Hôtel de Ville\n38070 Saint-Quentin-Fallavier",
        population=6100,
    )
    fictive_agency = _upsert(
        Organisation,
        {"name": "Agence fictive de Valbrume (démonstration)"},
        kind=Organisation.Kind.AGENCY,
        parent=region,
        safir_code="99001",
        address="1 place de l'Exemple\n99000 Valbrume",
    )
    fictive_commune = _upsert(
        Organisation,
        {"name": "Valbrume (commune fictive)"},
        kind=Organisation.Kind.COMMUNE,
        siren="219999992",
        insee_code="99999",
        address="Place de la Mairie\n99000 Valbrume",
        population=3200,
    )
    return region, agency, commune, fictive_agency, fictive_commune


def _person(organisation, first_name, last_name, function, email=""):
    return _upsert(
        Person,
        {"organisation": organisation, "first_name": first_name, "last_name": last_name},
        function=function,
        email=email,
    )


def _deliberation(partnership, commune, mayor):
    session = _upsert(
        CouncilSession,
        {"commune": commune, "date": D(2021, 4, 12)},
        convened_on=None,
        convened_by="le Maire",
        president=f"{mayor}, Maire",
        place="lieu habituel de ses séances",
        members_in_office=29,
        secretary="Henri HUBERT",
    )
    for member, holder in [
        ("Sylvie RENAUD", "Nicolas BARRAUD"),
        ("Carole BESSON", "Alexandre CARON"),
        ("Laurie CHAPUIS-BAILLY", "Cécile PERRIN"),
        ("Patrice SAULNIER", "David COLLET"),
        ("Christelle HARDY", ""),
        ("Sophie MALLET", ""),
    ]:
        _upsert(SessionAbsence, {"session": session, "member": member}, proxy_holder=holder)
    deliberation = _upsert(
        Deliberation,
        {"session": session, "number": "2021.04.14.8"},
        partnership=partnership,
        object="Renouvellement du partenariat avec Pôle emploi - convention triennale",
        rapporteur="Emilie JOUBERT",
        rapporteur_delegation="l'Emploi et l'Insertion",
        summary=(
            "Le choix de la commune de s'appuyer sur un Relais Emploi lors de la municipalisation du Centre Social "
            "en 2001 s'est accompagné d'un partenariat étroit avec Pôle emploi, formalisé par une convention. "
            "Le nouveau mandat de 2020 est l'occasion d'un renouvellement : une convention modifiée, présentée par "
            "Mme CORDIER, directrice de l'agence Pôle emploi de Villefontaine, porte sur trois ans, ce qui permettra "
            "un bilan à mi-mandat. Elle est accompagnée d'une convention annexe concernant la plateforme OPUS."
        ),
        outcome=Deliberation.Outcome.UNANIMOUS,
        signed_by="Michel BARRAUD, Maire",
        published_on=D(2021, 4, 16),
        transmitted_on=D(2021, 4, 16),
        actes_identifier="038-213804495-20210412-Imc19454-DE-1-1",
        court="le tribunal administratif de Grenoble",
    )
    for order, (verb, text) in enumerate(
        [
            (
                "APPROUVE",
                "les termes de la convention triennale entre la commune de St-Quentin-Fallavier et Pôle Emploi, "
                "ainsi que ceux de la convention annexe dédiée à l'outil OPUS.",
            ),
            (
                "AUTORISE",
                "le Maire à signer ces deux conventions, ainsi que tout document se référant à cette affaire.",
            ),
        ]
    ):
        _upsert(DeliberationDecision, {"deliberation": deliberation, "verb": verb}, order=order, text=text)
    return deliberation


def _convention(partnership, title, **fields):
    return _upsert(Convention, {"partnership": partnership, "title": title}, **fields)


def _parties(convention, parties):
    for order, (organisation, designation, representative, capacity) in enumerate(parties):
        _upsert(
            ConventionParty,
            {"convention": convention, "organisation": organisation},
            designation=designation,
            representative=representative,
            capacity=capacity,
            order=order,
        )


def _commitments(convention, party, items, statuses):
    for order, ((clause, text), status) in enumerate(zip(items, statuses, strict=True)):
        _upsert(
            Commitment,
            {"convention": convention, "party": party, "order": order},
            clause=clause,
            text=text,
            status=status,
        )


def _opus_annexes(convention, cap, partner_code, agency_code, correspondent):
    _upsert(
        OpusAnnex,
        {"convention": convention},
        partner_safir_code=partner_code,
        agency_safir_code=agency_code,
        rgc_function="Responsable du Relais Emploi municipal",
        correspondent_email=correspondent,
        active_accounts_cap=cap,
    )
    for name, description, access in OPUS_SERVICES:
        _upsert(OpusService, {"convention": convention, "name": name}, description=description, access=access)


def _saint_quentin_fallavier(region, agency, commune):
    partnership = _upsert(
        Partnership, {"commune": commune, "agency": agency}, name="Saint-Quentin-Fallavier – Pôle emploi Villefontaine"
    )
    mayor = _person(commune, "Michel", "BARRAUD", "Maire de Saint-Quentin-Fallavier")
    _person(commune, "Emilie", "JOUBERT", "Adjointe déléguée à l'Emploi et l'Insertion")
    _person(commune, "Henri", "HUBERT", "Adjoint délégué à l'Économie")
    director = _person(agency, "Marie-Agnès", "CORDIER", "Directrice de l'agence Pôle emploi de Villefontaine")
    regional_director = _person(region, "Pascal", "BLANCHET", "Directeur régional de Pôle emploi région Rhône-Alpes")
    deliberation = _deliberation(partnership, commune, mayor)

    partner = (commune, "le partenaire", mayor, "Maire, agissant en vertu de la délibération du conseil municipal")
    pole_emploi = (agency, "Pôle emploi", director, "Directrice de l'agence de Villefontaine")
    opus_partner = (commune, "le Partenaire", mayor, "Maire, agissant en vertu de la délibération du conseil municipal")
    opus_region = (region, "Pôle emploi", regional_director, "Directeur régional, dûment habilité à cet effet")
    opus_agency = (agency, "Pôle emploi", director, "Directrice d'agence, par délégation")

    cooperation = _convention(
        partnership,
        "Convention de coopération 2021-2023",
        kind=Convention.Kind.COOPERATION,
        deliberation=deliberation,
        signed_on=None,
        signed_at="Saint-Quentin-Fallavier",
        effective_from=D(2021, 1, 1),
        duration_months=36,
        notes="La copie de la convention ne porte pas de date de signature ; elle prend effet au 1er janvier 2021.",
    )
    _parties(cooperation, [partner, pole_emploi])
    _commitments(cooperation, agency, commitment_templates.POLE_EMPLOI, [Status.DONE] * 9 + [Status.IN_PROGRESS])
    _commitments(
        cooperation, commune, commitment_templates.COMMUNE, [Status.DONE] * 7 + [Status.IN_PROGRESS] * 2 + [Status.DONE]
    )
    opus = _convention(
        partnership,
        "Convention d'application portant mise à disposition d'Opus (2021)",
        kind=Convention.Kind.OPUS,
        parent=cooperation,
        deliberation=deliberation,
        legal_references=OPUS_LEGAL_REFERENCES,
        signed_on=D(2021, 5, 3),
        signed_at="Saint-Quentin-Fallavier",
        notes="La copie ne porte pas de date de signature : celle du 3 mai 2021 est une date de démonstration.",
    )
    _parties(opus, [opus_region, opus_agency, opus_partner])
    _opus_annexes(opus, 2, "39089", "38171", "correspondant-opus@example.org")

    renewal = _convention(
        partnership,
        "Convention de coopération 2024-2026 (renouvellement de démonstration)",
        kind=Convention.Kind.COOPERATION,
        signed_on=D(2023, 12, 18),
        signed_at="Saint-Quentin-Fallavier",
        effective_from=D(2024, 1, 1),
        duration_months=36,
        notes="Renouvellement fictif créé pour la démonstration : les documents sources couvrent 2021-2023.",
    )
    _parties(renewal, [partner, pole_emploi])
    _commitments(
        renewal,
        agency,
        commitment_templates.POLE_EMPLOI,
        [
            Status.DONE,
            Status.DONE,
            Status.TO_START,
            Status.IN_PROGRESS,
            Status.DONE,
            Status.IN_PROGRESS,
            Status.IN_PROGRESS,
            Status.DONE,
            Status.DONE,
            Status.IN_PROGRESS,
        ],
    )
    _commitments(
        renewal,
        commune,
        commitment_templates.COMMUNE,
        [
            Status.IN_PROGRESS,
            Status.DONE,
            Status.DONE,
            Status.DONE,
            Status.DONE,
            Status.IN_PROGRESS,
            Status.DONE,
            Status.IN_PROGRESS,
            Status.IN_PROGRESS,
            Status.DONE,
        ],
    )
    renewal_opus = _convention(
        partnership,
        "Convention d'application OPUS 2024-2026 (renouvellement de démonstration)",
        kind=Convention.Kind.OPUS,
        parent=renewal,
        legal_references=OPUS_LEGAL_REFERENCES,
        signed_on=D(2024, 1, 15),
        signed_at="Saint-Quentin-Fallavier",
        notes="Renouvellement fictif créé pour la démonstration.",
    )
    _parties(renewal_opus, [opus_region, opus_agency, opus_partner])
    _opus_annexes(renewal_opus, 2, "39089", "38171", "correspondant-opus@example.org")
    # Clause O22: an amendment raises the cap of annex 2 from 2 to 3 accounts, so that a third
    # person of the Relais Emploi (her account requested in October 2026) can be given one.
    _upsert(
        Amendment,
        {"convention": renewal_opus, "number": 1},
        object="Relèvement du nombre de comptes OPUS autorisés (annexe 2)",
        signed_on=D(2026, 10, 29),
        effective_from=D(2026, 11, 2),
        active_accounts_cap=3,
        notes="Avenant fictif créé pour la démonstration.",
    )
    return partnership


def _valbrume(agency, commune):
    partnership = _upsert(
        Partnership, {"commune": commune, "agency": agency}, name="Valbrume – agence fictive (démonstration)"
    )
    mayor = _person(commune, "Claire", "EXEMPLE", "Maire de Valbrume (fictive)")
    director = _person(agency, "Paul", "MODELE", "Directeur de l'agence fictive")
    cooperation = _convention(
        partnership,
        "Convention de coopération fictive 2025-2027",
        kind=Convention.Kind.COOPERATION,
        signed_on=D(2024, 12, 16),
        signed_at="Valbrume",
        effective_from=D(2025, 1, 1),
        duration_months=36,
        notes="Partenariat entièrement fictif, pour montrer la séparation des données entre communes.",
    )
    _parties(
        cooperation,
        [(commune, "le partenaire", mayor, "Maire"), (agency, "Pôle emploi", director, "Directeur d'agence")],
    )
    _commitments(
        cooperation, agency, commitment_templates.POLE_EMPLOI[:3], [Status.DONE, Status.IN_PROGRESS, Status.TO_START]
    )
    _commitments(cooperation, commune, commitment_templates.COMMUNE[:3], [Status.DONE, Status.DONE, Status.IN_PROGRESS])
    opus = _convention(
        partnership,
        "Convention d'application OPUS fictive",
        kind=Convention.Kind.OPUS,
        parent=cooperation,
        signed_on=D(2025, 2, 3),
        signed_at="Valbrume",
    )
    _parties(
        opus, [(agency, "Pôle emploi", director, "Directeur d'agence"), (commune, "le Partenaire", mayor, "Maire")]
    )
    _opus_annexes(opus, 3, "99002", "99001", "correspondant-fictif@example.org")
    return partnership


DEMO_USERS = [
    # username, first name, last name, role, organisation key, staff (admin panel)
    ("agent", "Camille", "Durand", Role.AGENT, "commune", False),
    ("agent2", "Yanis", "Roux", Role.AGENT, "commune", False),
    ("rgc", "Thomas", "Garnier", Role.RGC, "commune", True),
    ("elu", "Nadia", "Bernard", Role.ELU, "commune", False),
    ("correspondant", "Sophie", "Martin", Role.CORRESPONDENT, "agency", False),
    ("admin", "Luc", "Petit", Role.ADMINISTRATOR, "commune", True),
    ("agent-valbrume", "Jeanne", "Exemple", Role.AGENT, "fictive_commune", False),
]


def _users(organisations):
    created = []
    for username, first_name, last_name, role, org_key, staff in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.org",
                "organisation": organisations[org_key],
                "is_staff": staff,
            },
        )
        if was_created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role))
        created.append((user, role))
    return created


def load():
    """Load the demo; returns what other apps' demo loaders build on."""
    region, agency, commune, fictive_agency, fictive_commune = _organisations()
    sqf = _saint_quentin_fallavier(region, agency, commune)
    valbrume = _valbrume(fictive_agency, fictive_commune)
    users = _users({"commune": commune, "agency": agency, "fictive_commune": fictive_commune})
    return {"partnership": sqf, "fictive_partnership": valbrume, "users": users}
