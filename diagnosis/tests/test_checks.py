from diagnosis.checks import check_values
from diagnosis.tests.factories import valid_values


def fields(findings):
    return [f.field for f in findings]


def test_documents_figures_are_consistent():
    # clause C3
    assert check_values(valid_values()) == ([], [])


def test_missing_negative_and_non_whole_counts_are_refused():
    errors, _ = check_values(valid_values(seekers_abc=None, women=-1, long_term=3.5))
    assert set(fields(errors)) == {"seekers_abc", "women", "long_term"}
    assert "Valeur obligatoire manquante." in [e.message for e in errors]


def test_optional_counts_may_be_missing():
    assert check_values(valid_values(rsa=None, seekers_b=None, seekers_c=None, offers_collected=None))[0] == []


def test_a_within_abc_and_subgroups_within_total():
    errors, _ = check_values(valid_values(seekers_a=500, women=483))
    assert set(fields(errors)) >= {"seekers_a", "women"}
    assert any("dépasse le total des demandeurs A, B, C (482)" in e.message for e in errors)


def test_a_b_c_must_add_up():
    errors, _ = check_values(valid_values(seekers_b=90))
    assert fields(errors) == ["seekers_abc"]


def test_commune_within_intercommunality():
    errors, _ = check_values(valid_values(capi_abc=400))
    assert fields(errors) == ["capi_abc"]
    assert "l'intercommunalité (400)" in errors[0].message


def test_sharp_change_is_a_warning_not_an_error(settings):
    settings.DIAGNOSIS_SHARP_CHANGE_PERCENT = 20
    errors, warnings = check_values(
        valid_values(seekers_abc=600, seekers_a=294, seekers_b=150, seekers_c=156), valid_values()
    )
    assert errors == []
    assert fields(warnings) == ["seekers_abc"]
    assert "variation de +24\u00a0% par rapport au trimestre précédent (482 → 600)" in warnings[0].message
    fall = check_values(valid_values(), valid_values(seekers_abc=620, seekers_a=294, seekers_b=170, seekers_c=156))[1]
    assert "variation de \u221222\u00a0% par rapport au trimestre précédent (620 → 482)" in fall[0].message
    assert check_values(valid_values(), valid_values(seekers_abc=470, seekers_a=282))[1] == []
