"""The services' refusals a cashier meets in the dialogs, in the UI's language.

The services speak English; the counter's `describe` already covers PINs and lookups.
These are the refusals of checkout, top-up, sign-up, refunds and points; anything else
is shown as the service said it.
"""

import re

from PySide6.QtCore import QCoreApplication

from terminal.ui.messages import describe, fill


def _known() -> tuple[tuple[str, str], ...]:
    return (
        (
            r"^(¥[\d,.]+) is still due$",
            QCoreApplication.translate("DialogMessages", "%1 is still due."),
        ),
        (
            r"^tenders exceed the amount due by (¥[\d,.]+)$",
            QCoreApplication.translate(
                "DialogMessages", "The payments exceed the amount due by %1."
            ),
        ),
        (
            r"^nothing is left to pay in cash$",
            QCoreApplication.translate(
                "DialogMessages", "Nothing is left to pay in cash; clear the cash field."
            ),
        ),
        (
            r"^points may pay at most ([\d.]+)% of the bill \((¥[\d,.]+)\); (¥[\d,.]+) requested$",
            QCoreApplication.translate(
                "DialogMessages", "Points may pay at most %1% of the bill (%2); %3 requested."
            ),
        ),
        (
            r"^at least (\d+) points must be used at once$",
            QCoreApplication.translate(
                "DialogMessages", "At least %1 points must be used at once."
            ),
        ),
        (
            r"^points are spent in steps of (\d+)$",
            QCoreApplication.translate("DialogMessages", "Points are used in steps of %1."),
        ),
        (
            r"^member has (\d+) points, (\d+) requested$",
            QCoreApplication.translate("DialogMessages", "The member has %1 points; %2 requested."),
        ),
        (
            r"^stored value is (¥[\d,.]+), (¥[\d,.]+) requested$",
            QCoreApplication.translate("DialogMessages", "Stored value is %1; %2 requested."),
        ),
        (
            r"^the card balance may not exceed (¥[\d,.]+); at most (¥[\d,.]+) can be topped "
            r"up now, with a bonus of (¥[\d,.]+)$",
            QCoreApplication.translate(
                "DialogMessages",
                "The card balance may not exceed %1; at most %2 can be topped up now, "
                "with a bonus of %3.",
            ),
        ),
        (
            r"^a top-up must be more than ¥0\.00$",
            QCoreApplication.translate("DialogMessages", "A top-up must be more than ¥0.00."),
        ),
        (
            r"^no coupon (.+)$",
            QCoreApplication.translate("DialogMessages", "There is no coupon %1."),
        ),
        (
            r"^coupon (\S+) has already been used$",
            QCoreApplication.translate("DialogMessages", "Coupon %1 has already been used."),
        ),
        (
            r"^coupon (\S+) belongs to another member$",
            QCoreApplication.translate("DialogMessages", "Coupon %1 belongs to another member."),
        ),
        (
            r"^coupon (\S+) expired on (.+)$",
            QCoreApplication.translate("DialogMessages", "Coupon %1 expired on %2."),
        ),
        (
            r"^coupon (\S+) needs a spend of (¥[\d,.]+)$",
            QCoreApplication.translate("DialogMessages", "Coupon %1 needs a spend of %2."),
        ),
        (
            r"^'(.*)' is not a (?:valid )?(?:mobile )?phone number$",
            QCoreApplication.translate("DialogMessages", "“%1” is not a mobile number."),
        ),
        (
            r"^'(.*)' is not a mobile number of .+$",
            QCoreApplication.translate("DialogMessages", "“%1” is not a mobile number."),
        ),
        (
            r"^a name of 1 to 40 characters is needed$",
            QCoreApplication.translate("DialogMessages", "A name of 1 to 40 characters is needed."),
        ),
        (
            r"^'(.*)' is not a date \(YYYY-MM-DD\)$",
            QCoreApplication.translate(
                "DialogMessages", "“%1” is not a date; type it as 1990-05-17."
            ),
        ),
        (
            r"^the birthday must be a real date in the past$",
            QCoreApplication.translate(
                "DialogMessages", "The birthday must be a real date in the past."
            ),
        ),
        (
            r"^'(.*)' is not an amount in yuan \(for example 12\.50\)$",
            QCoreApplication.translate(
                "DialogMessages", "“%1” is not an amount in yuan (for example 12.50)."
            ),
        ),
        (
            r"^only (\d+) of '(.+)' left in stock$",
            QCoreApplication.translate("DialogMessages", "Only %1 of “%2” left in stock."),
        ),
        (
            r"^this sale has already been refunded in full$",
            QCoreApplication.translate(
                "DialogMessages", "This sale has already been refunded in full."
            ),
        ),
        (
            r"^at most (¥[\d,.]+) of this sale can still be refunded$",
            QCoreApplication.translate(
                "DialogMessages", "At most %1 of this sale can still be refunded."
            ),
        ),
        (
            r"^no sale with id or receipt number '(.+)'$",
            QCoreApplication.translate(
                "DialogMessages", "No sale has the receipt number or id “%1”."
            ),
        ),
        (
            r"^no sale, top-up or refund with id or receipt number '(.+)'$",
            QCoreApplication.translate(
                "DialogMessages", "No sale, top-up or refund has the receipt number or id “%1”."
            ),
        ),
        (
            r"^a reprint needs a manager's approval$",
            QCoreApplication.translate("DialogMessages", "A reprint needs a manager's approval."),
        ),
        (
            r"^(\S+) is not a manager and cannot approve this$",
            QCoreApplication.translate(
                "DialogMessages", "%1 is not a manager and cannot approve this."
            ),
        ),
        (
            r"^a sale needs at least one line$",
            QCoreApplication.translate("DialogMessages", "Type the amount of the sale."),
        ),
    )


def explain(exc: BaseException) -> str:
    """One sentence for the cashier, in the UI's language where the refusal is known."""
    message = str(exc)
    for pattern, template in _known():
        match = re.match(pattern, message)
        if match:
            return fill(template, *match.groups())
    return describe(exc)
