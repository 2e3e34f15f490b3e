"""Write a receipt or statement to files: PDF, the raw ESC/POS bytes, a PNG of the
paper. Used by `posctl receipt` and `posctl statement`."""

from pathlib import Path

from terminal.devices.printing import escpos_backend
from terminal.devices.printing import layout as lay
from terminal.devices.printing.config import PrinterConfig
from terminal.devices.printing.errors import PrinterError
from terminal.domain.receipt import Receipt, Statement


def receipt_text(receipt: Receipt, config: PrinterConfig) -> list[str]:
    """The receipt as plain text lines of the paper's width (codes shown as their text)."""
    out = []
    for block in lay.layout(receipt, config.wording):
        match block:
            case lay.Row():
                for line in lay.fit(block, config.columns):
                    width = config.columns // 2 if block.big else config.columns
                    pad = width - lay.text_width(line)
                    if block.align == lay.CENTER and not block.right:
                        line = " " * (pad // 2) + line
                    elif block.align == lay.RIGHT and not block.right:
                        line = " " * pad + line
                    out.append(line)
            case lay.Rule():
                out.append(block.char * config.columns)
            case lay.Feed():
                out.extend([""] * block.lines)
            case lay.Barcode() | lay.QrCode():
                out.append(f"[{type(block).__name__}: {block.content}]")
    return out


def _write(path: Path, data: bytes) -> str:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except OSError as exc:
        raise PrinterError(f"cannot write {path}: {exc.strerror or exc}") from None
    return str(path)


def export_receipt(
    receipt: Receipt,
    config: PrinterConfig,
    pdf: Path | None = None,
    escpos: Path | None = None,
    png: Path | None = None,
) -> dict[str, str]:
    """Write the asked-for files; returns {"pdf": path, ...} for those written."""
    written = {}
    if pdf:
        from terminal.devices.printing.pdf import receipt_pdf

        written["pdf"] = _write(Path(pdf), receipt_pdf(receipt, config))
    if escpos or png:
        data = escpos_backend.render(receipt, config)
        if escpos:
            written["escpos"] = _write(Path(escpos), data)
        if png:
            from terminal.devices.printing.escpos_png import render_png

            image = render_png(data, config)
            try:
                Path(png).parent.mkdir(parents=True, exist_ok=True)
                image.save(Path(png), format="PNG")
            except (OSError, ValueError) as exc:
                raise PrinterError(f"cannot write {png}: {exc}") from None
            written["png"] = str(png)
    return written


def export_statement(statement: Statement, pdf: Path, lang: str = "zh") -> str:
    from terminal.devices.printing.pdf import statement_pdf

    return _write(Path(pdf), statement_pdf(statement, lang))
