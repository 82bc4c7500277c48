"""The guidance data: checklists per procedure type and stage (``checklists.yaml``) and the
lessons of the publication's six cases (``lessons.yaml``). Read once, checked on load, kept as
frozen records; the texts are Dutch and English in the file itself (Dutch first)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language

from innopartner.procedures.types import PROCEDURE_TYPES, Stage

HERE = Path(__file__).parent
CHECKLISTS_PATH = HERE / "checklists.yaml"
LESSONS_PATH = HERE / "lessons.yaml"

#: Where a lesson comes from: one of the six cases, or the publication's general chapters.
SOURCES = ("ifv", "hof-van-twente", "gvb", "almere", "rivierenland", "charm", "publication")


def _lang() -> str:
    return "en" if (get_language() or "nl").lower().startswith("en") else "nl"


@dataclass(frozen=True)
class Text:
    nl: str
    en: str

    def __str__(self) -> str:
        return getattr(self, _lang())


@dataclass(frozen=True)
class Topic:
    code: str
    label: Text


@dataclass(frozen=True)
class Lesson:
    id: str
    source: str
    stages: tuple[str, ...]
    topics: tuple[str, ...]
    types: tuple[str, ...]
    refs: tuple[str, ...]
    title: Text
    text: Text

    def applies_to(self, *, procedure_type: str, stage: str) -> bool:
        return procedure_type in self.types and stage in self.stages

    def matches(self, query: str) -> bool:
        words = query.lower().split()
        haystack = " ".join(
            [self.title.nl, self.title.en, self.text.nl, self.text.en, self.source, self.id]
        ).lower()
        return all(word in haystack for word in words)


@dataclass(frozen=True)
class ChecklistItem:
    id: str
    stage: str
    topic: str
    types: tuple[str, ...]
    source: str
    text: Text
    enforced_by: tuple[str, ...] = ()  # "app.rules:function" of the rule that makes it hard
    rule: int | None = None  # its number among the twenty rules of DOMAIN.md
    article: str = ""
    lessons: tuple[str, ...] = ()

    @property
    def enforced(self) -> bool:
        return bool(self.enforced_by)


@dataclass(frozen=True)
class Guidance:
    topics: dict[str, Topic]
    lessons: tuple[Lesson, ...]
    items: tuple[ChecklistItem, ...]

    def lesson(self, lesson_id: str) -> Lesson:
        return next(lesson for lesson in self.lessons if lesson.id == lesson_id)

    def item(self, item_id: str) -> ChecklistItem | None:
        return next((item for item in self.items if item.id == item_id), None)

    def checklist(self, *, procedure_type: str, stage: str) -> list[ChecklistItem]:
        return [i for i in self.items if procedure_type in i.types and i.stage == stage]

    def lessons_for(self, *, procedure_type: str, stage: str) -> list[Lesson]:
        return [
            lesson
            for lesson in self.lessons
            if lesson.applies_to(procedure_type=procedure_type, stage=stage)
        ]


class GuidanceDataError(ValueError):
    """The guidance files contradict themselves (a programming error, found by the tests)."""


def _text(raw: Any, where: str) -> Text:
    if not isinstance(raw, dict) or not raw.get("nl") or not raw.get("en"):
        raise GuidanceDataError(f"{where}: Dutch and English text are both required")
    return Text(nl=" ".join(str(raw["nl"]).split()), en=" ".join(str(raw["en"]).split()))


def _types(raw: Any) -> tuple[str, ...]:
    if raw in (None, "all"):
        return tuple(PROCEDURE_TYPES)
    unknown = set(raw) - set(PROCEDURE_TYPES)
    if unknown:
        raise GuidanceDataError(f"unknown procedure types {sorted(unknown)}")
    return tuple(raw)


def _stages(raw: Any, where: str) -> tuple[str, ...]:
    stages = tuple(raw if isinstance(raw, list) else [raw])
    unknown = set(stages) - {s.value for s in Stage}
    if unknown:
        raise GuidanceDataError(f"{where}: unknown stages {sorted(unknown)}")
    return stages


def parse(checklists: dict[str, Any], lessons: dict[str, Any]) -> Guidance:
    topics = {
        code: Topic(code=code, label=_text(label, f"topic {code}"))
        for code, label in (lessons.get("topics") or {}).items()
    }
    parsed_lessons = []
    for raw in lessons.get("lessons") or []:
        where = f"lesson {raw.get('id')}"
        if raw.get("source") not in SOURCES:
            raise GuidanceDataError(f"{where}: unknown source {raw.get('source')!r}")
        unknown = set(raw.get("topics") or []) - set(topics)
        if unknown or not raw.get("topics"):
            raise GuidanceDataError(f"{where}: topics missing or unknown {sorted(unknown)}")
        parsed_lessons.append(
            Lesson(
                id=raw["id"],
                source=raw["source"],
                stages=_stages(raw["stages"], where),
                topics=tuple(raw["topics"]),
                types=_types(raw.get("types")),
                refs=tuple(raw.get("refs") or ()),
                title=_text({"nl": raw["nl"]["title"], "en": raw["en"]["title"]}, where),
                text=_text({"nl": raw["nl"]["text"], "en": raw["en"]["text"]}, where),
            )
        )
    lesson_ids = [lesson.id for lesson in parsed_lessons]
    if len(set(lesson_ids)) != len(lesson_ids):
        raise GuidanceDataError("lesson ids are not unique")
    items = []
    for raw in checklists.get("items") or []:
        where = f"checklist item {raw.get('id')}"
        if raw.get("topic") not in topics:
            raise GuidanceDataError(f"{where}: unknown topic {raw.get('topic')!r}")
        linked = tuple(raw.get("lessons") or ())
        if set(linked) - set(lesson_ids):
            raise GuidanceDataError(
                f"{where}: unknown lessons {sorted(set(linked) - set(lesson_ids))}"
            )
        enforced = raw.get("enforced_by") or ()
        for stage in _stages(raw["stage"], where):
            items.append(
                ChecklistItem(
                    id=raw["id"] if isinstance(raw["stage"], str) else f"{raw['id']}@{stage}",
                    stage=stage,
                    topic=raw["topic"],
                    types=_types(raw.get("types")),
                    source=str(raw.get("source", "")),
                    text=_text(raw, where),
                    enforced_by=tuple([enforced] if isinstance(enforced, str) else enforced),
                    rule=raw.get("rule"),
                    article=str(raw.get("article", "")),
                    lessons=linked,
                )
            )
    item_ids = [i.id for i in items]
    if len(set(item_ids)) != len(item_ids):
        raise GuidanceDataError("checklist item ids are not unique")
    return Guidance(topics=topics, lessons=tuple(parsed_lessons), items=tuple(items))


@functools.cache
def guidance() -> Guidance:
    def read(path: Path) -> dict[str, Any]:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}

    return parse(read(CHECKLISTS_PATH), read(LESSONS_PATH))
