# ruff: noqa: E501  (the table's rows are one URL each, wider than a line)
"""Zero leaks: every URL of the web interface and the API, for every role, against an explicit
table of what each role gets, with every answer searched for what it must not show.

The URL patterns come from ``django.urls.get_resolver()``, so a new page or endpoint without a
row in ``EXPECTED`` fails ``test_every_url_is_classified``: whoever adds one decides who may
see it. Each URL is requested with real objects of a built world (``tests/authz_world.py``):
procedure P (round 1 opened, evaluator 1 has scored, evaluator 2 has not) and procedure Q
(round 1 sealed). A row is nine codes, one per role in ``ROLES`` order; ``P: ... | Q: ...``
when the procedures differ. A page that answers GET with 405 is POSTed instead (with an empty form).
Codes: ``200``; ``login`` (web: redirect to the login page);
``302`` (another redirect); ``4xx`` statuses as such.

GET for every URL (for an API endpoint without GET: POST with its OpenAPI example). Every
refused role also POSTs, and nothing may change (row counts of every innopartner model).

Whatever the status, a body may not contain another company's secret (tender content, price,
question, confidential item), a tender's content or price before its opening, or evaluator 1's
scores for anyone who has not scored (Art. 21 and 31(4),(6) Dir. 2014/24/EU; Art. 22(3):
tenders are examined only after the time limit).

Run ``AUTHZ_DISCOVER=1 pytest tests/test_authorization_matrix.py -s`` to print the observed
table (for review, never to paste blindly).
"""

from __future__ import annotations

