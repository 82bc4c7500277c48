"""The partnership's phase pipeline, in one readable place.

Art. 31(2) Dir. 2014/24/EU: the partnership is structured in successive phases following the
sequence of steps in the research and innovation process; the buyer sets intermediate targets
and pays in instalments; after each phase it may, on the basis of those targets, end the
partnership or (with several partners) reduce their number, if the documents said so.

A partner's life, one phase at a time:

    running --(targets assessed, rule 13)--> assessed --(gate decision)--> continue | stop
    continue --> running in the next phase, or, after the last phase, the purchase phase
    stop     --> the partner's contract ends (only if the documents allowed it, rule 14)
"""

from __future__ import annotations

PARTNER_OUTCOMES = ("continue", "stop", "end")
