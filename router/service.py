"""The request pipeline: parse -> validate -> choose operation -> coerce variables -> plan
(cached) -> execute -> shape. One ``Router`` per supergraph snapshot."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping
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

__all__ = ["Limits", "PreparedOperation", "Router", "RouterOptions", "SchemaSnapshot"]


@dataclass(frozen=True, slots=True)
class Limits:
    """Operation limits (Apollo Router's ``limits``); None means unlimited."""

    max_depth: int | None = None
    max_height: int | None = None
    max_aliases: int | None = None
    max_root_fields: int | None = None


@dataclass(frozen=True, slots=True)
class RouterOptions:
    """Request-handling options.

    DIVERGENCE: Apollo Router disables introspection and redacts subgraph errors by default;
    we default to both on, the behaviour of a development gateway (turn them off in config).
    """

    limits: Limits = Limits()
    introspection: bool = True
    include_subgraph_errors: bool = True
    subgraph_errors: tuple[tuple[str, bool], ...] = ()

    def shows_errors_of(self, service: str) -> bool:
        return dict(self.subgraph_errors).get(service, self.include_subgraph_errors)


def _measure(
    sel: ast.SelectionSetNode,
    fragments: dict[str, ast.FragmentDefinitionNode],
    depth: int,
    path: str,
    seen: set[str],
    stats: list[int],
) -> None:
    """stats = [max depth, aliases]; ``seen`` collects unique field paths (the height)."""
    for s in sel.selections:
        if isinstance(s, ast.FieldNode):
            stats[0] = max(stats[0], depth)
            if s.alias is not None:
                stats[1] += 1
            key = f"{path}.{s.alias.value if s.alias else s.name.value}"
            seen.add(key)
            if s.selection_set is not None:
                _measure(s.selection_set, fragments, depth + 1, key, seen, stats)
        elif isinstance(s, ast.InlineFragmentNode):
            _measure(s.selection_set, fragments, depth, path, seen, stats)
        elif isinstance(s, ast.FragmentSpreadNode) and s.name.value in fragments:
            _measure(fragments[s.name.value].selection_set, fragments, depth, path, seen, stats)


def _limit_errors(
    operation: ast.OperationDefinitionNode,
    fragments: dict[str, ast.FragmentDefinitionNode],
    limits: Limits,
) -> list[dict[str, Any]]:
    """Apollo Router's operation limits, measured with fragments expanded."""
    seen: set[str] = set()
    stats = [0, 0]
    _measure(operation.selection_set, fragments, 1, "", seen, stats)
    roots = sum(1 for k in seen if k.count(".") == 1)
    checks = [
        (limits.max_depth, stats[0], ErrorCode.MAX_DEPTH_LIMIT, "depth"),
        (limits.max_height, len(seen), ErrorCode.MAX_HEIGHT_LIMIT, "height"),
        (limits.max_root_fields, roots, ErrorCode.MAX_ROOT_FIELDS_LIMIT, "root fields"),
        (limits.max_aliases, stats[1], ErrorCode.MAX_ALIASES_LIMIT, "aliases"),
    ]
    return [
        graphql_error(f"Maximum {what} limit exceeded in this operation", code)
        for limit, value, code, what in checks
        if limit is not None and value > limit
    ]


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
        options: RouterOptions | None = None,
    ) -> None:
        self.snapshot = snapshot
        self.client = client
        self.options = options or RouterOptions()
        self._cache: OrderedDict[tuple[str, str | None], PreparedOperation] = OrderedDict()
        self._cache_size = cache_size

    @classmethod
    def from_sdl(
        cls,
        sdl: str,
        client: SubgraphClient,
        config: PlannerConfig | None = None,
        urls: dict[str, str] | None = None,
        options: RouterOptions | None = None,
    ) -> Router:
        return cls(SchemaSnapshot.from_sdl(sdl, config, urls), client, options=options)

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
        fragments = {
            d.name.value: d
            for d in document.definitions
            if isinstance(d, ast.FragmentDefinitionNode)
        }
        limit_errors = _limit_errors(operation, fragments, self.options.limits)
        if limit_errors:
            raise RequestError(limit_errors)
        if operation.operation == OperationType.SUBSCRIPTION:
            raise RequestError(
                [
                    graphql_error(
                        "Subscriptions are not supported by this router",
                        ErrorCode.SUBSCRIPTION_NOT_SUPPORTED,
                    )
                ]
            )
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
        if intro and not self.options.introspection:
            raise RequestError(
                [graphql_error("introspection has been disabled", ErrorCode.INTROSPECTION_DISABLED)]
            )
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
            operation,
            plan,
            ResponseShape(sg.schema, root.name, selections, snap.api_schema),
            intro_doc,
        )

    # -- execution -----------------------------------------------------------------------

    async def execute(
        self,
        request: Any,
        headers: Mapping[str, str] | None = None,
        method: str = "POST",
    ) -> tuple[int, dict[str, Any]]:
        """Run one GraphQL request; returns (HTTP status, body).

        Args:
            request: the decoded JSON body (or the GET query parameters, ``variables`` decoded).
            headers: the client request's headers, lower-case names (for header rules).
            method: the HTTP method; mutations are refused over GET.
        """
        try:
            query, operation_name, raw_vars = _read_request(request)
            prepared = self.prepare(query, operation_name)
            if method == "GET" and prepared.operation.operation != OperationType.QUERY:
                raise RequestError(
                    [
                        graphql_error(
                            "Mutations can only be sent over HTTP POST",
                            ErrorCode.METHOD_NOT_ALLOWED,
                        )
                    ],
                    status=405,
                )
            variables = self._coerce(prepared.operation, raw_vars)
        except RequestError as exc:
            return exc.status, {"errors": exc.errors}
        execution = await execute_plan(
            prepared.plan.node,
            self.client,
            self.snapshot.urls,
            variables,
            prepared.shape.applies,
            headers,
        )
        self._redact(execution.errors)
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

    def _redact(self, errors: list[dict[str, Any]]) -> None:
        """Hide subgraph error messages of subgraphs configured not to show them."""
        for i, e in enumerate(errors):
            ext = e.get("extensions") or {}
            service = ext.get("serviceName")
            if isinstance(service, str) and not self.options.shows_errors_of(service):
                red: dict[str, Any] = {"message": "Subgraph errors redacted"}
                if "path" in e:
                    red["path"] = e["path"]
                red["extensions"] = {"code": ext.get("code"), "serviceName": service}
                errors[i] = red

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
