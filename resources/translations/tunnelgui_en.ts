<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Dropping %n connection(s).</source>
        <translation>
            <numerusform>Dropping %n connection.</numerusform>
            <numerusform>Dropping %n connections.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProfileTableModel</name>
    <message numerus="yes">
        <source>{0} byte(s)</source>
        <translation>
            <numerusform>{0} byte</numerusform>
            <numerusform>{0} bytes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StatusSummary</name>
    <message numerus="yes">
        <source>{0} of %n tunnel(s) running</source>
        <translation>
            <numerusform>{0} of %n tunnel running</numerusform>
            <numerusform>{0} of %n tunnels running</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n target(s) unreachable</source>
        <translation>
            <numerusform>%n target unreachable</numerusform>
            <numerusform>%n targets unreachable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n connection</numerusform>
            <numerusform>%n connections</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TraySummary</name>
    <message numerus="yes">
        <source>{0} of %n tunnel(s) running</source>
        <translation>
            <numerusform>{0} of %n tunnel running</numerusform>
            <numerusform>{0} of %n tunnels running</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n target(s) unreachable</source>
        <translation>
            <numerusform>%n target unreachable</numerusform>
            <numerusform>%n targets unreachable</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting for their network address</source>
        <translation>
            <numerusform>%n waiting for its network address</numerusform>
            <numerusform>%n waiting for their network address</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TunnelNotifier</name>
    <message numerus="yes">
        <source>…and %n more; see the window for details.</source>
        <translation>
            <numerusform>…and %n more; see the window for details.</numerusform>
            <numerusform>…and %n more; see the window for details.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: %n tunnel change(s)</source>
        <translation>
            <numerusform>{0}: %n tunnel change</numerusform>
            <numerusform>{0}: %n tunnel changes</numerusform>
        </translation>
    </message>
</context>
</TS>
