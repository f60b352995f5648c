"""Schema change data: levels, stable change codes and one classified change."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """How a change affects existing clients, most severe first."""

    BREAKING = "breaking"
    DANGEROUS = "dangerous"
    SAFE = "safe"


LEVEL_ORDER = {Level.BREAKING: 0, Level.DANGEROUS: 1, Level.SAFE: 2}


class ChangeCode(StrEnum):
    """Change codes, named like GraphOS schema check codes where one exists; never renamed."""

    # removals
    TYPE_REMOVED = "TYPE_REMOVED"
    FIELD_REMOVED = "FIELD_REMOVED"
    ARG_REMOVED = "ARG_REMOVED"
    FIELD_REMOVED_FROM_INPUT_OBJECT = "FIELD_REMOVED_FROM_INPUT_OBJECT"
    VALUE_REMOVED_FROM_ENUM = "VALUE_REMOVED_FROM_ENUM"
    TYPE_REMOVED_FROM_UNION = "TYPE_REMOVED_FROM_UNION"
    TYPE_REMOVED_FROM_INTERFACE = "TYPE_REMOVED_FROM_INTERFACE"
    DIRECTIVE_REMOVED = "DIRECTIVE_REMOVED"
    DIRECTIVE_LOCATION_REMOVED = "DIRECTIVE_LOCATION_REMOVED"
    ROOT_OPERATION_REMOVED = "ROOT_OPERATION_REMOVED"
    # modifications
    TYPE_CHANGED_KIND = "TYPE_CHANGED_KIND"
    FIELD_CHANGED_TYPE = "FIELD_CHANGED_TYPE"
    FIELD_ON_INPUT_OBJECT_CHANGED_TYPE = "FIELD_ON_INPUT_OBJECT_CHANGED_TYPE"
    ARG_CHANGED_TYPE = "ARG_CHANGED_TYPE"
    ARG_DEFAULT_VALUE_CHANGE = "ARG_DEFAULT_VALUE_CHANGE"
    INPUT_FIELD_DEFAULT_VALUE_CHANGE = "INPUT_FIELD_DEFAULT_VALUE_CHANGE"
    # additions
    REQUIRED_ARG_ADDED = "REQUIRED_ARG_ADDED"
    OPTIONAL_ARG_ADDED = "OPTIONAL_ARG_ADDED"
    NON_NULLABLE_FIELD_ADDED_TO_INPUT_OBJECT = "NON_NULLABLE_FIELD_ADDED_TO_INPUT_OBJECT"
    NULLABLE_FIELD_ADDED_TO_INPUT_OBJECT = "NULLABLE_FIELD_ADDED_TO_INPUT_OBJECT"
    TYPE_ADDED = "TYPE_ADDED"
    FIELD_ADDED = "FIELD_ADDED"
    VALUE_ADDED_TO_ENUM = "VALUE_ADDED_TO_ENUM"
    TYPE_ADDED_TO_UNION = "TYPE_ADDED_TO_UNION"
    TYPE_ADDED_TO_INTERFACE = "TYPE_ADDED_TO_INTERFACE"
    DIRECTIVE_ADDED = "DIRECTIVE_ADDED"
    ROOT_OPERATION_ADDED = "ROOT_OPERATION_ADDED"
    # deprecations and descriptions
    FIELD_DEPRECATED = "FIELD_DEPRECATED"
    FIELD_DEPRECATION_REMOVED = "FIELD_DEPRECATION_REMOVED"
    FIELD_DEPRECATED_REASON_CHANGE = "FIELD_DEPRECATED_REASON_CHANGE"
    ENUM_VALUE_DEPRECATED = "ENUM_VALUE_DEPRECATED"
    ENUM_VALUE_DEPRECATION_REMOVED = "ENUM_VALUE_DEPRECATION_REMOVED"
    ENUM_VALUE_DEPRECATED_REASON_CHANGE = "ENUM_VALUE_DEPRECATED_REASON_CHANGE"
    ARG_DEPRECATED = "ARG_DEPRECATED"
    ARG_DEPRECATION_REMOVED = "ARG_DEPRECATION_REMOVED"
    ARG_DEPRECATED_REASON_CHANGE = "ARG_DEPRECATED_REASON_CHANGE"
    DESCRIPTION_CHANGE = "DESCRIPTION_CHANGE"


@dataclass(frozen=True, slots=True)
class SchemaChange:
    """One difference between two API schemas: level, code, schema coordinate and message."""

    level: Level
    code: ChangeCode
    coordinate: str
    message: str

    def sort_key(self) -> tuple[int, str, str, str]:
        return (LEVEL_ORDER[self.level], self.coordinate, self.code.value, self.message)

    def to_json(self) -> dict[str, str]:
        return {
            "level": self.level.value,
            "code": self.code.value,
            "coordinate": self.coordinate,
            "message": self.message,
        }


def summarize(changes: list[SchemaChange]) -> dict[str, int]:
    """Number of changes per level (every level present, zero included)."""
    return {level.value: sum(1 for c in changes if c.level == level) for level in Level}