import io
import os
import zipfile
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from .authz_world import ROLES, AuthzWorld, build, price_pattern

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# fmt: off
#            anon  sup_a sup_b cons  eval1 eval2 offcr other audit
EXPECTED: dict[str, str] = {
    "api:agreement": "401   403   403   403   403   403   409   403   403",
    "api:analysis-partners": "401   400   400   400   400   400   400   400   400",
    "api:answer-approval": "401   403   403   403   403   403   200   403   403",
    "api:answer-approve": "401   403   403   403   403   403   409   403   403",
    "api:answer-return": "401   403   403   403   403   403   409   403   403",
    "api:answers-publish": "401   403   403   403   403   403   409   403   403",
    "api:audit-trail": "401   403   403   403   403   403   200   403   200",
    "api:award": "401   400   400   400   400   400   400   400   400",
    "api:award-criteria": "401   403   403   403   403   403   409   403   403",
    "api:award-criterion": "401   403   403   403   403   403   409   403   403",
    "api:award-notice": "401   403   403   403   403   403   409   403   403",
    "api:buyers": "401   400   400   400   400   400   400   400   400",
    "api:call-offs": "401   400   400   400   400   400   400   400   400",
    "api:cancel": "401   403   403   403   403   403   200   403   403",
    "api:checklist": "401   403   403   403   200   200   200   403   200",
    "api:choice": "401   403   403   403   403   403   409   403   403",
    "api:complete": "401   403   403   403   403   403   409   403   403",
    "api:compliance": "P: 401   403   404   404   403   403   200   404   403 | Q: 401   403   404   404   403   403   409   404   403",
    "api:confidential-items": "401   400   400   400   400   400   400   400   400",
    "api:consensus": "P: 401   403   404   404   403   403   201   404   403 | Q: 401   403   404   404   403   403   409   404   403",
    "api:consents": "401   400   400   400   400   400   400   400   400",
    "api:consultation-responses": "401   403   403   403   403   403   200   403   403",
    "api:consultations": "401   403   403   403   403   403   201   403   403",
    "api:disclosures": "401   400   400   400   400   400   400   400   400",
    "api:gate": "401   403   403   403   403   403   409   403   403",
    "api:instalments": "401   403   403   403   403   403   409   403   403",
    "api:interest": "401   400   400   400   400   400   400   400   400",
    "api:invitations": "401   400   400   400   400   400   400   400   400",
    "api:letters": "401   200   200   200   200   200   200   200   200",
    "api:lot-drawing": "401   403   403   403   403   403   409   403   403",
    "api:meetings": "401   403   403   403   403   403   201   403   403",
    "api:my-letters": "401   200   200   200   200   200   200   200   200",
    "api:negotiation": "401   400   400   400   400   400   400   400   400",
    "api:opening": "P: 401   403   403   403   403   403   409   403   403 | Q: 401   403   403   403   403   403   201   403   403",
    "api:opening-confirm": "P: 401   403   403   403   403   403   403   403   403 | Q: 401   404   404   404   404   404   404   404   404",
    "api:organisation-contact": "401   201   403   403   403   403   403   403   403",
    "api:organisation-detail": "401   200   200   200   200   200   200   200   200",
    "api:organisation-list": "401   200   200   200   200   200   200   200   200",
    "api:performance-levels": "401   403   403   403   403   403   409   403   403",
    "api:phases": "401   403   403   403   403   403   409   403   403",
    "api:preparation": "401   403   403   403   403   403   409   403   403",
    "api:prior-information-notice": "401   403   403   403   403   403   409   403   403",
    "api:procedure": "401   200   200   200   200   200   200   200   200",
    "api:procedure-choice": "401   403   403   403   403   403   404   403   404",
    "api:procedures": "401   200   200   200   200   200   200   200   200",
    "api:publish": "401   403   403   403   403   403   409   403   403",
    "api:purchase": "401   400   400   400   400   400   400   400   400",
    "api:purchase-items": "401   403   403   403   403   403   409   403   403",
    "api:question-answer": "401   403   403   403   403   403   200   403   403",
    "api:questions": "401   200   200   200   200   200   200   200   200",
    "api:reduction": "401   400   400   400   400   400   400   400   400",
    "api:request-assessment": "401   403   403   403   403   403   409   403   403",
    "api:requests": "401   200   200   200   200   200   200   200   200",
    "api:requirement": "401   403   403   403   403   403   409   403   403",
    "api:requirements": "401   403   403   403   403   403   409   403   403",
    "api:risk-simulation": "401   403   403   403   403   403   200   403   200",
    "api:risks": "401   403   403   403   403   403   200   403   200",
    "api:round-actions": "401   403   403   403   403   403   200   403   403",
    "api:round-next-actions": "401   403   403   403   403   403   200   403   403",
    "api:round-ranking": "401   403   403   403   403   403   409   403   409",
    "api:round-tenders": "401   415   415   415   415   415   415   415   415",
    "api:rounds": "401   403   403   403   403   403   409   403   403",
    "api:scores": "401   403   404   404   200   200   200   404   200",
    "api:selection-criteria": "401   403   403   403   403   403   409   403   403",
    "api:targets-assessment": "401   403   403   403   403   403   409   403   403",
    "api:tco": "401   403   403   403   403   403   400   403   400",
    "api:tco-options": "401   403   403   403   403   403   201   403   403",
    "api:tender-content": "P: 401   200   404   404   200   200   200   404   200 | Q: 401   403   404   404   403   403   403   404   403",
    "api:tender-replace": "401   415   415   415   415   415   415   415   415",
    "api:tender-withdraw": "401   409   404   404   403   403   403   404   403",
    "api:tenders": "401   200   200   200   200   200   200   200   200",
    "api:tokens": "401   201   201   201   201   201   201   201   201",
    "consultation:activity_add": "login 404   404   404   403   403   200   404   403",
    "consultation:challenge": "200   200   200   200   200   200   200   200   200",
    "consultation:challenges": "200   200   200   200   200   200   200   200   200",
    "consultation:decision_add": "login 404   404   404   403   403   200   404   403",
    "consultation:export_csv": "login 404   404   404   403   403   200   404   403",
    "consultation:export_xlsx": "login 404   404   404   403   403   200   404   403",
    "consultation:manage": "login 404   404   404   403   403   200   404   403",
    "consultation:page_edit": "login 404   404   404   403   403   200   404   403",
    "consultation:page_publish": "login 404   404   404   403   403   400   404   403",
    "consultation:page_withdraw": "login 404   404   404   403   403   400   404   403",
    "consultation:report": "404   404   404   404   404   404   200   404   404",
    "consultation:report_download": "404   404   404   404   404   404   200   404   404",
    "consultation:report_publish": "login 404   404   404   403   403   302   404   403",
    "consultation:respond": "200   200   200   200   200   200   200   200   200",
    "consultation:thanks": "200   200   200   200   200   200   200   200   200",
    "documents:draft": "login 403   403   403   403   403   200   404   200",
    "documents:draft_docx": "login 403   403   403   403   403   200   404   200",
    "documents:draft_pdf": "login 403   403   403   403   403   200   404   200",
    "documents:letter_pdf": "login 404   404   200   403   403   200   404   200",
    "documents:official_record_pdf": "P: login 403   403   403   403   403   200   404   200 | Q: login 403   403   403   403   403   404   404   404",
    "guidance:checklist": "login 403   403   403   200   200   200   404   200",
    "guidance:checklist_item": "login 403   403   403   403   403   400   404   403",
    "guidance:lesson_add": "login 403   403   403   403   403   200   404   403",
    "guidance:lessons": "login 200   200   200   200   200   200   200   200",
    "open:eforms-can": "401   403   403   403   403   403   409   403   409",
    "open:eforms-cn": "409   409   409   409   409   409   409   409   409",
    "open:my-calendar": "401   200   200   200   200   200   200   200   200",
    "open:ocds-procedure-record": "200   200   200   200   200   200   200   200   200",
    "open:ocds-procedure-releases": "200   200   200   200   200   200   200   200   200",
    "open:ocds-records": "200   200   200   200   200   200   200   200   200",
    "open:ocds-releases": "200   200   200   200   200   200   200   200   200",
    "open:procedure-calendar": "401   200   200   200   200   200   200   403   200",
    "open:scoresheet-csv": "401   403   403   403   403   403   409   403   409",
    "open:scoresheet-xlsx": "401   403   403   403   403   403   409   403   409",
    "root:api-docs": "200   200   200   200   200   200   200   200   200",
    "root:schema": "200   200   200   200   200   200   200   200   200",
    "root:set_language": "302   302   302   302   302   302   302   302   302",
    "web:answer_approval_set": "login 403   403   403   403   403   302   404   403",
    "web:answer_approve": "login 403   403   403   403   403   400   404   403",
    "web:answer_return": "login 403   403   403   403   403   400   404   403",
    "web:answers_publish": "login 403   403   403   403   403   400   404   403",
    "web:audit_trail": "login 403   403   403   403   403   200   404   200",
    "web:award": "login 403   403   403   403   403   200   404   403",
    "web:colleagues": "login 200   200   200   200   200   200   200   200",
    "web:consortia": "login 200   200   200   403   403   403   403   403",
    "web:dashboard": "login 200   200   200   200   200   200   200   200",
    "web:decisions": "login 403   403   403   403   403   200   404   200",
    "web:decisions_choice": "login 403   403   403   403   403   200   404   200",
    "web:decisions_partners": "login 403   403   403   403   403   200   404   200",
    "web:decisions_ranking": "login 403   403   403   403   403   200   404   200",
    "web:decisions_risks": "login 403   403   403   403   403   200   404   200",
    "web:decisions_tco": "login 403   403   403   403   403   200   404   200",
    "web:gate": "login 403   403   403   403   403   200   404   403",
    "web:home": "login 302   302   302   302   302   302   302   302",
    "web:interest_register": "login 302   302   302   403   403   403   404   403",
    "web:letter": "login 404   404   200   403   403   200   404   200",
    "web:letters": "login 200   200   200   403   403   403   403   403",
    "web:login": "200   302   302   302   302   302   302   302   302",
    "web:logout": "405   405   405   405   405   405   405   405   405",
    "web:meetings": "login 403   403   403   403   403   200   404   403",
    "web:nota": "login 200   200   200   403   403   200   404   200",
    "web:notice_publish": "login 403   403   403   403   403   200   404   403",
    "web:opening": "login 403   403   403   403   403   200   404   403",
    "web:organisation_choose": "login 200   200   200   200   200   200   200   200",
    "web:otp_setup": "login 302   302   302   302   302   302   302   302",
    "web:otp_verify": "login 200   200   200   200   200   200   200   200",
    "web:partnership": "login 404   404   404   403   403   200   404   200",
    "web:partnership_call_off": "login 404   404   404   403   403   400   404   403",
    "web:partnership_complete": "login 404   404   404   403   403   400   404   403",
    "web:partnership_instalment": "login 404   404   404   403   403   400   404   403",
    "web:partnership_progress": "login 404   404   404   403   403   403   404   403",
    "web:partnership_purchase": "login 404   404   404   403   403   400   404   403",
    "web:partnership_targets": "login 404   404   404   403   403   400   404   403",
    "web:password_reset": "200   200   200   200   200   200   200   200   200",
    "web:password_reset_complete": "200   200   200   200   200   200   200   200   200",
    "web:password_reset_confirm": "200   200   200   200   200   200   200   200   200",
    "web:password_reset_done": "200   200   200   200   200   200   200   200   200",
    "web:procedure": "login 200   200   200   200   200   200   404   200",
    "web:procedures": "login 200   200   200   200   200   200   200   200",
    "web:question_answer": "login 403   403   403   403   403   400   404   403",
    "web:question_ask": "login 200   200   200   403   403   403   404   403",
    "web:questions": "login 403   403   403   403   403   200   404   403",
    "web:receipt": "login 200   404   404   200   200   200   404   404",
    "web:register": "200   302   302   302   302   302   302   302   302",
    "web:request_assess": "login 403   403   403   403   403   400   404   403",
    "web:request_submit": "login 200   200   200   403   403   403   404   403",
    "web:round_chart": "P: login 403   403   403   403   403   409   404   409 | Q: login 403   403   403   403   403   403   404   403",
    "web:round_negotiate": "login 403   403   403   403   403   400   404   403",
    "web:round_open": "login 403   403   403   403   403   400   404   403",
    "web:round_scores": "P: login 403   403   403   200   200   200   404   200 | Q: login 403   403   403   403   403   403   404   403",
    "web:rounds": "login 403   403   403   403   403   200   404   403",
    "web:selection": "login 403   403   403   403   403   200   404   403",
    "web:supplier_meetings": "login 200   200   200   403   403   403   404   403",
    "web:tender": "login 200   404   404   200   200   200   404   404",
    "web:tender_replace": "login 200   404   404   403   403   403   404   403",
    "web:tender_score": "P: login 403   403   403   200   200   200   404   200 | Q: login 403   403   403   403   403   403   404   403",
    "web:tender_submit": "login 200   200   200   403   403   403   404   403",
    "web:tender_withdraw": "login 200   404   404   403   403   403   404   403",
    "web:tenders_reduce": "login 403   403   403   403   403   400   404   403",
    "web:wizard_start": "login 403   403   403   403   403   200   200   403",
    "web:wizard_step": "login 403   403   403   403   403   200   404   403",
}
# fmt: on

