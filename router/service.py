"""The request pipeline: parse -> validate -> choose operation -> coerce variables -> plan
(cached) -> execute -> shape. One ``Router`` per supergraph snapshot."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    OperationType,
    execute_sync,
    parse,
    print_ast,
    validate,
)
from graphql.execution.values import get_variable_values
from graphql.language import ast

from composer.supergraph.api_schema import build_api_schema
from composer.supergraph.reader import Supergraph, read_supergraph
from router.client import SubgraphClient
from router.errors import ErrorCode, RequestError, graphql_error
from router.executor import execute_plan
from router.normalize import normalize_selections
from router.plan import QueryPlan
from router.planner import PlannerConfig, PlanningError, QueryPlanner
from router.shaping import ResponseShape

__all__ = ["PreparedOperation", "Router", "SchemaSnapshot"]


@dataclass(frozen=True, slots=True)
class SchemaSnapshot:
    """Everything derived from one supergraph at start-up."""

    supergraph: Supergraph
    api_schema: GraphQLSchema
    planner: QueryPlanner
    urls: dict[str, str]
    schema_hash: str

    @classmethod
    def from_sdl(
        cls,
        sdl: str,
        config: PlannerConfig | None = None,
        urls: dict[str, str] | None = None,
    ) -> SchemaSnapshot:
        """Build a snapshot; ``urls`` overrides routing URLs per subgraph name.

        Raises:
            SupergraphError, ApiSchemaError: the supergraph is malformed.
        """
        sg = read_supergraph(sdl)
        api = build_api_schema(sdl)
        return cls(
            supergraph=sg,
            api_schema=api,
            planner=QueryPlanner(sg, config),
            urls={g.name: g.url for g in sg.graphs} | (urls or {}),
            schema_hash=hashlib.sha256(sdl.encode()).hexdigest(),
        )


@dataclass(frozen=True, slots=True)
class PreparedOperation:
    """A parsed, validated and planned operation (cached by query text and name)."""

    operation: ast.OperationDefinitionNode
    plan: QueryPlan
    shape: ResponseShape
    introspection: DocumentNode | None


def _introspection_only(
    sel: ast.SelectionSetNode, fragments: dict[str, ast.FragmentDefinitionNode]
) -> tuple[ast.SelectionNode, ...]:
    out: list[ast.SelectionNode] = []
    for s in sel.selections:
        if isinstance(s, ast.FieldNode):
            if s.name.value in ("__schema", "__type"):
                out.append(s)
        elif isinstance(s, ast.InlineFragmentNode):
            subs = _introspection_only(s.selection_set, fragments)
            if subs:
                out.append(
                    ast.InlineFragmentNode(
                        type_condition=s.type_condition,
                        directives=s.directives,
                        selection_set=ast.SelectionSetNode(selections=subs),
                    )
                )
        elif isinstance(s, ast.FragmentSpreadNode):
            frag = fragments[s.name.value]
            subs = _introspection_only(frag.selection_set, fragments)
            if subs:
                out.append(
                    ast.InlineFragmentNode(
                        type_condition=frag.type_condition,
                        directives=s.directives,
                        selection_set=ast.SelectionSetNode(selections=subs),
                    )
                )
    return tuple(out)


class Router:
    """Executes client GraphQL requests against a supergraph."""

    def __init__(
        self,
        snapshot: SchemaSnapshot,
        client: SubgraphClient,
        cache_size: int = 512,
    ) -> None:
        self.snapshot = snapshot
        self.client = client
        self._cache: OrderedDict[tuple[str, str | None], PreparedOperation] = OrderedDict()
        self._cache_size = cache_size

    @classmethod
    def from_sdl(
        cls,
        sdl: str,
        client: SubgraphClient,
        config: PlannerConfig | None = None,
        urls: dict[str, str] | None = None,
    ) -> Router:
        return cls(SchemaSnapshot.from_sdl(sdl, config, urls), client)

    # -- preparation (pure, cached) ------------------------------------------------------

    def prepare(self, query: str, operation_name: str | None) -> PreparedOperation:
        """Parse, validate, choose the operation and plan it.

        Raises:
            RequestError: parse, validation, operation choice or planning failed.
        """
        key = (query, operation_name)
        hit = self._cache.get(key)
        if hit is not None:
            self._cache.move_to_end(key)
            return hit
        prepared = self._prepare(query, operation_name)
        self._cache[key] = prepared
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return prepared

    def _prepare(self, query: str, operation_name: str | None) -> PreparedOperation:
        snap = self.snapshot
        try:
            document = parse(query)
        except GraphQLError as exc:
            raise RequestError(
                [graphql_error(exc.message, ErrorCode.GRAPHQL_PARSE_FAILED, exc)]
            ) from None
        errors = validate(snap.api_schema, document)
        if errors:
            raise RequestError(
                [graphql_error(e.message, ErrorCode.GRAPHQL_VALIDATION_FAILED, e) for e in errors]
            )
        operation = _choose_operation(document, operation_name)
        if operation.operation == OperationType.SUBSCRIPTION:
            raise RequestError(
                [
                    graphql_error(
                        "Subscriptions are not supported by this router",
                        ErrorCode.SUBSCRIPTION_NOT_SUPPORTED,
                    )
                ]
            )
        fragments = {
            d.name.value: d
            for d in document.definitions
            if isinstance(d, ast.FragmentDefinitionNode)
        }
        sg = snap.supergraph
        kind = operation.operation.value
        root = sg.schema.query_type if kind == "query" else sg.schema.mutation_type
        assert root is not None
        selections = normalize_selections(sg.schema, root, operation, fragments)
        # Defaults travel with the definitions: a nullable variable with a default may be used
        # where a non-null value is expected, and the subgraph validates that too.
        var_types = {
            v.variable.name.value: print_ast(v.type)
            + (f"={print_ast(v.default_value)}" if v.default_value is not None else "")
            for v in operation.variable_definitions or ()
        }
        op_name = operation.name.value if operation.name else None
        try:
            plan = snap.planner.plan(kind, selections, var_types, op_name)
        except PlanningError as exc:
            raise RequestError(
                [graphql_error(str(exc), ErrorCode.QUERY_PLANNING_FAILED)], status=500
            ) from None
        intro = _introspection_only(operation.selection_set, fragments)
        intro_doc = None
        if intro:
            intro_doc = DocumentNode(
                definitions=(
                    ast.OperationDefinitionNode(
                        operation=operation.operation,
                        variable_definitions=operation.variable_definitions,
                        directives=(),
                        selection_set=ast.SelectionSetNode(selections=intro),
                    ),
                )
            )
        return PreparedOperation(
            operation, plan, ResponseShape(sg.schema, root.name, selections), intro_doc
        )

    # -- execution -----------------------------------------------------------------------

    async def execute(self, request: Any) -> tuple[int, dict[str, Any]]:
        """Run one GraphQL request (the decoded JSON body); returns (HTTP status, body)."""
        try:
            query, operation_name, raw_vars = _read_request(request)
            prepared = self.prepare(query, operation_name)
            variables = self._coerce(prepared.operation, raw_vars)
        except RequestError as exc:
            return exc.status, {"errors": exc.errors}
        execution = await execute_plan(
            prepared.plan.node,
            self.client,
            self.snapshot.urls,
            variables,
            prepared.shape.applies,
        )
        if prepared.introspection is not None:
            result = execute_sync(
                self.snapshot.api_schema, prepared.introspection, variable_values=raw_vars
            )
            if result.data:
                execution.data.update(result.data)
            for e in result.errors or ():
                execution.errors.append(
                    graphql_error(e.message, ErrorCode.GRAPHQL_VALIDATION_FAILED, e)
                )
        data = prepared.shape.shape(execution.data, variables, execution.errors)
        body: dict[str, Any] = {"data": data}
        if execution.errors:
            body["errors"] = execution.errors
        return 200, body

    def _coerce(
        self, operation: ast.OperationDefinitionNode, raw: dict[str, Any]
    ) -> dict[str, Any]:
        coerced = get_variable_values(
            self.snapshot.api_schema, operation.variable_definitions or (), raw
        )
        if isinstance(coerced, list):
            raise RequestError(
                [graphql_error(e.message, ErrorCode.BAD_USER_INPUT, e) for e in coerced]
            )
        return dict(coerced.coerced)


def _read_request(request: Any) -> tuple[str, str | None, dict[str, Any]]:
    if not isinstance(request, dict):
        raise RequestError(
            [graphql_error("The request body must be a JSON object", ErrorCode.BAD_REQUEST)]
        )
    query = request.get("query")
    if not isinstance(query, str) or not query.strip():
        raise RequestError(
            [
                graphql_error(
                    "GraphQL operations must contain a non-empty `query`", ErrorCode.BAD_REQUEST
                )
            ]
        )
    name = request.get("operationName")
    if name is not None and not isinstance(name, str):
        raise RequestError(
            [graphql_error("`operationName` must be a string", ErrorCode.BAD_REQUEST)]
        )
    variables = request.get("variables")
    if variables is None:
        variables = {}
    if not isinstance(variables, dict):
        raise RequestError(
            [graphql_error("`variables` must be a JSON object", ErrorCode.BAD_REQUEST)]
        )
    return query, name or None, variables


def _choose_operation(
    document: DocumentNode, operation_name: str | None
) -> ast.OperationDefinitionNode:
    ops = [d for d in document.definitions if isinstance(d, ast.OperationDefinitionNode)]
    if operation_name is None:
        if len(ops) == 1:
            return ops[0]
        raise RequestError(
            [
                graphql_error(
                    "Must provide operation name if query contains multiple operations.",
                    ErrorCode.OPERATION_RESOLUTION_FAILURE,
                )
            ]
        )
    for op in ops:
        if op.name is not None and op.name.value == operation_name:
            return op
    raise RequestError(
        [
            graphql_error(
                f'Unknown operation named "{operation_name}".',
                ErrorCode.OPERATION_RESOLUTION_FAILURE,
            )
        ]
    )
