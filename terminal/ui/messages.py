"""Small helpers for the counter's sentences: Qt-style placeholders and tier names.

What a refusal says is `terminal.ui.error_text`'s business (by the error's code)."""

from PySide6.QtCore import QCoreApplication


def fill(template: str, *values: object) -> str:
    """Qt-style %1, %2 placeholders (PySide's tr() returns a plain str)."""
    for i, value in enumerate(values, start=1):
        template = template.replace(f"%{i}", str(value))
    return template


def tier_label(code: str, name: str) -> str:
    """The default ladder's names in the UI's language; a chain's own names as they are."""
    defaults = {
        ("normal", "Normal"): QCoreApplication.translate("Tiers", "Normal"),
        ("silver", "Silver"): QCoreApplication.translate("Tiers", "Silver"),
        ("gold", "Gold"): QCoreApplication.translate("Tiers", "Gold"),
        ("diamond", "Diamond"): QCoreApplication.translate("Tiers", "Diamond"),
    }
    # A name not known (only the code) reads as the default ladder's name for that code.
    if name == code:
        name = code.capitalize()
    return defaults.get((code, name), name)
