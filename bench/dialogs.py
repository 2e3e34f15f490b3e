"""What the counter's dialogs ask the database while the cashier types: a checkout quote
(on every key in the checkout window), a member search by the last four digits, a search
by the last four digits and part of the name, a search by a name alone (the worst case: a
name nobody has, so the whole window of the newest members is read), and the time to open
the checkout and top-up windows for a member (offscreen Qt).

    python -m bench.dialogs --members 1000000 --ops 500 --db /path/copy-of-m1m.db
"""

import os
import random

from bench.common import emit, machine, open_seeded, parser, summary, timed
from terminal.domain.cards import make_card_no
from terminal.domain.checkout import SaleLine, TenderRequest
from terminal.services.demo import demo_phone
from terminal.services.member_search import MAX_NAME_SCAN


def main(argv: list[str] | None = None) -> dict:
    p = parser(__doc__, members=1_000_000, ops=500)
    p.add_argument("--seed", type=int, help="which members to use (default: random)")
    p.add_argument("--name-ops", type=int, default=10, help="timed searches by name alone")
    p.add_argument("--window-ops", type=int, default=100, help="timed window openings")
    args = p.parse_args(argv)
    svc = open_seeded(args.db, args.members)
    status = svc.setup.status()
    with svc.db.read() as s:
        number = svc.ctx.terminal_info(s).number
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 30)
    rng = random.Random(seed)

    def members(n: int) -> list[int]:
        return [rng.randrange(1, status.members + 1) for _ in range(n)]

    cards = iter([make_card_no(number, q) for q in members(args.ops)])
    lines = [SaleLine("general", 12_800)]
    tenders = TenderRequest(points=100, cash_fen=20_000)
    quote = timed(lambda: svc.quotes.sale(next(cards), lines, tenders), args.ops)
    last4 = iter([demo_phone(q)[-4:] for q in members(args.ops)])
    by_last4 = timed(lambda: svc.search.search(next(last4)), args.ops)
    last4_name = iter([demo_phone(q)[-4:] + " 王" for q in members(args.ops)])
    by_last4_name = timed(lambda: svc.search.search(next(last4_name)), args.ops)
    by_name = timed(lambda: svc.search.search("无此姓名"), args.name_ops)
    opening = open_windows(svc, [make_card_no(number, q) for q in members(args.window_ops)])
    result = {
        "benchmark": "dialogs",
        "members": status.members,
        "seed": seed,
        "machine": machine(),
        "checkout_quote": summary(quote),
        "search_last4": summary(by_last4),
        "search_last4_name": summary(by_last4_name),
        "search_name_only": {**summary(by_name), "members_read": MAX_NAME_SCAN},
        **opening,
    }
    emit(result)
    svc.close()
    return result


def open_windows(svc, cards: list[str]) -> dict:
    """Build each window for a member as the counter does (lookup included), then close it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from terminal.ui.dialogs.checkout import CheckoutDialog
    from terminal.ui.dialogs.topup import TopUpDialog

    app = QApplication.instance() or QApplication([])
    operator = svc.operators.list()[0]
    figures = {}
    for name, cls in (("open_checkout", CheckoutDialog), ("open_topup", TopUpDialog)):
        it = iter(cards)

        def once(cls=cls, it=it) -> None:
            dialog = cls(svc, operator, member=svc.members.find(next(it)))
            dialog.close()
            dialog.deleteLater()

        figures[name] = summary(timed(once, len(cards)))
        app.processEvents()
    return figures


if __name__ == "__main__":
    main()
