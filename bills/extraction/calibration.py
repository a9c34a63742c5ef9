"""Confidence per rule family, measured on the dev gold by bench/calibrate_confidence.py.

Regenerate with ``python -m bench.calibrate_confidence --write`` after changing rules.
"""

CALIBRATED: dict[str, float] = {
    "appeal": 0.87,
    "assessment": 0.75,
    "care": 0.9,
    "directive": 0.83,
    "disclosure": 0.96,
    "documentation": 0.87,
    "enforcement": 0.91,
    "fallback": 0.97,
    "government": 0.9,
    "incident": 0.92,
    "inherit": 0.83,
    "notice": 0.9,
    "opt_out": 0.87,
    "prohibition": 0.83,
    "reporting": 0.86,
    "retention": 0.9,
    "risk_management": 0.87,
    "safety_framework": 0.92,
    "testing": 0.87,
    "whistleblower": 0.93,
}
