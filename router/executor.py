"""Plan execution: run fetches (parallel where the plan says), merge results, map errors."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from typing import Any, assert_never

import orjson

from router.client import SubgraphClient, SubgraphRequestError
from router.plan import (
    BatchFetchNode,
    ConditionNode,
    FetchNode,
    FlattenNode,
    InputField,
    InputFragment,
    InputSelection,
    ParallelNode,
    PlanNode,
    SequenceNode,
)

__all__ = ["Execution", "execute_plan"]

PathT = list[str | int]
Errors = list[dict[str, Any]]

_INTERNAL_ERROR: dict[str, Any] = {
    "message": "Internal error while executing the query plan",
    "extensions": {"code": "INTERNAL_SERVER_ERROR"},
}


def deep_merge(target: dict[str, Any], source: Mapping[str, Any]) -> None:
    """Merge ``source`` into ``target``; objects merge field by field, lists element-wise."""
    for k, v in source.items():
        cur = target.get(k)
        if isinstance(cur, dict) and isinstance(v, dict):
            deep_merge(cur, v)
        elif isinstance(cur, list) and isinstance(v, list) and len(cur) == len(v):
            _merge_lists(cur, v)
        else:
            target[k] = v


def _merge_lists(cur: list[Any], new: list[Any]) -> None:
    for i, (a, b) in enumerate(zip(cur, new, strict=True)):
        if isinstance(a, dict) and isinstance(b, dict):
            deep_merge(a, b)
        elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
            _merge_lists(a, b)
        else:
            cur[i] = b


class Execution:
    """The state of one plan execution: merged data and collected errors."""

    def __init__(
        self,
        client: SubgraphClient,
        urls: Mapping[str, str],
        variables: Mapping[str, Any],
        is_a: Callable[[str, str], bool],
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.client = client
        self.headers = headers
        self.urls = urls
        self.variables = variables
        self.is_a = is_a
        self.data: dict[str, Any] = {}
        self.errors: list[dict[str, Any]] = []

    async def run(self, node: PlanNode | None, errors: list[dict[str, Any]] | None = None) -> None:
        """Run ``node``; its errors go to ``errors`` (default: the execution's list)."""
        errs = self.errors if errors is None else errors
        match node:
            case None:
                return
            case FetchNode():
                await self._root_fetch(node, errs)
            case FlattenNode():
                assert isinstance(node.node, FetchNode), "Flatten wraps a Fetch"
                await self._entity_fetch(node.path, node.node, errs)
            case BatchFetchNode():
                await self._batch_fetch(node, errs)
            case SequenceNode():
                for n in node.nodes:
                    await self.run(n, errs)
            case ParallelNode():
                # Each branch handles its own failures; one failing never cancels the others.
                # Branch errors are kept apart and appended in plan order, so the response does
                # not depend on which subgraph answered first.
                branch_errors: list[list[dict[str, Any]]] = [[] for _ in node.nodes]
                results = await asyncio.gather(
                    *(self.run(n, e) for n, e in zip(node.nodes, branch_errors, strict=True)),
                    return_exceptions=True,
                )
                for r, e in zip(results, branch_errors, strict=True):
                    errs.extend(e)
                    if isinstance(r, BaseException):
                        errs.append(_INTERNAL_ERROR)
            case ConditionNode():
                branch = node.if_clause if self.variables.get(node.condition) else node.else_clause
                await self.run(branch, errs)
            case _:
                assert_never(node)

    def _payload(self, fetch: FetchNode, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        variables = {v: self.variables[v] for v in fetch.variable_usages if v in self.variables}
        if extra:
            variables.update(extra)
        payload: dict[str, Any] = {"query": fetch.operation, "variables": variables}
        if fetch.operation_name:
            payload["operationName"] = fetch.operation_name
        return payload

    async def _send(
        self, service: str, payload: dict[str, Any], errs: Errors
    ) -> dict[str, Any] | None:
        try:
            url = self.urls.get(service, "")
            if self.headers is None:
                return await self.client.request(service, url, payload)
            return await self.client.request(service, url, payload, headers=self.headers)
        except SubgraphRequestError as exc:
            errs.append(
                {
                    "message": f"HTTP fetch failed from '{service}': {exc}",
                    "extensions": {"code": "SUBREQUEST_HTTP_ERROR", "serviceName": service}
                    | ({"http": {"status": exc.status}} if exc.status else {}),
                }
            )
        except Exception:  # a faulty client must not crash the request
            errs.append(
                {
                    "message": f"Fetch from '{service}' failed",
                    "extensions": {"code": "SUBREQUEST_HTTP_ERROR", "serviceName": service},
                }
            )
        return None

    def _subgraph_error(self, service: str, err: Any, path: PathT | None) -> dict[str, Any]:
        if not isinstance(err, dict):
            err = {"message": str(err)}
        # Subgraph locations point into the subgraph operation, meaningless to the client:
        # they are dropped; the path is rewritten to the client's path.
        out: dict[str, Any] = {"message": str(err.get("message", "Subgraph error"))}
        if path is not None:
            out["path"] = path
        ext = dict(err["extensions"]) if isinstance(err.get("extensions"), dict) else {}
        ext.setdefault("code", "DOWNSTREAM_SERVICE_ERROR")
        ext["serviceName"] = service
        out["extensions"] = ext
        return out

    async def _root_fetch(self, fetch: FetchNode, errs: Errors) -> None:
        response = await self._send(fetch.service_name, self._payload(fetch), errs)
        if response is None:
            return
        for err in response.get("errors") or ():
            path = err.get("path") if isinstance(err, dict) else None
            ok = isinstance(path, list) and bool(path)
            errs.append(self._subgraph_error(fetch.service_name, err, path if ok else None))
        data = response.get("data")
        if isinstance(data, dict):
            deep_merge(self.data, data)

    async def _entity_fetch(self, path: tuple[str, ...], fetch: FetchNode, errs: Errors) -> None:
        assert fetch.requires is not None
        targets: list[tuple[dict[str, Any], PathT]] = []
        _collect(self.data, list(path), [], targets)
        reps, slots = self._representations(targets, fetch.requires)
        if not reps:
            return
        payload = self._payload(fetch, {"representations": reps})
        response = await self._send(fetch.service_name, payload, errs)
        if response is not None:
            self._merge_entities(fetch.service_name, response, "_entities", slots, errs)

    async def _batch_fetch(self, node: BatchFetchNode, errs: Errors) -> None:
        """Merged entity fetches: one request, one ``_entities`` field per batch."""
        variables = {v: self.variables[v] for v in node.variable_usages if v in self.variables}
        all_slots: list[list[list[tuple[dict[str, Any], PathT]]]] = []
        for b in node.batches:
            assert b.fetch.requires is not None
            targets: list[tuple[dict[str, Any], PathT]] = []
            for path in b.paths:
                _collect(self.data, list(path), [], targets)
            reps, slots = self._representations(targets, b.fetch.requires)
            variables[b.variable] = reps
            all_slots.append(slots)
        if not any(all_slots):
            return
        payload: dict[str, Any] = {"query": node.operation, "variables": variables}
        if node.operation_name:
            payload["operationName"] = node.operation_name
        response = await self._send(node.service_name, payload, errs)
        if response is None:
            return
        if len(node.batches) == 1:
            self._merge_entities(node.service_name, response, "_entities", all_slots[0], errs)
            return
        # Errors are matched to their batch by the response key their path starts with.
        errors = response.get("errors") or ()
        keyed: dict[str, list[Any]] = {b.response_key: [] for b in node.batches}
        other: list[Any] = []
        for err in errors:
            epath = err.get("path") if isinstance(err, dict) else None
            head = epath[0] if isinstance(epath, list) and epath else None
            (keyed[head] if isinstance(head, str) and head in keyed else other).append(err)
        for err in other:
            errs.append(self._subgraph_error(node.service_name, err, None))
        for b, slots in zip(node.batches, all_slots, strict=True):
            part = {"data": response.get("data"), "errors": keyed[b.response_key]}
            self._merge_entities(node.service_name, part, b.response_key, slots, errs)

    def _representations(
        self, targets: list[tuple[dict[str, Any], PathT]], requires: tuple[InputSelection, ...]
    ) -> tuple[list[dict[str, Any]], list[list[tuple[dict[str, Any], PathT]]]]:
        """De-duplicated representations of ``targets`` and, per representation, its objects."""
        reps: list[dict[str, Any]] = []
        index: dict[bytes, int] = {}
        slots: list[list[tuple[dict[str, Any], PathT]]] = []
        for obj, obj_path in targets:
            rep = self._representation(obj, requires)
            if rep is None:
                continue
            k = orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
            i = index.get(k)
            if i is None:
                i = index[k] = len(reps)
                reps.append(rep)
                slots.append([])
            slots[i].append((obj, obj_path))
        return reps, slots

    def _merge_entities(
        self,
        service: str,
        response: Mapping[str, Any],
        key: str,
        slots: list[list[tuple[dict[str, Any], PathT]]],
        errs: Errors,
    ) -> None:
        """Merge the entities at ``data[key]`` into the objects of their slots."""
        for err in response.get("errors") or ():
            epath = err.get("path") if isinstance(err, dict) else None
            if (
                isinstance(epath, list)
                and len(epath) >= 2
                and epath[0] == key
                and isinstance(epath[1], int)
                and 0 <= epath[1] < len(slots)
            ):
                for _, obj_path in slots[epath[1]]:
                    errs.append(self._subgraph_error(service, err, obj_path + epath[2:]))
            else:
                errs.append(self._subgraph_error(service, err, None))
        data = response.get("data")
        entities = data.get(key) if isinstance(data, dict) else None
        if not isinstance(entities, list):
            entities = []
        # Never trust the length of _entities: a missing slot is an entity the subgraph does
        # not have. Its fields stay absent; shaping makes them null and reports a null in a
        # non-null position (as the GraphQL spec asks), so a null entity is not an error here.
        for i, slot in enumerate(slots):
            entity = entities[i] if i < len(entities) else None
            if isinstance(entity, dict):
                for obj, _ in slot:
                    deep_merge(obj, entity)

    def _representation(
        self, obj: dict[str, Any], requires: tuple[InputSelection, ...]
    ) -> dict[str, Any] | None:
        typename = obj.get("__typename")
        if not isinstance(typename, str):
            return None
        for sel in requires:
            if isinstance(sel, InputFragment) and self.is_a(sel.type_condition, typename):
                rep = _project(obj, sel.selections, typename, self.is_a)
                if rep is not None and sel.typename_rewrite is not None:
                    rep["__typename"] = sel.typename_rewrite
                return rep
        return None


def _project(
    obj: dict[str, Any],
    sels: tuple[InputSelection, ...],
    typename: str,
    is_a: Callable[[str, str], bool],
) -> dict[str, Any] | None:
    out: dict[str, Any] = {}
    for s in sels:
        if isinstance(s, InputFragment):
            if is_a(s.type_condition, typename):
                sub = _project(obj, s.selections, typename, is_a)
                if sub is None:
                    return None
                out.update(sub)
            continue
        assert isinstance(s, InputField)
        # The planner fetched the value under an internal alias when the client uses the
        # field's name as an alias for another field; it is sent under its real name.
        key = s.alias or s.name
        if key not in obj:
            return None  # the value never arrived (an earlier fetch failed)
        value = obj[key]
        if s.selections is not None and value is not None:
            value = _project_value(value, s.selections, is_a)
            if value is _MISSING:
                return None
        out[s.name] = value
    return out


_MISSING = object()


def _project_value(
    value: Any, sels: tuple[InputSelection, ...], is_a: Callable[[str, str], bool]
) -> Any:
    if isinstance(value, list):
        items = [_project_value(v, sels, is_a) if v is not None else None for v in value]
        return _MISSING if any(i is _MISSING for i in items) else items
    if not isinstance(value, dict):
        return _MISSING
    tn = value.get("__typename")
    sub = _project(value, sels, tn if isinstance(tn, str) else "", is_a)
    return _MISSING if sub is None else sub


def _collect(
    value: Any,
    path: list[str],
    here: PathT,
    out: list[tuple[dict[str, Any], PathT]],
) -> None:
    if isinstance(value, list):
        for i, v in enumerate(value):
            _collect(v, path, [*here, i], out)
        return
    if not isinstance(value, dict):
        return
    if not path:
        out.append((value, here))
        return
    step = path[0]
    if step == "@":
        _collect(value, path[1:], here, out)
        return
    if step in value:
        _collect(value[step], path[1:], [*here, step], out)


async def execute_plan(
    node: PlanNode | None,
    client: SubgraphClient,
    urls: Mapping[str, str],
    variables: Mapping[str, Any],
    is_a: Callable[[str, str], bool],
    headers: Mapping[str, str] | None = None,
) -> Execution:
    """Run a plan and return the merged (unshaped) data and the errors.

    ``headers`` (the client request's, lower-case names) are handed to the subgraph client,
    which applies the header rules."""
    execution = Execution(client, urls, variables, is_a, headers)
    await execution.run(node)
    return execution
