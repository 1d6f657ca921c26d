"""Validation across profiles is linear: the work per profile does not grow with the list."""

from __future__ import annotations

import json

from tunnelgui.profiles import lookup
from tunnelgui.profiles.entries import parse_text
from tunnelgui.profiles.fileformat import dump_text
from tunnelgui.profiles.model import Profile
from tunnelgui.profiles.store import ProfileStore


def many(count: int) -> list[Profile]:
    return [
        Profile(name=f"p{i}", listen_port=10000 + i % 3000, target_host="h", target_port=1,
                id=f"id-{i}")
        for i in range(count)
    ]  # fmt: skip


def counted_name_keys(monkeypatch) -> list[int]:
    calls = [0]
    real = lookup.name_key

    def counting(name: str) -> str:
        calls[0] += 1
        return real(name)

    monkeypatch.setattr(lookup, "name_key", counting)
    return calls


def test_reading_a_file_compares_names_a_bounded_number_of_times_per_profile(monkeypatch):
    text = dump_text(many(3000))
    calls = counted_name_keys(monkeypatch)
    parsed = parse_text(text)
    assert len(parsed.profiles) == 3000
    # Quadratic checking compares each name with every earlier one: 4.5 million calls here.
    assert calls[0] <= 5 * 3000


def test_importing_into_a_big_store_is_linear_too(monkeypatch, tmp_path):
    path = tmp_path / "profiles.json"
    path.write_text(dump_text(many(2000)))
    store = ProfileStore.open(path)
    more = [Profile(name=f"q{i}", listen_port=20000 + i, target_host="h", target_port=1)
            for i in range(1000)]  # fmt: skip
    calls = counted_name_keys(monkeypatch)
    store.apply([], more)
    assert len(json.loads(path.read_text())["profiles"]) == 3000
    assert calls[0] <= 5 * 3000
