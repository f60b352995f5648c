"""Text report of schema changes, grouped by level, most severe first."""

from __future__ import annotations

from composer.changes.model import Level, SchemaChange, summarize


def format_text(changes: list[SchemaChange]) -> str:
    """Changes grouped under ``BREAKING``, ``DANGEROUS`` and ``SAFE`` headings, then a summary.

    Each change is one line: code, coordinate and message, aligned in columns.
    """
    lines: list[str] = []
    width = max((len(c.code.value) for c in changes), default=0)
    coord_width = max((len(c.coordinate) for c in changes), default=0)
    for level in Level:
        group = [c for c in changes if c.level == level]
        if not group:
            continue
        lines.append(f"{level.value.upper()} ({len(group)})")
        for c in group:
            lines.append(f"  {c.code.value:<{width}}  {c.coordinate:<{coord_width}}  {c.message}")
        lines.append("")
    counts = summarize(changes)
    if not changes:
        lines.append("No changes to the API schema.")
    lines.append(", ".join(f"{counts[level.value]} {level.value}" for level in Level))
    return "\n".join(lines) + "\n"
