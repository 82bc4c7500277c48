"""The guidance data holds together: a checklist for every stage of every procedure type,
every enforced item names rule functions that exist, every linked lesson exists, and broken
data is refused on load. No database."""

from __future__ import annotations

import importlib

import pytest

from innopartner.guidance.data import GuidanceDataError, guidance, parse
from innopartner.procedures.types import PROCEDURE_TYPES


@pytest.mark.parametrize(
    ("code", "stage"),
    [(code, s.value) for code, t in PROCEDURE_TYPES.items() for s in t.stages],
)
def test_every_stage_of_every_procedure_type_has_a_checklist(code, stage):
    items = guidance().checklist(procedure_type=code, stage=stage)
    assert items, f"no checklist for {code} at {stage}"
    assert all(i.text.nl and i.text.en and i.text.nl != i.text.en for i in items)


def test_each_enforced_item_names_rule_functions_that_exist():
    enforced = [i for i in guidance().items if i.enforced]
    assert len(enforced) >= 20
    for item in enforced:
        for target in item.enforced_by:
            module, function = target.split(":")
            assert module.endswith(".rules"), f"{item.id}: {target} is not a rule function"
            rule = getattr(importlib.import_module(f"innopartner.{module}"), function, None)
            assert callable(rule), f"{item.id}: {target} does not exist"
        assert item.article, f"{item.id}: an enforced item cites its article"


def test_every_rule_of_domain_md_that_a_buyer_meets_is_on_a_checklist():
    numbers = {i.rule for i in guidance().items if i.rule}
    # Rule 19 (export codes) is a declaration, not a step a buyer takes.
    assert numbers >= set(range(1, 19)) | {20}


def test_linked_lessons_exist_and_each_lesson_shows_somewhere():
    data = guidance()
    ids = {lesson.id for lesson in data.lessons}
    for item in data.items:
        assert set(item.lessons) <= ids
    for lesson in data.lessons:
        assert any(
            lesson.applies_to(procedure_type=code, stage=s.value)
            for code, t in PROCEDURE_TYPES.items()
            for s in t.stages
        ), f"{lesson.id} is never shown"
        assert lesson.title.nl != lesson.title.en and lesson.text.nl != lesson.text.en


def test_broken_data_is_refused_on_load():
    topics = {"topics": {"need": {"nl": "Behoefte", "en": "Need"}}}
    lesson = {
        "id": "x",
        "source": "ifv",
        "stages": ["preparation"],
        "topics": ["need"],
        "nl": {"title": "t", "text": "x"},
        "en": {"title": "t", "text": "x"},
    }
    parse({}, {**topics, "lessons": [lesson]})
    with pytest.raises(GuidanceDataError, match="source"):
        parse({}, {**topics, "lessons": [{**lesson, "source": "elsewhere"}]})
    with pytest.raises(GuidanceDataError, match="stages"):
        parse({}, {**topics, "lessons": [{**lesson, "stages": ["nowhere"]}]})
    with pytest.raises(GuidanceDataError, match="English"):
        parse({}, {**topics, "lessons": [{**lesson, "en": {"title": "", "text": ""}}]})
    item = {"id": "i", "stage": "preparation", "topic": "need", "nl": "a", "en": "b"}
    with pytest.raises(GuidanceDataError, match="unknown lessons"):
        parse({"items": [{**item, "lessons": ["missing"]}]}, {**topics, "lessons": [lesson]})
    with pytest.raises(GuidanceDataError, match="not unique"):
        parse({"items": [item, item]}, {**topics, "lessons": [lesson]})
