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
    <name>AskpassDialogs</name>
    <message>
        <source>SSH asks</source>
        <translation>SSH 询问</translation>
    </message>
</context>
<context>
    <name>ConditionNumbers</name>
    <message>
        <source>Every byte arrives this much later (± jitter); order is kept.</source>
        <translation>每个字节都晚到这么久（± 抖动）；顺序保持不变。</translation>
    </message>
    <message>
        <source>delay</source>
        <translation>延迟</translation>
    </message>
    <message>
        <source>± jitter</source>
        <translation>± 抖动</translation>
    </message>
    <message>
        <source>At most this many bytes per second.</source>
        <translation>每秒最多这么多字节。</translation>
    </message>
    <message>
        <source>rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <source>Writes are cut into small pieces with a pause between them.</source>
        <translation>写入被切成小块，块与块之间有停顿。</translation>
    </message>
    <message>
        <source>piece</source>
        <translation>块大小</translation>
    </message>
    <message>
        <source>± size</source>
        <translation>± 大小</translation>
    </message>
    <message>
        <source>pause</source>
        <translation>停顿</translation>
    </message>
    <message>
        <source>No byte moves for a while (or until switched off); then everything flows on.</source>
        <translation>一段时间内（或直到关闭）没有任何字节流动；之后一切照常流动。</translation>
    </message>
    <message>
        <source>for</source>
        <translation>持续</translation>
    </message>
    <message>
        <source>The connection is reset (like a dropped link) after so many bytes or seconds.</source>
        <translation>传输这么多字节或经过这么多秒后，连接被重置（如同链路中断）。</translation>
    </message>
    <message>
        <source>byte count</source>
        <translation>字节数</translation>
    </message>
    <message>
        <source>or time</source>
        <translation>或时间</translation>
    </message>
    <message>
        <source>Exactly this many bytes are delivered, then the stream ends: a truncated response.</source>
        <translation>恰好传送这么多字节后数据流结束：一个被截断的响应。</translation>
    </message>
    <message>
        <source>The end of the stream is passed on this much later.</source>
        <translation>数据流的结束推迟这么久才传递。</translation>
    </message>
    <message>
        <source>by</source>
        <translation>推迟</translation>
    </message>
    <message>
        <source>share of connections</source>
        <translation>连接占比</translation>
    </message>
    <message>
        <source>both ways</source>
        <translation>双向</translation>
    </message>
    <message>
        <source>to target ↑</source>
        <translation>发往目标 ↑</translation>
    </message>
    <message>
        <source>to client ↓</source>
        <translation>发往客户端 ↓</translation>
    </message>
    <message>
        <source>{0}: enter a number ({1}).</source>
        <translation>{0}：请输入一个数字（{1}）。</translation>
    </message>
    <message>
        <source>{0}: “{1}” is not a number ({2}).</source>
        <translation>{0}：“{1}”不是数字（{2}）。</translation>
    </message>
    <message>
        <source>{0}: “{1}” is not a number.</source>
        <translation>{0}：“{1}”不是数字。</translation>
    </message>
    <message>
        <source>{0} cannot be negative.</source>
        <translation>{0}不能为负数。</translation>
    </message>
    <message>
        <source>{0}: give a percentage, e.g. 50 %.</source>
        <translation>{0}：请输入百分比，例如 50 %。</translation>
    </message>
    <message>
        <source>{0}: unknown unit “{1}”; use {2}.</source>
        <translation>{0}：未知单位“{1}”；请使用 {2}。</translation>
    </message>
    <message>
        <source>{0}: {1} is finer than a microsecond (0.001 ms).</source>
        <translation>{0}：{1} 比一微秒（0.001 ms）还精细。</translation>
    </message>
    <message>
        <source>{0}: {1} {2} is {3} bytes/s; give a whole number of bytes.</source>
        <translation>{0}：{1} {2} 等于 {3} 字节/秒；请给出整数字节。</translation>
    </message>
    <message>
        <source>{0}: {1} {2} is {3} bytes; give a whole number of bytes.</source>
        <translation>{0}：{1} {2} 等于 {3} 字节；请给出整数字节。</translation>
    </message>
    <message>
        <source>{0} must be at least {1}.</source>
        <translation>{0}至少为 {1}。</translation>
    </message>
    <message>
        <source>{0} can be at most {1}, not {2} {3}.</source>
        <translation>{0}最多为 {1}，不能是 {2} {3}。</translation>
    </message>
    <message>
        <source>e.g. 50 %</source>
        <translation>例如 50 %</translation>
    </message>
    <message>
        <source>e.g. {0}</source>
        <translation>例如 {0}</translation>
    </message>
