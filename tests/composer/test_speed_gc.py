"""The collector is paused while composing and running again afterwards, whatever happens."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator

import pytest

from bench.gen_subgraphs import generate
from composer import SubgraphSource, compose

compose_module = sys.modules["composer.compose"]


@pytest.fixture
def collector() -> Iterator[None]:
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def _sources() -> list[SubgraphSource]:
    return [SubgraphSource(n, u, s, n) for n, u, s in generate(4, 6)]


def _record_collector_state(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    seen: list[bool] = []
    emit = compose_module.emit_supergraph

    def recording(sup: object) -> str:
        seen.append(gc.isenabled())
        return emit(sup)

    monkeypatch.setattr(compose_module, "emit_supergraph", recording)
    return seen


def test_paused_during_composition_and_running_afterwards(
    monkeypatch: pytest.MonkeyPatch, collector: None
) -> None:
    seen = _record_collector_state(monkeypatch)
    gc.enable()
    assert compose(_sources()).ok
    assert seen == [False]
    assert gc.isenabled()


def test_running_again_when_a_stage_raises(
    monkeypatch: pytest.MonkeyPatch, collector: None
) -> None:
    def boom(_sup: object) -> str:
        raise RuntimeError("emit failed")

    monkeypatch.setattr(compose_module, "emit_supergraph", boom)
    gc.enable()
    with pytest.raises(RuntimeError):
        compose(_sources())
    assert gc.isenabled()


def test_a_process_without_the_collector_keeps_it_off(
    monkeypatch: pytest.MonkeyPatch, collector: None
) -> None:
    seen = _record_collector_state(monkeypatch)
    gc.disable()
    assert compose(_sources()).ok
    assert seen == [False]
    assert not gc.isenabled()


def test_subgraph_models_are_freed_without_the_collector(collector: None) -> None:
    """No reference cycle holds a subgraph model: freed when composition ends, not at the next
    collector pass (the cyclic garbage left is graphql-core's validation schemas)."""
    from composer.subgraph.model import Subgraph

    gc.collect()
    gc.disable()
    assert compose(_sources()).ok
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        held = [o for o in gc.garbage if isinstance(o, Subgraph)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
    assert held == []
