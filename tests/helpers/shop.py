"""A ready terminal database for tests: initialised, with a cashier and a manager.

Building the schema through the migrations costs a few hundred milliseconds, so it is
done once per test session and the file is copied for every test.
"""

import shutil
from dataclasses import dataclass
from pathlib import Path

from terminal.services.facade import Services
from terminal.services.members import MemberView, SignUp
from terminal.services.operators import OperatorView
from tests.helpers.clock import FakeClock

CASHIER_PIN = "1111"
MANAGER_PIN = "9999"


@dataclass
class Shop:
    svc: Services
    clock: FakeClock
    cashier: OperatorView
    manager: OperatorView
    path: Path

    def sign_up(self, phone: str = "13800138000", name: str = "张三", **kw) -> MemberView:
        return self.svc.members.sign_up(
            SignUp(phone=phone, name=name, consent=True, **kw), self.cashier
        )


def build_template(path: Path) -> None:
    svc = Services.open(path, FakeClock())
    svc.setup.init(12, 3, "测试门店")
    svc.operators.add("cashier", "cashier", CASHIER_PIN)
    svc.operators.add("manager", "manager", MANAGER_PIN)
    svc.close()


def open_shop(template: Path, target: Path) -> Shop:
    shutil.copy(template, target)
    shutil.copy(str(template) + ".key", str(target) + ".key")
    clock = FakeClock()
    svc = Services.open(target, clock)
    return Shop(
        svc, clock, svc.operators.by_name("cashier"), svc.operators.by_name("manager"), target
    )
