<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AdjustmentDialog</name>
    <message>
        <source>Adjust points</source>
        <translation>积分调整</translation>
    </message>
    <message>
        <source>Points (+ add, − take off)</source>
        <translation>积分（+ 增加，− 扣减）</translation>
    </message>
    <message>
        <source>e.g. 200 or -150</source>
        <translation>例如 200 或 -150</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Why (required, kept in the audit log)</source>
        <translation>调整原因（必填，记入审计日志）</translation>
    </message>
    <message>
        <source>Type the points to add or take off.</source>
        <translation>请输入要增加或扣减的积分。</translation>
    </message>
    <message>
        <source>A reason is required.</source>
        <translation>必须填写原因。</translation>
    </message>
    <message>
        <source>%1 points for %2: %3</source>
        <translation>为 %2 调整 %1 积分：%3</translation>
    </message>
    <message>
        <source>Adjusted by %1 points, approved by %2. Points now: %3.</source>
        <translation>已调整 %1 积分，由 %2 批准。当前积分：%3。</translation>
    </message>
</context>
<context>
    <name>ApprovalDialog</name>
    <message>
        <source>Manager approval</source>
        <translation>店长授权</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>No manager is set up on this terminal.</source>
        <translation>本终端尚未设置店长。</translation>
    </message>
</context>
<context>
    <name>CatalogueDialog</name>
    <message>
        <source>Points catalogue</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>礼品</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Redeem (Enter)</source>
        <translation>兑换（回车）</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>The catalogue is empty.</source>
        <translation>暂无可兑换礼品。</translation>
    </message>
    <message>
        <source>%1 × %2 = %3 points (member has %4)</source>
        <translation>%1 × %2 = %3 积分（会员现有 %4）</translation>
    </message>
    <message>
        <source>Choose an item first.</source>
        <translation>请先选择礼品。</translation>
    </message>
    <message>
        <source>Redeemed %1 × %2 for %3 points. Points left: %4.</source>
        <translation>已兑换 %1 × %2，扣除 %3 积分。剩余积分：%4。</translation>
    </message>
</context>
<context>
    <name>CheckoutDialog</name>
    <message>
        <source>%1% off</source>
        <translation>减 %1%</translation>
    </message>
    <message>
        <source>%1 off</source>
        <translation>减 %1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>满 %1 可用</translation>
    </message>
    <message>
        <source>Checkout</source>
        <translation>结账</translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>明细</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>小计</translation>
    </message>
    <message>
        <source>Tier discount</source>
        <translation>等级折扣</translation>
    </message>
    <message>
        <source>Coupon discount</source>
        <translation>优惠券抵扣</translation>
    </message>
    <message>
        <source>Amount due</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <source>Cash received</source>
        <translation>实收现金</translation>
    </message>
    <message>
        <source>Still due</source>
        <translation>尚欠</translation>
    </message>
    <message>
        <source>General (default)</source>
        <translation>通用（默认）</translation>
    </message>
    <message>
        <source>Add line (Ctrl+L)</source>
        <translation>添加明细（Ctrl+L）</translation>
    </message>
    <message>
        <source>Undo line (Ctrl+D)</source>
        <translation>撤销明细（Ctrl+D）</translation>
    </message>
    <message>
        <source>Pick, scan or type a coupon</source>
        <translation>选择、扫描或输入优惠券</translation>
    </message>
    <message>
        <source>Reference (optional)</source>
        <translation>交易参考号（选填）</translation>
    </message>
    <message>
        <source>%1 · card %2 · %3 (%4% off)</source>
        <translation>%1 · 卡号 %2 · %3（优惠 %4%）</translation>
    </message>
    <message>
        <source>Balance %1</source>
        <translation>余额 %1</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>找零</translation>
    </message>
    <message>
        <source>Balance %1 points</source>
        <translation>现有 %1 积分</translation>
    </message>
    <message>
        <source>Balance %1 points; none can be used on this bill (at least %2)</source>
        <translation>现有 %1 积分；本单不可使用积分（至少 %2）</translation>
    </message>
    <message>
        <source>Balance %1 points; use %2 to %3, in steps of %4</source>
        <translation>现有 %1 积分；可用 %2 至 %3，以 %4 为单位</translation>
    </message>
    <message>
        <source>Balance %1 points; use %2 to %3</source>
        <translation>现有 %1 积分；本单可用 %2 至 %3</translation>
    </message>
    <message>
        <source>Type the amount of the sale.</source>
        <translation>请输入消费金额。</translation>
    </message>
    <message>
        <source>%1 more to reach %2</source>
        <translation>再消费 %1 可升级为 %2</translation>
    </message>
    <message>
        <source>Top tier reached</source>
        <translation>已是最高等级</translation>
    </message>
    <message>
        <source>Paid. Receipt %1.</source>
        <translation>支付成功。小票号 %1。</translation>
    </message>
    <message>
        <source>Change %1.</source>
        <translation>找零 %1。</translation>
    </message>
    <message>
        <source>Points earned %1, points used %2.</source>
        <translation>获得积分 %1，使用积分 %2。</translation>
    </message>
    <message>
        <source>New balances: %1 points, stored value %2.</source>
        <translation>最新余额：积分 %1，储值 %2。</translation>
    </message>
    <message>
        <source>Promoted to %1!</source>
        <translation>已升级为 %1！</translation>
    </message>
    <message>
        <source>Tier: %1 (%2%).</source>
        <translation>等级：%1（%2%）。</translation>
    </message>
    <message>
        <source>Stored value is running low.</source>
        <translation>储值余额不足，请提醒充值。</translation>
    </message>