#: Patterns outside the matrix, with the reason.
OUTSIDE = {
    "admin": "Django admin: staff accounts only (test_the_admin_is_for_staff_accounts_only)",
}

WRITE_METHODS = ("post", "put", "patch", "delete")

#: Pages not POSTed (logging out would end the clients' sessions for the rest of the run).
NO_POST = {"web:logout"}

#: A 404 on GET that means "nothing recorded yet", not "not yours": the role may write.
WRITE_WITHOUT_READ = {("api:procedure-choice", "officer")}


def _walk(resolver, prefix="", namespace=None):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, prefix + str(pattern.pattern), pattern.namespace or namespace)
        else:
            yield namespace, pattern, prefix + str(pattern.pattern)


def url_patterns() -> dict[str, tuple[str | None, URLPattern, str]]:
    """Key (``web:name``, ``api:name``, ``open:name`` for the open-data endpoints under
    /api/v1/, ``root:name``) -> (namespace, pattern, route)."""
    found = {}
    for namespace, pattern, route in _walk(get_resolver()):
        if namespace in OUTSIDE:
            continue
        if namespace is None:
            key = f"{'open' if route.startswith('api/v1/') else 'root'}:{pattern.name}"
        else:
            key = f"{namespace}:{pattern.name}"
        found[key] = (namespace, pattern, route)
    return found


