"""Members new to this terminal, written in bulk: a new terminal's catch-up brings a whole
chain's members and their confirmed balances, and one ORM object per row would take an
hour for a million members. Rows are collected per page and written with executemany;
anything unusual about a member (a merge, a second balance in the page, events of its own
still queued here) goes through the ordinary path after `write()`."""

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from terminal.domain.points import expiry_date
from terminal.services.context import Txn
from terminal.store.ids import new_id
from terminal.sync import protocol as p

SYNC = "sync"


class Fresh:
    def __init__(self, txn: Txn) -> None:
        self.txn = txn
        self.ids: set[str] = set()  # written in bulk, not loaded as ORM objects
        self.unbalanced: set[str] = set()  # ...and with no balance yet in this page
        self.members: list[dict] = []
        self.cards: list[dict] = []
        self.entries: list[dict] = []
        self.lots: list[dict] = []
        self.confirmed: list[dict] = []
        self.balances: list[dict] = []

    def add_member(self, row: dict) -> None:
        self.members.append(row)
        self.ids.add(row["id"])
        self.unbalanced.add(row["id"])

    def insert_members(self) -> None:
        """Members before anything that refers to them."""
        s = self.txn.session
        s.flush()
        _insert_many(s, "members", self.members)
        _insert_many(s, "cards", self.cards)

    def balance(self, d: p.BalanceData, seq: int) -> None:
        """A fresh member's first confirmed balance: `sync` entries from zero."""
        txn = self.txn
        member_id = d.member_id
        self.unbalanced.discard(member_id)
        points = max(d.points, 0)
        principal, bonus = max(d.wallet_principal_fen, 0), max(d.wallet_bonus_fen, 0)
        terminal = txn.terminal.code
        for bucket, amount in (("points", points), ("principal", principal), ("bonus", bonus)):
            if not amount:
                continue
            entry_id = new_id()
            self.entries.append(
                {
                    "id": entry_id,
                    "member_id": member_id,
                    "account": "points" if bucket == "points" else "wallet",
                    "bucket": bucket,
                    "amount": amount,
                    "kind": SYNC,
                    "sale_id": None,
                    "topup_id": None,
                    "refund_id": None,
                    "reference": None,
                    "terminal": terminal,
                    "operator_id": None,
                    "created_at": txn.at,
                }
            )
            if bucket == "points":
                self.lots.append(
                    {
                        "id": new_id(),
                        "member_id": member_id,
                        "entry_id": entry_id,
                        "earned_on": txn.today,
                        "expires_on": expiry_date(txn.today, txn.rules()[1]),
                        "amount": amount,
                        "remaining": amount,
                    }
                )
        self.balances.append(
            {
                "b_id": member_id,
                "points_balance": points,
                "wallet_principal_fen": principal,
                "wallet_bonus_fen": bonus,
                "has_wallet": principal + bonus > 0,
            }
        )
        self.confirmed.append(
            {
                "member_id": member_id,
                "points": d.points,
                "wallet_principal_fen": d.wallet_principal_fen,
                "wallet_bonus_fen": d.wallet_bonus_fen,
                "confirmed_at": wire_time(d.confirmed_at) or txn.at,
                "change_seq": seq,
                "applied": True,
                "settled_at": wire_time(d.confirmed_at) or txn.at,
            }
        )

    def write(self) -> None:
        self.insert_members()
        s = self.txn.session
        _insert_many(s, "ledger_entries", self.entries)
        _insert_many(s, "points_lots", self.lots)
        _insert_many(s, "sync_confirmed_balances", self.confirmed)
        if self.balances:
            s.connection().exec_driver_sql(
                "UPDATE members SET points_balance = ?, wallet_principal_fen = ?, "
                "wallet_bonus_fen = ?, has_wallet = ? WHERE id = ?",
                [
                    (
                        b["points_balance"],
                        b["wallet_principal_fen"],
                        b["wallet_bonus_fen"],
                        b["has_wallet"],
                        b["b_id"],
                    )
                    for b in self.balances
                ],
            )
            self.balances = []


def _insert_many(s: Session, table: str, rows: list[dict]) -> None:
    """One executemany straight to sqlite3 (the ORM's bulk insert costs more than the
    inserts themselves); `rows` is emptied. The rows of one call are built alike, so the
    first names the columns and which of them hold times. Times are written as
    SQLAlchemy's SQLite DateTime writes them, so rows from here and from the ORM sort and
    compare alike."""
    if not rows:
        return
    columns = list(rows[0])
    times = [i for i, c in enumerate(columns) if isinstance(rows[0][c], datetime)]
    text: dict[datetime, str] = {}  # most rows share the page's time
    values = [list(row.values()) for row in rows]
    for i in times:
        for row in values:
            value = row[i]
            if isinstance(value, datetime):
                found = text.get(value)
                if found is None:
                    found = text[value] = value.strftime("%Y-%m-%d %H:%M:%S.%f")
                row[i] = found
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    s.connection().exec_driver_sql(sql, [tuple(row) for row in values])
    rows.clear()


def wire_time(value: str | None) -> datetime | None:
    """A wire time ('...Z') as the naive UTC the database stores."""
    if not value:
        return None
    try:
        at = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at
