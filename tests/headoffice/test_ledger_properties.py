"""Property: whatever mix of events a terminal sends, repeated any number of times in
any batches, head office's balances equal the effects of each distinct event it may book
once (a top-up past the card cap is refused), and every balance equals the sum of its
entries."""

from hypothesis import given, settings
from hypothesis import strategies as st

from headoffice import ledger
from headoffice.models import Member
from headoffice.service import HeadOffice
from terminal.domain.rules import Rules
from terminal.domain.wallet import bonus_for
from terminal.sync import protocol as p
from tests.helpers.clock import FakeClock
from tests.helpers.headoffice import Events

OPS = st.lists(
    st.tuples(
        st.sampled_from(["topup", "sale", "adjust"]),
        st.integers(0, 2),  # which member
        st.integers(0, 120_000),  # fen or points; top-ups reach both bonus rules
    ),
    min_size=1,
    max_size=25,
)


@settings(max_examples=25, deadline=None)
@given(ops=OPS, repeats=st.lists(st.integers(0, 24), max_size=15), size=st.integers(1, 7))
def test_balances_are_each_distinct_event_once(tmp_path_factory, ops, repeats, size):
    path = tmp_path_factory.mktemp("prop")
    clock = FakeClock()
    ho = HeadOffice(str(path / "ho.db"), clock=clock, key_path=path / "ho.key")
    try:
        events = Events("000101", clock)
        ups = [events.signed_up(phone=f"+86138555{i:05d}") for i in range(3)]
        ids = [u["payload"]["member_id"] for u in ups]
        expected = {m: [0, 0, 0] for m in ids}  # points, principal, bonus
        rules = Rules()
        sent, applies = [], []  # each event, and whether head office may book it
        for op, who, amount in ops:
            member = ids[who]
            if op == "topup":  # priced by the rules: refused beyond the card cap
                amount = max(amount, 1)
                bonus = bonus_for(amount, rules)
                sent.append(events.topped_up(member, amount, bonus))
                within = sum(expected[member][1:]) + amount + bonus <= rules.card_cap_fen
                applies.append(within)
                if within:
                    expected[member][1] += amount
                    expected[member][2] += bonus
            elif op == "sale":  # offline spends are facts: balances may go negative
                sent.append(events.sale(member, principal_fen=amount, points_earned=amount // 100))
                applies.append(True)
                expected[member][1] -= amount
                expected[member][0] += amount // 100
            else:
                sent.append(events.adjusted(member, amount - 25_000 or 1))
                applies.append(True)
                expected[member][0] += amount - 25_000 or 1
        again = [i % len(sent) for i in repeats]
        stream = ups + sent + [sent[i] for i in again]
        statuses = []
        for i in range(0, len(stream), size):
            batch = p.PushRequest.model_validate({"events": stream[i : i + size]})
            statuses += [r.status for r in ho.push("000101", batch).results]
        # A rejected event sent again is rejected again; an applied one is a duplicate.
        assert statuses.count("applied") == len(ups) + sum(applies)
        assert statuses.count("duplicate") == sum(applies[i] for i in again)
        refused = len(sent) - sum(applies) + sum(not applies[i] for i in again)
        assert statuses.count("rejected") == refused

        def balances(s):
            return {
                m.id: [m.points, m.wallet_principal_fen, m.wallet_bonus_fen]
                for m in s.query(Member)
            }

        assert ho.read(balances) == expected
        assert ho.read(ledger.verify)[1] == []
        hotlisted = ho.read(lambda s: {m.id for m in s.query(Member) if m.hotlisted})
        assert hotlisted == {m for m, b in expected.items() if min(b) < 0}
    finally:
        ho.close()
