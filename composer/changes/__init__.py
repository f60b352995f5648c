"""Schema changes between two API schemas, classified like GraphOS schema checks."""

from composer.changes.diff import diff_schemas
from composer.changes.model import ChangeCode, Level, SchemaChange, summarize
from composer.changes.report import format_text

__all__ = ["ChangeCode", "Level", "SchemaChange", "diff_schemas", "format_text", "summarize"]
