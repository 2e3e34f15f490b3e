"""Small inputs the dialogs share: money typed in yuan and read in fen, whole points,
and a caption + field row in large type."""

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QIntValidator, QRegularExpressionValidator
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from terminal.domain.errors import InvalidInput
from terminal.domain.money import format_fen
from terminal.services.views.typed import typed_fen, typed_points

# What a cashier may type into a money field: digits, one point, two decimals, a yuan sign.
_MONEY_PATTERN = r"^[¥￥]?\d{0,9}([.]\d{0,2})?$"


class MoneyEdit(QLineEdit):
    """An amount typed in yuan ('12.5', '¥12.50'); `fen()` reads it as integer fen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(_MONEY_PATTERN), self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText("0.00")
        self.setObjectName("moneyInput")

    def fen(self) -> int:
        """The amount in fen; an empty field is 0. Raises InvalidInput for a bad amount."""
        return typed_fen(self.text())

    def set_fen(self, fen: int) -> None:
        self.setText(format_fen(fen, symbol="").replace(",", "") if fen else "")


class PointsEdit(QLineEdit):
    """A whole number of points (up to 100 million); `points()` reads it, empty is 0."""

    def __init__(self, parent: QWidget | None = None, allow_negative: bool = False) -> None:
        super().__init__(parent)
        bottom = -100_000_000 if allow_negative else 0
        self.setValidator(QIntValidator(bottom, 100_000_000, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setPlaceholderText("0")
        self.setObjectName("pointsInput")

    def points(self) -> int:
        return typed_points(self.text())


def form() -> QFormLayout:
    layout = QFormLayout()
    layout.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    layout.setHorizontalSpacing(16)
    layout.setVerticalSpacing(10)
    return layout


def caption() -> QLabel:
    return QLabel(objectName="fieldCaption")


def figure() -> QLabel:
    """A large read-only figure (amount due, bonus, change)."""
    label = QLabel(objectName="dialogFigure")
    label.setMinimumHeight(44)  # room for the large type the dialog style gives it
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def parse_percent(text: str) -> int:
    """'5' or '5.5' (percent) -> basis points (500, 550); at most two decimals."""
    cleaned = str(text).strip().rstrip("%").strip()
    try:
        value = Decimal(cleaned) * 100
    except InvalidOperation:
        raise InvalidInput(
            "'{text}' is not a percentage (for example 5 or 2.5)",
            code="input.not_percent",
            text=text,
        ) from None
    if value != value.to_integral_value() or value < 0:
        raise InvalidInput(
            "'{text}' is not a percentage (for example 5 or 2.5)",
            code="input.not_percent",
            text=text,
        )
    return int(value)


def format_percent(basis_points: int) -> str:
    whole, rest = divmod(basis_points, 100)
    return f"{whole}" if not rest else f"{whole}.{rest:02d}".rstrip("0")


def parse_whole(text: str, what: str) -> int:
    cleaned = str(text).strip().replace(",", "")
    if not cleaned.isdigit():
        raise InvalidInput(
            "{what}: '{text}' is not a whole number", code="input.not_whole", what=what, text=text
        )
    return int(cleaned)
