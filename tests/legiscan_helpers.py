"""Shared by the LegiScan test modules: the hand-written API fixtures and the dataset folder."""

import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "legiscan"
DATASET = "api_formats/legiscan_dataset_json"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())