</context>
<context>
    <name>DialogMessages</name>
    <message>
        <source>%1 is still due.</source>
        <translation>还需支付 %1。</translation>
    </message>
    <message>
        <source>The payments exceed the amount due by %1.</source>
        <translation>支付金额超出应付金额 %1。</translation>
    </message>
    <message>
        <source>Nothing is left to pay in cash; clear the cash field.</source>
        <translation>已无需现金支付，请清空现金栏。</translation>
    </message>
    <message>
        <source>Points may pay at most %1% of the bill (%2); %3 requested.</source>
        <translation>积分最多抵扣账单的 %1%（%2）；本次申请 %3。</translation>
    </message>
    <message>
        <source>At least %1 points must be used at once.</source>
        <translation>每次至少使用 %1 积分。</translation>
    </message>
    <message>
        <source>Points are used in steps of %1.</source>
        <translation>积分须按 %1 的整数倍使用。</translation>
    </message>
    <message>
        <source>The member has %1 points; %2 requested.</source>
        <translation>会员仅有 %1 积分，本次申请 %2。</translation>
    </message>
    <message>
        <source>Stored value is %1; %2 requested.</source>
        <translation>储值余额 %1，本次申请 %2。</translation>
    </message>
    <message>
        <source>The card balance may not exceed %1; at most %2 can be topped up now, with a bonus of %3.</source>
        <translation>卡内余额不能超过 %1；本次最多可充 %2，赠送 %3。</translation>
    </message>
    <message>
        <source>A top-up must be more than ¥0.00.</source>
        <translation>充值金额必须大于 ¥0.00。</translation>
    </message>
    <message>
        <source>There is no coupon %1.</source>
        <translation>没有优惠券 %1。</translation>
    </message>
    <message>
        <source>Coupon %1 has already been used.</source>
        <translation>优惠券 %1 已使用。</translation>
    </message>
    <message>
        <source>Coupon %1 belongs to another member.</source>
        <translation>优惠券 %1 属于其他会员。</translation>
    </message>
    <message>
        <source>Coupon %1 expired on %2.</source>
        <translation>优惠券 %1 已于 %2 过期。</translation>
    </message>
    <message>
        <source>Coupon %1 needs a spend of %2.</source>
        <translation>优惠券 %1 需消费满 %2。</translation>
    </message>
    <message>
        <source>“%1” is not a mobile number.</source>
        <translation>“%1”不是有效的手机号。</translation>
    </message>
    <message>
        <source>A name of 1 to 40 characters is needed.</source>
        <translation>姓名须为 1 至 40 个字符。</translation>
    </message>
    <message>
        <source>“%1” is not a date; type it as 1990-05-17.</source>
        <translation>“%1”不是有效日期，请按 1990-05-17 格式输入。</translation>
    </message>
    <message>
        <source>The birthday must be a real date in the past.</source>
        <translation>生日必须是过去的真实日期。</translation>
    </message>
    <message>
        <source>“%1” is not an amount in yuan (for example 12.50).</source>
        <translation>“%1”不是有效金额（例如 12.50）。</translation>
    </message>
    <message>
        <source>Only %1 of “%2” left in stock.</source>
        <translation>“%2”仅剩 %1 件。</translation>
    </message>
    <message>
        <source>This sale has already been refunded in full.</source>
        <translation>该笔消费已全额退款。</translation>
    </message>
    <message>
        <source>At most %1 of this sale can still be refunded.</source>
        <translation>该笔消费最多还可退 %1。</translation>
    </message>
    <message>
        <source>No sale has the receipt number or id “%1”.</source>
        <translation>找不到小票号或编号为“%1”的消费。</translation>
    </message>
    <message>
        <source>No sale, top-up or refund has the receipt number or id “%1”.</source>
        <translation>没有小票号或编号为“%1”的销售、充值或退款。</translation>
    </message>
    <message>
        <source>A reprint needs a manager&apos;s approval.</source>
        <translation>重打小票需要店长批准。</translation>
    </message>
    <message>
        <source>%1 is not a manager and cannot approve this.</source>
        <translation>%1 不是店长，无权授权。</translation>
    </message>
    <message>
        <source>Type the amount of the sale.</source>
        <translation>请输入消费金额。</translation>
    </message>
