"""An organisation's contact data for eForms: set by someone who acts for it, nobody else."""

from innopartner.opendata.models import OrganisationContact

from .conftest import assert_problem

CONTACT = {
    "city": "Tiel",
    "postal_code": "4001 DX",
    "nuts_code": "NL224",
    "email": "inkoop@example.nl",
    "telephone": "+31 344 649 090",
}


def test_a_buyers_officer_sets_its_organisations_contact_data(api, world):
    response = api.post(world.officer, f"/api/v1/organisations/{world.buyer.pk}/contact/", CONTACT)
    assert response.status_code in (200, 201), response.content
    assert response.json()["nuts_code"] == "NL224"
    assert OrganisationContact.objects.get(organisation=world.buyer).city == "Tiel"


def test_nobody_sets_another_organisations_contact_data_and_bad_input_is_refused(api, world):
    operator = world.operators[0]
    response = api.post(world.officer, f"/api/v1/organisations/{operator.pk}/contact/", CONTACT)
    assert_problem(response, 403, "not-acting-for-organisation")
    response = api.post(
        world.officer,
        f"/api/v1/organisations/{world.buyer.pk}/contact/",
        {**CONTACT, "nuts_code": "DE300"},
    )
    assert_problem(response, 400, "nuts-code-invalid")
    response = api.post(
        world.officer,
        "/api/v1/organisations/00000000-0000-0000-0000-000000000000/contact/",
        CONTACT,
    )
    assert response.status_code == 404
    assert not OrganisationContact.objects.exists()


def test_a_malformed_organisation_id_is_a_404_not_a_server_error(api, world):
    response = api.post(world.officer, "/api/v1/organisations/null%2Cnull/contact/", CONTACT)
    assert_problem(response, 404, "organisation-not-found")
