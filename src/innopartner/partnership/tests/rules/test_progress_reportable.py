"""When a partner may report progress on its intermediate targets (Art. 31(2))."""

import pytest

from innopartner.core.exceptions import RuleViolation
from innopartner.partnership import rules


def test_a_partner_in_a_running_unassessed_phase_may_report():
    rules.ensure_progress_reportable(in_phase=True, decided=False, assessed=False)


@pytest.mark.parametrize(
    ("in_phase", "decided", "assessed", "code"),
    [
        (False, False, False, "partner-not-in-phase"),
        (True, True, True, "gate-already-decided"),
        (True, False, True, "targets-already-assessed"),
    ],
)
def test_a_report_outside_a_running_unassessed_phase_is_refused(in_phase, decided, assessed, code):
    with pytest.raises(RuleViolation) as caught:
        rules.ensure_progress_reportable(in_phase=in_phase, decided=decided, assessed=assessed)
    assert caught.value.code == code
