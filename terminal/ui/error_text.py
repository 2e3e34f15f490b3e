"""What the cashier reads for an error code, in the language shown now: the one place
where codes become sentences (the counter, the dialogs and `posctl` all ask here).

Pure Python (no Qt), so the command line uses it too. `{name}` is filled from the error's
params; params ending in `_fen` read as money (¥1,234.50).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from terminal.domain.errors import PosError, money_params

ZH = "zh_CN"
EN = "en"
LANGUAGES = (ZH, EN)

_language = EN


def set_language(language: str) -> None:
    """The language sentences are made in from now on (F11 calls this)."""
    global _language
    _language = ZH if language.startswith("zh") else EN


def language() -> str:
    return _language


# code: (Simplified Chinese, English)
TEXTS: dict[str, tuple[str, str]] = {
    # The kinds of refusal: what is said when a refusal has no text of its own.
    "refused": ("这一步未能完成。", "This step could not be done."),
    "invalid_input": ("输入有误，请检查后重试。", "Something typed is not right; please check it."),
    "not_found": ("没有找到。", "Not found."),
    "conflict": (
        "与已有记录冲突，未保存。",
        "This clashes with what is recorded; nothing was saved.",
    ),
    "insufficient_funds": ("余额不足。", "There is not enough for this."),
    "limit_exceeded": ("超出限额。", "This is over a limit."),
    "auth": ("没有权限。", "This is not allowed for this operator."),
    "unexpected": (
        "出现问题，此步骤未完成，请重试。",
        "Something went wrong and this step was not finished. Please try again.",
    ),
    # The counter's own
    "ui.member_needed": ("请先刷卡或查找会员。", "Scan or find a member first"),
    # Amounts, numbers, dates
    "input.not_percent": (
        "“{text}”不是百分比（例如 5 或 2.5）。",
        "“{text}” is not a percentage (for example 5 or 2.5).",
    ),
    "input.not_whole": ("“{text}”不是整数。", "{what}: “{text}” is not a whole number."),
    "amount.not_yuan": (
        "“{text}”不是有效金额（例如 12.50）。",
        "“{text}” is not an amount in yuan (for example 12.50).",
    ),
    "amount.not_whole": (
        "金额或积分必须是整数，不能是 {value!r}。",
        "{what} must be a whole number of fen (or points), not {value!r}.",
    ),
    "date.not_a_date": (
        "“{text}”不是有效日期，请按 1990-05-17 格式输入。",
        "“{text}” is not a date; type it as 1990-05-17.",
    ),
    "points.not_whole": ("“{text}”不是整数积分。", "“{text}” is not a whole number of points."),
    # Cards, phones, members
    "card.not_a_card": ("“{text}”不是会员卡号。", "“{text}” is not a member card number."),
    "card.bad_check_digit": (
        "卡号 {text} 校验位不正确，请重新输入。",
        "Card number {text} has a wrong check digit. Please type it again.",
    ),
    "phone.not_a_number": ("“{text}”不是有效的手机号。", "“{text}” is not a mobile number."),
    "phone.not_valid": ("“{text}”不是有效的手机号。", "“{text}” is not a mobile number."),
    "phone.not_mobile": ("“{text}”不是有效的手机号。", "“{text}” is not a mobile number."),
    "phone.wrong_region": (
        "“{text}”不是本地区（{regions}）的手机号码。",
        "“{text}” is not a mobile number of {regions}.",
    ),
    "id_number.not_valid": (
        "“{text}”不是有效的居民身份证号码。",
        "“{text}” is not a valid resident ID card number.",
    ),
    "member.bad_query": (
        "“{query}”既不是会员卡号，也不是手机号。",
        "“{query}” is neither a card number nor a mobile number.",
    ),
    "member.no_card": ("没有卡号为 {card_no} 的会员。", "No member has card {card_no}."),
    "member.no_phone": (
        "没有手机号为 {phone} 的会员。",
        "No member has the mobile number {phone}.",
    ),
    "member.card_closed": (
        "卡号 {card_no} 对应的会员已注销。",
        "Card {card_no} belongs to a closed membership.",
    ),
    "member.gone": ("该会员已不存在。", "This member no longer exists."),
    "member.bad_birthday": (
        "生日必须是过去的真实日期。",
        "The birthday must be a real date in the past.",
    ),
    "member.bad_gender": ("性别只能是 F 或 M。", "Gender is F or M."),
    "member.bad_name": ("姓名须为 1 至 40 个字符。", "A name of 1 to 40 characters is needed."),
    "member.id_number_taken": (
        "已有其他会员用这个身份证号码登记。",
        "Another member is already registered with this ID number.",
    ),
    "member.phone_taken": (
        "已有其他会员使用这个手机号码。",
        "Another member already has this mobile number.",
    ),
    "member.unmask_needs_manager": (
        "只有店长可以查看完整的会员资料。",
        "Only a manager can unmask member data.",
    ),
    "member.details_not_held": (
        "本机没有该会员的资料：请在能连上总部时查找该会员，然后再修改。",
        "This terminal does not hold this member's details: look the member up while head "
        "office can be reached, then change them.",
    ),
    "member.nothing_to_change": ("没有需要修改的内容。", "There is nothing to change."),
    "member.change_needs_second": (
        "修改会员资料需要另一人批准。",
        "A change of member details needs a second person's approval.",
    ),
    "member.change_needs_manager": (
        "修改会员资料必须由店长批准。",
        "A change of member details must be approved by a manager.",
    ),
    "signup.no_consent": (
        "会员须同意隐私条款才能注册。",
        "The member must consent to the privacy terms to sign up.",
    ),
    "signup.bad_gender": ("性别只能是 F、M 或不填。", "Gender is F, M or left empty."),
    "signup.unknown_channel": (
        "未知的注册渠道“{channel}”。",
        "Unknown sign-up channel “{channel}”.",
    ),
    "search.bad_query": (
        "请输入卡号、手机号码、手机尾号四位或姓名。",
        "Type a card number, a mobile number, its last four digits or a name.",
    ),
    "search.last4_needed": (
        "请输入手机号码的后四位。",
        "Give the last four digits of the mobile number.",
    ),
    "checkin.already_today": (
        "该会员今天已签到。",
        "This member has already checked in today.",
    ),
    # Operators, PINs, recovery codes
    "operator.unknown": ("没有名为 {name} 的操作员。", "There is no operator named {name}."),
    "operator.wrong_pin": (
        "{name} 的密码错误，请重试。",
        "Wrong PIN for {name}. Please try again.",
    ),
    "operator.locked": (
        "{name} 已连续输错 {count} 次密码被锁定，需店长重设密码。",
        "{name} is locked after {count} wrong PINs. A manager must set a new PIN.",
    ),
    "operator.bad_name": (
        "操作员姓名需要 1 到 60 个字。",
        "An operator needs a name of 1 to 60 characters.",
    ),
    "operator.bad_role": ("角色只能是：{roles}。", "The role must be one of: {roles}."),
    "operator.add_needs_manager": (
        "添加操作员需要店长批准。",
        "Adding an operator needs a manager's approval.",
    ),
    "operator.name_taken": (
        "已有名为 {name} 的操作员。",
        "An operator named {name} already exists.",
    ),
    "operator.set_pin_needs_manager": ("只有店长可以设置密码。", "Only a manager can set a PIN."),
    "operator.not_manager": (
        "{name} 不是店长，无权授权。",
        "{name} is not a manager and cannot approve this.",
    ),
    "operator.second_person": (
        "此操作需要另一人批准：批准人不能是本人。",
        "A second person must approve this: the approver must be someone else.",
    ),
    "operator.bad_pin": ("密码为 4 到 8 位数字（0-9）。", "A PIN is 4 to 8 digits (0-9)."),
    "recovery.needs_manager": (
        "生成新的恢复码需要店长批准。",
        "A new recovery code needs a manager's approval.",
    ),
    "recovery.none": (
        "本终端还没有恢复码；请店长用“posctl operator recovery-code”生成。",
        "This terminal has no recovery code yet; a manager makes one with "
        "'posctl operator recovery-code'.",
    ),
    "recovery.not_manager": (
        "恢复码只能重设店长的密码；{name} 不是店长。",
        "The recovery code sets a manager's PIN; {name} is not a manager.",
    ),
    "recovery.wrong": (
        "恢复码不正确，请核对后重新输入。",
        "That recovery code is not right. Check it and type it again.",
    ),
    "recovery.spent": (
        "这个恢复码刚刚已被使用，已失效。",
        "That recovery code has just been used; it is spent.",
    ),
    # Sales, tenders, points, stored value, coupons
    "sale.no_lines": ("请输入消费金额。", "Type the amount of the sale."),
    "sale.line_not_positive": (
        "每一行的金额都必须大于 ¥0.00。",
        "Every line must be more than ¥0.00.",
    ),
    "sale.too_large": ("单笔销售不能超过 {max_fen}。", "A sale may not exceed {max_fen}."),
    "sale.not_found": (
        "找不到小票号或编号为“{key}”的消费。",
        "No sale has the receipt number or id “{key}”.",
    ),
    "tender.negative": ("付款金额不能为负数。", "A payment cannot be negative."),
    "tender.over_due": (
        "支付金额超出应付金额 {over_fen}。",
        "The payments exceed the amount due by {over_fen}.",
    ),
    "tender.still_due": ("还需支付 {due_fen}。", "{due_fen} is still due."),
    "tender.no_cash_left": (
        "已无需现金支付，请清空现金栏。",
        "Nothing is left to pay in cash; clear the cash field.",
    ),
    "payment.reference_too_long": (
        "付款参考号最多 64 个字符。",
        "A payment reference is at most 64 characters.",
    ),
    "points.negative": ("积分不能为负数。", "Points cannot be negative."),
    "points.step": ("积分须按 {step} 的整数倍使用。", "Points are used in steps of {step}."),
    "points.below_minimum": (
        "每次至少使用 {minimum} 积分。",
        "At least {minimum} points must be used at once.",
    ),
    "points.not_enough": (
        "会员仅有 {balance} 积分，本次申请 {requested}。",
        "The member has {balance} points; {requested} requested.",
    ),
    "points.not_enough_spendable": (
        "会员可用积分 {spendable}，要用 {requested} 积分。",
        "The member has {spendable} spendable points; {requested} requested.",
    ),
    "points.over_share": (
        "积分最多抵扣账单的 {percent:g}%（{max_fen}）；本次申请 {requested_fen}。",
        "Points may pay at most {percent:g}% of the bill ({max_fen}); {requested_fen} requested.",
    ),
    "wallet.negative": ("储值付款不能为负数。", "A stored-value payment cannot be negative."),
    "wallet.not_enough": (
        "储值余额 {balance_fen}，本次申请 {requested_fen}。",
        "Stored value is {balance_fen}; {requested_fen} requested.",
    ),
    "topup.not_positive": ("充值金额必须大于 ¥0.00。", "A top-up must be more than ¥0.00."),
    "topup.over_cap": (
        "卡内余额不能超过 {cap_fen}；本次最多可充 {most_fen}，赠送 {bonus_fen}。",
        "The card balance may not exceed {cap_fen}; at most {most_fen} can be topped up now, "
        "with a bonus of {bonus_fen}.",
    ),
    "topup.bad_tender": ("充值只能用以下方式支付：{tenders}。", "A top-up is paid by {tenders}."),
    "coupon.unknown": ("没有优惠券 {coupon}。", "There is no coupon {coupon}."),
    "coupon.used": ("优惠券 {coupon} 已使用。", "Coupon {coupon} has already been used."),
    "coupon.other_member": (
        "优惠券 {coupon} 属于其他会员。",
        "Coupon {coupon} belongs to another member.",
    ),
    "coupon.not_yet_valid": (
        "优惠券 {coupon} 从 {valid_from} 起才能使用。",
        "Coupon {coupon} is valid from {valid_from}.",
    ),
    "coupon.expired": (
        "优惠券 {coupon} 已于 {valid_until} 过期。",
        "Coupon {coupon} expired on {valid_until}.",
    ),
    "coupon.min_spend": (
        "优惠券 {coupon} 需消费满 {min_spend_fen}。",
        "Coupon {coupon} needs a spend of {min_spend_fen}.",
    ),
    "coupon.unknown_kind": (
        "优惠券 {coupon} 的类型“{kind}”无法识别。",
        "Coupon {coupon} has an unknown kind “{kind}”.",
    ),
    "coupon.needs_context": (
        "核对优惠券需要日期和会员。",
        "A coupon can only be checked for a given day and member.",
    ),
    "coupon.bad_kind": (
        "优惠券类型只能是减金额（amount）或打折（percent）。",
        "A coupon is 'amount' (fen off) or 'percent' (basis points off).",
    ),
    "coupon.value_range": ("优惠券面值超出范围。", "The coupon's value is out of range."),
    "coupon.days_range": ("优惠券有效期为 1 到 3660 天。", "A coupon is valid for 1 to 3660 days."),
    "coupon.needs_manager": ("发放优惠券需要店长。", "Issuing a coupon needs a manager."),
    # Refunds, receipts, statements
    "refund.already_full": (
        "该笔消费已全额退款。",
        "This sale has already been refunded in full.",
    ),
    "refund.not_positive": ("退款金额必须大于 ¥0.00。", "A refund must be more than ¥0.00."),
    "refund.over_left": (
        "该笔消费最多还可退 {left_fen}。",
        "At most {left_fen} of this sale can still be refunded.",
    ),
    "refund.needs_manager": ("退款需要店长批准。", "A refund needs a manager's approval."),
    "receipt.key_needed": (
        "请输入销售、充值或退款的编号或小票号。",
        "Give a sale, top-up or refund id, or a receipt number.",
    ),
    "receipt.not_found": (
        "没有小票号或编号为“{key}”的销售、充值或退款。",
        "No sale, top-up or refund has the receipt number or id “{key}”.",
    ),
    "reprint.needs_manager": ("重打小票需要店长批准。", "A reprint needs a manager's approval."),
    "reprint.list_range": (
        "小票记录一次列出 1 到 200 张。",
        "A receipt history lists 1 to 200 receipts.",
    ),
    "statement.ends_before_start": (
        "对账单的结束日期早于开始日期。",
        "The statement ends before it starts.",
    ),
    "statement.too_long": ("对账单最多覆盖三年。", "A statement covers at most three years."),
    # Points adjustments, catalogue, redemption, tiers
    "adjust.no_reason": ("积分调整需要填写原因。", "A points adjustment needs a reason."),
    "adjust.range": (
        "每次可调整 1 到 {maximum:,} 积分（增加或扣减）。",
        "Adjust by 1 to {maximum:,} points, up or down.",
    ),
    "adjust.needs_manager": (
        "积分调整需要店长批准。",
        "A points adjustment needs a manager's approval.",
    ),
    "catalogue.sku_and_name": ("礼品需要编号和名称。", "A catalogue item needs a SKU and a name."),
    "catalogue.needs_manager": (
        "修改积分礼品目录需要店长。",
        "Changing the points catalogue needs a manager.",
    ),
    "catalogue.price_stock_range": (
        "所需积分为 1 到 100,000,000，库存为 0 到 1,000,000。",
        "The points price must be 1 to 100,000,000 and the stock 0 to 1,000,000.",
    ),
    "catalogue.unknown_item": ("没有编号为“{sku}”的礼品。", "There is no catalogue item “{sku}”."),
    "redeem.quantity_range": ("数量为 1 到 100。", "The quantity must be 1 to 100."),
    "redeem.out_of_stock": ("“{item}”仅剩 {stock} 件。", "Only {stock} of “{item}” left in stock."),
    "headoffice.out_of_stock": (
        "总部的“{item}”仅剩 {left} 件（各门店共用），请减少数量或另选礼品。",
        "Only {left} of “{item}” are left at head office for all the stores. "
        "Choose fewer or another item.",
    ),
    "offline.item_allowance": (
        "连不上总部：下次同步前本机最多可兑换 {allowance} 件“{item}”，还剩 {left} 件。",
        "Head office cannot be reached: this terminal may redeem {allowance} of “{item}” "
        "until it syncs again; {left} left.",
    ),
    "catalogue.from_headoffice": (
        "本机的兑换目录由总部管理，请在总部修改。",
        "This terminal takes its catalogue from head office; change it there.",
    ),
    "tier.override_needs_manager": (
        "手动调整等级需要店长批准。",
        "Changing a tier by hand needs a manager's approval.",
    ),
    "tier.override_no_reason": (
        "手动调整等级需要填写原因。",
        "A tier change by hand needs a reason.",
    ),
    "tier.already": ("该会员已经是这个等级（{tier}）。", "The member is already {tier}."),
    # Rules (settings)
    "rules.tier_needs_code": ("第 {row} 个等级需要代码。", "Tier {row} needs a code."),
    "rules.needs_manager": ("修改规则需要店长。", "Changing the rules needs a manager."),
    "rules.from_headoffice": (
        "本机的规则由总部下发，请在总部修改。",
        "This terminal takes its rules from head office; change them there.",
    ),
    "rules.unknown_setting": ("未知的规则设置“{name}”。", "Unknown rule setting “{name}”."),
    "rules.unknown_settings": ("未知的规则设置：{names}。", "Unknown rule settings: {names}."),
    "rules.unknown_tier": ("未知的等级“{tier}”。", "Unknown tier “{tier}”."),
    "rules.not_object": ("规则必须是一个 JSON 对象。", "The rules must be a JSON object."),
    "rules.malformed_tier": (
        "等级或充值赠送规则格式有误。",
        "A tier or bonus rule is malformed: {detail}.",
    ),
    "rules.setting_range": (
        "规则“{name}”必须是 0 到 {limit:,} 之间的整数。",
        "Rule “{name}” must be a whole number from 0 to {limit:,}.",
    ),
    "rules.no_tiers": ("等级体系至少需要一个等级。", "The tier ladder needs at least one tier."),
    "rules.tier_codes_unique": ("等级代码不能重复。", "Tier codes must be unique."),
    "rules.first_tier_threshold": (
        "第一个等级不能设门槛。",
        "The first tier must have no threshold.",
    ),
    "rules.tier_setting_range": (
        "等级“{tier}”：{setting} 必须是 0 到 {limit:,} 之间的整数。",
        "Tier “{tier}”: {setting} must be a whole number from 0 to {limit:,}.",
    ),
    "rules.thresholds_rise": (
        "等级门槛必须逐级升高。",
        "Tier thresholds must rise from one tier to the next.",
    ),
    "rules.tier_discount_over": (
        "等级“{tier}”：折扣不能超过 100%。",
        "Tier “{tier}”: the discount cannot exceed 100%.",
    ),
    "rules.bonus_whole_fen": (
        "充值赠送规则的金额必须精确到分。",
        "Bonus rules need whole-fen amounts.",
    ),
    "rules.bonus_positive": (
        "充值赠送规则需要大于零的充值金额。",
        "A bonus rule needs a positive top-up amount.",
    ),
    "rules.tier_period": (
        "等级考核周期只能是 1、2、3、4、6 或 12 个月。",
        "The tier period must be 1, 2, 3, 4, 6 or 12 months.",
    ),
    "rules.expiry_mode": (
        "积分过期方式只能是滚动（rolling）或按年（annual）。",
        "The expiry mode must be 'rolling' or 'annual'.",
    ),
    "rules.rolling_days": ("滚动过期至少需要 1 天。", "Rolling expiry needs at least 1 day."),
    "rules.points_rates": ("积分比例超出范围。", "The points rates are out of range."),
    "rules.points_share": (
        "积分抵扣不能超过账单的 100%。",
        "Points cannot pay more than 100% of a bill.",
    ),
    "rules.checkin_streak": ("连续签到至少需要 1 天。", "A check-in streak needs at least 1 day."),
    # Offline spending
    "spend.refused": (
        "这笔储值或积分付款未获准。",
        "This stored-value or points payment was not allowed.",
    ),
    "offline.never_synced": (
        "连不上总部，且本机从未同步过，不能使用储值和积分；请改用现金、银行卡或移动支付。",
        "Head office cannot be reached and this terminal has never synced, so stored value "
        "and points cannot be spent; take cash, bank card or mobile payment instead.",
    ),
    "offline.sync_too_old": (
        "连不上总部，上次同步在 {hours} 小时前（上限 {limit} 小时），不能使用储值和积分；"
        "请改用现金、银行卡或移动支付。",
        "Head office cannot be reached and the last sync was {hours} h ago (the limit is "
        "{limit} h), so stored value and points cannot be spent; take cash, bank card or "
        "mobile payment instead.",
    ),
    "offline.hotlisted": (
        "该会员在总部的黑名单上（有欠款），离线时不能使用储值和积分；请改用现金、银行卡或移动支付。",
        "This member is on head office's hotlist (a balance to pay back), so stored value and "
        "points cannot be spent offline; take cash, bank card or mobile payment instead.",
    ),
    "offline.sale_cap": (
        "离线时每笔最多使用 {cap_fen} 的储值和积分（本次 {asked_fen}）；"
        "请改用现金、银行卡或移动支付。",
        "Offline, at most {cap_fen} of stored value and points may be spent on one sale "
        "(asked: {asked_fen}); take cash, bank card or mobile payment instead.",
    ),
    "offline.member_cap": (
        "离线时该会员在本机同步前最多使用 {cap_fen} 的储值和积分，还剩 {left_fen}；"
        "请改用现金、银行卡或移动支付。",
        "Offline, this member may spend {cap_fen} of stored value and points on this terminal "
        "until it syncs; {left_fen} is left. Take cash, bank card or mobile payment instead.",
    ),
    "offline.terminal_cap": (
        "离线时本机同步前最多收取 {cap_fen} 的储值和积分，还剩 {left_fen}；"
        "请改用现金、银行卡或移动支付。",
        "Offline, this terminal may take {cap_fen} of stored value and points until it "
        "syncs; {left_fen} is left. Take cash, bank card or mobile payment instead.",
    ),
    # Set-up, database, batches, devices
    "database.not_set_up": (
        "数据库尚未初始化：请先运行“posctl init”。",
        "This database is not set up yet: run 'posctl init' first.",
    ),
    "database.no_rules": (
        "数据库中还没有规则：请先运行“posctl init”。",
        "This database has no rules yet: run 'posctl init' first.",
    ),
    "database.busy": (
        "数据库正忙，未保存任何内容，请重试。",
        "The database is busy. Nothing was saved; please try again.",
    ),
    "database.busy_seeding": (
        "数据库正忙；已生成 {done:,} 名会员，请重试以完成其余部分。",
        "The database is busy with another task; {done:,} members were seeded, try again "
        "for the rest.",
    ),
    "database.error": ("无法打开数据库。", "The database cannot be opened."),
    "setup.identity_fixed": (
        "该数据库已属于门店 {store_no} 的 {terminal_no} 号终端；终端身份不能更改。",
        "This database already belongs to store {store_no} terminal {terminal_no}; a "
        "terminal's identity cannot change.",
    ),
    "setup.unknown_time_zone": ("未知的时区“{name}”。", "Unknown time zone “{name}”."),
    "terminal.bad_store_no": (
        "门店号必须在 1 到 9999 之间。",
        "The store number must be between 1 and 9999.",
    ),
    "terminal.bad_terminal_no": (
        "终端号必须在 1 到 99 之间。",
        "The terminal number must be between 1 and 99.",
    ),
    "demo.seed_range": (
        "生成的会员数须在 1 到 {maximum:,} 之间。",
        "Seed between 1 and {maximum:,} members.",
    ),
    "demo.no_operator": (
        "请先添加操作员：“posctl operator add …”。",
        "Add an operator first: posctl operator add ...",
    ),
    "batch.ahead_of_today": (
        "{job} 不能提前到今天之后运行。",
        "{job} cannot be run ahead of today.",
    ),
    "batch.too_early": ("{job} 不能按 {day} 运行。", "{job} cannot be run as of {day}."),
    "event.not_recordable": ("这项更改无法记录。", "This change cannot be recorded: {detail}."),
    "devices.needs_manager": (
        "修改设备设置需要店长。",
        "Changing device settings needs a manager.",
    ),
    # Head office
    "headoffice.error": (
        "与总部通信失败，请稍后再试。",
        "Talking to head office failed; try again later.",
    ),
    "headoffice.unreachable": (
        "连不上总部，请稍后再试。",
        "Head office cannot be reached; try again later.",
    ),
    "headoffice.refused": ("总部拒绝了这个请求。", "Head office refused this request."),
    "too_many_lookups": (
        "总部暂时拒绝本终端继续查询会员。请 {seconds} 秒后再试，或凭会员卡办理。",
        "Head office is refusing more member look-ups from this terminal for now. Try again "
        "in {seconds} s, or serve the member by card.",
    ),
}


@dataclass(frozen=True)
class Message:
    """A sentence to show, kept as code and params so it is made again in the language
    shown when the language changes."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def text(self, language: str | None = None) -> str:
        return text(self.code, self.params, language)