def _view_class(pattern: URLPattern):
    callback = pattern.callback
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


def api_methods(pattern: URLPattern) -> list[str]:
    cls = _view_class(pattern)
    if cls is None:
        return ["get"]
    actions = getattr(pattern.callback, "actions", None)
    if actions:
        return sorted(actions)
    return [m for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)]


def api_example(pattern: URLPattern, method: str) -> dict:
    cls = _view_class(pattern)
    handler = getattr(cls, method, None) if cls else None
    owner = getattr(handler, "owner", None)
    return dict(getattr(owner, "example", None) or {})


def fill_example(aw: AuthzWorld, proc: str, data: dict | None) -> dict | None:
    """An OpenAPI example names a criterion by a sample UUID that matches no record; post the
    procedure's own quality criterion (its public id), so that a role is refused for who it is
    (403/409), not for a criterion it could not know (400)."""
    if data and "criterion" in data:
        criterion = aw.procedures[proc].award_criteria.get(kind="quality")
        data = {**data, "criterion": str(criterion.public_id)}
    return data


PROCEDURE_PARAMS = {"pk", "ref", "round_pk", "question_pk", "request_pk", "tid", "rid", "qid"}
TENDER_PAGES = {"web:tender", "web:tender_score", "web:tender_replace", "web:tender_withdraw"}


