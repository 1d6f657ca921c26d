<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Actions</name>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>Add a new tunnel</source>
        <translation>添加新隧道</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Edit the selected tunnel</source>
        <translation>编辑所选隧道</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>复制(&amp;U)</translation>
    </message>
    <message>
        <source>Copy the selected tunnel onto the next free port</source>
        <translation>将所选隧道复制到下一个空闲端口</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <source>Delete the selected tunnels</source>
        <translation>删除所选隧道</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Start the selected tunnels</source>
        <translation>启动所选隧道</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the selected tunnels</source>
        <translation>停止所选隧道</translation>
    </message>
    <message>
        <source>Start a&amp;ll</source>
        <translation>全部启动(&amp;L)</translation>
    </message>
    <message>
        <source>Start every tunnel</source>
        <translation>启动所有隧道</translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation>全部停止</translation>
    </message>
    <message>
        <source>Stop every tunnel</source>
        <translation>停止所有隧道</translation>
    </message>
    <message>
        <source>&amp;Check now</source>
        <translation>立即检查(&amp;C)</translation>
    </message>
    <message>
        <source>Check the targets of the selected running tunnels now</source>
        <translation>立即检查所选运行中隧道的目标</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Import profiles from a file</source>
        <translation>从文件导入配置</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Export every profile to a file</source>
        <translation>将所有配置导出到文件</translation>
    </message>
    <message>
        <source>Export se&amp;lected…</source>
        <translation>导出所选(&amp;L)…</translation>
    </message>
    <message>
        <source>Export only the selected profiles to a file</source>
        <translation>仅将所选配置导出到文件</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Change TunnelGUI&apos;s settings</source>
        <translation>更改 TunnelGUI 的设置</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Stop all tunnels and quit</source>
        <translation>停止所有隧道并退出</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Filter the tunnels by any text</source>
        <translation>按任意文字筛选隧道</translation>
    </message>
    <message>
        <source>&amp;About TunnelGUI</source>
        <translation>关于 TunnelGUI(&amp;A)</translation>
    </message>
    <message>
        <source>About TunnelGUI</source>
        <translation>关于 TunnelGUI</translation>
    </message>
