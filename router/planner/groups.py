"""Planner data: fetch groups, planning errors and budget, costs, and small field-set helpers."""

from __future__ import annotations

from dataclasses import dataclass

from graphql.language import ast, print_ast

from composer.supergraph.reader import FieldSet
from router.normalize import NField, NFragment, NSel
from router.plan import KeyRenamer
from router.planner.selection import SelSet

__all__ = [
    "UNPLANNABLE",
    "Budget",
    "Cost",
    "Entries",
    "Group",
    "Hop",
    "Jump",
    "Path",
    "PlanningBudgetExceeded",
    "PlanningError",
    "fieldset_sels",
    "named_type",
    "printed_arguments",
]

Path = tuple[str, ...]


class PlanningError(Exception):
    """No subgraph route can resolve part of the operation."""


class PlanningBudgetExceeded(PlanningError):
    """Planning compared more alternatives than the configured budget allows."""


# (fetches, longest chain of dependent fetches, fields selected by entity fetches): among
# alternatives with as many fetches, the one moving less data through ``_entities`` wins (a
# subgraph providing part of a selection leaves less for the jump).
Cost = tuple[int, int, int]
UNPLANNABLE: Cost = (1 << 20, 1 << 20, 1 << 20)


class Budget:
    """How many alternative sub-plans one operation may evaluate."""

    __slots__ = ("limit", "used")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def spend(self) -> None:
        self.used += 1
        if self.used > self.limit:
            raise PlanningBudgetExceeded(
                f"query planning exceeded its budget of {self.limit} evaluated alternatives; "
                "simplify the operation or raise PlannerConfig.max_evaluated_alternatives"
            )


class Group:
    """One future fetch: a subgraph, where its result merges, and what it selects."""

    __slots__ = (
        "entity",
        "context_rewrites",
        "context_variables",
        "id",
        "output_rewrites",
        "parents",
        "path",
        "requires",
        "rewrites",
        "root",
        "service",
        "variables",
    )

    def __init__(self, gid: int, service: str, path: Path, entity: bool) -> None:
        self.id = gid
        self.service = service
        self.path = path
        self.entity = entity
        self.root = SelSet()
        self.requires: SelSet | None = SelSet() if entity else None
        self.parents: set[int] = set()
        self.variables: set[str] = set()
        self.rewrites: set[str] = set()
        self.output_rewrites: tuple[KeyRenamer, ...] = ()
        # @fromContext arguments: where their values are, and their variables' types.
        self.context_rewrites: list[KeyRenamer] = []
        self.context_variables: dict[str, str] = {}


@dataclass(frozen=True, slots=True)
class Hop:
    """One entity jump: to ``service`` through its key ``key``."""

    service: str
    key: FieldSet


@dataclass(frozen=True, slots=True)
class Jump:
    """A key jump from ``origin`` (the jumping fetch's subgraph and path) into the entity
    group ``group`` of ``service`` at ``path``; ``entries``: the ancestors' paths where an
    entity fetch of ``service`` could have resolved the same field, through the fields from
    there down."""

    group: int
    origin: tuple[str, Path]
    path: Path
    service: str
    entries: tuple[Path, ...]


# Where a rebuild enters instead of jumping: (origin, path, service) of a jump -> the
# ancestor's path.
Entries = dict[tuple[tuple[str, Path], Path, str], Path]


def printed_arguments(node: ast.FieldNode) -> str:
    """A field's arguments as normalized selections print them (``""`` when none)."""
    if not node.arguments:
        return ""
    return "(" + ", ".join(print_ast(a) for a in node.arguments) + ")"


def fieldset_sels(sel: ast.SelectionSetNode) -> tuple[NSel, ...]:
    """A field set as normalized selections (fields with their literal arguments, no
    aliases)."""
    out: list[NSel] = []
    for s in sel.selections:
        if isinstance(s, ast.FieldNode):
            sub = fieldset_sels(s.selection_set) if s.selection_set else None
            args = printed_arguments(s)
            name = s.name.value
            out.append(NField(name, name, None, args, "", (), sub, (), internal=True))
        elif isinstance(s, ast.InlineFragmentNode):
            tc = s.type_condition.name.value if s.type_condition else None
            out.append(NFragment(tc, "", (), fieldset_sels(s.selection_set)))
    return tuple(out)


def named_type(type_ref: str) -> str:
    """The named type of a printed type reference (``[Book!]!`` -> ``Book``)."""
    return type_ref.strip("[]!")
