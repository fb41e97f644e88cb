"""The DRI rules that turn an intake and a target into a status.

Following IOM 2000, *DRI: Applications in Dietary Assessment* (NAP 9956, pp. 6, 59):

* below the EAR: intake very likely needs to be improved (``very_likely_short``);
* between the EAR and the RDA: it possibly needs to be improved (``possibly_short``);
* at or above the RDA or AI: ``meets``;
* below an AI: the intake cannot be judged quantitatively (``below_ai``: below the adequate level,
  not judged a deficit);
* above the UL, and only where the UL applies to this intake (iron, vitamin D and calcium: total
  intake; the magnesium and vitamin E ULs are for supplements only, so food never exceeds them):
  ``over_ul``;
* sodium above its CDRR (chronic disease risk reduction intake, not a toxicity limit): ``above_cdrr``;
* no data: ``unknown``.

Boundaries: "below" is strict, so an intake exactly at the EAR is ``possibly_short`` and one exactly at
the RDA ``meets``; "above" is strict, so exactly at the UL is not over it.
"""

from __future__ import annotations

from typing import Protocol

VERY_LIKELY_SHORT = "very_likely_short"
POSSIBLY_SHORT = "possibly_short"
BELOW_AI = "below_ai"
MEETS = "meets"
OVER_UL = "over_ul"
ABOVE_CDRR = "above_cdrr"
UNKNOWN = "unknown"
NO_TARGET = "no_target"  # a nutrient the DRIs give no target for here (energy): shown, never judged

STATUSES: tuple[str, ...] = (
    VERY_LIKELY_SHORT,
    POSSIBLY_SHORT,
    BELOW_AI,
    MEETS,
    OVER_UL,
    ABOVE_CDRR,
    UNKNOWN,
)
"""Every status :func:`assess` gives, shortest of target first. (``no_target``, for a nutrient
without a target, is given by the report, never judged here.)"""

SHORTFALL_STATUSES = frozenset({VERY_LIKELY_SHORT, POSSIBLY_SHORT, BELOW_AI})
STATUS_LABELS = {
    VERY_LIKELY_SHORT: "below the EAR: very likely short",
    POSSIBLY_SHORT: "between EAR and RDA: possibly short",
    BELOW_AI: "below the adequate intake (not judged a deficit)",
    MEETS: "meets the target",
    OVER_UL: "over the upper limit",
    ABOVE_CDRR: "above the chronic-disease risk reduction intake",
    UNKNOWN: "unknown: no data",
    NO_TARGET: "no target",
}


class TargetLike(Protocol):
    value: float
    kind: str
    ear: float | None
    ul: float | None
    ul_applies_to: str | None
    cdrr: float | None


def assess(total: float | None, target: TargetLike, *, supplements_included: bool = False) -> str:
    """The status of a day's total against one target (see the module docstring for the rules).

    ``supplements_included`` says whether the intake includes supplements; only then can a UL that
    applies to supplements alone (magnesium, vitamin E) be exceeded.
    """
    if total is None:
        return UNKNOWN
    ul_applies = target.ul is not None and (
        target.ul_applies_to == "total"
        or (target.ul_applies_to == "supplements" and supplements_included)
    )
    if ul_applies and target.ul is not None and total > target.ul:
        return OVER_UL
    if target.cdrr is not None and total > target.cdrr:
        return ABOVE_CDRR
    if target.kind == "AI":
        return BELOW_AI if total < target.value else MEETS
    if target.ear is not None and total < target.ear:
        return VERY_LIKELY_SHORT
    if total < target.value:
        return POSSIBLY_SHORT
    return MEETS
