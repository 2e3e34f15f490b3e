"""Member lookups through the service layer (card, phone, last four digits + name),
beside the same queries on bare sqlite3 over the same data.

    python -m bench.lookup --members 1000000 --ops 5000
"""

import random

from bench.common import emit, machine, open_seeded, parser, summary, timed
from terminal.domain.cards import make_card_no
from terminal.domain.identity import national_digits
from terminal.services.demo import demo_phone


def main(argv: list[str] | None = None) -> dict:
    args = parser(__doc__, members=1_000_000, ops=5000).parse_args(argv)
    svc = open_seeded(args.db, args.members)
    status = svc.setup.status()
    with svc.db.read() as s:
        number = svc.ctx.terminal_info(s).number
    rng = random.Random(7)
    seqs = [rng.randrange(1, status.members + 1) for _ in range(args.ops)]
    cards = iter([make_card_no(number, s) for s in seqs])
    phones = iter([national_digits(demo_phone(s)) for s in seqs])
    last4s = iter([demo_phone(s)[-4:] for s in seqs])

    by_card = timed(lambda: svc.members.find(next(cards)), args.ops)
    by_phone = timed(lambda: svc.members.find(next(phones)), args.ops)
    last4_ops = max(50, args.ops // 10)
    by_last4 = timed(lambda: svc.members.search(next(last4s), "王"), last4_ops)

    conn = svc.db.raw_connection()
    cipher = svc.db.cipher
    cards = iter([make_card_no(number, s) for s in seqs])
    phones = iter([demo_phone(s) for s in seqs])
    last4s = iter([demo_phone(s)[-4:] for s in seqs])
    bare_card = timed(
        lambda: conn.execute(
            "SELECT m.* FROM cards c JOIN members m ON m.id = c.member_id WHERE c.card_no = ?",
            (next(cards),),
        ).fetchone(),
        args.ops,
    )
    bare_phone = timed(
        lambda: conn.execute(
            "SELECT * FROM members WHERE phone_index = ? AND status = 'active'",
            (cipher.blind_index(next(phones), "phone"),),
        ).fetchone(),
        args.ops,
    )
    bare_last4 = timed(
        lambda: conn.execute(
            "SELECT * FROM members WHERE phone_last4 = ? AND status = 'active'", (next(last4s),)
        ).fetchall(),
        last4_ops,
    )
    conn.close()
    result = {
        "benchmark": "lookup",
        "members": status.members,
        "machine": machine(),
        "service": {
            "card": summary(by_card),
            "phone": summary(by_phone),
            "last4_name": summary(by_last4),
        },
        "bare_sqlite": {
            "card": summary(bare_card),
            "phone": summary(bare_phone),
            "last4": summary(bare_last4),
        },
        "targets_ms": {"card_p99": 2, "phone_p99": 2, "last4_p99": 50},
    }
    emit(result)
    svc.close()
    return result


if __name__ == "__main__":
    main()