</context>
<context>
    <name>MemberSearchDialog</name>
    <message>
        <source>Find a member</source>
        <translation>查找会员</translation>
    </message>
    <message>
        <source>Card, mobile number, last 4 digits (+ name), or name</source>
        <translation>卡号、手机号、手机尾号后4位（+ 姓名）或姓名</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Mobile</source>
        <translation>手机</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡号</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Points / balance</source>
        <translation>积分 / 余额</translation>
    </message>
    <message>
        <source>Search / choose (Enter)</source>
        <translation>查找 / 选择（回车）</translation>
    </message>
    <message>
        <source>Example: 5678 or 5678 王</source>
        <translation>例如：5678 或 5678 王</translation>
    </message>
    <message>
        <source>Choose the member with ↑ ↓ first, then press Enter.</source>
        <translation>请先用 ↑ ↓ 选择会员，再按回车。</translation>
    </message>
    <message>
        <source>No member found for “%1”.</source>
        <translation>未找到“%1”对应的会员。</translation>
    </message>
    <message>
        <source>%1 found. Choose with ↑↓ and Enter.</source>
        <translation>找到 %1 位会员。用 ↑↓ 选择，回车确认。</translation>
    </message>
    <message>
        <source>A name alone searches only the newest members; add the last 4 digits of the phone to find anyone.</source>
        <translation>仅按姓名只查找最近注册的会员；加上手机尾号后4位可查找全部会员。</translation>
    </message>
