"""`Services`: every use case of one open terminal database, built once."""

from pathlib import Path

from terminal.services.clock import Clock, SystemClock
from terminal.services.context import Context
from terminal.services.coupons import CouponService
from terminal.services.devices import DeviceService
from terminal.services.member_search import SearchService
from terminal.services.members import MemberService
from terminal.services.operators import OperatorService
from terminal.services.points import PointsService
from terminal.services.quotes import QuoteService
from terminal.services.receipts import ReceiptService
from terminal.services.refunds import RefundService
from terminal.services.reprints import ReprintService
from terminal.services.sale_lookup import SaleLookup
from terminal.services.sales import SaleService
from terminal.services.setup import SetupService
from terminal.services.spend import SpendAuthoriser
from terminal.services.tiers import TierService
from terminal.services.upkeep import UpkeepService
from terminal.services.wallet import WalletService
from terminal.store.database import Database


class Services:
    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        self.ctx = Context(db, clock or SystemClock())
        self.setup = SetupService(self.ctx)
        self.operators = OperatorService(self.ctx)
        self.members = MemberService(self.ctx)
        self.sales = SaleService(self.ctx, self.members)
        self.refunds = RefundService(self.ctx, self.sales)
        self.wallet = WalletService(self.ctx, self.members)
        self.points = PointsService(self.ctx, self.members)
        self.tiers = TierService(self.ctx, self.members)
        self.coupons = CouponService(self.ctx, self.members)
        self.receipts = ReceiptService(self.ctx)
        self.reprints = ReprintService(self.ctx, self.receipts)
        self.devices = DeviceService(self.ctx)
        self.upkeep = UpkeepService(self.ctx)
        self.quotes = QuoteService(self.ctx, self.members, self.coupons)
        self.search = SearchService(self.ctx, self.members)
        self.sale_lookup = SaleLookup(self.ctx, self.sales)

    def use_spend_authoriser(self, authoriser: SpendAuthoriser) -> None:
        """Route every spend of stored value or points through `authoriser` (sync)."""
        self.ctx.spend_authoriser = authoriser

    @classmethod
    def open(cls, path: Path | str, clock: Clock | None = None) -> "Services":
        return cls(Database(Path(path)), clock)

    def close(self) -> None:
        self.db.close()
