<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>DeviceSettingsDialog</name>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="58"/>
        <source>Device settings</source>
        <translation>设备设置</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="85"/>
        <source>Scanners</source>
        <translation>扫码枪</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="86"/>
        <source>Printers and drawer</source>
        <translation>打印机和钱箱</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="100"/>
        <source>Serial ports on this computer</source>
        <translation>本机串口</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="102"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="102"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="102"/>
        <source>USB ids</source>
        <translation>USB 标识</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="104"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="114"/>
        <source>Cannot list the serial ports: {0}</source>
        <translation>无法列出串口：{0}</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="134"/>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="135"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="136"/>
        <source>Manager approval:</source>
        <translation>店长授权：</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="139"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/settings_dialog.py" line="140"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>DevicesDialog</name>
    <message>
        <location filename="../../terminal/ui/devices/counter_dialog.py" line="34"/>
        <source>Nothing changed.</source>
        <translation>没有改动。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/counter_dialog.py" line="35"/>
        <source>Saved (settings version {0}).</source>
        <translation>已保存（设置版本 {0}）。</translation>
    </message>
</context>
<context>
    <name>PrinterPanel</name>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="53"/>
        <source>Receipt printers</source>
        <translation>小票打印机</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="56"/>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="71"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="56"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="56"/>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="56"/>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="68"/>
        <source>Print Chinese as pictures (no Chinese font)</source>
        <translation>中文以图片打印（打印机无中文字库）</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="72"/>
        <source>Connection</source>
        <translation>连接方式</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="73"/>
        <source>Host, port or path</source>
        <translation>地址、端口或路径</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="74"/>
        <source>Paper width (mm)</source>
        <translation>纸宽（毫米）</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="75"/>
        <source>Text encoding</source>
        <translation>文字编码</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="78"/>
        <source>pin</source>
        <translation>引脚</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="80"/>
        <source>pulse</source>
        <translation>脉冲</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="82"/>
        <source>Cash drawer</source>
        <translation>钱箱</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="85"/>
        <source>Add / update</source>
        <translation>添加 / 更新</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="86"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="87"/>
        <source>Test print</source>
        <translation>测试打印</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="88"/>
        <source>Open drawer</source>
        <translation>打开钱箱</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="92"/>
        <source>Printing is not available in this version.</source>
        <translation>此版本不支持打印。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="129"/>
        <source>Printer &apos;{0}&apos; set; press Save to keep it.</source>
        <translation>打印机“{0}”已设置；按“保存”生效。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/printer_panel.py" line="172"/>
        <source>Talking to printer &apos;{0}&apos;...</source>
        <translation>正在连接打印机“{0}”…</translation>
    </message>
</context>
<context>
    <name>ScannerPanel</name>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="30"/>
        <source>Serial scanners</source>
        <translation>串口扫码枪</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="34"/>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="51"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="35"/>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="52"/>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="36"/>
        <source>USB ids</source>
        <translation>USB 标识</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="37"/>
        <source>Line</source>
        <translation>串口参数</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="38"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="49"/>
        <source>Find it by its USB ids (works on any USB socket)</source>
        <translation>按 USB 标识查找（插任意 USB 口均可）</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="50"/>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="53"/>
        <source>Baud rate</source>
        <translation>波特率</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="54"/>
        <source>Data bits, parity, stop bits</source>
        <translation>数据位、校验、停止位</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="55"/>
        <source>Terminator</source>
        <translation>结束符</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="60"/>
        <source>Add / update</source>
        <translation>添加 / 更新</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="61"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="62"/>
        <source>Test scan</source>
        <translation>测试扫码</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="65"/>
        <source>Press &apos;Test scan&apos;, then scan any barcode.</source>
        <translation>按“测试扫码”，然后扫任意条码。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="82"/>
        <source>{0} is not a USB port: untick &apos;Find it by its USB ids&apos;</source>
        <translation>{0} 不是 USB 端口：请取消“按 USB 标识查找”</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="83"/>
        <source>(no port)</source>
        <translation>（未选端口）</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="108"/>
        <source>Scanner &apos;{0}&apos; set; press Save to keep it.</source>
        <translation>扫码枪“{0}”已设置；按“保存”生效。</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="133"/>
        <source>not in use</source>
        <translation>未启用</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="134"/>
        <source>not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="173"/>
        <source>Waiting for a scan on &apos;{0}&apos;...</source>
        <translation>等待“{0}”扫码…</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="179"/>
        <source>Scanned on &apos;{0}&apos;: {1}</source>
        <translation>“{0}”扫到：{1}</translation>
    </message>
    <message>
        <location filename="../../terminal/ui/devices/scanner_panel.py" line="187"/>
        <source>No code within {0} s.</source>
        <translation>{0} 秒内未扫到条码。</translation>
    </message>
</context>
</TS>