</context>
<context>
    <name>ConditionRow</name>
    <message>
        <source>{0}
Switch it off to let traffic pass unchanged.</source>
        <translation>{0}
关闭它即可让流量原样通过。</translation>
    </message>
    <message>
        <source>Which bytes it shapes: those going to the target (the client&apos;s requests), those coming back to the client (the answers), or both.</source>
        <translation>它作用于哪些字节：发往目标的（客户端的请求）、返回客户端的（应答），或两者都有。</translation>
    </message>
    <message>
        <source>The share of connections it applies to.</source>
        <translation>它作用于的连接比例。</translation>
    </message>
    <message>
        <source>The share of connections it applies to (each new connection draws once).</source>
        <translation>它作用于的连接比例（每个新连接抽取一次）。</translation>
    </message>
    <message>
        <source>Remove this condition</source>
        <translation>移除此条件</translation>
    </message>
    <message>
        <source>applies</source>
        <translation>作用于</translation>
    </message>
    <message>
        <source>of connections</source>
        <translation>的连接</translation>
    </message>
    <message>
        <source>Condition {0}: {1}</source>
        <translation>条件 {0}：{1}</translation>
    </message>
    <message>
        <source>{0} on</source>
        <translation>{0}开启</translation>
    </message>
    <message>
        <source>{0} {1}</source>
        <translation>{0}{1}</translation>
    </message>
    <message>
        <source>{0} direction</source>
        <translation>{0}方向</translation>
    </message>
    <message>
        <source>{0} share</source>
        <translation>{0}占比</translation>
    </message>
    <message>
        <source>Remove {0}</source>
        <translation>移除{0}</translation>
    </message>
    <message>
        <source>Problem with {0}</source>
        <translation>{0}有问题</translation>
    </message>
</context>
<context>
    <name>ConditionsEditor</name>
    <message>
        <source>Network conditions</source>
        <translation>网络条件</translation>
    </message>
    <message>
        <source>Add condition</source>
        <translation>添加条件</translation>
    </message>
    <message>
        <source>Add condition menu</source>
        <translation>添加条件菜单</translation>
    </message>
    <message>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>Replace the list with a typical network&apos;s conditions</source>
        <translation>用典型网络的条件替换此列表</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Bring back the list as it was before the last preset or removal</source>
        <translation>恢复到上次应用预设或移除之前的列表</translation>
    </message>
    <message>
        <source>Conditions summary</source>
        <translation>条件摘要</translation>
    </message>
    <message>
        <source>No conditions</source>
        <translation>没有条件</translation>
    </message>
    <message>
        <source>No conditions: traffic passes as it is. Add one, or pick a preset to try the tunnel as a slow or flaky network would treat it.</source>
        <translation>没有条件：流量原样通过。添加一个条件，或选择一个预设，看看隧道在缓慢或不稳定的网络中表现如何。</translation>
    </message>
    <message>
        <source>Conditions ✖</source>
        <translation>条件 ✖</translation>
    </message>
    <message>
        <source>Conditions ({0} on)</source>
        <translation>条件（{0} 个开启）</translation>
    </message>
    <message>
        <source>Conditions</source>
        <translation>条件</translation>
    </message>
    <message>
        <source>Fix what is marked red; nothing changes until then.</source>
        <translation>请修正标红的内容；在此之前不会有任何改变。</translation>
    </message>
    <message>
        <source>All switched off: traffic passes as it is.</source>
        <translation>全部已关闭：流量原样通过。</translation>
    </message>
    <message>
        <source>{0} of {1} switched on.</source>
        <translation>{1} 个中有 {0} 个已开启。</translation>
    </message>
    <message>
        <source>Press Enter to apply.</source>
        <translation>按回车键应用。</translation>
    </message>
</context>
<context>
    <name>ConditionsTab</name>
    <message>
        <source>Network conditions of the selected tunnel</source>
        <translation>所选隧道的网络条件</translation>
    </message>
    <message>
        <source>Conditions state</source>
        <translation>条件状态</translation>
    </message>
    <message>
        <source>✖ Not saved and not applied: {0}</source>
        <translation>✖ 未保存，也未应用：{0}</translation>
    </message>
    <message>
        <source>Conditions cannot be changed: {0}</source>
        <translation>无法更改条件：{0}</translation>
    </message>
    <message>
        <source>∿ Shaping this tunnel&apos;s traffic now; changes apply at once to its open connections and are saved with the profile.</source>
        <translation>∿ 正在对此隧道的流量进行整形；更改会立即作用于已打开的连接，并随配置一起保存。</translation>
    </message>
    <message>
        <source>Traffic passes as it is. Conditions switched on apply at once.</source>
        <translation>流量原样通过。开启的条件会立即生效。</translation>
    </message>
    <message>
        <source>Not running: the conditions apply when the tunnel starts.</source>
        <translation>未运行：条件将在隧道启动时生效。</translation>
    </message>