</context>
<context>
    <name>AppSession</name>
    <message>
        <source>{0} TunnelGUI is running without these profiles and will not change the file (adding, editing and importing are turned off).</source>
        <translation>{0} TunnelGUI 将在不加载这些配置的情况下运行，且不会更改该文件（添加、编辑和导入已禁用）。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>No tunnels yet. Add one with “Add” (Ctrl+N) or import a profiles file.</source>
        <translation>还没有隧道。用“添加”(Ctrl+N) 新建一个，或导入配置文件。</translation>
    </message>
    <message>
        <source>No tunnels yet</source>
        <translation>还没有隧道</translation>
    </message>
    <message>
        <source>Tunnels and details</source>
        <translation>隧道与详情</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Tunnel</source>
        <translation>隧道(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Status bar</source>
        <translation>状态栏</translation>
    </message>
    <message>
        <source>Tunnel actions</source>
        <translation>隧道操作</translation>
    </message>
    <message numerus="yes">
        <source>Dropping %n connection(s).</source>
        <translation>
            <numerusform>正在断开 %n 个连接。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every tunnel has stopped; quit TunnelGUI and start it again to use them.</source>
        <translation>所有隧道都已停止；请退出 TunnelGUI 并重新启动后再使用。</translation>
    </message>
    <message>
        <source>Login entry not changed</source>
        <translation>登录启动项未更改</translation>
    </message>
    <message>
        <source>Settings not saved</source>
        <translation>设置未保存</translation>
    </message>
    <message>
        <source>The settings apply now but could not be saved to {0}: {1}</source>
        <translation>设置已生效，但无法保存到 {0}：{1}</translation>
    </message>
    <message>
        <source>About TunnelGUI</source>
        <translation>关于 TunnelGUI</translation>
    </message>
    <message>
        <source>TunnelGUI {0}

TCP port forwarding with live traffic statistics.

Profiles: {1}</source>
        <translation>TunnelGUI {0}

TCP 端口转发，附带实时流量统计。

配置文件：{1}</translation>
    </message>
</context>
<context>
    <name>NoMatchHint</name>
    <message>
        <source>No tunnels match the filter</source>
        <translation>没有符合筛选条件的隧道</translation>
    </message>
    <message>
        <source>No tunnels match “{0}”. Press Esc in the filter box to show them all.</source>
        <translation>没有隧道匹配“{0}”。在筛选框中按 Esc 可显示全部隧道。</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Notices</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Notice text</source>
        <translation>提示内容</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss notices</source>
        <translation>关闭提示</translation>
    </message>
</context>
<context>
    <name>OptionInputs</name>
    <message>
        <source>empty: anyone who can reach the port
192.168.1.0/24</source>
        <translation>留空：任何能访问该端口的人
192.168.1.0/24</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开启</translation>
    </message>
</context>
<context>
    <name>ProfileEditor</name>
    <message>
        <source>Profile editor</source>
        <translation>配置编辑器</translation>
    </message>
    <message>
        <source>Edit tunnel</source>
        <translation>编辑隧道</translation>
    </message>
    <message>
        <source>New tunnel</source>
        <translation>新建隧道</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>e.g. staging database</source>
        <translation>例如：预发布数据库</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>optional, e.g. staging</source>
        <translation>可选，例如：预发布</translation>
    </message>
    <message>
        <source>Listen host</source>
        <translation>监听主机</translation>
    </message>
    <message>
        <source>127.0.0.1 or ::1: only this machine can connect. 0.0.0.0 or ::: every machine that can reach this one can connect.</source>
        <translation>127.0.0.1 或 ::1：只有本机可以连接。0.0.0.0 或 ::：任何能访问本机的计算机都可以连接。</translation>
    </message>
    <message>
        <source>Listen port</source>
        <translation>监听端口</translation>
    </message>
    <message>
        <source>Target host</source>
        <translation>目标主机</translation>
    </message>
    <message>
        <source>host name or IP, e.g. db.internal or 10.0.0.5</source>
        <translation>主机名或 IP，例如 db.internal 或 10.0.0.5</translation>
    </message>
    <message>
        <source>Target port</source>
        <translation>目标端口</translation>
    </message>
    <message>
        <source>Via SSH server</source>
        <translation>经由 SSH 服务器</translation>
    </message>
    <message>
        <source>optional: an SSH server, e.g. bastion or user@host:22</source>
        <translation>可选：SSH 服务器，例如 bastion 或 user@host:22</translation>
    </message>
    <message>
        <source>Reach the target through this SSH server with your own ssh (its config, keys and agent): the target host is then resolved and connected from that server. Jump hosts go first, comma-separated: jump1,bastion. Empty: connect directly.</source>
        <translation>使用您自己的 ssh（及其配置、密钥和代理）经由此 SSH 服务器访问目标：目标主机将在该服务器上解析并连接。跳板机写在前面，以逗号分隔：jump1,bastion。留空：直接连接。</translation>
    </message>
    <message>
        <source>Start automatically when TunnelGUI opens</source>
        <translation>TunnelGUI 打开时自动启动</translation>
    </message>
    <message>
        <source>Autostart</source>
        <translation>自动启动</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Port in use</source>
        <translation>端口已被占用</translation>
    </message>
    <message>
        <source>Use free port</source>
        <translation>使用空闲端口</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>分组(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>监听地址(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Forward to:</source>
        <translation>转发到(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Via SSH:</source>
        <translation>经由 SSH(&amp;V)：</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Connection limits</source>
        <translation>连接限制</translation>
    </message>
    <message>
        <source>{0}:</source>
        <translation>{0}：</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>备注(&amp;O)：</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save or cancel</source>
        <translation>保存或取消</translation>
    </message>
    <message>
        <source>Profile editor tabs</source>
        <translation>配置编辑器标签页</translation>
    </message>
    <message>
        <source>Tunnel</source>
        <translation>隧道</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>网络条件</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Problem with {0}</source>
        <translation>{0} 有问题</translation>
    </message>
    <message>
        <source>The tunnel will not start while it is.</source>
        <translation>在此期间隧道将无法启动。</translation>
    </message>
    <message>
        <source>Use port {0}</source>
        <translation>使用端口 {0}</translation>
    </message>
</context>
<context>
    <name>ProfileTable</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>The profile&apos;s name</source>
        <translation>配置的名称</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Group of related profiles</source>
        <translation>相关配置的分组</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>监听</translation>
    </message>
    <message>
        <source>Address TunnelGUI listens on</source>
        <translation>TunnelGUI 监听的地址</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Where connections are forwarded to</source>
        <translation>连接被转发到的地址</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Tunnel state; while listening, whether the target answers</source>
        <translation>隧道状态；监听时还显示目标是否有响应</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Open connections now</source>
        <translation>当前打开的连接</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Connections since the tunnel started</source>
        <translation>隧道启动以来的连接数</translation>
    </message>
    <message>
        <source>To target</source>
        <translation>至目标</translation>
    </message>
    <message>
        <source>Bytes relayed from clients to the target</source>
        <translation>从客户端转发到目标的字节数</translation>
    </message>
    <message>
        <source>To client</source>
        <translation>至客户端</translation>
    </message>
    <message>
        <source>Bytes relayed from the target back to clients</source>
        <translation>从目标转发回客户端的字节数</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>Current rate from clients to the target</source>
        <translation>当前从客户端到目标的速率</translation>
    </message>
    <message>
        <source>Current rate from the target back to clients</source>
        <translation>当前从目标回到客户端的速率</translation>
    </message>
</context>
<context>
    <name>ProfileTableModel</name>
    <message>
        <source>Target: {0}</source>
        <translation>目标：{0}</translation>
    </message>
    <message numerus="yes">
        <source>{0} byte(s)</source>
        <translation>
            <numerusform>{0} 字节</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Filter tunnels</source>
        <translation>筛选隧道</translation>
    </message>
    <message>
        <source>Filter by name, group, address, state…</source>
        <translation>按名称、分组、地址、状态筛选…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Start tunnels marked “start automatically” when TunnelGUI opens</source>
        <translation>TunnelGUI 打开时启动标记为“自动启动”的隧道</translation>
    </message>
    <message>
        <source>Closing the window keeps tunnels running in the system tray</source>
        <translation>关闭窗口后隧道继续在系统托盘中运行</translation>
    </message>
    <message>
        <source>Start hidden in the system tray</source>
        <translation>启动时隐藏到系统托盘</translation>
    </message>
    <message>
        <source>Notify when a tunnel fails or its target goes down or comes back</source>
        <translation>隧道失败、目标不可达或恢复时发出通知</translation>
    </message>
    <message>
        <source>Start TunnelGUI in the system tray when I log in</source>
        <translation>登录时在系统托盘中启动 TunnelGUI</translation>
    </message>
    <message>
        <source>This desktop has no system tray: closing the window quits TunnelGUI, and “start minimized” starts it as a minimized window.</source>
        <translation>此桌面没有系统托盘：关闭窗口会退出 TunnelGUI，“启动时最小化”会以最小化窗口启动。</translation>
    </message>
    <message>
        <source>No system tray</source>
        <translation>没有系统托盘</translation>
    </message>
    <message>
        <source>OK or cancel</source>
        <translation>确定或取消</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>TunnelGUI will use this language after a restart.</source>
        <translation>TunnelGUI 将在重新启动后使用此语言。</translation>
    </message>
    <message>
        <source>Language after restart</source>
        <translation>重新启动后的语言</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
</context>
<context>
    <name>StatusSummary</name>
    <message numerus="yes">
        <source>{0} of %n tunnel(s) running</source>
        <translation>
            <numerusform>{0}/%n 个隧道正在运行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n target(s) unreachable</source>
        <translation>
            <numerusform>%n 个目标不可达</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} waiting for a network address</source>
        <translation>{0} 个正在等待网络地址</translation>
    </message>
    <message>
        <source>{0} failed</source>
        <translation>{0} 个失败</translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n 个连接</numerusform>
        </translation>
    </message>
    <message>
        <source>Status summary</source>
        <translation>状态摘要</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message>
        <source>TunnelGUI is still running</source>
        <translation>TunnelGUI 仍在运行</translation>
    </message>
    <message>
        <source>Closing the window keeps your tunnels running. Click the tray icon to open the window again; choose Quit in its menu to stop all tunnels and exit.</source>
        <translation>关闭窗口后，您的隧道会继续运行。单击托盘图标可重新打开窗口；在其菜单中选择“退出”可停止所有隧道并退出。</translation>
    </message>
    <message>
        <source>this desktop has no system tray; starting with the window minimized instead.</source>
        <translation>此桌面没有系统托盘；改为以最小化窗口启动。</translation>
    </message>
</context>
<context>
    <name>TrayMenu</name>
    <message>
        <source>{0} — failed</source>
        <translation>{0} — 失败</translation>
    </message>
    <message>
        <source>{0} — starting…</source>
        <translation>{0} — 正在启动…</translation>
    </message>
    <message>
        <source>{0} — stopping…</source>
        <translation>{0} — 正在停止…</translation>
    </message>
    <message>
        <source>{0} — target unreachable</source>
        <translation>{0} — 目标不可达</translation>
    </message>
    <message>
        <source>{0} ({1}/{2} running)</source>
        <translation>{0}（{1}/{2} 运行中）</translation>
    </message>
    <message>
        <source>TunnelGUI tray menu</source>
        <translation>TunnelGUI 托盘菜单</translation>
    </message>
    <message>
        <source>No tunnels yet — add one in the window</source>
        <translation>还没有隧道 — 请在窗口中添加</translation>
    </message>
    <message>
        <source>Start all</source>
        <translation>全部启动</translation>
    </message>
    <message>
        <source>Stop all</source>
        <translation>全部停止</translation>
    </message>
    <message>
        <source>Restart all running</source>
        <translation>重启所有运行中的隧道</translation>
    </message>
    <message>
        <source>Check targets now</source>
        <translation>立即检查目标</translation>
    </message>
    <message>
        <source>Hide window</source>
        <translation>隐藏窗口</translation>
    </message>
    <message>
        <source>Show window</source>
        <translation>显示窗口</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Group {0}</source>
        <translation>分组 {0}</translation>
    </message>
    <message>
        <source>Start group</source>
        <translation>启动分组</translation>
    </message>
    <message>
        <source>Stop group</source>
        <translation>停止分组</translation>
    </message>
</context>
<context>
    <name>TraySummary</name>
    <message>
        <source>No tunnels yet</source>
        <translation>还没有隧道</translation>
    </message>
    <message numerus="yes">
        <source>{0} of %n tunnel(s) running</source>
        <translation>
            <numerusform>{0}/%n 个隧道正在运行</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} failed</source>
        <translation>{0} 个失败</translation>
    </message>
    <message numerus="yes">
        <source>%n target(s) unreachable</source>
        <translation>
            <numerusform>%n 个目标不可达</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting for their network address</source>
        <translation>
            <numerusform>%n 个正在等待其网络地址</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TunnelController</name>
    <message>
        <source>The profile is no longer saved (another program may have removed it)</source>
        <translation>该配置已不在保存的文件中（可能已被其他程序删除）</translation>
    </message>
</context>
<context>
    <name>TunnelNotifier</name>
    <message>
        <source>{0} failed: {1}</source>
        <translation>{0} 失败：{1}</translation>
    </message>
    <message>
        <source>{0} failed.</source>
        <translation>{0} 失败。</translation>
    </message>
    <message>
        <source>{0}: target {1} is unreachable ({2}).</source>
        <translation>{0}：目标 {1} 不可达（{2}）。</translation>
    </message>
    <message>
        <source>{0}: target {1} is unreachable.</source>
        <translation>{0}：目标 {1} 不可达。</translation>
    </message>
    <message>
        <source>{0}: target {1} is reachable again.</source>
        <translation>{0}：目标 {1} 已恢复可达。</translation>
    </message>
    <message>
        <source>{0}: tunnel problem</source>
        <translation>{0}：隧道出现问题</translation>
    </message>
    <message numerus="yes">
        <source>…and %n more; see the window for details.</source>
        <translation>
            <numerusform>…还有 %n 条；详情请查看窗口。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: %n tunnel change(s)</source>
        <translation>
            <numerusform>{0}：%n 个隧道状态变化</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TunnelTableView</name>
    <message>
        <source>Tunnels</source>
        <translation>隧道</translation>
    </message>
</context>
</TS>
