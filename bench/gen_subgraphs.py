"""Generated large federations for the composition benchmark.

``generate(subgraphs, entities)`` spreads ``entities`` entity types over the subgraphs. Entity
``E{i}`` is owned by subgraph ``o = i % n`` and touched by three more, so every one exercises a
federation feature:

- ``o``:   the key, a ``@shareable`` ``name``, ``weight``, a value type ``Info{i}``, a root
           field, and ``next: E{i+1} @provides(fields: "name")``;
- ``o+1``: extends the entity (``@shareable name`` again, its own field, ``Info{i}`` again);
- ``o+2``: ``cost @requires(fields: "weight")`` over an ``@external weight``;
- ``o-1``: declares ``name @external`` for the ``@provides`` of ``E{i-1}.next``.

Every type is an object type, so the supergraph has about ``2 * entities`` types.
"""

from __future__ import annotations

LINK = (
    'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", '
    'import: ["@key", "@shareable", "@external", "@requires", "@provides"])'
)

Subgraph = tuple[str, str, str]  # (name, url, sdl)


def generate(subgraphs: int, entities: int) -> list[Subgraph]:
    """The subgraphs of a generated federation, in name order.

    Raises:
        ValueError: fewer than 4 subgraphs (the four roles must be distinct subgraphs).
    """
    n = subgraphs
    if n < 4:
        raise ValueError("need at least 4 subgraphs")
    # types[s][type name] = {field name: definition}, so roles meeting in one subgraph merge.
    types: list[dict[str, dict[str, str]]] = [{} for _ in range(n)]
    queries: list[list[str]] = [[] for _ in range(n)]
    values: list[set[int]] = [set() for _ in range(n)]

    def fields(s: int, type_name: str) -> dict[str, str]:
        return types[s].setdefault(type_name, {"id": "id: ID!"})

    for i in range(entities):
        o = i % n
        e = f"E{i}"
        own = fields(o, e)
        own["name"] = "name: String @shareable"
        own["weight"] = "weight: Int"
        own[f"label{i}"] = f"label{i}: String"
        own["info"] = f"info: Info{i}"
        values[o].add(i)
        queries[o].append(f"e{i}(id: ID!): {e}")
        queries[o].append(f"all{i}: [{e}]")
        if i + 1 < entities:
            own["next"] = f'next: E{i + 1} @provides(fields: "name")'
        ext = fields((o + 1) % n, e)
        ext["name"] = "name: String @shareable"
        ext[f"extra{i}"] = f"extra{i}: Info{i}"
        values[(o + 1) % n].add(i)
        req = fields((o + 2) % n, e)
        req["weight"] = "weight: Int @external"
        req["cost"] = 'cost: Int @requires(fields: "weight")'
    for i in range(1, entities):
        # The provider of E{i}.name is the owner of E{i-1}.
        fields((i - 1) % n, f"E{i}")["name"] = "name: String @external"

    out: list[Subgraph] = []
    width = len(str(n - 1))
    for s in range(n):
        parts = [LINK]
        if queries[s]:
            parts.append("type Query {\n" + "".join(f"  {q}\n" for q in queries[s]) + "}")
        for type_name, defs in sorted(types[s].items(), key=lambda kv: int(kv[0][1:])):
            body = "".join(f"  {d}\n" for d in defs.values())
            parts.append(f'type {type_name} @key(fields: "id") {{\n{body}}}')
        for i in sorted(values[s]):
            parts.append(f"type Info{i} @shareable {{\n  label: String\n  score: Int\n}}")
        name = f"s{s:0{width}d}"
        out.append((name, f"http://{name}/graphql", "\n\n".join(parts) + "\n"))
    return out