</context>
<context>
    <name>ConnectionsModel</name>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <source>closing</source>
        <translation>正在关闭</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>To target</source>
        <translation>发往目标</translation>
    </message>
    <message>
        <source>To client</source>
        <translation>发往客户端</translation>
    </message>
    <message>
        <source>{0}, connection #{1}, {2}
{3:,} bytes to target, {4:,} to client</source>
        <translation>{0}，连接 #{1}，{2}
发往目标 {3:,} 字节，发往客户端 {4:,} 字节</translation>
    </message>
</context>
<context>
    <name>ConnectionsView</name>
    <message>
        <source>Open connections</source>
        <translation>已打开的连接</translation>
    </message>
</context>
<context>
    <name>DeleteProfilesFlow</name>
    <message>
        <source>Delete the tunnel “{0}”?</source>
        <translation>删除隧道“{0}”？</translation>
    </message>
    <message>
        <source>Delete {0} tunnels?</source>
        <translation>删除 {0} 个隧道？</translation>
    </message>
    <message>
        <source>Running tunnels are stopped first. </source>
        <translation>正在运行的隧道会先被停止。</translation>
    </message>
    <message>
        <source>This cannot be undone; export them first to keep a copy.</source>
        <translation>此操作无法撤销；如需保留副本，请先导出。</translation>
    </message>
    <message>
        <source>Delete tunnels</source>
        <translation>删除隧道</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Could not delete</source>
        <translation>无法删除</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <source>Tunnel details</source>
        <translation>隧道详情</translation>
    </message>
    <message>
        <source>Selected tunnel</source>
        <translation>所选隧道</translation>
    </message>
    <message>
        <source>Selected tunnel summary</source>
        <translation>所选隧道摘要</translation>
    </message>
    <message>
        <source>Connections shown</source>
        <translation>显示的连接</translation>
    </message>
    <message>
        <source>Drop connection</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <source>Close the selected connections at once</source>
        <translation>立即关闭所选连接</translation>
    </message>
    <message>
        <source>Tunnel details tabs</source>
        <translation>隧道详情标签页</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>No tunnel selected</source>
        <translation>未选择隧道</translation>
    </message>
    <message>
        <source>Select a tunnel to see its traffic, connections and events.</source>
        <translation>选择一个隧道以查看其流量、连接和事件。</translation>
    </message>
    <message>
        <source>No traffic yet</source>
        <translation>暂无流量</translation>
    </message>
    <message>
        <source>Not running – start it to see traffic</source>
        <translation>未运行 – 启动后即可查看流量</translation>
    </message>
    <message>
        <source>Not running.</source>
        <translation>未运行。</translation>
    </message>
    <message>
        <source>No open connections.</source>
        <translation>没有已打开的连接。</translation>
    </message>
    <message>
        <source>Showing the {0} oldest of {1} open connections.</source>
        <translation>显示 {1} 个已打开连接中最早的 {0} 个。</translation>
    </message>
    <message>
        <source>1 open connection.</source>
        <translation>1 个已打开的连接。</translation>
    </message>
    <message>
        <source>{0} open connections.</source>
        <translation>{0} 个已打开的连接。</translation>
    </message>
    <message>
        <source>Since start: 1 connection</source>
        <translation>启动以来：1 个连接</translation>
    </message>
    <message>
        <source>Since start: {0} connections</source>
        <translation>启动以来：{0} 个连接</translation>
    </message>
    <message>
        <source>{0}, {1} {2} {3}, {4} {5} {6}</source>
        <translation>{0}，{1} {3} {2}，{4} {6} {5}</translation>
    </message>
    <message>
        <source>, {0} discarded on reset</source>
        <translation>，重置时丢弃 {0}</translation>
    </message>
    <message>
        <source>, {0} failed, {1} rejected</source>
        <translation>，{0} 个失败，{1} 个被拒绝</translation>
    </message>
    <message>
        <source>.</source>
        <translation>。</translation>
    </message>
</context>
<context>
    <name>DuplicateProfileFlow</name>
    <message>
        <source>Could not duplicate</source>
        <translation>无法复制</translation>
    </message>
