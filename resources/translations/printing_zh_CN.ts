<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>FailedPrintsDialog</name>
    <message>
        <source>Failed prints</source>
        <translation>打印失败的小票</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>单号</translation>
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
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Every receipt has printed.</source>
        <translation>所有小票均已打印。</translation>
    </message>
    <message>
        <source>Retry (Enter)</source>
        <translation>重试（回车）</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Discard…</source>
        <translation>放弃…</translation>
    </message>
    <message>
        <source>Reprint a past receipt…</source>
        <translation>重打以往小票…</translation>
    </message>
    <message>
        <source>Yes, discard</source>
        <translation>确定放弃</translation>
    </message>
    <message>
        <source>Keep it</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Printing receipt %1 again…</source>
        <translation>正在重新打印小票 %1…</translation>
    </message>
    <message>
        <source>Receipt %1 printed.</source>
        <translation>小票 %1 已打印。</translation>
    </message>
    <message>
        <source>Receipt %1 did not print (%2). %3 It stays in the list: nothing is lost.</source>
        <translation>小票 %1 未能打印（%2）。%3小票仍在列表中，不会丢失。</translation>
    </message>
    <message>
        <source>Discard receipt %1? It will not be printed (it can be reprinted later).</source>
        <translation>放弃小票 %1？它将不再打印（之后仍可重打）。</translation>
    </message>
    <message>
        <source>Receipt %1 discarded.</source>
        <translation>小票 %1 已放弃。</translation>
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
    <message>
        <source>Sign-up</source>
        <translation>开卡</translation>
    </message>
    <message>
        <source>Test page</source>
        <translation>测试页</translation>
    </message>
    <message>
        <source> (reprint)</source>
        <translation>（重打）</translation>
    </message>
    <message>
        <source>Printer offline or unplugged</source>
        <translation>打印机离线或未连接</translation>
    </message>
    <message>
        <source>Out of paper</source>
        <translation>缺纸</translation>
    </message>
    <message>
        <source>Printer cover open</source>
        <translation>打印机盖未关</translation>
    </message>
    <message>
        <source>The terminal stopped while printing</source>
        <translation>打印时终端已关闭</translation>
    </message>
    <message>
        <source>Printing again…</source>
        <translation>正在重新打印…</translation>
    </message>
    <message>
        <source>Printer error</source>
        <translation>打印机故障</translation>
    </message>
    <message>
        <source>Check that the printer is switched on and its cable plugged in.</source>
        <translation>请检查打印机电源是否打开、数据线是否插好。</translation>
    </message>
    <message>
        <source>Put in a new paper roll.</source>
        <translation>请换上新纸卷。</translation>
    </message>
    <message>
        <source>Close the printer&apos;s cover.</source>
        <translation>请关好打印机盖。</translation>
    </message>
    <message>
        <source>Look at the printer.</source>
        <translation>请检查打印机。</translation>
    </message>
</context>
<context>
    <name>PrintBridge</name>
    <message>
        <source>The receipt was not printed: %1</source>
        <translation>小票未打印：%1</translation>
    </message>
</context>
<context>
    <name>PrinterRuntime</name>
    <message>
        <source>No printer is set up: the receipt was not printed</source>
        <translation>未设置打印机：小票未打印</translation>
    </message>
    <message>
        <source>No printer is set up</source>
        <translation>未设置打印机</translation>
    </message>
    <message>
        <source>Test page printed on &apos;%1&apos;</source>
        <translation>测试页已在“%1”打印</translation>
    </message>
    <message>
        <source>The printer is busy: try again in a moment</source>
        <translation>打印机正忙，请稍后再试</translation>
    </message>
    <message>
        <source>Drawer opened through &apos;%1&apos;</source>
        <translation>已通过“%1”打开钱箱</translation>
    </message>
</context>
</TS>