def url_kwargs(aw: AuthzWorld, key: str, pattern: URLPattern, proc: str) -> dict:
    procedure = aw.procedures[proc]
    operator_a = aw.operators["A"]
    tender = aw.tenders[(proc, "A")]
    values = {
        "pk": procedure.pk,
        "ref": str(procedure.pk),
        "round_pk": aw.rounds[proc].pk,
        "question_pk": aw.objects[f"question_{proc}"].pk,
        "request_pk": procedure.requests.get(operator=operator_a).pk,
        "req": procedure.requirements.order_by("id").first().public_id,
        "crit": procedure.award_criteria.order_by("id").first().public_id,
        "rid": procedure.requests.get(operator=operator_a).pk,
        "qid": aw.objects[f"question_{proc}"].pk,
        "cid": aw.objects[f"item_{proc}"].pk,
        "n": 1,
        "number": 1,
        "tid": tender.pk,
        "op": operator_a.pk,
        "org": operator_a.pk,
        "id": operator_a.pk,
        "item_id": "prep-needs-analysis",  # guidance checklist
        "step": "basis",  # step-by-step creation
        "public_id": aw.objects["challenge_page"].public_id,
        "uidb64": "MQ",  # the password link: an invalid token, answered alike for everyone
        "token": "set-password",
    }
    if key in TENDER_PAGES:
        values["pk"] = tender.pk
    elif key == "web:receipt":
        values["pk"] = aw.objects[f"receipt_{proc}_A"].pk
    elif key.startswith("consultation:"):
        values["pk"] = aw.procedures["C"].pk  # the draft with a published challenge page
    elif key in ("web:letter", "documents:letter_pdf"):
        values["pk"] = aw.objects["letter_K"].pk  # procedure R's letter to consortium K
    names = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
    return {name: values[name] for name in names}


def has_procedure(pattern: URLPattern) -> bool:
    names = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
    return bool(names & PROCEDURE_PARAMS)


#: Words in a route that touch tenders; these also run on Q, whose tenders are sealed.
SEALED_WORDS = ("tender", "round", "score", "inschrijving", "rondes", "ontvangst", "ranking")
SEALED_ALSO = {"web:procedure", "api:procedure", "api:audit-trail", "web:audit_trail"}


def runs_on_sealed(key: str, pattern: URLPattern, route: str) -> bool:
    if not has_procedure(pattern):
        return False
    return key in SEALED_ALSO or any(word in route for word in SEALED_WORDS)


def secret_allowed(aw: AuthzWorld, role: str, secret) -> bool:
    """May ``role`` ever see ``secret``?"""
    if role in ("anonymous", "other_officer"):
        return False
    own = {"supplier_a": "A", "supplier_b": "B", "consortium": "K"}.get(role)
    if own is not None:
        return secret.owner == own and secret.kind != "score"
    if secret.kind in ("content", "price") and secret.procedure == "Q":
        return False  # sealed: nobody on the buyer side before the opening
    if secret.kind == "score" and role == "evaluator_unscored":
        return False  # no one else's scores before one's own are in
    return True


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    if content.startswith(b"PK\x03\x04"):  # xlsx, docx: search the members too
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            content += b"".join(archive.read(name) for name in archive.namelist())
    return content