</context>
<context>
    <name>EditProfileFlow</name>
    <message>
        <source>Profile not saved</source>
        <translation>配置未保存</translation>
    </message>
    <message>
        <source>The profile was not saved:</source>
        <translation>配置未保存：</translation>
    </message>
    <message>
        <source>Saved “{0}”.</source>
        <translation>已保存“{0}”。</translation>
    </message>
    <message>
        <source>Saved “{0}”; the change applies when it next starts.</source>
        <translation>已保存“{0}”；更改将在其下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>Something went wrong inside TunnelGUI. Your tunnels keep running and your profiles are safe.</source>
        <translation>TunnelGUI 内部出了点问题。您的隧道仍在运行，配置也安然无恙。</translation>
    </message>
    <message>
        <source>The details were written to the log.</source>
        <translation>详细信息已写入日志。</translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <source>started</source>
        <translation>已启动</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>target failed</source>
        <translation>目标连接失败</translation>
    </message>
    <message>
        <source>target down</source>
        <translation>目标不可达</translation>
    </message>
    <message>
        <source>target up</source>
        <translation>目标可达</translation>
    </message>
    <message>
        <source>target moved</source>
        <translation>目标地址已变</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>EventLogView</name>
    <message>
        <source>Tunnel event log</source>
        <translation>隧道事件日志</translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <source>Export the only profile</source>
        <translation>导出唯一的配置</translation>
    </message>
    <message>
        <source>Export all {0} profiles</source>
        <translation>导出全部 {0} 个配置</translation>
    </message>
    <message>
        <source>Export the selected profile</source>
        <translation>导出所选配置</translation>
    </message>
    <message>
        <source>Export {0} selected profiles</source>
        <translation>导出所选的 {0} 个配置</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>Exported 1 profile to {1}.</source>
        <translation>已将 1 个配置导出到 {1}。</translation>
    </message>
    <message>
        <source>Exported all {0} profiles to {1}.</source>
        <translation>已将全部 {0} 个配置导出到 {1}。</translation>
    </message>
    <message>
        <source>Exported 1 selected profile to {1}.</source>
        <translation>已将所选的 1 个配置导出到 {1}。</translation>
    </message>
    <message>
        <source>Exported {0} selected profiles to {1}.</source>
        <translation>已将所选的 {0} 个配置导出到 {1}。</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <source>Profiles and configs (*.json *.conf config ssh_config *.ssh_config)</source>
        <translation>配置与配置文件 (*.json *.conf config ssh_config *.ssh_config)</translation>
    </message>
    <message>
        <source>TunnelGUI profiles (*.json)</source>
        <translation>TunnelGUI 配置 (*.json)</translation>
    </message>
    <message>
        <source>Toxiproxy config (*.json)</source>
        <translation>Toxiproxy 配置文件 (*.json)</translation>
    </message>
    <message>
        <source>rinetd config (*.conf)</source>
        <translation>rinetd 配置文件 (*.conf)</translation>
    </message>
    <message>
        <source>OpenSSH config (config ssh_config *.ssh_config)</source>
        <translation>OpenSSH 配置文件 (config ssh_config *.ssh_config)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Import profiles</source>
        <translation>导入配置</translation>
    </message>
    <message>
        <source>Export profiles</source>
        <translation>导出配置</translation>
    </message>
