"""The code of the subgraph guide runs: its schema composes and its entity test passes."""

from __future__ import annotations

import re
import sys
import types

from tests.docs.helpers import DOCS

GUIDE = DOCS / "guides" / "writing-a-subgraph.md"


def _python_blocks() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(r"^```python\n(.*?)^```", text, re.DOTALL | re.MULTILINE)


def _guide_module() -> types.ModuleType:
    module = types.ModuleType("subgraphs.inventory.schema")
    sys.modules["subgraphs.inventory.schema"] = module
    exec(compile(_python_blocks()[0], str(GUIDE), "exec"), module.__dict__)
    return module


async def test_guide_subgraph_answers_entities() -> None:
    _guide_module()
    try:
        namespace: dict[str, object] = {}
        exec(compile(_python_blocks()[2], str(GUIDE), "exec"), namespace)
        test = namespace["test_stock_is_batched"]
        assert callable(test)
        await test()
    finally:
        sys.modules.pop("subgraphs.inventory.schema", None)


async def test_guide_subgraph_composes_with_the_samples() -> None:
    from composer import SubgraphSource, compose
    from subgraphs.__main__ import NAMES, service_sdl

    module = _guide_module()
    try:
        result = await module.schema.execute("{ _service { sdl } }")
        assert result.data is not None
        sources = [
            SubgraphSource(n, f"http://127.0.0.1/{n}", await service_sdl(n), n) for n in NAMES
        ]
        sources.append(
            SubgraphSource(
                "inventory", "http://127.0.0.1/inv", result.data["_service"]["sdl"], "guide"
            )
        )
        composed = compose(sources)
        assert composed.ok, [e.format() for e in composed.errors]
    finally:
        sys.modules.pop("subgraphs.inventory.schema", None)
