"""Composition runs with fewer collector passes and gives the process its thresholds back."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

from bench.gen_subgraphs import generate
from composer import SubgraphSource, compose

compose_module = sys.modules["composer.compose"]


@pytest.fixture
def thresholds() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.set_threshold(*saved)


def _sources() -> list[SubgraphSource]:
    return [SubgraphSource(n, u, s, n) for n, u, s in generate(4, 6)]


def _record_thresholds(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    seen: list[tuple[int, ...]] = []
    emit = compose_module.emit_supergraph

    def recording(sup: object) -> str:
        seen.append(gc.get_threshold())
        return emit(sup)

    monkeypatch.setattr(compose_module, "emit_supergraph", recording)
    return seen


def test_thresholds_raised_during_composition_and_restored(
    monkeypatch: pytest.MonkeyPatch, thresholds: None
) -> None:
    seen = _record_thresholds(monkeypatch)
    gc.set_threshold(700, 10, 10)
    assert compose(_sources()).ok
    assert seen == [compose_module.COMPOSE_GC_THRESHOLDS]
    assert gc.get_threshold() == (700, 10, 10)


def test_thresholds_restored_when_a_stage_raises(
    monkeypatch: pytest.MonkeyPatch, thresholds: None
) -> None:
    def boom(_sup: object) -> str:
        raise RuntimeError("emit failed")

    monkeypatch.setattr(compose_module, "emit_supergraph", boom)
    gc.set_threshold(500, 5, 5)
    with pytest.raises(RuntimeError):
        compose(_sources())
    assert gc.get_threshold() == (500, 5, 5)


@pytest.mark.parametrize("own", [(0, 10, 10), (200_000, 3, 4)])
def test_a_process_collecting_less_often_keeps_its_thresholds(
    monkeypatch: pytest.MonkeyPatch, thresholds: None, own: tuple[int, int, int]
) -> None:
    seen = _record_thresholds(monkeypatch)
    gc.set_threshold(*own)
    assert compose(_sources()).ok
    assert seen == [own]
    assert gc.get_threshold() == own
