"""Durable sale commits through the checkout service (sale rows, ledger entries, audit
row and outbox event in one transaction, WAL + synchronous=FULL), beside a bare one-row
sqlite3 commit with the same pragmas on the same disk.

    python -m bench.checkout --members 1000000 --ops 2000
"""

import random
import time

from bench.common import emit, machine, open_seeded, parser, summary, timed
from terminal.domain.cards import make_card_no
from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.services.sales import SaleRequest
from terminal.store.database import connect_raw


def main(argv: list[str] | None = None) -> dict:
    args = parser(__doc__, members=1_000_000, ops=2000).parse_args(argv)
    svc = open_seeded(args.db, args.members)
    status = svc.setup.status()
    with svc.db.read() as s:
        number = svc.ctx.terminal_info(s).number
    cashier = svc.operators.list()[0]
    rng = random.Random(11)

    def one_sale() -> None:
        card = make_card_no(number, rng.randrange(1, status.members + 1))
        amount = rng.randrange(500, 50_000)
        lines = (SaleLine("food", amount),)
        # Cash covers any bill (tier discounts only lower it); change comes back.
        svc.sales.checkout(SaleRequest(card, lines, TenderRequest(cash_fen=amount)), cashier)

    started = time.perf_counter()
    sales = timed(one_sale, args.ops)
    elapsed = time.perf_counter() - started

    bare = connect_raw(svc.db.path.with_name(svc.db.path.name + ".bare-commit.db"))
    bare.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")

    def one_commit() -> None:
        bare.execute("BEGIN IMMEDIATE")
        bare.execute("INSERT INTO t (v) VALUES (?)", ("x" * 64,))
        bare.execute("COMMIT")

    commits = timed(one_commit, args.ops)
    bare.close()
    result = {
        "benchmark": "checkout",
        "members": status.members,
        "machine": machine(),
        "sale": {**summary(sales), "sales_per_s": round(args.ops / elapsed, 1)},
        "bare_sqlite_commit": summary(commits),
        "targets_ms": {"sale_p99": 15},
    }
    emit(result)
    svc.close()
    return result


if __name__ == "__main__":
    main()
