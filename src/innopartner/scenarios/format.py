"""Reading scenario files: YAML documents that describe a procedure from preparation to its
end as a list of steps. The format is documented in docs/scenarios.md."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from innopartner.core.exceptions import InvalidInput

CASES_DIR = Path(__file__).parent / "cases"
CASE_SLUGS = ("ifv", "hof-van-twente", "gvb", "almere", "rivierenland", "charm")
TOP_LEVEL_KEYS = {
    "case",
    "title",
    "procedure_type",
    "source",
    "summary",
    "assumed",
    "organisations",
    "people",
    "steps",
    "expect",
}


@dataclass
class Scenario:
    case: str
    title: str
    procedure_type: str
    organisations: dict[str, Any]
    people: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    expect: dict[str, Any] = field(default_factory=dict)
    assumed: list[str] = field(default_factory=list)
    source: str = ""
    summary: str = ""
    path: Path | None = None


def load_scenario(path: Path | str) -> Scenario:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(
            f"Scenariobestand {path} bestaat niet.", code="scenario-not-found"
        ) from None
    except yaml.YAMLError as exc:
        raise InvalidInput(f"{path} is geen geldige YAML: {exc}", code="scenario-invalid") from None
    if not isinstance(data, dict):
        raise InvalidInput(f"{path}: een scenario is een YAML-object.", code="scenario-invalid")
    unknown = set(data) - TOP_LEVEL_KEYS
    if unknown:
        raise InvalidInput(
            f"{path}: onbekende sleutels {', '.join(sorted(unknown))}.", code="scenario-invalid"
        )
    for key in ("case", "title", "procedure_type", "steps"):
        if key not in data:
            raise InvalidInput(f"{path}: '{key}' ontbreekt.", code="scenario-invalid")
    if not isinstance(data["steps"], list) or not data["steps"]:
        raise InvalidInput(f"{path}: 'steps' is een niet-lege lijst.", code="scenario-invalid")
    return Scenario(
        case=str(data["case"]),
        title=str(data["title"]),
        procedure_type=str(data["procedure_type"]),
        organisations=data.get("organisations") or {},
        people=data.get("people") or [],
        steps=data["steps"],
        expect=data.get("expect") or {},
        assumed=data.get("assumed") or [],
        source=data.get("source", ""),
        summary=data.get("summary", ""),
        path=path,
    )


def case_paths() -> list[Path]:
    return [CASES_DIR / f"{slug}.yaml" for slug in CASE_SLUGS]
