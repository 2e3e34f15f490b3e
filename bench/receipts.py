"""Receipts: building a sale's receipt from the books (by receipt number), rendering it to
ESC/POS bytes, a PDF and a picture of the paper; beside a bare sqlite3 lookup of the same
sale row, so the ratio holds on a noisy machine.

    python -m bench.receipts --members 20000 --ops 500
"""

import random

from sqlalchemy import select

from bench.common import emit, machine, open_seeded, parser, summary, timed
from terminal.devices.printing import PrinterConfig
from terminal.devices.printing.escpos_backend import render
from terminal.devices.printing.escpos_png import render_png
from terminal.devices.printing.pdf import receipt_pdf
from terminal.store.models import Sale


def main(argv: list[str] | None = None) -> dict:
    p = parser(__doc__, members=20_000, ops=500)
    p.add_argument("--picture-ops", type=int, default=50, help="timed PNG renders")
    args = p.parse_args(argv)
    svc = open_seeded(args.db, args.members)
    members = svc.setup.status().members
    with svc.db.read() as s:
        numbers = list(s.scalars(select(Sale.receipt_no).limit(20_000)))
    if not numbers:
        raise SystemExit("the database holds no sales to print")
    rng = random.Random(7)
    config = PrinterConfig(width_mm=80, encoding="gb18030")
    sample = svc.receipts.build(numbers[0])

    build = timed(lambda: svc.receipts.build(rng.choice(numbers)), args.ops)
    escpos = timed(lambda: render(sample, config), args.ops)
    pdf = timed(lambda: receipt_pdf(sample, config), max(1, args.ops // 5))
    data = render(sample, config)
    png = timed(lambda: render_png(data, config), args.picture_ops)

    bare = svc.db.raw_connection()

    def bare_lookup() -> None:
        bare.execute("SELECT * FROM sales WHERE receipt_no = ?", (rng.choice(numbers),)).fetchall()

    raw = timed(bare_lookup, args.ops)
    bare.close()
    result = {
        "benchmark": "receipts",
        "members": members,
        "sales_sampled": len(numbers),
        "machine": machine(),
        "build_from_books": summary(build),
        "render_escpos": {**summary(escpos), "bytes": len(data)},
        "render_pdf": summary(pdf),
        "render_png": summary(png),
        "bare_sqlite_sale_lookup": summary(raw),
    }
    emit(result)
    svc.close()
    return result


if __name__ == "__main__":
    main()