</context>
<context>
    <name>PosDialog</name>
    <message>
        <source>Cancel (Esc)</source>
        <translation>取消（Esc）</translation>
    </message>
    <message>
        <source>Close (Enter)</source>
        <translation>关闭（回车）</translation>
    </message>
    <message>
        <source>Confirm (Enter)</source>
        <translation>确认（回车）</translation>
    </message>
    <message>
        <source>The receipt was not printed: %1</source>
        <translation>小票未打印：%1</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <source>Recovery code</source>
        <translation>恢复码</translation>
    </message>
    <message>
        <source>Write this code down and keep it away from the till; it is shown only now. A manager locked out with no other manager sets a new PIN with it on the lock screen.</source>
        <translation>请抄下此恢复码并妥善保管，不要放在收银台旁；它只显示这一次。店长被锁定且没有其他店长时，可在锁屏界面用它重设密码。</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Set a new PIN with the recovery code</source>
        <translation>用恢复码重设密码</translation>
    </message>
    <message>
        <source>For a manager locked out with no other manager: type the recovery code shown when the terminal was set up, and a new PIN.</source>
        <translation>供被锁定且没有其他店长的店长使用：输入终端设置时显示的恢复码和新密码。</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>恢复码</translation>
    </message>
    <message>
        <source>New PIN</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>再输一次</translation>
    </message>
    <message>
        <source>No manager is set up on this terminal.</source>
        <translation>本终端尚未设置店长。</translation>
    </message>
    <message>
        <source>The two PINs are not the same; type the new PIN again.</source>
        <translation>两次输入的密码不一致，请重新输入新密码。</translation>
    </message>
    <message>
        <source>Type the recovery code.</source>
        <translation>请输入恢复码。</translation>
    </message>
    <message>
        <source>%1 has a new PIN. The old recovery code is spent; write down the new one now, it is shown only this once:</source>
        <translation>%1 的密码已重设。旧恢复码已作废；请立即抄下新恢复码，它只显示这一次：</translation>
    </message>
</context>
<context>
    <name>RefundDialog</name>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Scan or type the receipt number</source>
        <translation>扫描或输入小票号</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Empty: all that is left</source>
        <translation>留空：退还全部剩余金额</translation>
    </message>
    <message>
        <source>Why (optional)</source>
        <translation>原因（选填）</translation>
    </message>
    <message>
        <source>Scan or type the receipt number.</source>
        <translation>请扫描或输入小票号。</translation>
    </message>
    <message>
        <source>Receipt %1 of %2 · %3 (card %4)
Paid %5: %6
Refunded so far %7; at most %8 can be refunded.</source>
        <translation>小票 %1，%2 · %3（卡号 %4）
实付 %5：%6
已退 %7；最多还可退 %8。</translation>
    </message>
    <message>
        <source>This sale has been refunded in full already.</source>
        <translation>该笔消费已全额退款。</translation>
    </message>
    <message>
        <source>Refund %1 of receipt %2</source>
        <translation>退款 %1（小票 %2）</translation>
    </message>
    <message>
        <source>Refunded %1 (%2), approved by %3. Refund receipt %4.</source>
        <translation>已退款 %1（%2），由 %3 批准。退款小票 %4。</translation>
    </message>
    <message>
        <source>%1 points returned.</source>
        <translation>已退回 %1 积分。</translation>
    </message>
    <message>
        <source>%1 earned points taken back.</source>
        <translation>已扣回赠送积分 %1。</translation>
    </message>
    <message>
        <source>%1 earned points were already spent.</source>
        <translation>%1 赠送积分已被使用，无法扣回。</translation>
    </message>
    <message>
        <source>Stored value</source>
        <translation>储值</translation>
    </message>
    <message>
        <source>Stored value bonus</source>
        <translation>储值赠送</translation>
    </message>
