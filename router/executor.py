"""Plan execution: run fetches (parallel where the plan says), merge results, map errors."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping
from typing import Any, assert_never

from router.client import SubgraphClient, SubgraphRequestError
from router.entities import (
    EntityTargets,
    PathT,
    ancestors_at,
    context_value,
    objects_at,
    split_by_values,
)
from router.plan import (
    BatchFetchNode,
    ConditionNode,
    FetchNode,
    FlattenNode,
    KeyRenamer,
    ParallelNode,
    PlanNode,
    SequenceNode,
)

__all__ = ["Execution", "execute_plan"]

Errors = list[dict[str, Any]]

_INTERNAL_ERROR: dict[str, Any] = {
    "message": "Internal error while executing the query plan",
    "extensions": {"code": "INTERNAL_SERVER_ERROR"},
}


_ABSENT: Any = object()


def deep_merge(target: dict[str, Any], source: Mapping[str, Any]) -> None:
    """Merge ``source`` into ``target``; objects merge field by field, lists element-wise."""
    for k, v in source.items():
        cur = target.get(k, _ABSENT)
        if cur is _ABSENT:
            target[k] = v
        elif isinstance(cur, dict) and isinstance(v, dict):
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


def apply_renames(
    value: Any, renames: tuple[KeyRenamer, ...], is_a: Callable[[str, str], bool]
) -> None:
    """Apply a fetch's output renames to its result ``value`` (in place).

    A rename below an aliased field names it by its alias and comes after that field's own
    rename: renames apply last to first."""
    for r in reversed(renames):
        _rename_at(value, r.path, r.rename_key_to, is_a)


def _rename_at(
    value: Any, path: tuple[str, ...], to: str, is_a: Callable[[str, str], bool]
) -> None:
    if isinstance(value, list):
        for v in value:
            _rename_at(v, path, to, is_a)
        return
    if not isinstance(value, dict):
        return
    step = path[0]
    if step.startswith("... on "):
        typename = value.get("__typename")
        # An object without __typename (an entity whose type the fetch did not select) is
        # only reached by a path its own fetch selected.
        if typename is None or (isinstance(typename, str) and is_a(step[7:], typename)):
            _rename_at(value, path[1:], to, is_a)
    elif len(path) > 1:
        _rename_at(value.get(step), path[1:], to, is_a)
    elif step in value:
        deep_merge(value, {to: value.pop(step)})


def renamed_error_path(path: list[Any], renames: tuple[KeyRenamer, ...]) -> list[Any]:
    """A subgraph error path with the aliased keys of ``renames`` back to the client's keys
    (a rename applies where the path's keys, list indexes aside, follow its field steps)."""
    out = list(path)
    keys = [i for i, step in enumerate(out) if isinstance(step, str)]
    for r in renames:
        steps = [s for s in r.path if not s.startswith("... on ")]
        if len(steps) > len(keys):
            continue
        at = keys[len(steps) - 1]
        if all(path[keys[i]] == s for i, s in enumerate(steps)):
            out[at] = r.rename_key_to
    return out


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
            if not isinstance(path, list) or not path:
                path = None
            elif fetch.output_rewrites:
                path = renamed_error_path(path, fetch.output_rewrites)
            errs.append(self._subgraph_error(fetch.service_name, err, path))
        data = response.get("data")
        if isinstance(data, dict):
            if fetch.output_rewrites:
                apply_renames(data, fetch.output_rewrites, self.is_a)
            deep_merge(self.data, data)

    async def _entity_fetch(self, path: tuple[str, ...], fetch: FetchNode, errs: Errors) -> None:
        assert fetch.requires is not None
        if fetch.context_rewrites:
            await self._context_fetch(path, fetch, errs)
            return
        targets = EntityTargets(self.data, (path,), fetch.requires, self.is_a)
        if not targets.reps:
            return
        payload = self._payload(fetch, {"representations": targets.reps})
        response = await self._send(fetch.service_name, payload, errs)
        if response is not None:
            self._merge_entities(
                fetch.service_name, response, "_entities", targets, errs, fetch.output_rewrites
            )

    async def _context_fetch(self, path: tuple[str, ...], fetch: FetchNode, errs: Errors) -> None:
        """An entity fetch with ``@fromContext`` values: one ``_entities`` field per distinct
        set of values, each with the entities whose ancestors hold those values."""
        assert fetch.requires is not None
        sets: dict[str, tuple[dict[str, Any], list[int]]] = {}
        every = objects_at(self.data, path)
        for n, above in enumerate(ancestors_at(self.data, path)):
            values: dict[str, Any] = {}
            for r in fetch.context_rewrites:
                if r.rename_key_to not in values:
                    found, value = context_value(above, r.path, self.is_a)
                    if found:
                        values[r.rename_key_to] = value
            key = json.dumps(values, sort_keys=True)
            sets.setdefault(key, (values, []))[1].append(n)

        parts = [
            (values, t)
            for values, subset in sets.values()
            if (
                t := EntityTargets(self.data, (path,), fetch.requires, self.is_a, subset, every)
            ).reps
        ]
        if not parts:
            return
        renames = fetch.output_rewrites
        if len(parts) == 1:
            values, targets = parts[0]
            payload = self._payload(fetch, {"representations": targets.reps, **values})
            response = await self._send(fetch.service_name, payload, errs)
            if response is not None:
                self._merge_entities(
                    fetch.service_name, response, "_entities", targets, errs, renames
                )
            return
        # One request, one aliased _entities field per set of values (as Apollo's router).
        own = tuple(sorted({r.rename_key_to for r in fetch.context_rewrites}))
        operation, names = split_by_values(fetch.operation, own, len(parts))
        extra: dict[str, Any] = {}
        for (values, targets), (reps, *context) in zip(parts, names, strict=True):
            extra[reps] = targets.reps
            extra.update((n, values[v]) for n, v in zip(context, own, strict=True) if v in values)
        payload = self._payload(fetch, extra) | {"query": operation}
        response = await self._send(fetch.service_name, payload, errs)
        if response is None:
            return
        keyed: dict[str, list[Any]] = {f"_{i}": [] for i in range(len(parts))}
        for err in response.get("errors") or ():
            epath = err.get("path") if isinstance(err, dict) else None
            head = epath[0] if isinstance(epath, list) and epath else None
            if isinstance(head, str) and head in keyed:
                keyed[head].append(err)
            else:
                errs.append(self._subgraph_error(fetch.service_name, err, None))
        for i, (_, targets) in enumerate(parts):
            part = {"data": response.get("data"), "errors": keyed[f"_{i}"]}
            self._merge_entities(fetch.service_name, part, f"_{i}", targets, errs, renames)

    async def _batch_fetch(self, node: BatchFetchNode, errs: Errors) -> None:
        """Merged entity fetches: one request, one ``_entities`` field per batch."""
        variables = {v: self.variables[v] for v in node.variable_usages if v in self.variables}
        all_targets: list[EntityTargets] = []
        for b in node.batches:
            assert b.fetch.requires is not None
            targets = EntityTargets(self.data, b.paths, b.fetch.requires, self.is_a)
            variables[b.variable] = targets.reps
            all_targets.append(targets)
        if not any(t.reps for t in all_targets):
            return
        payload: dict[str, Any] = {"query": node.operation, "variables": variables}
        if node.operation_name:
            payload["operationName"] = node.operation_name
        response = await self._send(node.service_name, payload, errs)
        if response is None:
            return
        if len(node.batches) == 1:
            renames = node.batches[0].fetch.output_rewrites
            self._merge_entities(
                node.service_name, response, "_entities", all_targets[0], errs, renames
            )
            return
        # Errors are matched to their batch by the response key their path starts with.
        keyed: dict[str, list[Any]] = {b.response_key: [] for b in node.batches}
        for err in response.get("errors") or ():
            epath = err.get("path") if isinstance(err, dict) else None
            head = epath[0] if isinstance(epath, list) and epath else None
            if isinstance(head, str) and head in keyed:
                keyed[head].append(err)
            else:
                errs.append(self._subgraph_error(node.service_name, err, None))
        for b, targets in zip(node.batches, all_targets, strict=True):
            part = {"data": response.get("data"), "errors": keyed[b.response_key]}
            self._merge_entities(
                node.service_name, part, b.response_key, targets, errs, b.fetch.output_rewrites
            )

    def _merge_entities(
        self,
        service: str,
        response: Mapping[str, Any],
        key: str,
        targets: EntityTargets,
        errs: Errors,
        renames: tuple[KeyRenamer, ...] = (),
    ) -> None:
        """Merge the entities at ``data[key]`` into the objects of their slots (after the
        fetch's output ``renames``)."""
        slots = targets.slots
        errors = response.get("errors")
        if errors:
            paths = targets.response_paths()
            for err in errors:
                epath = err.get("path") if isinstance(err, dict) else None
                if (
                    isinstance(epath, list)
                    and len(epath) >= 2
                    and epath[0] == key
                    and isinstance(epath[1], int)
                    and 0 <= epath[1] < len(slots)
                ):
                    rest = renamed_error_path(epath[2:], renames) if renames else epath[2:]
                    for n in slots[epath[1]]:
                        errs.append(self._subgraph_error(service, err, paths[n] + rest))
                else:
                    errs.append(self._subgraph_error(service, err, None))
        data = response.get("data")
        entities = data.get(key) if isinstance(data, dict) else None
        if not isinstance(entities, list):
            return
        # Never trust the length of _entities: a missing slot is an entity the subgraph does
        # not have. Its fields stay absent; shaping makes them null and reports a null in a
        # non-null position (as the GraphQL spec asks), so a null entity is not an error here.
        objects = targets.objects
        for slot, entity in zip(slots, entities, strict=False):
            if isinstance(entity, dict):
                if renames:
                    apply_renames(entity, renames, self.is_a)
                for n in slot:
                    deep_merge(objects[n], entity)


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
