<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CounterScreen</name>
    <message>
        <source>Scan or type a card or mobile number</source>
        <translation>扫码，或输入会员卡号 / 手机号</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>会员查询</translation>
    </message>
    <message>
        <source>Sign up</source>
        <translation>会员注册</translation>
    </message>
    <message>
        <source>Checkout</source>
        <translation>结账</translation>
    </message>
    <message>
        <source>Top up</source>
        <translation>充值</translation>
    </message>
    <message>
        <source>Redeem</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
    <message>
        <source>Adjust points</source>
        <translation>积分调整</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>English / 中文</source>
        <translation>English / 中文</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <source>Failed prints</source>
        <translation>打印失败</translation>
    </message>
    <message>
        <source>Coupon %1: opening checkout</source>
        <translation>优惠券 %1：正在打开结账</translation>
    </message>
    <message>
        <source>Receipt %1: opening refund</source>
        <translation>小票 %1：正在打开退款</translation>
    </message>
    <message>
        <source>%1 is a product code; scan it at the till</source>
        <translation>%1 是商品条码，请在收银机上扫描</translation>
    </message>
    <message>
        <source>Code “%1” is not a member card, coupon or receipt</source>
        <translation>“%1”不是会员卡、优惠券或小票条码</translation>
    </message>
    <message>
        <source>The code could not be read; please scan again</source>
        <translation>无法识别该条码，请重新扫描</translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <source>Standalone</source>
        <translation>单机模式</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Operator: %1</source>
        <translation>操作员：%1</translation>
    </message>
    <message>
        <source>Queue: unreadable</source>
        <translation>待上传：无法读取</translation>
    </message>
    <message>
        <source>Queue: …</source>
        <translation>待上传：…</translation>
    </message>
    <message>
        <source>Queue: empty</source>
        <translation>待上传：无</translation>
    </message>
    <message>
        <source>Queue: %1 waiting, oldest %2</source>
        <translation>待上传：%1 条，最早 %2 前</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>simulated</source>
        <translation>模拟</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>error</source>
        <translation>故障</translation>
    </message>
    <message>
        <source>not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <source>Printer: %1</source>
        <translation>打印机：%1</translation>
    </message>
    <message>
        <source>Scanner: %1</source>
        <translation>扫码枪：%1</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <source>Customer display</source>
        <translation>客显屏</translation>
    </message>
    <message>
        <source>Welcome to %1</source>
        <translation>欢迎光临 %1</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <source>Hello, %1 (%2)</source>
        <translation>您好，%1（%2）</translation>
    </message>
    <message>
        <source>Points %1 · Balance %2</source>
        <translation>积分 %1 · 余额 %2</translation>
    </message>
    <message>
        <source>Amount due %1</source>
        <translation>应付 %1</translation>
    </message>
    <message>
        <source>Your change %1</source>
        <translation>找零 %1</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Member terminal</source>
        <translation>会员终端</translation>
    </message>
    <message>
        <source>Details were written to %1</source>
        <translation>详细信息已记录到 %1</translation>
    </message>
</context>
<context>
    <name>FirstStart</name>
    <message>
        <source>First start</source>
        <translation>首次启动</translation>
    </message>
    <message>
        <source>Creating the demo store…</source>
        <translation>正在创建演示门店…</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Locked by %1</source>
        <translation>已锁屏（%1）</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Choose your name (↑ ↓) and type your PIN, then press Enter</source>
        <translation>选择您的名字（↑ ↓），输入密码后按回车</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Manager locked out? Use the recovery code</source>
        <translation>店长被锁定？使用恢复码</translation>
    </message>
    <message>
        <source>manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Choose your name first (↑ ↓)</source>
        <translation>请先选择您的名字（↑ ↓）</translation>
    </message>
    <message>
        <source>Type your PIN</source>
        <translation>请输入密码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Member terminal · %1</source>
        <translation>会员终端 · %1</translation>
    </message>
    <message>
        <source>The language could not be saved: %1</source>
        <translation>无法保存语言设置：%1</translation>
    </message>
    <message>
        <source>Log in first, then scan</source>
        <translation>请先登录再扫码</translation>
    </message>
    <message>
        <source>Close the open window before scanning</source>
        <translation>请先关闭当前窗口再扫码</translation>
    </message>
    <message>
        <source>Scan or find a member first</source>
        <translation>请先扫码或查找会员</translation>
    </message>
    <message>
        <source>Checked in: +%1 points (day %2 in a row)</source>
        <translation>签到成功：+%1 积分（连续第 %2 天）</translation>
    </message>
    <message>
        <source>“%1” is not available in this version yet</source>
        <translation>此版本暂不支持“%1”</translation>
    </message>
