"""Every lesson of the sources is in the guidance data, found by an explicit mapping id.

Two sources, both in ``<repo>/../shared/seed/``:

* CASES.md: every lesson line of each case (bullets labelled Practice, Lessons, Contrast with
  SBIR, Phases or Market consultation, every unlabelled bullet, and every cross-cutting
  practice), split into clauses. Each clause has a mapping id below; each id is a ref
  ``cases:<id>`` of a lesson of that case in lessons.yaml.
* The publication itself: every bullet of each "Lessen en tips" box, as ``pub:<case>.<n>``.

The tests skip when the shared folder is absent, and fail instead when CI=true.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from innopartner.guidance.data import guidance

REPO = Path(__file__).resolve().parents[4]
SEED = (REPO.parent / "shared" / "seed").resolve()

SECTION_SLUGS = {
    "1": "ifv",
    "2": "hof-van-twente",
    "3": "gvb",
    "4": "almere",
    "5": "rivierenland",
    "6": "charm",
}
LESSON_LABELS = {"Practice", "Lessons", "Contrast with SBIR", "Phases", "Market consultation"}

# mapping id -> the start of its clause in CASES.md (or, for a few facts that carry a lesson
# but sit in a labelled line, a fragment of that line)
CASES_MAP = {
    "ifv.goal.functional": "Need described functionally",
    "ifv.practice.meetings": "joint information meeting at the start",
    "ifv.practice.share-with-all": "answers relevant to all are shared with all",
    "ifv.practice.how-many-partners": "The buyer decides how many parties get development budget",
    "ifv.contrast-sbir.no-direct-purchase": "after SBIR the result may not be bought directly",
    "ifv.contrast-sbir.partnership-may": "after an innovation partnership it may",
    "ifv.dropout": "A party that dropped out and later builds a better solution",
    "hof-van-twente.budget": "EUR 1,650 per m2",
    "hof-van-twente.one-a4": "Goals stated on one A4 page",
    "hof-van-twente.sketch-direction": "bidders sketch a direction, not a finished design",
    "hof-van-twente.own-partners": "Bidders chose their own consortium partners",
    "hof-van-twente.steering-group": "Steering group with the building users",
    "hof-van-twente.advisers": "advisers on procedure, law and climate-neutral building",
    "gvb.little-appetite": "Two large market consultations showed little appetite",
    "gvb.overhead-wires": "overhead wires met spatial resistance",
    "gvb.risk-too-high": "risk that the innovation fails and yields no product",
    "gvb.lessons.risks-alternatives": "make risks and alternatives explicit",
    "gvb.lessons.tco": "a Total Cost of Ownership analysis",
    "almere.several-buyers": "all three buy the end products",
    "almere.fixed-early": "Purchase quantities and prices are fixed early",
    "almere.no-new-tender": "award to the development partner without a new tender",
    "almere.end-early": "the partnership can be ended early",
    "almere.chain-manager": "An independent chain manager",
    "almere.lessons.flexible": "be flexible with small companies",
    "almere.lessons.convince": "convince both buyers and end users",
    "rivierenland.short-competition": "competition phase under two months",
    "rivierenland.phase1-paid": "(1) research phase paid by the water board",
    "rivierenland.fifty-percent": "(2) development phase: a partner could pay 50%",
    "rivierenland.ip-to-buyer": "this partner did not, so the intellectual property goes",
    "rivierenland.purchase-no-tender": "(3) if development succeeds, multi-year purchase",
    "rivierenland.any-supplier": "after the contract any supplier may be asked",
    "rivierenland.earlier-product": "An earlier innovation partnership of the same water board",
    "charm.cross-border": "Joint cross-border procurement by two authorities",
    "charm.consultation": "40 parties responded",
    "charm.hours": "every hour booked",
    "charm.english": "contracts in English",
    "charm.supervisor": "a supervisor (coach) per market party",
    "charm.risks-to-funder": "risks reported to the funder early",
    "charm.not-coupled": "the two programmes deliberately not coupled",
    "cross.needs-market": "Needs analysis, market exploration, market consultation",
    "cross.ip": "Intellectual property: ownership, a licence",
    "cross.risk.inventory": "Risk management: inventory, quantify, mitigate",
    "cross.risk.kinds": "technical, commercial, contractual and reputational risks",
    "cross.risk.who-keeps": "decide which risks the buyer keeps",
    "cross.tco": "Total Cost of Ownership over the whole life cycle",
    "cross.organisation": "Project organisation with clear entry and exit moments",
    "cross.financing": "Financing: loans, subsidies",
}

# The publication's "Lessen en tips" boxes: case -> the start of each bullet, in order.
PUBLICATION_TIPS = {
    "ifv": [
        "De aanbestedingsmethode van het",
        "De relatief langdurige procedure",
        "Leveranciers nemen graag",
        "Het organiseren van tussentijdse",
        "Er moet voldoende budget zijn",
        "Innovatiepartnerschap biedt een grotere kans",
        "Bedrijfsleven en overheid investeren",
        "Eenduidig committent",
        "Het is mogelijk dat een afvaller",
    ],
    "hof-van-twente": [
        "Het is een uitdaging",
        "Door het project in te gaan",
        "Innovatiegericht inkopen is een investering",
        "Luister goed naar de markt",
        "Het grootste voordeel",
        "Deze manier van aanbesteden dwingt",
    ],
    "gvb": [
        "GVB heeft in het voortraject",
        "GVB werkt met een projectstructuur",
        "Inzetbaarheid van bussen",
    ],
    "almere": [
        "Het innovatiepartnerschap is dé",
        "Veel bedrijven hebben moeite",
        "Zorg ervoor dat de inkopers",
        "Overheid en het bedrijfsleven werken",
        "Deze procedure kent een lager",
        "Het innovatiepartnerschap dwingt",
        "Het innovatiepartnerschap helpt",
        "Overheden neigen er nog",
    ],
    "rivierenland": [
        "Zoek de publiciteit",
        "Betrek inhoudelijke experts",
        "Leg vooraf vast wie wat financiert",
        "Kennis van verschillende partijen",
        "Meer informatie tegen minder kosten",
        "Voor de betrokken marktpartijen",
    ],
    "charm": [
        "CHARM en CHARM PCP waren",
        "Je kunt van tevoren alles plannen",
        "Zie je risico",
        "Contracten zijn goed",
        "Supervisors aangewezen",
        "Rijkswaterstaat werd gestimuleerd",
        "Er komt veel administratief werk",
        "Ga vooral open het gesprek aan",
    ],
}
BOX_NAMES = {
    "IFV": "ifv",
    "Hof van Twente": "hof-van-twente",
    "GVB": "gvb",
    "Almere": "almere",
    "Rivierenland": "rivierenland",
    "Rijkswaterstaat": "charm",
}
# The publication's general chapters and boxes that lessons.yaml cites.
GENERAL = {
    "tco": "Total Cost of Ownership",
    "risk": "Risicomanagement",
    "ip": "Intellectueel eigendom",
    "organisation": "Projectorganisatie voor innovatie",
    "financing": "Financiering van innovatie",
    "needs-analysis": "Behoefteanalyse",
    "market": "Marktconsultatie",
    "afterword": "NAWOORD",
}


def _seed_file(name: str) -> str:
    path = SEED / name
    if not path.is_file():
        message = f"{path} is absent: the seed publication and CASES.md live in ../shared/seed/"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path.read_text(encoding="utf-8")


def _flat(text: str) -> str:
    return " ".join(text.split())


def cases_lesson_clauses(text: str) -> list[tuple[str, str]]:
    """(case slug, clause) for every lesson line of CASES.md."""
    found = []
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        heading, _, body = section.partition("\n")
        number = re.match(r"(\d)\. ", heading)
        if number:
            slug = SECTION_SLUGS[number.group(1)]
        elif heading.startswith("Cross-cutting"):
            slug = "cross"
        else:
            continue
        for bullet in re.findall(r"^- (.+?)(?=^- |\Z)", body, flags=re.M | re.S):
            bullet = _flat(bullet)
            label, colon, rest = bullet.partition(": ")
            if slug == "cross":
                lesson = bullet
            elif colon and len(label) <= 45:
                if label not in LESSON_LABELS:
                    continue  # a fact (goal, funnel, budget, timeline ...)
                lesson = rest
            else:
                lesson = bullet
            for clause in re.split(r";\s+|\.\s+(?=[A-Z][a-z])", lesson):
                found.append((slug, clause.strip()))
    return found


def publication_tips(text: str) -> dict[str, list[str]]:
    text = re.sub(r"-\n", "", text)
    heads = list(
        re.finditer(r"^(?:LESSEN EN TIPS|Lessen en tips) van (?:het )?(.+?)\s*$", text, re.M)
    )
    assert len(heads) == 6, "the publication has six boxes of lessons and tips"
    tips = {}
    for index, head in enumerate(heads):
        end = heads[index + 1].start() if index + 1 < len(heads) else len(text)
        body = text[head.end() : end]
        tips[BOX_NAMES[head.group(1)]] = [_flat(b) for b in body.split("•")[1:]]
    return tips


def _refs_by_source() -> dict[str, set[str]]:
    refs: dict[str, set[str]] = {}
    for lesson in guidance().lessons:
        refs.setdefault(lesson.source, set()).update(lesson.refs)
    return refs


def test_every_lesson_line_of_cases_md_has_a_mapping_id_found_in_the_guidance_data():
    text = _seed_file("CASES.md")
    clauses = cases_lesson_clauses(text)
    assert len(clauses) >= 40, "CASES.md was parsed"
    unmapped = []
    for slug, clause in clauses:
        ids = [
            i
            for i, start in CASES_MAP.items()
            if i.split(".")[0] == slug and clause.startswith(start)
        ]
        if len(ids) != 1:
            unmapped.append((slug, clause, ids))
    assert not unmapped, f"lesson lines of CASES.md without exactly one mapping id: {unmapped}"
    flat = _flat(text)
    assert [i for i, start in CASES_MAP.items() if start not in flat] == []
    refs = _refs_by_source()
    for mapping_id in CASES_MAP:
        slug = mapping_id.split(".")[0]
        source = "publication" if slug == "cross" else slug
        assert f"cases:{mapping_id}" in refs.get(source, set()), (
            f"{mapping_id} is in no lesson of {source} in lessons.yaml"
        )


def test_every_tip_of_the_publications_lesson_boxes_is_in_the_guidance_data():
    tips = publication_tips(_seed_file("innovatiepartnerschap-in-praktijk.txt"))
    assert sum(len(t) for t in tips.values()) == 40
    refs = _refs_by_source()
    for case, starts in PUBLICATION_TIPS.items():
        assert len(tips[case]) == len(starts), f"{case}: {len(tips[case])} tips in the text"
        for number, (tip, start) in enumerate(zip(tips[case], starts, strict=True), start=1):
            assert tip.startswith(start), f"{case} tip {number} reads {tip[:60]!r}"
            assert f"pub:{case}.{number}" in refs.get(case, set()), f"pub:{case}.{number}"
    cited = {r for lesson in guidance().lessons for r in lesson.refs if r.startswith("pub:")}
    expected = {f"pub:{c}.{n}" for c, s in PUBLICATION_TIPS.items() for n in range(1, len(s) + 1)}
    assert {r for r in cited if not r.startswith("pub:general.")} == expected


def test_the_general_chapters_cited_exist_in_the_publication():
    text = _seed_file("innovatiepartnerschap-in-praktijk.txt")
    cited = {
        r.removeprefix("pub:general.")
        for lesson in guidance().lessons
        for r in lesson.refs
        if r.startswith("pub:general.")
    }
    assert cited == set(GENERAL)
    for key, heading in GENERAL.items():
        assert heading in text, f"{key}: {heading!r} not in the publication"
    assert all(
        lesson.source == "publication"
        or not {r for r in lesson.refs if r.startswith("cases:cross")}
        for lesson in guidance().lessons
    )