</context>
<context>
    <name>ReprintDialog</name>
    <message>
        <source>Reprint a receipt</source>
        <translation>重打小票</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>小票</translation>
    </message>
    <message>
        <source>Scan or type the receipt number</source>
        <translation>扫描或输入小票号</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Receipts of %1 (card %2):</source>
        <translation>%1（卡号 %2）的小票：</translation>
    </message>
    <message>
        <source>Find the member on the counter first to pick from their receipts.</source>
        <translation>先在收银台找到会员，即可从其小票中选择。</translation>
    </message>
    <message>
        <source>Reprint (Enter)</source>
        <translation>重打（回车）</translation>
    </message>
    <message>
        <source>Scan or type the receipt number, or pick one below.</source>
        <translation>请扫描或输入小票号，或在下方选择。</translation>
    </message>
    <message>
        <source>%1 %2 of %3, %4</source>
        <translation>%1 %2，%3，%4</translation>
    </message>
    <message>
        <source>No printer is set up: a receipt cannot be reprinted.</source>
        <translation>未设置打印机，无法重打小票。</translation>
    </message>
    <message>
        <source>Reprint receipt %1</source>
        <translation>重打小票 %1</translation>
    </message>
    <message>
        <source>Receipt %1 sent to the printer, marked as a reprint, approved by %2.</source>
        <translation>小票 %1 已发送到打印机，标为重打，由 %2 批准。</translation>
    </message>
    <message>
        <source>The reprint was not printed: %1</source>
        <translation>重打的小票未能打印：%1</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>销售</translation>
    </message>
    <message>
        <source>Top-up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Tiers</source>
        <translation>会员等级</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Stored value</source>
        <translation>储值</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Tier name</source>
        <translation>等级名称</translation>
    </message>
    <message>
        <source>Spend to reach (¥)</source>
        <translation>升级消费额（元）</translation>
    </message>
    <message>
        <source>Discount (%)</source>
        <translation>折扣（%）</translation>
    </message>
    <message>
        <source>Points (%)</source>
        <translation>积分倍率（%）</translation>
    </message>
    <message>
        <source>Birthday gift (¥)</source>
        <translation>生日礼金（元）</translation>
    </message>
    <message>
        <source>Spend is counted per period of %1 months. The first tier starts at 0.</source>
        <translation>消费额按每 %1 个月的周期累计。第一个等级从 0 起。</translation>
    </message>
    <message>
        <source>Top-up from (¥)</source>
        <translation>充值满（元）</translation>
    </message>
    <message>
        <source>Bonus (¥)</source>
        <translation>赠送（元）</translation>
    </message>
    <message>
        <source>Add tier</source>
        <translation>添加等级</translation>
    </message>
    <message>
        <source>Remove last tier</source>
        <translation>删除最后一个等级</translation>
    </message>
    <message>
        <source>Add bonus rule</source>
        <translation>添加赠送规则</translation>
    </message>
    <message>
        <source>Remove last rule</source>
        <translation>删除最后一条规则</translation>
    </message>
    <message>
        <source>Rolling: days after earning</source>
        <translation>滚动：获得后若干天过期</translation>
    </message>
    <message>
        <source>Annual: cleared on 31 December</source>
        <translation>年度：12月31日清零</translation>
    </message>
    <message>
        <source>Points per ¥1 paid</source>
        <translation>每消费 1 元获得积分</translation>
    </message>
    <message>
        <source>Points for ¥1 off</source>
        <translation>多少积分抵 1 元</translation>
    </message>
    <message>
        <source>Fewest points used at once</source>
        <translation>单次最少使用积分</translation>
    </message>
    <message>
        <source>Points pay at most (% of bill)</source>
        <translation>积分最多抵扣（账单 %）</translation>
    </message>
    <message>
        <source>Points expire</source>
        <translation>积分有效期</translation>
    </message>
    <message>
        <source>Days (rolling)</source>
        <translation>天数（滚动）</translation>
    </message>
    <message>
        <source>Years after (annual)</source>
        <translation>几年后（年度）</translation>
    </message>
    <message>
        <source>Top-up bonus rules (the best one applies)</source>
        <translation>充值赠送规则（取最优一条）</translation>
    </message>
    <message>
        <source>Low-balance alert below (¥)</source>
        <translation>余额低于此值提醒（元）</translation>
    </message>
    <message>
        <source>Card cap (¥)</source>
        <translation>卡内余额上限（元）</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>These rules come from head office and can only be changed there.</source>
        <translation>这些规则由总部下发，只能在总部修改。</translation>
    </message>
    <message>
        <source>Rules version %1. Saving needs a manager&apos;s approval.</source>
        <translation>规则版本 %1。保存需要店长授权。</translation>
    </message>
    <message>
        <source>Save (Enter)</source>
        <translation>保存（回车）</translation>
    </message>
    <message>
        <source>Save rule changes: %1</source>
        <translation>保存规则修改：%1</translation>
    </message>
    <message>
        <source>Saved as rules version %1, approved by %2.</source>
        <translation>已保存为规则版本 %1，由 %2 批准。</translation>
    </message>
