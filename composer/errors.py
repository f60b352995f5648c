"""Composition error and hint codes: one catalog, Apollo's names, never renamed."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ErrorCode(StrEnum):
    """Composition error codes (Apollo's names). The catalog below describes each one."""

    INVALID_GRAPHQL = "INVALID_GRAPHQL"
    INVALID_SUBGRAPH_NAME = "INVALID_SUBGRAPH_NAME"
    DIRECTIVE_DEFINITION_INVALID = "DIRECTIVE_DEFINITION_INVALID"
    TYPE_DEFINITION_INVALID = "TYPE_DEFINITION_INVALID"
    UNKNOWN_FEDERATION_LINK_VERSION = "UNKNOWN_FEDERATION_LINK_VERSION"
    UNKNOWN_LINK_VERSION = "UNKNOWN_LINK_VERSION"
    INVALID_LINK_DIRECTIVE_USAGE = "INVALID_LINK_DIRECTIVE_USAGE"
    INVALID_LINK_IDENTIFIER = "INVALID_LINK_IDENTIFIER"
    LINK_IMPORT_NAME_MISMATCH = "LINK_IMPORT_NAME_MISMATCH"
    KEY_FIELDS_HAS_ARGS = "KEY_FIELDS_HAS_ARGS"
    KEY_FIELDS_SELECT_INVALID_TYPE = "KEY_FIELDS_SELECT_INVALID_TYPE"
    KEY_INVALID_FIELDS = "KEY_INVALID_FIELDS"
    KEY_INVALID_FIELDS_TYPE = "KEY_INVALID_FIELDS_TYPE"
    KEY_DIRECTIVE_IN_FIELDS_ARG = "KEY_DIRECTIVE_IN_FIELDS_ARG"
    KEY_UNSUPPORTED_ON_INTERFACE = "KEY_UNSUPPORTED_ON_INTERFACE"
    PROVIDES_FIELDS_HAS_ARGS = "PROVIDES_FIELDS_HAS_ARGS"
    PROVIDES_FIELDS_MISSING_EXTERNAL = "PROVIDES_FIELDS_MISSING_EXTERNAL"
    PROVIDES_INVALID_FIELDS = "PROVIDES_INVALID_FIELDS"
    PROVIDES_INVALID_FIELDS_TYPE = "PROVIDES_INVALID_FIELDS_TYPE"
    PROVIDES_ON_NON_OBJECT_FIELD = "PROVIDES_ON_NON_OBJECT_FIELD"
    PROVIDES_UNSUPPORTED_ON_INTERFACE = "PROVIDES_UNSUPPORTED_ON_INTERFACE"
    PROVIDES_DIRECTIVE_IN_FIELDS_ARG = "PROVIDES_DIRECTIVE_IN_FIELDS_ARG"
    REQUIRES_FIELDS_HAS_ARGS = "REQUIRES_FIELDS_HAS_ARGS"
    REQUIRES_FIELDS_MISSING_EXTERNAL = "REQUIRES_FIELDS_MISSING_EXTERNAL"
    REQUIRES_INVALID_FIELDS = "REQUIRES_INVALID_FIELDS"
    REQUIRES_INVALID_FIELDS_TYPE = "REQUIRES_INVALID_FIELDS_TYPE"
    REQUIRES_UNSUPPORTED_ON_INTERFACE = "REQUIRES_UNSUPPORTED_ON_INTERFACE"
    REQUIRES_DIRECTIVE_IN_FIELDS_ARG = "REQUIRES_DIRECTIVE_IN_FIELDS_ARG"
    EXTERNAL_UNUSED = "EXTERNAL_UNUSED"
    EXTERNAL_ON_INTERFACE = "EXTERNAL_ON_INTERFACE"
    EXTERNAL_MISSING_ON_BASE = "EXTERNAL_MISSING_ON_BASE"
    EXTERNAL_TYPE_MISMATCH = "EXTERNAL_TYPE_MISMATCH"
    EXTERNAL_ARGUMENT_MISSING = "EXTERNAL_ARGUMENT_MISSING"
    EXTERNAL_ARGUMENT_TYPE_MISMATCH = "EXTERNAL_ARGUMENT_TYPE_MISMATCH"
    EXTERNAL_ARGUMENT_DEFAULT_MISMATCH = "EXTERNAL_ARGUMENT_DEFAULT_MISMATCH"
    EXTERNAL_COLLISION_WITH_ANOTHER_DIRECTIVE = "EXTERNAL_COLLISION_WITH_ANOTHER_DIRECTIVE"
    MERGED_DIRECTIVE_APPLICATION_ON_EXTERNAL = "MERGED_DIRECTIVE_APPLICATION_ON_EXTERNAL"
    ROOT_QUERY_USED = "ROOT_QUERY_USED"
    ROOT_MUTATION_USED = "ROOT_MUTATION_USED"
    ROOT_SUBSCRIPTION_USED = "ROOT_SUBSCRIPTION_USED"
    INVALID_SHAREABLE_USAGE = "INVALID_SHAREABLE_USAGE"
    INVALID_FIELD_SHARING = "INVALID_FIELD_SHARING"
    SHAREABLE_HAS_MISMATCHED_RUNTIME_TYPES = "SHAREABLE_HAS_MISMATCHED_RUNTIME_TYPES"
    TYPE_KIND_MISMATCH = "TYPE_KIND_MISMATCH"
    FIELD_TYPE_MISMATCH = "FIELD_TYPE_MISMATCH"
    FIELD_ARGUMENT_TYPE_MISMATCH = "FIELD_ARGUMENT_TYPE_MISMATCH"
    FIELD_ARGUMENT_DEFAULT_MISMATCH = "FIELD_ARGUMENT_DEFAULT_MISMATCH"
    INPUT_FIELD_DEFAULT_MISMATCH = "INPUT_FIELD_DEFAULT_MISMATCH"
    REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH = "REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH"
    REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH = "REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH"
    EMPTY_MERGED_INPUT_TYPE = "EMPTY_MERGED_INPUT_TYPE"
    EMPTY_MERGED_ENUM_TYPE = "EMPTY_MERGED_ENUM_TYPE"
    ENUM_VALUE_MISMATCH = "ENUM_VALUE_MISMATCH"
    EXTENSION_WITH_NO_BASE = "EXTENSION_WITH_NO_BASE"
    INTERFACE_FIELD_NO_IMPLEM = "INTERFACE_FIELD_NO_IMPLEM"
    INTERFACE_KEY_NOT_ON_IMPLEMENTATION = "INTERFACE_KEY_NOT_ON_IMPLEMENTATION"
    INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE = "INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE"
    INTERFACE_OBJECT_USAGE_ERROR = "INTERFACE_OBJECT_USAGE_ERROR"
    NO_QUERIES = "NO_QUERIES"
    OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE = "OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE"
    OVERRIDE_FROM_SELF_ERROR = "OVERRIDE_FROM_SELF_ERROR"
    OVERRIDE_SOURCE_HAS_OVERRIDE = "OVERRIDE_SOURCE_HAS_OVERRIDE"
    OVERRIDE_ON_INTERFACE = "OVERRIDE_ON_INTERFACE"
    OVERRIDE_LABEL_INVALID = "OVERRIDE_LABEL_INVALID"
    REFERENCED_INACCESSIBLE = "REFERENCED_INACCESSIBLE"
    REQUIRED_INACCESSIBLE = "REQUIRED_INACCESSIBLE"
    ONLY_INACCESSIBLE_CHILDREN = "ONLY_INACCESSIBLE_CHILDREN"
    DEFAULT_VALUE_USES_INACCESSIBLE = "DEFAULT_VALUE_USES_INACCESSIBLE"
    IMPLEMENTED_BY_INACCESSIBLE = "IMPLEMENTED_BY_INACCESSIBLE"
    QUERY_ROOT_TYPE_INACCESSIBLE = "QUERY_ROOT_TYPE_INACCESSIBLE"
    DIRECTIVE_COMPOSITION_ERROR = "DIRECTIVE_COMPOSITION_ERROR"
    SATISFIABILITY_ERROR = "SATISFIABILITY_ERROR"
    AUTH_REQUIREMENTS_APPLIED_ON_INTERFACE = "AUTH_REQUIREMENTS_APPLIED_ON_INTERFACE"
    MISSING_TRANSITIVE_AUTH_REQUIREMENTS = "MISSING_TRANSITIVE_AUTH_REQUIREMENTS"
    CONTEXT_NAME_INVALID = "CONTEXT_NAME_INVALID"
    CONTEXT_NOT_SET = "CONTEXT_NOT_SET"
    CONTEXT_INVALID_SELECTION = "CONTEXT_INVALID_SELECTION"
    CONTEXT_NO_RESOLVABLE_KEY = "CONTEXT_NO_RESOLVABLE_KEY"
    NO_CONTEXT_IN_SELECTION = "NO_CONTEXT_IN_SELECTION"
    CONTEXTUAL_ARGUMENT_NOT_CONTEXTUAL_IN_ALL_SUBGRAPHS = (
        "CONTEXTUAL_ARGUMENT_NOT_CONTEXTUAL_IN_ALL_SUBGRAPHS"
    )
    COST_APPLIED_TO_INTERFACE_FIELD = "COST_APPLIED_TO_INTERFACE_FIELD"
    LIST_SIZE_APPLIED_TO_NON_LIST = "LIST_SIZE_APPLIED_TO_NON_LIST"
    LIST_SIZE_INVALID_ASSUMED_SIZE = "LIST_SIZE_INVALID_ASSUMED_SIZE"
    LIST_SIZE_INVALID_SLICING_ARGUMENT = "LIST_SIZE_INVALID_SLICING_ARGUMENT"
    LIST_SIZE_INVALID_SIZED_FIELD = "LIST_SIZE_INVALID_SIZED_FIELD"


class HintCode(StrEnum):
    """Composition hint codes (never fail composition)."""

    INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE = "INCONSISTENT_BUT_COMPATIBLE_FIELD_TYPE"
    INCONSISTENT_BUT_COMPATIBLE_ARGUMENT_TYPE = "INCONSISTENT_BUT_COMPATIBLE_ARGUMENT_TYPE"
    INCONSISTENT_DEFAULT_VALUE_PRESENCE = "INCONSISTENT_DEFAULT_VALUE_PRESENCE"
    INCONSISTENT_ENTITY = "INCONSISTENT_ENTITY"
    INCONSISTENT_OBJECT_VALUE_TYPE_FIELD = "INCONSISTENT_OBJECT_VALUE_TYPE_FIELD"
    INCONSISTENT_INTERFACE_VALUE_TYPE_FIELD = "INCONSISTENT_INTERFACE_VALUE_TYPE_FIELD"
    INCONSISTENT_INPUT_OBJECT_FIELD = "INCONSISTENT_INPUT_OBJECT_FIELD"
    INCONSISTENT_UNION_MEMBER = "INCONSISTENT_UNION_MEMBER"
    INCONSISTENT_ENUM_VALUE_FOR_INPUT_ENUM = "INCONSISTENT_ENUM_VALUE_FOR_INPUT_ENUM"
    INCONSISTENT_ENUM_VALUE_FOR_OUTPUT_ENUM = "INCONSISTENT_ENUM_VALUE_FOR_OUTPUT_ENUM"
    INCONSISTENT_ARGUMENT_PRESENCE = "INCONSISTENT_ARGUMENT_PRESENCE"
    INCONSISTENT_DESCRIPTION = "INCONSISTENT_DESCRIPTION"
    INCONSISTENT_EXECUTABLE_DIRECTIVE_PRESENCE = "INCONSISTENT_EXECUTABLE_DIRECTIVE_PRESENCE"
    INCONSISTENT_EXECUTABLE_DIRECTIVE_LOCATIONS = "INCONSISTENT_EXECUTABLE_DIRECTIVE_LOCATIONS"
    INCONSISTENT_EXECUTABLE_DIRECTIVE_REPEATABLE = "INCONSISTENT_EXECUTABLE_DIRECTIVE_REPEATABLE"
    INCONSISTENT_RUNTIME_TYPES_FOR_SHAREABLE_RETURN = (
        "INCONSISTENT_RUNTIME_TYPES_FOR_SHAREABLE_RETURN"
    )
    UNUSED_ENUM_TYPE = "UNUSED_ENUM_TYPE"
    OVERRIDDEN_FIELD_CAN_BE_REMOVED = "OVERRIDDEN_FIELD_CAN_BE_REMOVED"
    OVERRIDE_DIRECTIVE_CAN_BE_REMOVED = "OVERRIDE_DIRECTIVE_CAN_BE_REMOVED"
    OVERRIDE_MIGRATION_IN_PROGRESS = "OVERRIDE_MIGRATION_IN_PROGRESS"
    FROM_SUBGRAPH_DOES_NOT_EXIST = "FROM_SUBGRAPH_DOES_NOT_EXIST"
    IMPLICITLY_UPGRADED_FEDERATION_VERSION = "IMPLICITLY_UPGRADED_FEDERATION_VERSION"
    DIRECTIVE_COMPOSITION_INFO = "DIRECTIVE_COMPOSITION_INFO"
    MERGED_NON_REPEATABLE_DIRECTIVE_ARGUMENTS = "MERGED_NON_REPEATABLE_DIRECTIVE_ARGUMENTS"
    CONTEXTUAL_ARGUMENT_NOT_CONTEXTUAL_IN_ALL_SUBGRAPHS = (
        "CONTEXTUAL_ARGUMENT_NOT_CONTEXTUAL_IN_ALL_SUBGRAPHS"
    )


CATALOG: dict[ErrorCode, str] = {
    ErrorCode.INVALID_GRAPHQL: "A subgraph schema is not valid GraphQL.",
    ErrorCode.INVALID_SUBGRAPH_NAME: "A subgraph name is invalid (empty or reserved).",
    ErrorCode.DIRECTIVE_DEFINITION_INVALID: "A federation directive is defined incompatibly.",
    ErrorCode.TYPE_DEFINITION_INVALID: "A federation type is defined incompatibly.",
    ErrorCode.UNKNOWN_FEDERATION_LINK_VERSION: "The federation version in @link is unknown.",
    ErrorCode.UNKNOWN_LINK_VERSION: "The link spec version is unknown.",
    ErrorCode.INVALID_LINK_DIRECTIVE_USAGE: "@link is used incorrectly.",
    ErrorCode.INVALID_LINK_IDENTIFIER: "A @link url is not a valid spec identifier.",
    ErrorCode.LINK_IMPORT_NAME_MISMATCH: "An import renames a directive to a non-directive or back.",
    ErrorCode.KEY_FIELDS_HAS_ARGS: "A @key field set selects a field with arguments.",
    ErrorCode.KEY_FIELDS_SELECT_INVALID_TYPE: "A @key selects a list, interface or union field.",
    ErrorCode.KEY_INVALID_FIELDS: "A @key field set is invalid for its type.",
    ErrorCode.KEY_INVALID_FIELDS_TYPE: "The fields argument of @key is not a string.",
    ErrorCode.KEY_DIRECTIVE_IN_FIELDS_ARG: "A @key field set contains directives.",
    ErrorCode.KEY_UNSUPPORTED_ON_INTERFACE: "@key on an interface is not supported here.",
    ErrorCode.PROVIDES_FIELDS_HAS_ARGS: "A @provides field set selects a field with arguments.",
    ErrorCode.PROVIDES_FIELDS_MISSING_EXTERNAL: "A field in @provides is not @external.",
    ErrorCode.PROVIDES_INVALID_FIELDS: "A @provides field set is invalid.",
    ErrorCode.PROVIDES_INVALID_FIELDS_TYPE: "The fields argument of @provides is not a string.",
    ErrorCode.PROVIDES_ON_NON_OBJECT_FIELD: "@provides on a field that returns no composite type.",
    ErrorCode.PROVIDES_UNSUPPORTED_ON_INTERFACE: "@provides on an interface field.",
    ErrorCode.PROVIDES_DIRECTIVE_IN_FIELDS_ARG: "A @provides field set contains directives.",
    ErrorCode.REQUIRES_FIELDS_HAS_ARGS: "A @requires field set selects a field with arguments.",
    ErrorCode.REQUIRES_FIELDS_MISSING_EXTERNAL: "A field in @requires is not @external.",
    ErrorCode.REQUIRES_INVALID_FIELDS: "A @requires field set is invalid.",
    ErrorCode.REQUIRES_INVALID_FIELDS_TYPE: "The fields argument of @requires is not a string.",
    ErrorCode.REQUIRES_UNSUPPORTED_ON_INTERFACE: "@requires on an interface field.",
    ErrorCode.REQUIRES_DIRECTIVE_IN_FIELDS_ARG: "A @requires field set contains directives.",
    ErrorCode.EXTERNAL_UNUSED: "An @external field is used by no @key, @requires or @provides.",
    ErrorCode.EXTERNAL_ON_INTERFACE: "@external on an interface field.",
    ErrorCode.EXTERNAL_MISSING_ON_BASE: "An @external field is resolved by no subgraph.",
    ErrorCode.EXTERNAL_TYPE_MISMATCH: "An @external field's type differs from the resolving one.",
    ErrorCode.EXTERNAL_ARGUMENT_MISSING: "An @external field lacks an argument of its base.",
    ErrorCode.EXTERNAL_ARGUMENT_TYPE_MISMATCH: "An @external field's argument type differs.",
    ErrorCode.EXTERNAL_ARGUMENT_DEFAULT_MISMATCH: "An @external field's argument default differs.",
    ErrorCode.EXTERNAL_COLLISION_WITH_ANOTHER_DIRECTIVE: "@external conflicts with a directive.",
    ErrorCode.MERGED_DIRECTIVE_APPLICATION_ON_EXTERNAL: "A merged directive on an @external field.",
    ErrorCode.ROOT_QUERY_USED: "A type named Query is not the query root.",
    ErrorCode.ROOT_MUTATION_USED: "A type named Mutation is not the mutation root.",
    ErrorCode.ROOT_SUBSCRIPTION_USED: "A type named Subscription is not the subscription root.",
    ErrorCode.INVALID_SHAREABLE_USAGE: "@shareable is used where it has no meaning.",
    ErrorCode.INVALID_FIELD_SHARING: "A field resolved by several subgraphs is not @shareable.",
    ErrorCode.SHAREABLE_HAS_MISMATCHED_RUNTIME_TYPES: "A shareable field's runtime types differ.",
    ErrorCode.TYPE_KIND_MISMATCH: "A type has different kinds in different subgraphs.",
    ErrorCode.FIELD_TYPE_MISMATCH: "A field has incompatible types in different subgraphs.",
    ErrorCode.FIELD_ARGUMENT_TYPE_MISMATCH: "An argument has incompatible types.",
    ErrorCode.FIELD_ARGUMENT_DEFAULT_MISMATCH: "An argument has different default values.",
    ErrorCode.INPUT_FIELD_DEFAULT_MISMATCH: "An input field has different default values.",
    ErrorCode.REQUIRED_ARGUMENT_MISSING_IN_SOME_SUBGRAPH: "A required argument is not everywhere.",
    ErrorCode.REQUIRED_INPUT_FIELD_MISSING_IN_SOME_SUBGRAPH: "A required input field is missing.",
    ErrorCode.EMPTY_MERGED_INPUT_TYPE: "An input type has no field common to all subgraphs.",
    ErrorCode.EMPTY_MERGED_ENUM_TYPE: "An input enum has no value common to all subgraphs.",
    ErrorCode.ENUM_VALUE_MISMATCH: "An enum used as input and output differs between subgraphs.",
    ErrorCode.EXTENSION_WITH_NO_BASE: "A type is only ever extended, never defined.",
    ErrorCode.INTERFACE_FIELD_NO_IMPLEM: "An implementation lacks a field of its interface.",
    ErrorCode.INTERFACE_KEY_NOT_ON_IMPLEMENTATION: "An implementation lacks its interface's key.",
    ErrorCode.INTERFACE_KEY_MISSING_IMPLEMENTATION_TYPE: "An entity interface misses implementations.",
    ErrorCode.INTERFACE_OBJECT_USAGE_ERROR: "@interfaceObject is used incorrectly.",
    ErrorCode.NO_QUERIES: "No subgraph defines a query root field.",
    ErrorCode.OVERRIDE_COLLISION_WITH_ANOTHER_DIRECTIVE: "@override conflicts with a directive.",
    ErrorCode.OVERRIDE_FROM_SELF_ERROR: "@override names its own subgraph.",
    ErrorCode.OVERRIDE_SOURCE_HAS_OVERRIDE: "@override from a subgraph that overrides it too.",
    ErrorCode.OVERRIDE_ON_INTERFACE: "@override on an interface field.",
    ErrorCode.OVERRIDE_LABEL_INVALID: "The label of @override is invalid.",
    ErrorCode.REFERENCED_INACCESSIBLE: "An accessible element references an inaccessible type.",
    ErrorCode.REQUIRED_INACCESSIBLE: "A required argument or input field is @inaccessible.",
    ErrorCode.ONLY_INACCESSIBLE_CHILDREN: "Every child of a type is @inaccessible.",
    ErrorCode.DEFAULT_VALUE_USES_INACCESSIBLE: "A default value uses an inaccessible enum value.",
    ErrorCode.IMPLEMENTED_BY_INACCESSIBLE: "An accessible interface field is implemented by an inaccessible one.",
    ErrorCode.QUERY_ROOT_TYPE_INACCESSIBLE: "The query root type is @inaccessible.",
    ErrorCode.DIRECTIVE_COMPOSITION_ERROR: "A custom directive cannot be composed.",
    ErrorCode.SATISFIABILITY_ERROR: "Some query the supergraph allows cannot be planned.",
    ErrorCode.AUTH_REQUIREMENTS_APPLIED_ON_INTERFACE: "Auth directives on an interface.",
    ErrorCode.MISSING_TRANSITIVE_AUTH_REQUIREMENTS: "A field lacks auth its requirements need.",
    ErrorCode.CONTEXT_NAME_INVALID: "A @context name is invalid.",
    ErrorCode.CONTEXT_NOT_SET: "@fromContext names a context that is never set.",
    ErrorCode.CONTEXT_INVALID_SELECTION: "A @fromContext selection is invalid.",
    ErrorCode.CONTEXT_NO_RESOLVABLE_KEY: "A type using @fromContext has no resolvable key.",
    ErrorCode.NO_CONTEXT_IN_SELECTION: "A @fromContext selection names no context.",
    ErrorCode.CONTEXTUAL_ARGUMENT_NOT_CONTEXTUAL_IN_ALL_SUBGRAPHS: (
        "An argument is contextual in some subgraphs only."
    ),
    ErrorCode.COST_APPLIED_TO_INTERFACE_FIELD: "@cost is applied to an interface field.",
    ErrorCode.LIST_SIZE_APPLIED_TO_NON_LIST: "@listSize is applied to (or sizes) a non-list field.",
    ErrorCode.LIST_SIZE_INVALID_ASSUMED_SIZE: "@listSize has a negative assumedSize.",
    ErrorCode.LIST_SIZE_INVALID_SLICING_ARGUMENT: (
        "A @listSize slicing argument is not an Int argument of the field."
    ),
    ErrorCode.LIST_SIZE_INVALID_SIZED_FIELD: (
        "A @listSize sized field is not a field of the returned composite type."
    ),
}


@dataclass(frozen=True, slots=True)
class Location:
    """A position in a subgraph source: file (or URL), 1-based line and column."""

    source: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class CompositionError:
    """One composition error: code, message, the subgraph it is in and where."""

    code: ErrorCode
    message: str
    subgraph: str | None = None
    locations: tuple[Location, ...] = field(default=())

    def format(self) -> str:
        """Compiler-style text: ``[subgraph] CODE: message (file:line:col)``."""
        head = f"[{self.subgraph}] " if self.subgraph else ""
        where = f" ({', '.join(str(loc) for loc in self.locations)})" if self.locations else ""
        return f"{head}{self.code.value}: {self.message}{where}"

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code.value,
            "message": self.message,
            "subgraph": self.subgraph,
            "locations": [
                {"source": loc.source, "line": loc.line, "column": loc.column}
                for loc in self.locations
            ],
        }


@dataclass(frozen=True, slots=True)
class Hint:
    """A composition hint: something that composed but may not be what was meant."""

    code: HintCode
    message: str
    subgraph: str | None = None

    def format(self) -> str:
        head = f"[{self.subgraph}] " if self.subgraph else ""
        return f"{head}{self.code.value}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {"code": self.code.value, "message": self.message, "subgraph": self.subgraph}