def code_of(response, namespace: str | None) -> str:
    if response.status_code in (301, 302, 303):
        location = response.get("Location", "")
        if location.startswith(reverse("web:login")):
            return "login"
        return "302"
    return str(response.status_code)


_COUNT_SQL: list[str] = []


def fingerprint() -> tuple[int, ...]:
    """Row counts of every innopartner table (and users, sessions aside), in one query."""
    if not _COUNT_SQL:
        tables = sorted(
            {
                model._meta.db_table
                for model in apps.get_models()
                if model.__module__.startswith("innopartner.")
                or model._meta.label in ("auth.User", "authtoken.Token")
            }
        )
        quote = connection.ops.quote_name
        _COUNT_SQL.append(
            "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
        )
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_SQL[0])
        return tuple(cursor.fetchone())


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            aw = build()
            clients = {}
            for role in ROLES:
                client = Client(raise_request_exception=True)
                user = aw.users[role]
                if user is not None:
                    client.force_login(user)
                    device = TOTPDevice.objects.create(user=user, name="matrix", confirmed=True)
                    session = client.session
                    session["otp_device_id"] = device.persistent_id
                    session.save()
                clients[role] = client
            yield aw, clients
            transaction.set_rollback(True)


def parse_row(row: str) -> dict[str, list[str]]:
    """``"login 200 ..."`` or ``"P: ... | Q: ..."`` -> {"P": codes, "Q": codes}."""
    if "|" in row:
        parts = dict(part.strip().split(":", 1) for part in row.split("|"))
        return {proc: codes.split() for proc, codes in parts.items()}
    codes = row.split()
    return {"P": codes, "Q": codes}


def request(client, method: str, url: str, data: dict | None, namespace):
    if method == "get":
        return client.get(url)
    if namespace == "web":
        return client.post(url, data or {})
    return getattr(client, method)(url, data or {}, content_type="application/json")


def attempt(client, method: str, url: str, data, namespace) -> tuple[str, bytes, bool]:
    """Send one request inside a savepoint that is rolled back, so that an allowed write leaves
    the world as it was; report the code, the body and whether any row count changed."""
    with transaction.atomic():
        before = fingerprint() if method != "get" else None
        response = request(client, method, url, data, namespace)
        body = body_of(response)
        changed = before is not None and fingerprint() != before
        transaction.set_rollback(True)
    return code_of(response, namespace), body, changed


def test_price_pattern_finds_a_price_however_it_is_written():
    pattern = price_pattern(Decimal("9135712"))
    for shown in (b"9135712", b"9.135.712,00", b"\xe2\x82\xac 9,135,712.00", b"9 135 712"):
        assert pattern.search(shown), shown
    assert not pattern.search(b"9.135.713")


def test_the_admin_is_for_staff_accounts_only(matrix_world):
    """No role of the matrix is staff: every admin page sends each of them to the admin login,
    whichever record it names (a sealed tender included)."""
    aw, clients = matrix_world
    tender = aw.tenders[("Q", "A")]
    pages = [
        "/admin/",
        "/admin/tendering/tender/",
        f"/admin/tendering/tender/{tender.pk}/change/",
        "/admin/audit/auditrecord/",
    ]
    for role, client in clients.items():
        for page in pages:
            with transaction.atomic():
                response = client.get(page)
                transaction.set_rollback(True)
            assert response.status_code == 302, (role, page, response.status_code)
            assert response["Location"].startswith("/admin/login/"), (role, page)


def test_every_url_is_classified():
    patterns = url_patterns()
    missing = sorted(set(patterns) - set(EXPECTED))
    stale = sorted(set(EXPECTED) - set(patterns))
    assert not missing, f"URL patterns without a row in EXPECTED (classify them): {missing}"
    assert not stale, f"rows in EXPECTED for URL patterns that no longer exist: {stale}"
    for key, row in EXPECTED.items():
        for proc, codes in parse_row(row).items():
            assert len(codes) == len(ROLES), f"{key} ({proc}): {len(codes)} codes"