</context>
<context>
    <name>MemberPanel</name>
    <message>
        <source>Scan a member card, or type a card or mobile number and press Enter</source>
        <translation>请扫描会员卡，或输入卡号 / 手机号后按回车</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>储值余额</translation>
    </message>
    <message>
        <source>Mobile %1</source>
        <translation>手机 %1</translation>
    </message>
    <message>
        <source>Card %1</source>
        <translation>卡号 %1</translation>
    </message>
    <message>
        <source>Top tier reached</source>
        <translation>已是最高等级</translation>
    </message>
    <message>
        <source>Spend %1 more for %2 (this period %3)</source>
        <translation>再消费 %1 可升级为%2（本期已消费 %3）</translation>
    </message>
    <message>
        <source>principal %1 · bonus %2</source>
        <translation>本金 %1 · 赠送 %2</translation>
    </message>
    <message>
        <source>offline · confirmed at %1</source>
        <translation>离线 · 总部确认于 %1</translation>
    </message>
    <message>
        <source>On the hotlist: no points or balance may be spent</source>
        <translation>已列入风控名单：暂不可使用积分或余额</translation>
    </message>
    <message>
        <source>This membership is closed</source>
        <translation>该会员已注销</translation>
    </message>
    <message>
        <source>Low balance: suggest a top-up</source>
        <translation>余额不足：建议充值</translation>
    </message>
    <message>
        <source>%1 points expire within 30 days</source>
        <translation>%1 积分将在 30 天内过期</translation>
    </message>
    <message>
        <source>%1 points have expired</source>
        <translation>%1 积分已过期</translation>
    </message>
    <message>
        <source>Birthday this month</source>
        <translation>本月生日</translation>
    </message>
    <message>
        <source>%1 coupon(s) available</source>
        <translation>有 %1 张可用优惠券</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Head office is refusing more member look-ups from this terminal for now. Try again in %1 s, or serve the member by card.</source>
        <translation>总部暂时拒绝本终端继续查询会员。请 %1 秒后再试，或凭会员卡办理。</translation>
    </message>
    <message>
        <source>Wrong PIN for %1. Please try again.</source>
        <translation>%1 的密码错误，请重试。</translation>
    </message>
    <message>
        <source>%1 is locked after %2 wrong PINs. A manager must set a new PIN.</source>
        <translation>%1 已连续输错 %2 次密码被锁定，需店长重设密码。</translation>
    </message>
    <message>
        <source>There is no operator named %1.</source>
        <translation>没有名为 %1 的操作员。</translation>
    </message>
    <message>
        <source>No member has card %1.</source>
        <translation>没有卡号为 %1 的会员。</translation>
    </message>
    <message>
        <source>No member has the mobile number %1.</source>
        <translation>没有手机号为 %1 的会员。</translation>
    </message>
    <message>
        <source>Card %1 belongs to a closed membership.</source>
        <translation>卡号 %1 对应的会员已注销。</translation>
    </message>
    <message>
        <source>“%1” is neither a card number nor a mobile number.</source>
        <translation>“%1”既不是会员卡号，也不是手机号。</translation>
    </message>
    <message>
        <source>Card number %1 has a wrong check digit. Please type it again.</source>
        <translation>卡号 %1 校验位不正确，请重新输入。</translation>
    </message>
    <message>
        <source>“%1” is not a member card number.</source>
        <translation>“%1”不是会员卡号。</translation>
    </message>
    <message>
        <source>The database is busy. Nothing was saved; please try again.</source>
        <translation>数据库正忙，未保存任何内容，请重试。</translation>
    </message>
    <message>
        <source>This member has already checked in today.</source>
        <translation>该会员今天已签到。</translation>
    </message>
    <message>
        <source>This member no longer exists.</source>
        <translation>该会员已不存在。</translation>
    </message>
    <message>
        <source>That recovery code is not right. Check it and type it again.</source>
        <translation>恢复码不正确，请核对后重新输入。</translation>
    </message>
    <message>
        <source>The recovery code sets a manager&apos;s PIN; %1 is not a manager.</source>
        <translation>恢复码只能重设店长的密码；%1 不是店长。</translation>
    </message>
    <message>
        <source>This terminal has no recovery code yet; a manager makes one with &apos;posctl operator recovery-code&apos;.</source>
        <translation>本终端还没有恢复码；请店长用 “posctl operator recovery-code” 生成。</translation>
    </message>
    <message>
        <source>Something went wrong and this step was not finished. Please try again.</source>
        <translation>出现问题，此步骤未完成，请重试。</translation>
    </message>
</context>
<context>
    <name>ReceiptPort</name>
    <message>
        <source>No printer configured: receipt not printed</source>
        <translation>未配置打印机：小票未打印</translation>
    </message>
    <message>
        <source>The receipt was not printed: %1</source>
        <translation>小票未打印：%1</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The database %1 is not set up yet: run &apos;posctl init&apos; first.</source>
        <translation>数据库 %1 尚未初始化：请先运行 “posctl init”。</translation>
    </message>
    <message>
        <source>Devices could not be started: %1</source>
        <translation>设备未能启动：%1</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>Last push %1 · last pull %2</source>
        <translation>上次上传 %1 · 上次下载 %2</translation>
    </message>
    <message>
        <source>Changes from head office stopped at %1: update this terminal</source>
        <translation>总部变更停在第 %1 条：请升级本终端</translation>
    </message>
    <message>
        <source>%1 event(s) refused by head office: see posctl sync status</source>
        <translation>总部拒收 %1 条记录：请用 posctl sync status 查看</translation>
    </message>
</context>
<context>
    <name>Tiers</name>
    <message>
        <source>Normal</source>
        <translation>普通会员</translation>
    </message>
    <message>
        <source>Silver</source>
        <translation>银卡会员</translation>
    </message>
    <message>
        <source>Gold</source>
        <translation>金卡会员</translation>
    </message>
    <message>
        <source>Diamond</source>
        <translation>钻石会员</translation>
    </message>
</context>
</TS>