</context>
<context>
    <name>SignUpDialog</name>
    <message>
        <source>Scan to become a member</source>
        <translation>扫码注册会员</translation>
    </message>
    <message>
        <source>Self sign-up is not available now</source>
        <translation>暂时无法自助注册</translation>
    </message>
    <message>
        <source>Sign up a member</source>
        <translation>会员注册</translation>
    </message>
    <message>
        <source>Mobile number</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>e.g. 138 0013 8000</source>
        <translation>例如 138 0013 8000</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>YYYY-MM-DD (optional)</source>
        <translation>年-月-日，如 1990-05-17（选填）</translation>
    </message>
    <message>
        <source>The customer agrees to the privacy terms (required)</source>
        <translation>顾客已同意隐私条款（必选）</translation>
    </message>
    <message>
        <source>Sign up on your phone</source>
        <translation>手机自助注册</translation>
    </message>
    <message>
        <source>Getting the sign-up code…</source>
        <translation>正在获取注册二维码…</translation>
    </message>
    <message>
        <source>The customer scans this code: %1</source>
        <translation>请顾客扫描此码：%1</translation>
    </message>
    <message>
        <source>No head office configured</source>
        <translation>未配置总部</translation>
    </message>
    <message>
        <source>Self sign-up needs a head office; sign the customer up here.</source>
        <translation>自助注册需要连接总部；请在此为顾客办理注册。</translation>
    </message>
    <message>
        <source>The customer must agree to the privacy terms to sign up.</source>
        <translation>顾客须同意隐私条款才能注册。</translation>
    </message>
    <message>
        <source>This mobile number is already a member (card %1). Showing that member; nothing new was signed up.</source>
        <translation>该手机号已是会员（卡号 %1）。已显示该会员，未重复注册。</translation>
    </message>
    <message>
        <source>Welcome! %1 is now a member, card %2.</source>
        <translation>欢迎！%1 已成为会员，卡号 %2。</translation>
    </message>
    <message>
        <source>Member card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <source>Card %1 — the customer photographs this code</source>
        <translation>卡号 %1 — 请顾客拍下此码</translation>
    </message>
    <message>
        <source>Your member card</source>
        <translation>您的会员卡</translation>
    </message>
</context>
<context>
    <name>Tenders</name>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Stored value</source>
        <translation>储值</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <source>Bank card</source>
        <translation>银行卡</translation>
    </message>
    <message>
        <source>Mobile payment</source>
        <translation>移动支付</translation>
    </message>
    <message>
        <source>Points %1 · Stored value %2 (bonus %3)</source>
        <translation>积分 %1 · 储值 %2（含赠送 %3）</translation>
    </message>
</context>
<context>
    <name>TopUpDialog</name>
    <message>
        <source>Top up stored value</source>
        <translation>储值充值</translation>
    </message>
    <message>
        <source>Amount (¥)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Paid by</source>
        <translation>支付方式</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>交易参考号</translation>
    </message>
    <message>
        <source>Bonus</source>
        <translation>赠送</translation>
    </message>
    <message>
        <source>Payment reference (optional)</source>
        <translation>交易参考号（选填）</translation>
    </message>
    <message>
        <source>%1 gets %2</source>
        <translation>满 %1 送 %2</translation>
    </message>
    <message>
        <source>Bonus rules: %1. Card cap %2.</source>
        <translation>赠送规则：%1。卡内余额上限 %2。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Balance after top-up: %1</source>
        <translation>充值后余额：%1</translation>
    </message>
    <message>
        <source>Topped up %1 + bonus %2. New balance %3 (receipt %4).</source>
        <translation>已充值 %1，赠送 %2。新余额 %3（小票 %4）。</translation>
    </message>
</context>
</TS>