def test_matrix(matrix_world):
    aw, clients = matrix_world
    discover = bool(os.environ.get("AUTHZ_DISCOVER"))
    observed: dict[str, dict[str, list[str]]] = {}
    problems: list[str] = []
    seen: set[str] = set()  # secrets found where they may be shown: the search works
    for key, (namespace, pattern, _route) in sorted(url_patterns().items()):
        methods = api_methods(pattern) if namespace != "web" else ["get"]
        main = "get" if "get" in methods else methods[0]
        procs = ("P", "Q") if runs_on_sealed(key, pattern, _route) else ("P",)
        expected = parse_row(EXPECTED[key]) if key in EXPECTED else None
        for proc in procs:
            url = reverse(
                f"{namespace}:{pattern.name}" if namespace else pattern.name,
                kwargs=url_kwargs(aw, key, pattern, proc),
            )
            codes = []
            for index, role in enumerate(ROLES):
                client = clients[role]
                data = fill_example(aw, proc, api_example(pattern, main) if main != "get" else None)
                method = main
                code, body, changed = attempt(client, main, url, data, namespace)
                if code == "405" and namespace not in ("api", None) and key not in NO_POST:
                    # A page that only takes POST: its POST is the request that counts.
                    method = "post"
                    code, body, changed = attempt(client, "post", url, {}, namespace)
                codes.append(code)
                if changed and code not in ("200", "201", "204", "302"):
                    problems.append(f"{key} {proc} {role} {method}: refused ({code}), yet changed")
                for secret in aw.secrets:
                    if not secret.pattern.search(body):
                        continue
                    if secret_allowed(aw, role, secret):
                        seen.add(secret.label)
                    else:
                        problems.append(
                            f"{key} {proc} {role} {main} {url}: shows {secret.label}"
                            f" ({secret.kind} of {secret.owner} in {secret.procedure})"
                        )
                want = expected[proc][index] if expected else None
                if want is not None and code != want:
                    problems.append(f"{key} {proc} {role} {main} {url}: {code}, expected {want}")
                if code not in ("login", "401", "403", "404") or (key, role) in WRITE_WITHOUT_READ:
                    continue
                # A refused role: every other method is refused too and changes nothing.
                writes = [m for m in methods if m in WRITE_METHODS and m != main]
                if namespace not in ("api", None) and method == "get" and key not in NO_POST:
                    writes = ["post"]
                for method in writes:
                    data = fill_example(aw, proc, api_example(pattern, method))
                    write_code, body, changed = attempt(client, method, url, data, namespace)
                    if write_code.startswith("2"):
                        problems.append(f"{key} {proc} {role} {method}: {write_code}, GET {code}")
                    if changed:
                        problems.append(f"{key} {proc} {role} {method}: refused, yet changed")
                    for secret in aw.secrets:
                        if secret.pattern.search(body) and not secret_allowed(aw, role, secret):
                            problems.append(f"{key} {proc} {role} {method}: {secret.label}")
            observed.setdefault(key, {})[proc] = codes
    if discover:
        print()
        for key, per_proc in observed.items():
            p = " ".join(f"{c:5}" for c in per_proc["P"]).rstrip()
            q = " ".join(f"{c:5}" for c in per_proc.get("Q", per_proc["P"])).rstrip()
            row = p if p == q else f"P: {p} | Q: {q}"
            print(f'    "{key}": "{row}",')
    assert not problems, "\n".join(problems)
    # The search itself must be able to fail: every secret of the opened procedure P, and the
    # sealed tenders of Q, are shown to someone who may see them (their owner, the buyer).
    # (The URLs name supplier A's tender, request and question; prices: test_price_pattern.)
    unseen = [
        s.label
        for s in aw.secrets
        if s.label not in seen
        and s.label.endswith(("-A", "-X"))  # A's, and the consultation respondent's idea
        # Q's sealed content opens for nobody before the opening, not even for A (the sealing).
        and (s.procedure == "P" or s.kind in ("question", "item"))
    ]
    assert not unseen, f"secrets never found, so the search proves nothing: {unseen}"
