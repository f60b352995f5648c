"""The supergraph format: reading core schemas (link/join specs) and deriving the API schema."""

from composer.supergraph.api_schema import ApiSchemaError, api_schema_document, build_api_schema

__all__ = ["ApiSchemaError", "api_schema_document", "build_api_schema"]
