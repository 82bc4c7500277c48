"""A refusal as plain data (the CLI's --json, scenario results): lists stay lists, refusals
inside it keep their code, message and article."""

from __future__ import annotations

import json

from innopartner.core.exceptions import InvalidInput, RuleViolation


def test_as_dict_keeps_lists_and_nested_refusals_as_data():
    second = RuleViolation("Geen R&D-selectiecriterium.", code="rd-missing", article="Art. 31(6)")
    first = RuleViolation(
        "Stukken onvolledig.",
        code="documents-incomplete",
        article="Art. 31(1)",
        missing=["gunningscriteria", "fasen"],
        limit=30,
    )
    first.extra["problems"] = [first, second]

    data = first.as_dict()

    assert data["extra"]["missing"] == ["gunningscriteria", "fasen"]
    assert data["extra"]["limit"] == "30"
    assert data["extra"]["problems"] == [
        {"code": "documents-incomplete", "message": "Stukken onvolledig.", "article": "Art. 31(1)"},
        {"code": "rd-missing", "message": "Geen R&D-selectiecriterium.", "article": "Art. 31(6)"},
    ]
    json.dumps(data)  # JSON-ready


def test_a_refusal_without_extra_or_article_is_code_and_message():
    assert InvalidInput("Fout.", code="x").as_dict() == {"code": "x", "message": "Fout."}
