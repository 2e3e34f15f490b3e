<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>CounterScreen</name>
    <message>
        <location filename="../../terminal/ui/counter.py" line="73"/>
        <source>Scan or type a card or mobile number</source>
        <translation>扫码，或输入会员卡号 / 手机号</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="74"/>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="76"/>
        <source>Search</source>
        <translation>会员查询</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="77"/>
        <source>Sign up</source>
        <translation>会员注册</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="78"/>
        <source>Checkout</source>
        <translation>结账</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="79"/>
        <source>Top up</source>
        <translation>充值</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="80"/>
        <source>Redeem</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="81"/>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="82"/>
        <source>Check in</source>
        <translation>签到</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="83"/>
        <source>Adjust points</source>
        <translation>积分调整</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="84"/>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="85"/>
        <source>English / 中文</source>
        <translation>English / 中文</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="86"/>
        <source>Lock</source>
        <translation>锁屏</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="124"/>
        <source>Coupon %1: opening checkout</source>
        <translation>优惠券 %1：正在打开结账</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="127"/>
        <source>Receipt %1: opening refund</source>
        <translation>小票 %1：正在打开退款</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="131"/>
        <source>%1 is a product code; scan it at the till</source>
        <translation>%1 是商品条码，请在收银机上扫描</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="136"/>
        <source>Code “%1” is not a member card, coupon or receipt</source>
        <translation>“%1”不是会员卡、优惠券或小票条码</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/counter.py" line="138"/>
        <source>The code could not be read; please scan again</source>
        <translation>无法识别该条码，请重新扫描</translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="70"/>
        <source>Standalone</source>
        <translation>单机模式</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="79"/>
        <source>Not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="81"/>
        <source>Operator: %1</source>
        <translation>操作员：%1</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="102"/>
        <source>Queue: unreadable</source>
        <translation>待上传：无法读取</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="107"/>
        <source>Queue: …</source>
        <translation>待上传：…</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="109"/>
        <source>Queue: empty</source>
        <translation>待上传：无</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="112"/>
        <source>Queue: %1 waiting, oldest %2</source>
        <translation>待上传：%1 条，最早 %2 前</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="117"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="119"/>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="121"/>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="122"/>
        <source>%1 d</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="126"/>
        <source>ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="127"/>
        <source>simulated</source>
        <translation>模拟</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="128"/>
        <source>offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="129"/>
        <source>error</source>
        <translation>故障</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="130"/>
        <source>not configured</source>
        <translation>未配置</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="132"/>
        <source>Printer: %1</source>
        <translation>打印机：%1</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/status_bar.py" line="133"/>
        <source>Scanner: %1</source>
        <translation>扫码枪：%1</translation>
    </message>
</context>
<context>
    <name>CustomerDisplay</name>
    <message>
        <location filename="../../terminal/ui/customer_display.py" line="45"/>
        <source>Customer display</source>
        <translation>客显屏</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_display.py" line="70"/>
        <source>Welcome to %1</source>
        <translation>欢迎光临 %1</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_display.py" line="72"/>
        <source>Welcome</source>
        <translation>欢迎光临</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_display.py" line="83"/>
        <source>Hello, %1 (%2)</source>
        <translation>您好，%1（%2）</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_display.py" line="86"/>
        <source>Points %1 · Balance %2</source>
        <translation>积分 %1 · 余额 %2</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_display.py" line="92"/>
        <source>Amount due %1</source>
        <translation>应付 %1</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/customer_display.py" line="95"/>
        <source>Your change %1</source>
        <translation>找零 %1</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../terminal/ui/errors.py" line="21"/>
        <source>Member terminal</source>
        <translation>会员终端</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/errors.py" line="39"/>
        <source>Details were written to %1</source>
        <translation>详细信息已记录到 %1</translation>
    </message>
</context>
<context>
    <name>FirstStart</name>
    <message>
        <location filename="../../terminal/ui/first_start.py" line="46"/>
        <source>First start</source>
        <translation>首次启动</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/first_start.py" line="47"/>
        <source>Creating the demo store…</source>
        <translation>正在创建演示门店…</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <location filename="../../terminal/ui/login.py" line="61"/>
        <source>Locked by %1</source>
        <translation>已锁屏（%1）</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login.py" line="63"/>
        <location filename="../../terminal/ui/login.py" line="66"/>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login.py" line="64"/>
        <source>Choose your name and type your PIN, then press Enter</source>
        <translation>选择您的名字，输入密码后按回车</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login.py" line="65"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login.py" line="77"/>
        <source>manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login.py" line="77"/>
        <source>cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login.py" line="109"/>
        <source>Choose your name first</source>
        <translation>请先选择您的名字</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/login.py" line="112"/>
        <source>Type your PIN</source>
        <translation>请输入密码</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="122"/>
        <source>Member terminal · %1</source>
        <translation>会员终端 · %1</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="137"/>
        <source>The language could not be saved: %1</source>
        <translation>无法保存语言设置：%1</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="174"/>
        <source>Log in first, then scan</source>
        <translation>请先登录再扫码</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="177"/>
        <source>Close the open window before scanning</source>
        <translation>请先关闭当前窗口再扫码</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="197"/>
        <source>Scan or find a member first</source>
        <translation>请先扫码或查找会员</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="216"/>
        <source>Checked in: +%1 points (day %2 in a row)</source>
        <translation>签到成功：+%1 积分（连续第 %2 天）</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/main_window.py" line="231"/>
        <source>“%1” is not available in this version yet</source>
        <translation>此版本暂不支持“%1”</translation>
    </message>
