import datetime

import pytest
from django.core.exceptions import ValidationError

from partnership import actes

IDENTIFIER = "038-213804495-20210412-Imc19454-DE-1-1"


def test_parse_the_deliberation_identifier():
    # clause D3
    parsed = actes.parse(IDENTIFIER)
    assert parsed.departement == "038"
    assert parsed.siren == "213804495"
    assert parsed.act_date == datetime.date(2021, 4, 12)
    assert parsed.number == "Imc19454"
    assert parsed.nature == "DE"
    assert parsed.nature_label == "Délibération"


@pytest.mark.parametrize(
    ("identifier", "message"),
    [
        ("038-213804495-20210412-Imc19454-DE", "n'a pas la forme attendue"),
        ("38-213804495-20210412-Imc19454-DE-1-1", "n'a pas la forme attendue"),
        ("038-213804494-20210412-Imc19454-DE-1-1", "n'est pas un SIREN valide"),
        ("038-213804495-20210231-Imc19454-DE-1-1", "n'existe pas"),
        ("038-213804495-20210412-Imc19454-XX-1-1", "nature d'acte XX"),
        ("", "n'a pas la forme attendue"),
    ],
)
def test_bad_identifiers_are_refused_with_a_clear_message(identifier, message):
    # clause D3
    with pytest.raises(ValidationError) as error:
        actes.parse(identifier)
    assert message in " ".join(error.value.messages)


def test_check_against_the_commune():
    # clause D3: SIREN, département, date and nature must match the act
    actes.check_against(IDENTIFIER, siren="213804495", departement="038", act_date=datetime.date(2021, 4, 12))
    with pytest.raises(ValidationError) as error:
        actes.check_against(IDENTIFIER, siren="219999992", departement="069", act_date=datetime.date(2021, 4, 14))
    messages = " ".join(error.value.messages)
    assert "n'est pas celui de la commune (219999992)" in messages
    assert "département 038" in messages
    assert "n'est pas celle de l'acte (14/04/2021)" in messages
