"""QR codes as Qt pixmaps (member cards, self sign-up links), drawn from qrcode's matrix."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap


def qr_image(text: str, size: int = 240) -> QImage:
    """A square black-on-white QR code of about `size` pixels, with its quiet zone."""
    import qrcode  # drawn only when a code is shown, not at start

    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    cells = len(matrix)
    scale = max(1, size // cells)
    image = QImage(cells * scale, cells * scale, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("black"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                painter.drawRect(x * scale, y * scale, scale, scale)
    painter.end()
    return image


def qr_pixmap(text: str, size: int = 240) -> QPixmap:
    return QPixmap.fromImage(qr_image(text, size))
