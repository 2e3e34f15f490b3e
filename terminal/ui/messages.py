"""What the cashier reads when a service refuses: the service's one-sentence reason, in the
UI's language for the common cases (the services speak English), never a traceback."""

import re

from PySide6.QtCore import QCoreApplication

from terminal.domain.errors import PosError


def _known() -> tuple[tuple[str, str], ...]:
    """(pattern of the service's English message, its text in the UI's language)."""
    return (
        (
            r"^wrong PIN for (.+)$",
            QCoreApplication.translate("Messages", "Wrong PIN for %1. Please try again."),
        ),
        (
            r"^(.+) is locked after (\d+) wrong PINs; a manager must set a new PIN$",
            QCoreApplication.translate(
                "Messages", "%1 is locked after %2 wrong PINs. A manager must set a new PIN."
            ),
        ),
        (
            r"^no operator named '(.+)'$",
            QCoreApplication.translate("Messages", "There is no operator named %1."),
        ),
        (
            r"^no member with card (\d+)$",
            QCoreApplication.translate("Messages", "No member has card %1."),
        ),
        (
            r"^no member with phone (.+)$",
            QCoreApplication.translate("Messages", "No member has the mobile number %1."),
        ),
        (
            r"^card (\d+) belongs to a closed membership$",
            QCoreApplication.translate("Messages", "Card %1 belongs to a closed membership."),
        ),
        (
            r"^'(.*)' is neither a card number nor a mobile number$",
            QCoreApplication.translate(
                "Messages", "“%1” is neither a card number nor a mobile number."
            ),
        ),
        (
            r"^card number '(.+)' has a wrong check digit; please re-type it$",
            QCoreApplication.translate(
                "Messages", "Card number %1 has a wrong check digit. Please type it again."
            ),
        ),
        (
            r"^'(.*)' is not a member card number$",
            QCoreApplication.translate("Messages", "“%1” is not a member card number."),
        ),
        (
            r"^the database is busy with another task",
            QCoreApplication.translate(
                "Messages", "The database is busy. Nothing was saved; please try again."
            ),
        ),
        (
            r"^member has already checked in today$",
            QCoreApplication.translate("Messages", "This member has already checked in today."),
        ),
        (
            r"^this member no longer exists$",
            QCoreApplication.translate("Messages", "This member no longer exists."),
        ),
        (
            r"^that recovery code is not right$",
            QCoreApplication.translate(
                "Messages", "That recovery code is not right. Check it and type it again."
            ),
        ),
        (
            r"^the recovery code sets a manager's PIN; (.+) is not a manager$",
            QCoreApplication.translate(
                "Messages", "The recovery code sets a manager's PIN; %1 is not a manager."
            ),
        ),
        (
            r"^this terminal has no recovery code",
            QCoreApplication.translate(
                "Messages",
                "This terminal has no recovery code yet; a manager makes one with "
                "'posctl operator recovery-code'.",
            ),
        ),
    )


def _by_code() -> dict[str, str]:
    """Errors that carry a `code` and `params`: their text in the UI's language."""
    return {
        "too_many_lookups": QCoreApplication.translate(
            "Messages",
            "Head office is refusing more member look-ups from this terminal for now. "
            "Try again in %1 s, or serve the member by card.",
        ),
    }


def describe(exc: BaseException) -> str:
    """One calm sentence for the cashier."""
    template = _by_code().get(getattr(exc, "code", None) or "")
    if isinstance(exc, PosError) and template:
        return fill(template, *getattr(exc, "params", ()))
    if isinstance(exc, PosError):
        message = str(exc)
        for pattern, template in _known():
            match = re.match(pattern, message)
            if match:
                return fill(template, *match.groups())
        return message[:1].upper() + message[1:]
    return QCoreApplication.translate(
        "Messages", "Something went wrong and this step was not finished. Please try again."
    )


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
