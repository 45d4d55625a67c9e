"""French as a reader expects it (partnership/french.py): « 1er », elision, and rounded numbers."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.formats import number_format

from partnership.french import de, elides, french_date, le, number, percent, que, rounded, signed

D = datetime.date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 12, 1), "1er décembre 2026"),
        (D(2026, 12, 2), "2 décembre 2026"),
        (D(2027, 1, 11), "11 janvier 2027"),
        (D(2021, 4, 21), "21 avril 2021"),
        (D(2024, 2, 29), "29 février 2024"),
    ],
)
def test_french_date_writes_the_first_of_the_month_1er(day, expected):
    assert french_date(day) == expected


def test_french_date_takes_any_django_format_and_keeps_escapes():
    assert french_date(D(2026, 12, 1), "l j F Y") == "mardi 1er décembre 2026"
    assert french_date(D(2026, 12, 1), r"\j\o\u\r j") == "jour 1er"
    assert french_date(D(2026, 12, 1), "d/m/Y") == "01/12/2026"
    assert french_date(None) == ""
    assert french_date("") == ""


def test_french_date_reads_aware_datetimes_in_local_time():
    # 30 November 23:30 UTC is already 1 December in Paris.
    moment = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    assert french_date(moment, r"l j F Y à H\hi") == "mardi 1er décembre 2026 à 00h30"
    assert french_date(timezone.make_aware(datetime.datetime(2026, 12, 2, 9, 0)), r"j F Y à H\hi") == (
        "2 décembre 2026 à 09h00"
    )


def test_the_template_filters_are_built_into_every_template():
    template = Template(
        '{{ day|french_date }} · {{ moment|french_date:"l j F Y à H\\hi" }} · {{ a|de }} · {{ b|de }} · {{ a|que }}'
    )
    moment = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    rendered = template.render(
        Context({"day": D(2027, 3, 1), "moment": moment, "a": "Emilie Martin", "b": "Benoît Roux"}, autoescape=False)
    )
    assert rendered == (
        "1er mars 2027 · mardi 1er décembre 2026 à 00h30 · d'Emilie Martin · de Benoît Roux · qu'Emilie Martin"
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Emilie Martin", "d'Emilie Martin"),
        ("Émilie Martin", "d'Émilie Martin"),
        ("Benoît Roux", "de Benoît Roux"),
        ("Hélène Duval", "d'Hélène Duval"),
        ("Yves Morel", "d'Yves Morel"),
        ("Yann Morel", "de Yann Morel"),
        ("Arobase", "d'Arobase"),
        ("Pôle emploi Villefontaine", "de Pôle emploi Villefontaine"),
        ("Le Pont-de-Claix", "du Pont-de-Claix"),
        ("Les Abrets en Dauphiné", "des Abrets en Dauphiné"),
        ("La Verpillière", "de La Verpillière"),
        ("Saint-Quentin-Fallavier", "de Saint-Quentin-Fallavier"),
    ],
)
def test_de_elides_before_a_vowel_or_a_mute_h_and_contracts_le_and_les(name, expected):
    assert de(name) == expected


def test_que_and_le_elide_alike():
    assert que("Emilie Martin") == "qu'Emilie Martin"
    assert que("Benoît Roux") == "que Benoît Roux"
    assert le("Arobase") == "l'Arobase"
    assert le("Relais Emploi") == "le Relais Emploi"
    assert not elides("")
    assert not elides("2 rue")


def test_a_label_and_its_value_are_separated_as_each_language_writes_it():
    template = Template("{{ label }}{% colon %}<strong>{{ count }}</strong>")
    with translation.override("fr"):
        assert template.render(Context({"label": "En retard", "count": 3})) == "En retard : <strong>3</strong>"
    with translation.override("en"):
        assert template.render(Context({"label": "Late", "count": 3})) == "Late: <strong>3</strong>"


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (62.75, 1, "62,8"),  # Django's number_format writes « 62,7 »
        (62.74, 1, "62,7"),
        (2.675, 2, "2,68"),  # as written, not as the nearest binary float (2.67499…)
        (97.7777, 2, "97,78"),
        (-0.05, 1, "-0,1"),  # a half away from zero
        (10420, 0, "10 420"),
        (2505.04, 1, "2 505,0"),
        (0.04, 1, "0,0"),
        (-0.04, 1, "0,0"),  # not « −0,0 »
    ],
)
def test_numbers_are_rounded_to_the_nearest_not_cut_off(value, digits, expected):
    assert number(value, digits) == expected.replace(" ", "\u00a0")


def test_a_percentage_keeps_its_sign_on_the_line_of_its_number():
    assert percent(62.75) == "62,8\u00a0%"
    assert percent(4.625, 2) == "4,63\u00a0%"
    with translation.override("en"):
        assert number(2505.04, 1) == "2,505.0"


def test_a_change_is_written_with_its_sign_and_a_minus_sign_not_a_hyphen():
    assert (signed(12), signed(-3.54, 1), signed(1234.5, 1)) == ("+12", "\u22123,5", "+1\u00a0234,5")
    assert signed(-0.4) == signed(0.4) == "0"  # a change that rounds to nothing has no sign


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_number_is_written_as_django_writes_it_once_rounded(language):
    values = [0, 7, -7, 999, 1000, -1000, 10420, 1234567, 0.5, 2.675, -0.05, 62.75, 1234.5678, -98765.4321, 10**12]
    with translation.override(language):
        for value in values:
            for digits in (0, 1, 2):
                expected = number_format(rounded(value, digits), decimal_pos=digits, use_l10n=True, force_grouping=True)
                assert number(value, digits) == expected, (value, digits)