def text(code: str, params: Mapping[str, Any] | None = None, language: str | None = None) -> str:
    """The sentence for `code` in `language` (default: the one shown now)."""
    zh, en = TEXTS.get(code) or TEXTS["refused"]
    template = zh if (language or _language) == ZH else en
    try:
        return template.format(**money_params(dict(params or {})))
    except (KeyError, IndexError, ValueError):
        return template


def code_of(exc: BaseException) -> str:
    """The code with a text: the error's own, else its kind's (e.g. `invalid_input`)."""
    if not isinstance(exc, PosError):
        return "unexpected"
    if exc.code in TEXTS:
        return exc.code
    for cls in type(exc).__mro__:
        code = cls.__dict__.get("code")
        if isinstance(code, str) and code in TEXTS:
            return code
    return "refused"


def message_for(exc: BaseException) -> Message:
    code = code_of(exc)
    params = exc.params if isinstance(exc, PosError) and code == exc.code else {}
    return Message(code, dict(params))


def shown(what: "str | Message | BaseException") -> Message | None:
    """What to keep of a sentence put on screen so it can be said again in another
    language: the code and params of an error or message; None for ready-made text."""
    if isinstance(what, Message):
        return what
    if isinstance(what, BaseException):
        return message_for(what)
    return None


def describe(exc: BaseException, language: str | None = None) -> str:
    """One calm sentence for the cashier about `exc`, never a traceback."""
    return message_for(exc).text(language)
