"""Router error codes (Apollo's names) and the GraphQL error objects sent to clients."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from graphql import GraphQLError

__all__ = ["ErrorCode", "RequestError", "graphql_error"]


class ErrorCode(StrEnum):
    """Codes in ``extensions.code``; names never change once published."""

    BAD_REQUEST = "BAD_REQUEST"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    BAD_USER_INPUT = "BAD_USER_INPUT"
    OPERATION_RESOLUTION_FAILURE = "OPERATION_RESOLUTION_FAILURE"
    SUBSCRIPTION_NOT_SUPPORTED = "SUBSCRIPTION_NOT_SUPPORTED"
    QUERY_PLANNING_FAILED = "QUERY_PLANNING_FAILED"
    SUBREQUEST_HTTP_ERROR = "SUBREQUEST_HTTP_ERROR"
    DOWNSTREAM_SERVICE_ERROR = "DOWNSTREAM_SERVICE_ERROR"
    ENTITY_NOT_RESOLVED = "ENTITY_NOT_RESOLVED"
    RESPONSE_VALIDATION_FAILED = "RESPONSE_VALIDATION_FAILED"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    MAX_DEPTH_LIMIT = "MAX_DEPTH_LIMIT"
    MAX_HEIGHT_LIMIT = "MAX_HEIGHT_LIMIT"
    MAX_ALIASES_LIMIT = "MAX_ALIASES_LIMIT"
    MAX_ROOT_FIELDS_LIMIT = "MAX_ROOT_FIELDS_LIMIT"
    INTROSPECTION_DISABLED = "INTROSPECTION_DISABLED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    INVALID_CONTENT_TYPE = "INVALID_CONTENT_TYPE"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"


def graphql_error(
    message: str, code: ErrorCode, source: GraphQLError | None = None
) -> dict[str, Any]:
    out: dict[str, Any] = {"message": message}
    if source is not None and source.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in source.locations]
    if source is not None and source.path:
        out["path"] = list(source.path)
    out["extensions"] = {"code": code.value}
    return out


class RequestError(Exception):
    """A client error found before execution; ``errors`` are ready to send."""

    def __init__(self, errors: list[dict[str, Any]], status: int = 400) -> None:
        super().__init__(errors[0]["message"] if errors else "request error")
        self.errors = errors
        self.status = status