</context>
<context>
    <name>MemberPanel</name>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="91"/>
        <source>Scan a member card, or type a card or mobile number and press Enter</source>
        <translation>请扫描会员卡，或输入卡号 / 手机号后按回车</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="93"/>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="94"/>
        <source>Balance</source>
        <translation>储值余额</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="102"/>
        <source>Mobile %1</source>
        <translation>手机 %1</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="103"/>
        <source>Card %1</source>
        <translation>卡号 %1</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="107"/>
        <source>Top tier reached</source>
        <translation>已是最高等级</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="111"/>
        <source>Spend %1 more for %2 (this period %3)</source>
        <translation>再消费 %1 可升级为%2（本期已消费 %3）</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="120"/>
        <source>%1 expiring within 30 days</source>
        <translation>其中 %1 分将在 30 天内过期</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="126"/>
        <source>principal %1 · bonus %2</source>
        <translation>本金 %1 · 赠送 %2</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="138"/>
        <source>On the hotlist: no points or balance may be spent</source>
        <translation>已列入黑名单：不可使用积分或余额</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="140"/>
        <source>This membership is closed</source>
        <translation>该会员已注销</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="142"/>
        <source>Low balance: suggest a top-up</source>
        <translation>余额不足：建议充值</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="145"/>
        <source>%1 points expire within 30 days</source>
        <translation>%1 积分将在 30 天内过期</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="148"/>
        <source>%1 points have expired</source>
        <translation>%1 积分已过期</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="150"/>
        <source>Birthday this month</source>
        <translation>本月生日</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/member_panel.py" line="152"/>
        <source>%1 coupon(s) available</source>
        <translation>有 %1 张可用优惠券</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../terminal/ui/messages.py" line="16"/>
        <source>Wrong PIN for %1. Please try again.</source>
        <translation>%1 的密码错误，请重试。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="20"/>
        <source>%1 is locked after %2 wrong PINs. A manager must set a new PIN.</source>
        <translation>%1 已连续输错 %2 次密码被锁定，需店长重设密码。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="26"/>
        <source>There is no operator named %1.</source>
        <translation>没有名为 %1 的操作员。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="30"/>
        <source>No member has card %1.</source>
        <translation>没有卡号为 %1 的会员。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="34"/>
        <source>No member has the mobile number %1.</source>
        <translation>没有手机号为 %1 的会员。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="38"/>
        <source>Card %1 belongs to a closed membership.</source>
        <translation>卡号 %1 对应的会员已注销。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="42"/>
        <source>“%1” is neither a card number nor a mobile number.</source>
        <translation>“%1”既不是会员卡号，也不是手机号。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="48"/>
        <source>Card number %1 has a wrong check digit. Please type it again.</source>
        <translation>卡号 %1 校验位不正确，请重新输入。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="54"/>
        <source>“%1” is not a member card number.</source>
        <translation>“%1”不是会员卡号。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="58"/>
        <source>The database is busy. Nothing was saved; please try again.</source>
        <translation>数据库正忙，未保存任何内容，请重试。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="64"/>
        <source>This member no longer exists.</source>
        <translation>该会员已不存在。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="78"/>
        <source>Something went wrong and this step was not finished. Please try again.</source>
        <translation>出现问题，此步骤未完成，请重试。</translation>
    </message>
</context>
<context>
    <name>ReceiptPort</name>
    <message>
        <location filename="../../terminal/ui/receipt_port.py" line="26"/>
        <source>No printer configured: receipt not printed</source>
        <translation>未配置打印机：小票未打印</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/receipt_port.py" line="31"/>
        <source>The receipt was not printed: %1</source>
        <translation>小票未打印：%1</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../terminal/app.py" line="91"/>
        <source>The database %1 is not set up yet: run &apos;posctl init&apos; first.</source>
        <translation>数据库 %1 尚未初始化：请先运行 “posctl init”。</translation>
    </message>
</context>
<context>
    <name>Tiers</name>
    <message>
        <location filename="../../terminal/ui/messages.py" line="93"/>
        <source>Normal</source>
        <translation>普通会员</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="94"/>
        <source>Silver</source>
        <translation>银卡会员</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="95"/>
        <source>Gold</source>
        <translation>金卡会员</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/messages.py" line="96"/>
        <source>Diamond</source>
        <translation>钻石会员</translation>
    </message>
</context>
</TS>