</context>
<context>
    <name>ImportClashDialog</name>
    <message>
        <source>In the file</source>
        <translation>文件中</translation>
    </message>
    <message>
        <source>Saved profile</source>
        <translation>已保存的配置</translation>
    </message>
    <message>
        <source>What differs</source>
        <translation>差异</translation>
    </message>
    <message>
        <source>Do</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Import clashes</source>
        <translation>导入冲突</translation>
    </message>
    <message>
        <source>Profiles already saved</source>
        <translation>配置已存在</translation>
    </message>
    <message>
        <source>1 profile in “{0}” has the name or id of a saved profile but other settings. Choose what to do with each:</source>
        <translation>“{0}”中有 1 个配置与已保存的配置同名或同 ID，但设置不同。请为每一个选择处理方式：</translation>
    </message>
    <message>
        <source>{1} profiles in “{0}” have the name or id of a saved profile but other settings. Choose what to do with each:</source>
        <translation>“{0}”中有 {1} 个配置与已保存的配置同名或同 ID，但设置不同。请为每一个选择处理方式：</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>“{0}”</source>
        <translation>“{0}”</translation>
    </message>
    <message>
        <source>(Also added, new: {0}.)</source>
        <translation>（同时新增：{0}。）</translation>
    </message>
    <message>
        <source>What clashes</source>
        <translation>冲突内容</translation>
    </message>
    <message>
        <source>Clashes</source>
        <translation>冲突</translation>
    </message>
    <message>
        <source>same id</source>
        <translation>ID 相同</translation>
    </message>
    <message>
        <source>same name</source>
        <translation>名称相同</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>What to do with {0}</source>
        <translation>如何处理 {0}</translation>
    </message>
    <message>
        <source>What the choice changes</source>
        <translation>此选择带来的变化</translation>
    </message>
    <message>
        <source>For all:</source>
        <translation>全部：</translation>
    </message>
    <message>
        <source>&amp;Replace all</source>
        <translation>全部替换(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Keep both for all</source>
        <translation>全部保留两者(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Skip all</source>
        <translation>全部跳过(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Import or cancel</source>
        <translation>导入或取消</translation>
    </message>
    <message>
        <source>“{0}”: {1}</source>
        <translation>“{0}”：{1}</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Nothing was imported; your profiles are unchanged.

{0}</source>
        <translation>未导入任何内容；您的配置保持不变。

{0}</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Import refused</source>
        <translation>导入被拒绝</translation>
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
    <name>Naming</name>
    <message>
        <source>Menu bar</source>
        <translation>菜单栏</translation>
    </message>
    <message>
        <source>{0} menu</source>
        <translation>{0}菜单</translation>
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
    <name>NumberEdit</name>
    <message>
        <source>A bare number is in {0}; other units may be typed.</source>
        <translation>不带单位的数字以 {0} 计；也可输入其他单位。</translation>
    </message>
    <message>
        <source> 0 or empty means {0}.</source>
        <translation>0 或留空表示{0}。</translation>
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
    <name>PortUsage</name>
    <message>
        <source>Port {0} is already in use on {1} by {2}.</source>
        <translation>端口 {0} 在 {1} 上已被 {2} 占用。</translation>
    </message>
    <message>
        <source>Port {0} is already in use on {1} by another program.</source>
        <translation>端口 {0} 在 {1} 上已被另一个程序占用。</translation>
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
    <name>RestartQuestion</name>
    <message>
        <source>Saving restarts “{0}”: its 1 open connection will be closed.</source>
        <translation>保存会重启“{0}”：它的 1 个已打开连接将被关闭。</translation>
    </message>
    <message>
        <source>Saving restarts “{0}”: its {1} open connections will be closed.</source>
        <translation>保存会重启“{0}”：它的 {1} 个已打开连接将被关闭。</translation>
    </message>
    <message>
        <source>Restart the tunnel?</source>
        <translation>重启隧道？</translation>
    </message>
    <message>
        <source>Or save now and apply the change when the tunnel next starts; until then it keeps running with its old settings.</source>
        <translation>或者现在保存，在隧道下次启动时再应用更改；在此之前它将继续以旧设置运行。</translation>
    </message>
    <message>
        <source>&amp;Restart now</source>
        <translation>立即重启(&amp;R)</translation>
    </message>
    <message>
        <source>Apply at &amp;next start</source>
        <translation>下次启动时应用(&amp;N)</translation>
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
        <source>Colours</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Colours:</source>
        <translation>颜色(&amp;C):</translation>
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
    <name>Shaping</name>
    <message>
        <source>shaped</source>
        <translation>已整形</translation>
    </message>
    <message>
        <source>Shaped by network conditions:</source>
        <translation>已按网络条件整形：</translation>
    </message>
    <message>
        <source>∿ {0} is shaped (network conditions on)</source>
        <translation>∿ {0} 已整形（网络条件已开启）</translation>
    </message>
    <message>
        <source>∿ {0} tunnels shaped (network conditions on)</source>
        <translation>∿ {0} 个隧道已整形（网络条件已开启）</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <source>Another TunnelGUI is running for the config folder {0} but does not respond. Quit it, or if no TunnelGUI is running, delete {1} and try again.</source>
        <translation>另一个 TunnelGUI 正在使用配置文件夹 {0} 运行，但没有响应。请退出它；如果没有 TunnelGUI 在运行，请删除 {1} 后重试。</translation>
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
    <name>TrafficChart</name>
    <message>
        <source>Traffic chart</source>
        <translation>流量图</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>{0} {1} {2}, {3} {4} {5}</source>
        <translation>{0} {1} {2}，{3} {4} {5}</translation>
    </message>
    <message>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>-{0} min</source>
        <translation>-{0} 分钟</translation>
    </message>
    <message>
        <source>-{0} s</source>
        <translation>-{0} 秒</translation>
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
    <name>TunnelMarks</name>
    <message>
        <source>Reachable from other machines</source>
        <translation>可从其他机器访问</translation>
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
