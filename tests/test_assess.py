"""Status boundaries follow the DRI rules (IOM 2000, Applications in Dietary Assessment)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from nutricheck import assess


@dataclass
class T:
    value: float
    kind: str
    ear: float | None = None
    ul: float | None = None
    ul_applies_to: str | None = None
    cdrr: float | None = None


# Iron, women 19-30: RDA 18, EAR 8.1, UL 45 (total intake).
IRON = T(18, "RDA", ear=8.1, ul=45, ul_applies_to="total")
# Magnesium, women 19-30: RDA 310, EAR 255, UL 350 for supplements only.
MAGNESIUM = T(310, "RDA", ear=255, ul=350, ul_applies_to="supplements")
# Potassium, women 19+: AI 2600, no UL.
POTASSIUM = T(2600, "AI")
# Sodium, adults: AI 1500, CDRR 2300 (not a UL).
SODIUM = T(1500, "AI", cdrr=2300)

CASES = [
    ("iron-below-ear", IRON, 8.0, assess.VERY_LIKELY_SHORT),
    ("iron-exactly-ear", IRON, 8.1, assess.POSSIBLY_SHORT),  # "below" the EAR is strict
    ("iron-between", IRON, 12.0, assess.POSSIBLY_SHORT),
    ("iron-exactly-rda", IRON, 18.0, assess.MEETS),
    ("iron-exactly-ul", IRON, 45.0, assess.MEETS),  # "above" the UL is strict
    ("iron-over-ul", IRON, 45.01, assess.OVER_UL),
    ("iron-zero", IRON, 0.0, assess.VERY_LIKELY_SHORT),
    ("iron-unknown", IRON, None, assess.UNKNOWN),
    (
        "magnesium-food-over-supplement-ul",
        MAGNESIUM,
        500.0,
        assess.MEETS,
    ),  # the UL is for supplements only
    ("magnesium-below-ear", MAGNESIUM, 254.9, assess.VERY_LIKELY_SHORT),
    ("potassium-below-ai", POTASSIUM, 2599.0, assess.BELOW_AI),
    ("potassium-exactly-ai", POTASSIUM, 2600.0, assess.MEETS),
    ("sodium-below-ai", SODIUM, 1000.0, assess.BELOW_AI),
    ("sodium-exactly-cdrr", SODIUM, 2300.0, assess.MEETS),
    ("sodium-above-cdrr", SODIUM, 2301.0, assess.ABOVE_CDRR),
]


@pytest.mark.parametrize(
    ("target", "total", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_status(target, total, expected):
    assert assess.assess(total, target) == expected


def test_supplement_ul_applies_when_supplements_are_counted():
    assert assess.assess(351.0, MAGNESIUM, supplements_included=True) == assess.OVER_UL


def test_shortfall_statuses():
    assert assess.SHORTFALL_STATUSES == {
        assess.VERY_LIKELY_SHORT,
        assess.POSSIBLY_SHORT,
        assess.BELOW_AI,
    }
    assert set(assess.STATUS_LABELS) >= assess.SHORTFALL_STATUSES | {
        assess.MEETS,
        assess.OVER_UL,
        assess.UNKNOWN,
    }
