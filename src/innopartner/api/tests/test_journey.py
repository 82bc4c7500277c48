"""Success of every action endpoint: one procedure from creation to the last call-off, driven
through the API only, as the buyer's officers, the evaluator and the suppliers would."""

import datetime as dt

from rest_framework.authtoken.models import Token

from innopartner.procedures.models import Procedure

from .conftest import url

BASE = "/api/v1/procedures/"


def iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def ok(response, status=201):
    assert response.status_code == status, (response.status_code, response.content[:500])
    return response.json() if response.content else None


def test_a_procedure_runs_from_creation_to_call_off_through_the_api(api, world):
    officer, second, evaluator = world.officer, world.second_officer, world.evaluator
    a, b, c = world.operators[:3]
    sa, sb, sc = (world.supplier(o) for o in (a, b, c))

    # Preparation
    created = ok(
        api.post(
            officer,
            BASE,
            {
                "title": "Slimme dijkmonitoring",
                "procedure_type": "innovation_partnership",
                "lead_buyer": str(world.buyer.pk),
                "slug": "dijk",
            },
        )
    )
    assert created["stage"] == "preparation" and created["case"] == "dijk"
    procedure = Procedure.objects.get(pk=created["id"])
    p = lambda tail="": url(procedure, tail)  # noqa: E731

    other = world.other_buyer_officer.memberships.get().organisation
    assert ok(api.post(officer, p("buyers/"), {"authority": str(other.pk)}))["is_lead"] is False
    ok(api.post(officer, p("choice/"), {"reasons": "Nieuw.", "alternatives": ["pcp"]}), 200)
    ok(
        api.post(
            officer,
            p("consultations/"),
            {"kind": "information_meeting", "held_on": "2024-01-05", "learned": "Belangstelling."},
        )
    )
    detail = ok(
        api.patch(
            officer,
            p("preparation/"),
            {
                "need_description": "Meten aan dijken.",
                "estimated_rd_value": "500000.00",
                "estimated_purchase_value": "700000.00",
                "proportionality_justification": "In verhouding.",
                "partner_structure": "several",
                "intended_partners": 2,
                "ip_arrangement": "buyer_owns",
                "candidates_min": 3,
                "candidates_max": 5,
                "successive_reduction": True,
                "termination_option": True,
                "termination_conditions": "Na elke fase.",
                "purchase_max_cost": "700000.00",
            },
        ),
        200,
    )
    assert detail["candidates_min"] == 3
    requirement = ok(api.post(officer, p("requirements/"), {"text": "Meet.", "is_minimum": True}))
    ok(api.post(officer, p("requirements/"), {"text": "Rapporteert maandelijks."}))
    changed = ok(
        api.patch(officer, p(f"requirements/{requirement['id']}/"), {"text": "Meet altijd."}), 200
    )
    assert changed["text"] == "Meet altijd."
    ok(api.post(officer, p("selection-criteria/"), {"text": "O&O.", "covers_rd_capacity": True}))
    quality = ok(
        api.post(officer, p("award-criteria/"), {"name": "K", "kind": "quality", "weight": "50"})
    )
    ok(api.post(officer, p("award-criteria/"), {"name": "Prijs", "kind": "price", "weight": "40"}))
    assert (
        ok(api.patch(officer, p(f"award-criteria/{quality['id']}/"), {"weight": "60"}), 200)[
            "weight"
        ]
        == "60.00"
    )
    for number, gate in ((1, "mini_competition"), (2, "final")):
        ok(
            api.post(
                officer,
                p("phases/"),
                {
                    "number": number,
                    "name": f"Fase {number}",
                    "gate_kind": gate,
                    "gate_continue_count": 1 if number == 1 else None,
                    "targets": [{"text": f"Doel {number}"}],
                    "instalments": [{"description": f"Termijn {number}", "amount": "50000.00"}],
                },
            )
        )
    ok(api.post(officer, p("performance-levels/"), {"name": "nauwkeurigheid", "target": "90"}))
    ok(
        api.post(
            officer,
            p("purchase-items/"),
            {"name": "Meetjaar", "max_unit_price": "100000.00", "expected_quantity": "5"},
        )
    )
    assert (
        ok(api.post(officer, p("prior-information-notice/"), {"channel": "tenderned"}))["kind"]
        == "pin"
    )
    notice = ok(
        api.post(
            officer,
            p("publish/"),
            {"requests_deadline": iso(world.now + dt.timedelta(days=31)), "channel": "tenderned"},
        )
    )
    assert notice["kind"] == "contract_notice"

    # Requests and selection
    ok(api.post(sa, p("interest/"), {"operator": str(a.pk)}))
    for supplier, operator in ((sa, a), (sb, b), (sc, c)):
        ok(api.post(supplier, p("requests/"), {"operator": str(operator.pk), "statement": "Ja."}))
    question = ok(api.post(sa, p("questions/"), {"operator": str(a.pk), "text": "Via LoRa?"}))
    requests = ok(api.get(officer, p("requests/")), 200)
    assert len(requests) == 3
    world.tick(days=32)
    for request in requests:
        ok(
            api.post(
                officer,
                p(f"requests/{request['id']}/assessment/"),
                {"qualified": True, "assessment": "Geschikt."},
            ),
            200,
        )
    invited = ok(
        api.post(officer, p("invitations/"), {"operators": [str(o.pk) for o in (a, b, c)]})
    )
    assert len(invited) == 3

    # Questions, meetings, confidential information
    ok(api.post(officer, p(f"questions/{question['id']}/answer/"), {"answer": "Ja."}), 200)
    published_answers = ok(api.post(officer, p("answers/publish/")), 200)
    assert published_answers[0]["number"] == 1
    assert ok(api.get(sb, p("questions/")), 200)[0]["asked_by"] is None
    ok(
        api.post(
            officer,
            p("meetings/"),
            {"kind": "information", "held_at": iso(world.now), "minutes": "Toelichting."},
        )
    )
    item = ok(api.post(sa, p("confidential-items/"), {"owner": str(a.pk), "title": "Principe"}))
    consent = ok(
        api.post(
            sa,
            p(f"confidential-items/{item['id']}/consents/"),
            {"disclosure": "Tonen aan B.", "recipients": [str(b.pk)]},
        )
    )
    ok(
        api.post(
            officer,
            p(f"confidential-items/{item['id']}/disclosures/"),
            {"consent": consent["id"], "recipients": [str(b.pk)]},
        )
    )

    # Round 1: tenders, opening, scores, negotiation, reduction
    def run_round(number, kind, tenderers):
        opened = ok(
            api.post(
                officer,
                p("rounds/"),
                {"kind": kind, "deadline": iso(world.now + dt.timedelta(days=14))},
            )
        )
        assert opened["number"] == number
        world.tick(days=13)
        receipts = {}
        for supplier, operator, price in tenderers:
            receipts[operator.pk] = ok(
                api.post(
                    supplier,
                    p(f"rounds/{number}/tenders/"),
                    {
                        "operator": str(operator.pk),
                        "price": price,
                        "file": _file(f"{operator.name} {kind}".encode()),
                    },
                    fmt="multipart",
                )
            )
        world.tick(days=2)
        ok(api.post(officer, p(f"rounds/{number}/opening/")))
        record = ok(api.post(second, p(f"rounds/{number}/opening/confirm/")), 200)
        assert "PROCES-VERBAAL" in record["official_record"]
        for rank, (_, operator, _) in enumerate(tenderers):
            tid = receipts[operator.pk]["tender"]
            body = {"criterion": quality["id"], "score": str(9 - rank), "justification": "Goed."}
            assert (
                ok(api.post(evaluator, p(f"tenders/{tid}/scores/"), body))["criterion"]
                == (quality["id"])
            )
            ok(api.post(officer, p(f"tenders/{tid}/consensus/"), body))
            ok(
                api.post(
                    officer, p(f"tenders/{tid}/compliance/"), {"compliant": True, "note": "Ok."}
                ),
                200,
            )
        return receipts

    receipts = run_round(1, "initial", [(sa, a, "100000"), (sb, b, "101000"), (sc, c, "102000")])
    content = api.get(officer, p(f"tenders/{receipts[a.pk]['tender']}/content/"))
    assert content.status_code == 200
    assert content.content == f"{a.name} initial".encode()
    assert content["X-Content-SHA256"] == receipts[a.pk]["sha256"]
    ok(
        api.post(
            officer,
            p("rounds/1/negotiation/"),
            {"minutes": [{"operator": str(o.pk), "minutes": "Besproken."} for o in (a, b, c)]},
        ),
        200,
    )
    eliminated = ok(
        api.post(officer, p("rounds/1/reduction/"), {"eliminate": [str(c.pk)], "reasons": {}})
    )
    assert eliminated[0]["eliminated_after_round"] == 1

    # A tender replaced and another withdrawn and resubmitted in the final round
    ok(
        api.post(
            officer,
            p("rounds/"),
            {"kind": "final", "deadline": iso(world.now + dt.timedelta(days=14))},
        )
    )
    world.tick(days=1)
    first = ok(
        api.post(
            sa,
            p("rounds/2/tenders/"),
            {"operator": str(a.pk), "price": "99000", "file": _file(b"v1")},
            fmt="multipart",
        )
    )
    replaced = ok(
        api.post(
            sa,
            p(f"tenders/{first['tender']}/replace/"),
            {"price": "98000", "file": _file(b"v2")},
            fmt="multipart",
        )
    )
    assert replaced["kind"] == "replacement"
    second_b = ok(
        api.post(
            sb,
            p("rounds/2/tenders/"),
            {"operator": str(b.pk), "price": "99500", "file": _file(b"b")},
            fmt="multipart",
        )
    )
    assert ok(api.post(sb, p(f"tenders/{second_b['tender']}/withdraw/")), 200)["kind"] == (
        "withdrawal"
    )
    final_b = ok(
        api.post(
            sb,
            p("rounds/2/tenders/"),
            {"operator": str(b.pk), "price": "99500", "file": _file(b"b2")},
            fmt="multipart",
        )
    )
    world.tick(days=14)
    ok(api.post(officer, p("rounds/2/opening/")))
    ok(api.post(second, p("rounds/2/opening/confirm/")), 200)
    for rank, tid in enumerate((replaced["tender"], final_b["tender"])):
        body = {"criterion": quality["id"], "score": str(9 - rank), "justification": "Goed."}
        ok(api.post(evaluator, p(f"tenders/{tid}/scores/"), body))
        ok(api.post(officer, p(f"tenders/{tid}/consensus/"), body))
    scores = ok(api.get(officer, p(f"tenders/{final_b['tender']}/scores/")), 200)
    assert scores[0]["evaluator"] == "evaluator"
    assert {score["criterion"] for score in scores} == {quality["id"]}

    # Award, standstill, agreement, award notice
    decision = ok(
        api.post(officer, p("award/"), {"winners": [str(a.pk), str(b.pk)], "reasons": "Beste."})
    )
    assert {line["rank"] for line in decision["lines"]} == {1, 2}
    world.tick(days=21)
    ok(api.post(officer, p("agreement/"), {"value": "1200000.00", "duration_years": 4}))
    assert ok(api.post(officer, p("award-notice/")))["kind"] == "contract_award"

    # Partnership: targets, instalments, gates, purchase, call-off, completion
    for operator, gate_score in ((a, "8"), (b, "7")):
        ok(
            api.post(
                officer,
                p(f"partners/{operator.pk}/phases/1/assessment/"),
                {"results": {"1": True}, "assessment": "Gehaald.", "gate_score": gate_score},
            ),
            200,
        )
        ok(
            api.post(
                officer, p(f"partners/{operator.pk}/phases/1/instalments/"), {"instalment": "1"}
            )
        )
    gate = ok(api.post(officer, p("gates/1/"), {"reasons": "Beste resultaat."}))
    assert len(gate["continuing"]) == 1
    winner = gate["continuing"][0]["id"]
    ok(
        api.post(
            officer,
            p(f"partners/{winner}/phases/2/assessment/"),
            {"results": {"1": True}, "assessment": "Gehaald."},
        ),
        200,
    )
    ok(api.post(officer, p("gates/2/"), {"reasons": "Klaar voor afname."}))
    ok(
        api.post(
            officer,
            p("purchase/"),
            {
                "operator": winner,
                "measured": {"nauwkeurigheid": "93"},
                "prices": {"Meetjaar": "90000"},
            },
        )
    )
    call_off = ok(
        api.post(
            officer,
            p("call-offs/"),
            {"buyer": str(world.buyer.pk), "item": "Meetjaar", "quantity": "1"},
        )
    )
    assert call_off["amount"].startswith("90000")
    assert (
        ok(api.post(officer, p("complete/"), {"reason": "Afgerond."}), 200)["stage"] == "completed"
    )

    # The whole story is in the audit trail, and the letters reached their addressees
    trail = ok(api.get(officer, p("audit-trail/"), {"limit": 200}), 200)
    assert trail["count"] > 50
    letters_c = ok(api.get(sc, "/api/v1/letters/"), 200)["results"]
    assert {letter["kind"] for letter in letters_c} == {"selected", "eliminated"}


def test_a_procedure_is_cancelled_with_its_reason(api, world, draft):
    body = api.post(world.officer, url(draft, "cancel/"), {"reason": "Budget vervallen."}).json()

    assert body["stage"] == "cancelled"


def test_a_supplier_uses_its_token_header(api, world, published):
    supplier = world.supplier(world.operators[0])
    token = Token.objects.create(user=supplier)
    from rest_framework.test import APIClient

    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(
        url(published, "interest/"), {"operator": str(world.operators[0].pk)}, format="json"
    )

    assert response.status_code == 201


def _file(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("inschrijving.pdf", content, content_type="application/pdf")
