"""The member panel shows each alert the member view carries, and nothing when clear."""

import dataclasses

from terminal.domain.tiers import TierProgress
from terminal.ui.member_panel import MemberPanel


def test_alerts_and_figures(qtbot, shop):
    panel = MemberPanel()
    qtbot.addWidget(panel)
    panel.set_tier_names({"gold": "Gold", "diamond": "Diamond"})
    view = shop.sign_up()
    panel.show_member(view)
    assert panel.alerts.isHidden()
    assert panel.progress_text.text().startswith("Spend ¥5,000.00 more for Silver")
    busy = dataclasses.replace(
        view,
        tier="gold",
        tier_name="Gold",
        tier_progress=TierProgress("gold", "diamond", 1_800_000, 1_200_000, 40),
        points=12_345,
        points_expiring=800,
        points_expired=120,
        wallet_principal_fen=15_000,
        wallet_bonus_fen=1_200,
        low_balance=True,
        birthday_this_month=True,
        coupons=("CP1", "CP2"),
    )
    panel.show_member(busy)
    text = panel.alerts.text()
    for expected in (
        "Low balance",
        "800 points expire within 30 days",
        "120 points have expired",
        "Birthday this month",
        "2 coupon(s) available",
    ):
        assert expected in text
    assert "hotlist" not in text
    assert panel.tier.text() == "Gold" and panel.tier.property("tier") == "gold"
    assert panel.progress.value() == 40
    assert "¥12,000.00 more for Diamond" in panel.progress_text.text()
    assert panel.points.text() == "12,345"
    assert panel.balance.text() == "¥162.00"
    assert panel.balance_note.text() == "principal ¥150.00 · bonus ¥12.00"
    panel.show_member(dataclasses.replace(busy, hotlisted=True))
    assert "On the hotlist" in panel.alerts.text()
    panel.show_member(None)
    assert panel.details.isHidden() and not panel.empty.isHidden()


def test_offline_balances_say_when_head_office_confirmed_them(logged_in, shop):
    from datetime import datetime

    view = dataclasses.replace(
        shop.sign_up(),
        balance_confirmed_at=datetime(2026, 3, 10, 1, 30),  # naive UTC
    )
    panel = logged_in.counter.panel
    panel.show_member(view)
    assert "confirmed" not in panel.balance_note.text()  # online: nothing to say
    logged_in.status.set_link("offline", "head office cannot be reached")
    assert "offline · confirmed at 09:30" in panel.balance_note.text()  # Shanghai time
    logged_in.status.set_link("online")
    assert "confirmed" not in panel.balance_note.text()
