"""Member lookups through the service layer (card, phone, last four digits + name),
beside the same queries on bare sqlite3 over the same data.

Each kind of lookup gets its own random members, looked up twice: the first pass is the
first touch of those members' pages since the process started (they may still come from
disk), the second pass is the steady state of a counter whose database is in memory.

    python -m bench.lookup --members 1000000 --ops 5000
"""

import random
from collections.abc import Callable

from bench.common import emit, machine, open_seeded, parser, summary, timed
from terminal.domain.cards import make_card_no
from terminal.domain.identity import national_digits
from terminal.services.demo import demo_phone


def two_passes(fn: Callable[[object], object], keys: list) -> dict:
    first = timed(_feeder(fn, keys), len(keys))
    repeat = timed(_feeder(fn, keys), len(keys))
    return {"first_touch": summary(first), "repeat": summary(repeat)}


def _feeder(fn: Callable[[object], object], keys: list) -> Callable[[], object]:
    it = iter(keys)
    return lambda: fn(next(it))


def main(argv: list[str] | None = None) -> dict:
    p = parser(__doc__, members=1_000_000, ops=5000)
    p.add_argument("--seed", type=int, help="which members to look up (default: random)")
    args = p.parse_args(argv)
    svc = open_seeded(args.db, args.members)
    status = svc.setup.status()
    with svc.db.read() as s:
        number = svc.ctx.terminal_info(s).number
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)
    last4_ops = max(50, args.ops // 10)

    def sample(n: int) -> list[int]:
        return [rng.randrange(1, status.members + 1) for _ in range(n)]

    card_seqs, phone_seqs, last4_seqs = sample(args.ops), sample(args.ops), sample(last4_ops)
    service = {
        "card": two_passes(svc.members.find, [make_card_no(number, q) for q in card_seqs]),
        "phone": two_passes(svc.members.find, [national_digits(demo_phone(q)) for q in phone_seqs]),
        "last4_name": two_passes(
            lambda k: svc.members.search(k, "王"), [demo_phone(q)[-4:] for q in last4_seqs]
        ),
    }
    conn = svc.db.raw_connection()
    cipher = svc.db.cipher
    card_seqs, phone_seqs, last4_seqs = sample(args.ops), sample(args.ops), sample(last4_ops)
    bare = {
        "card": two_passes(
            lambda k: conn.execute(
                "SELECT m.* FROM cards c JOIN members m ON m.id = c.member_id WHERE c.card_no = ?",
                (k,),
            ).fetchone(),
            [make_card_no(number, q) for q in card_seqs],
        ),
        "phone": two_passes(
            lambda k: conn.execute(
                "SELECT * FROM members WHERE phone_index = ? AND status = 'active'",
                (cipher.blind_index(k, "phone"),),
            ).fetchone(),
            [demo_phone(q) for q in phone_seqs],
        ),
        "last4": two_passes(
            lambda k: conn.execute(
                "SELECT * FROM members WHERE phone_last4 = ? AND status = 'active'", (k,)
            ).fetchall(),
            [demo_phone(q)[-4:] for q in last4_seqs],
        ),
    }
    conn.close()
    result = {
        "benchmark": "lookup",
        "members": status.members,
        "seed": seed,
        "machine": machine(),
        "service": service,
        "bare_sqlite": bare,
        "targets_ms": {"card_p99": 2, "phone_p99": 2, "last4_p99": 50},
    }
    emit(result)
    svc.close()
    return result


if __name__ == "__main__":
    main()
