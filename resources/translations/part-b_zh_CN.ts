<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AskpassDialogs</name>
    <message>
        <location filename="../../tunnelgui/ui/askpass_dialog.py" line="62"/>
        <location filename="../../tunnelgui/ui/askpass_dialog.py" line="63"/>
        <source>SSH asks</source>
        <translation>SSH 询问</translation>
    </message>
</context>
<context>
    <name>ConditionNumbers</name>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="90"/>
        <source>Every byte arrives this much later (± jitter); order is kept.</source>
        <translation>每个字节都晚到这么久（± 抖动）；顺序保持不变。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="95"/>
        <source>delay</source>
        <translation>延迟</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="96"/>
        <source>± jitter</source>
        <translation>± 抖动</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="100"/>
        <source>At most this many bytes per second.</source>
        <translation>每秒最多这么多字节。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="102"/>
        <source>rate</source>
        <translation>速率</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="105"/>
        <source>Writes are cut into small pieces with a pause between them.</source>
        <translation>写入被切成小块，块与块之间有停顿。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="110"/>
        <source>piece</source>
        <translation>块大小</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="111"/>
        <source>± size</source>
        <translation>± 大小</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="112"/>
        <source>pause</source>
        <translation>停顿</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="116"/>
        <source>No byte moves for a while (or until switched off); then everything flows on.</source>
        <translation>一段时间内（或直到关闭）没有任何字节流动；之后一切照常流动。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="121"/>
        <source>for</source>
        <translation>持续</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="124"/>
        <source>The connection is reset (like a dropped link) after so many bytes or seconds.</source>
        <translation>传输这么多字节或经过这么多秒后，连接被重置（如同链路中断）。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="130"/>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="140"/>
        <source>byte count</source>
        <translation>字节数</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="131"/>
        <source>or time</source>
        <translation>或时间</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="135"/>
        <source>Exactly this many bytes are delivered, then the stream ends: a truncated response.</source>
        <translation>恰好传送这么多字节后数据流结束：一个被截断的响应。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="143"/>
        <source>The end of the stream is passed on this much later.</source>
        <translation>数据流的结束推迟这么久才传递。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="147"/>
        <source>by</source>
        <translation>推迟</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="190"/>
        <source>share of connections</source>
        <translation>连接占比</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="197"/>
        <source>both ways</source>
        <translation>双向</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="198"/>
        <source>to target ↑</source>
        <translation>发往目标 ↑</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="199"/>
        <source>to client ↓</source>
        <translation>发往客户端 ↓</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="251"/>
        <source>{0}: enter a number ({1}).</source>
        <translation>{0}：请输入一个数字（{1}）。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="255"/>
        <source>{0}: “{1}” is not a number ({2}).</source>
        <translation>{0}：“{1}”不是数字（{2}）。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="263"/>
        <source>{0}: “{1}” is not a number.</source>
        <translation>{0}：“{1}”不是数字。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="268"/>
        <source>{0} cannot be negative.</source>
        <translation>{0}不能为负数。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="272"/>
        <source>{0}: give a percentage, e.g. 50 %.</source>
        <translation>{0}：请输入百分比，例如 50 %。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="281"/>
        <source>{0}: unknown unit “{1}”; use {2}.</source>
        <translation>{0}：未知单位“{1}”；请使用 {2}。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="288"/>
        <source>{0}: {1} is finer than a microsecond (0.001 ms).</source>
        <translation>{0}：{1} 比一微秒（0.001 ms）还精细。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="295"/>
        <source>{0}: {1} {2} is {3} bytes/s; give a whole number of bytes.</source>
        <translation>{0}：{1} {2} 等于 {3} 字节/秒；请给出整数字节。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="299"/>
        <source>{0}: {1} {2} is {3} bytes; give a whole number of bytes.</source>
        <translation>{0}：{1} {2} 等于 {3} 字节；请给出整数字节。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="311"/>
        <source>{0} must be at least {1}.</source>
        <translation>{0}至少为 {1}。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="315"/>
        <source>{0} can be at most {1}, not {2} {3}.</source>
        <translation>{0}最多为 {1}，不能是 {2} {3}。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="326"/>
        <source>e.g. 50 %</source>
        <translation>例如 50 %</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_numbers.py" line="328"/>
        <source>e.g. {0}</source>
        <translation>例如 {0}</translation>
    </message>
</context>
<context>
    <name>ConditionRow</name>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="95"/>
        <source>{0}
Switch it off to let traffic pass unchanged.</source>
        <translation>{0}
关闭它即可让流量原样通过。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="123"/>
        <source>Which bytes it shapes: those going to the target (the client&apos;s requests), those coming back to the client (the answers), or both.</source>
        <translation>它作用于哪些字节：发往目标的（客户端的请求）、返回客户端的（应答），或两者都有。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="128"/>
        <source>The share of connections it applies to.</source>
        <translation>它作用于的连接比例。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="132"/>
        <source>The share of connections it applies to (each new connection draws once).</source>
        <translation>它作用于的连接比例（每个新连接抽取一次）。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="138"/>
        <source>Remove this condition</source>
        <translation>移除此条件</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="145"/>
        <source>applies</source>
        <translation>作用于</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="148"/>
        <source>of connections</source>
        <translation>的连接</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="176"/>
        <source>Condition {0}: {1}</source>
        <translation>条件 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="177"/>
        <source>{0} on</source>
        <translation>{0}开启</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="182"/>
        <source>{0} {1}</source>
        <translation>{0}{1}</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="187"/>
        <source>{0} direction</source>
        <translation>{0}方向</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="190"/>
        <source>{0} share</source>
        <translation>{0}占比</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="192"/>
        <source>Remove {0}</source>
        <translation>移除{0}</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="193"/>
        <source>Problem with {0}</source>
        <translation>{0}有问题</translation>
    </message>
</context>
<context>
    <name>ConditionsEditor</name>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="64"/>
        <source>Network conditions</source>
        <translation>网络条件</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="69"/>
        <source>Add condition</source>
        <translation>添加条件</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="74"/>
        <source>Add condition menu</source>
        <translation>添加条件菜单</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="85"/>
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="89"/>
        <source>Replace the list with a typical network&apos;s conditions</source>
        <translation>用典型网络的条件替换此列表</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="100"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="103"/>
        <source>Bring back the list as it was before the last preset or removal</source>
        <translation>恢复到上次应用预设或移除之前的列表</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="107"/>
        <source>Conditions summary</source>
        <translation>条件摘要</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="109"/>
        <source>No conditions</source>
        <translation>没有条件</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="112"/>
        <source>No conditions: traffic passes as it is. Add one, or pick a preset to try the tunnel as a slow or flaky network would treat it.</source>
        <translation>没有条件：流量原样通过。添加一个条件，或选择一个预设，看看隧道在缓慢或不稳定的网络中表现如何。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="197"/>
        <source>Conditions ✖</source>
        <translation>条件 ✖</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="199"/>
        <source>Conditions ({0} on)</source>
        <translation>条件（{0} 个开启）</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="199"/>
        <source>Conditions</source>
        <translation>条件</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="234"/>
        <source>Fix what is marked red; nothing changes until then.</source>
        <translation>请修正标红的内容；在此之前不会有任何改变。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="244"/>
        <source>All switched off: traffic passes as it is.</source>
        <translation>全部已关闭：流量原样通过。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="246"/>
        <source>{0} of {1} switched on.</source>
        <translation>{1} 个中有 {0} 个已开启。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_editor.py" line="249"/>
        <source>Press Enter to apply.</source>
        <translation>按回车键应用。</translation>
    </message>
</context>
<context>
    <name>ConditionsTab</name>
    <message>
        <location filename="../../tunnelgui/ui/conditions_tab.py" line="31"/>
        <source>Network conditions of the selected tunnel</source>
        <translation>所选隧道的网络条件</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_tab.py" line="36"/>
        <source>Conditions state</source>
        <translation>条件状态</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_tab.py" line="98"/>
        <source>✖ Not saved and not applied: {0}</source>
        <translation>✖ 未保存，也未应用：{0}</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_tab.py" line="106"/>
        <source>Conditions cannot be changed: {0}</source>
        <translation>无法更改条件：{0}</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_tab.py" line="111"/>
        <source>∿ Shaping this tunnel&apos;s traffic now; changes apply at once to its open connections and are saved with the profile.</source>
        <translation>∿ 正在对此隧道的流量进行整形；更改会立即作用于已打开的连接，并随配置一起保存。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_tab.py" line="117"/>
        <source>Traffic passes as it is. Conditions switched on apply at once.</source>
        <translation>流量原样通过。开启的条件会立即生效。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/conditions_tab.py" line="120"/>
        <source>Not running: the conditions apply when the tunnel starts.</source>
        <translation>未运行：条件将在隧道启动时生效。</translation>
    </message>
</context>
<context>
    <name>ConnectionsModel</name>
    <message>
        <location filename="../../tunnelgui/ui/connections_view.py" line="22"/>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/connections_view.py" line="23"/>
        <source>open</source>
        <translation>已打开</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/connections_view.py" line="24"/>
        <source>closing</source>
        <translation>正在关闭</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/connections_view.py" line="25"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/connections_view.py" line="39"/>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/connections_view.py" line="40"/>
        <source>Age</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/connections_view.py" line="41"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/connections_view.py" line="42"/>
        <source>To target</source>
        <translation>发往目标</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/connections_view.py" line="43"/>
        <source>To client</source>
        <translation>发往客户端</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/connections_view.py" line="114"/>
        <source>{0}, connection #{1}, {2}
{3:,} bytes to target, {4:,} to client</source>
        <translation>{0}，连接 #{1}，{2}
发往目标 {3:,} 字节，发往客户端 {4:,} 字节</translation>
    </message>
</context>
<context>
    <name>ConnectionsView</name>
    <message>
        <location filename="../../tunnelgui/ui/connections_view.py" line="129"/>
        <source>Open connections</source>
        <translation>已打开的连接</translation>
    </message>
</context>
<context>
    <name>DeleteProfilesFlow</name>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="174"/>
        <source>Delete the tunnel “{0}”?</source>
        <translation>删除隧道“{0}”？</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="176"/>
        <source>Delete {0} tunnels?</source>
        <translation>删除 {0} 个隧道？</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="177"/>
        <source>Running tunnels are stopped first. </source>
        <translation>正在运行的隧道会先被停止。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="178"/>
        <source>This cannot be undone; export them first to keep a copy.</source>
        <translation>此操作无法撤销；如需保留副本，请先导出。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="181"/>
        <source>Delete tunnels</source>
        <translation>删除隧道</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="190"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="204"/>
        <source>Could not delete</source>
        <translation>无法删除</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="38"/>
        <source>Tunnel details</source>
        <translation>隧道详情</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="44"/>
        <source>Selected tunnel</source>
        <translation>所选隧道</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="50"/>
        <source>Selected tunnel summary</source>
        <translation>所选隧道摘要</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="57"/>
        <source>Connections shown</source>
        <translation>显示的连接</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="58"/>
        <location filename="../../tunnelgui/ui/details_pane.py" line="60"/>
        <source>Drop connection</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="61"/>
        <source>Close the selected connections at once</source>
        <translation>立即关闭所选连接</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="80"/>
        <source>Tunnel details tabs</source>
        <translation>隧道详情标签页</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="82"/>
        <source>Traffic</source>
        <translation>流量</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="83"/>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="84"/>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="130"/>
        <source>No tunnel selected</source>
        <translation>未选择隧道</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="132"/>
        <source>Select a tunnel to see its traffic, connections and events.</source>
        <translation>选择一个隧道以查看其流量、连接和事件。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="163"/>
        <source>No traffic yet</source>
        <translation>暂无流量</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="165"/>
        <source>Not running – start it to see traffic</source>
        <translation>未运行 – 启动后即可查看流量</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="174"/>
        <source>Not running.</source>
        <translation>未运行。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="176"/>
        <source>No open connections.</source>
        <translation>没有已打开的连接。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="178"/>
        <source>Showing the {0} oldest of {1} open connections.</source>
        <translation>显示 {1} 个已打开连接中最早的 {0} 个。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="180"/>
        <source>1 open connection.</source>
        <translation>1 个已打开的连接。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="182"/>
        <source>{0} open connections.</source>
        <translation>{0} 个已打开的连接。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="187"/>
        <source>Since start: 1 connection</source>
        <translation>启动以来：1 个连接</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="189"/>
        <source>Since start: {0} connections</source>
        <translation>启动以来：{0} 个连接</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="190"/>
        <source>{0}, {1} {2} {3}, {4} {5} {6}</source>
        <translation>{0}，{1} {3} {2}，{4} {6} {5}</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="201"/>
        <source>, {0} discarded on reset</source>
        <translation>，重置时丢弃 {0}</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="203"/>
        <source>, {0} failed, {1} rejected</source>
        <translation>，{0} 个失败，{1} 个被拒绝</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/details_pane.py" line="206"/>
        <source>.</source>
        <translation>。</translation>
    </message>
</context>
<context>
    <name>DuplicateProfileFlow</name>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="153"/>
        <source>Could not duplicate</source>
        <translation>无法复制</translation>
    </message>
</context>
<context>
    <name>EditProfileFlow</name>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="119"/>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="126"/>
        <source>Profile not saved</source>
        <translation>配置未保存</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="120"/>
        <source>The profile was not saved:</source>
        <translation>配置未保存：</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="131"/>
        <source>Saved “{0}”.</source>
        <translation>已保存“{0}”。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="135"/>
        <source>Saved “{0}”; the change applies when it next starts.</source>
        <translation>已保存“{0}”；更改将在其下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../tunnelgui/ui/error_hook.py" line="57"/>
        <source>Something went wrong inside TunnelGUI. Your tunnels keep running and your profiles are safe.</source>
        <translation>TunnelGUI 内部出了点问题。您的隧道仍在运行，配置也安然无恙。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/error_hook.py" line="63"/>
        <source>The details were written to the log.</source>
        <translation>详细信息已写入日志。</translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="20"/>
        <source>started</source>
        <translation>已启动</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="21"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="22"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="23"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="24"/>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="25"/>
        <source>rejected</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="26"/>
        <source>target failed</source>
        <translation>目标连接失败</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="27"/>
        <source>target down</source>
        <translation>目标不可达</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="28"/>
        <source>target up</source>
        <translation>目标可达</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="29"/>
        <source>target moved</source>
        <translation>目标地址已变</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="54"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="55"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="56"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>EventLogView</name>
    <message>
        <location filename="../../tunnelgui/ui/event_log.py" line="112"/>
        <source>Tunnel event log</source>
        <translation>隧道事件日志</translation>
    </message>
</context>
<context>
    <name>ExportFlow</name>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="313"/>
        <source>Export the only profile</source>
        <translation>导出唯一的配置</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="314"/>
        <source>Export all {0} profiles</source>
        <translation>导出全部 {0} 个配置</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="316"/>
        <source>Export the selected profile</source>
        <translation>导出所选配置</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="317"/>
        <source>Export {0} selected profiles</source>
        <translation>导出所选的 {0} 个配置</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="325"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="325"/>
        <source>Could not write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="330"/>
        <source>Exported 1 profile to {1}.</source>
        <translation>已将 1 个配置导出到 {1}。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="332"/>
        <source>Exported all {0} profiles to {1}.</source>
        <translation>已将全部 {0} 个配置导出到 {1}。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="334"/>
        <source>Exported 1 selected profile to {1}.</source>
        <translation>已将所选的 1 个配置导出到 {1}。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="336"/>
        <source>Exported {0} selected profiles to {1}.</source>
        <translation>已将所选的 {0} 个配置导出到 {1}。</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <location filename="../../tunnelgui/ui/file_dialogs.py" line="14"/>
        <source>Profiles and configs (*.json *.conf config ssh_config *.ssh_config)</source>
        <translation>配置与配置文件 (*.json *.conf config ssh_config *.ssh_config)</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/file_dialogs.py" line="17"/>
        <location filename="../../tunnelgui/ui/file_dialogs.py" line="24"/>
        <source>TunnelGUI profiles (*.json)</source>
        <translation>TunnelGUI 配置 (*.json)</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/file_dialogs.py" line="18"/>
        <source>Toxiproxy config (*.json)</source>
        <translation>Toxiproxy 配置文件 (*.json)</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/file_dialogs.py" line="19"/>
        <source>rinetd config (*.conf)</source>
        <translation>rinetd 配置文件 (*.conf)</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/file_dialogs.py" line="20"/>
        <source>OpenSSH config (config ssh_config *.ssh_config)</source>
        <translation>OpenSSH 配置文件 (config ssh_config *.ssh_config)</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/file_dialogs.py" line="21"/>
        <location filename="../../tunnelgui/ui/file_dialogs.py" line="25"/>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/file_dialogs.py" line="57"/>
        <source>Import profiles</source>
        <translation>导入配置</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/file_dialogs.py" line="72"/>
        <source>Export profiles</source>
        <translation>导出配置</translation>
    </message>
</context>
<context>
    <name>ImportClashDialog</name>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="38"/>
        <source>In the file</source>
        <translation>文件中</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="39"/>
        <source>Saved profile</source>
        <translation>已保存的配置</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="40"/>
        <source>What differs</source>
        <translation>差异</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="41"/>
        <source>Do</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="58"/>
        <source>Import clashes</source>
        <translation>导入冲突</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="59"/>
        <source>Profiles already saved</source>
        <translation>配置已存在</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="67"/>
        <source>1 profile in “{0}” has the name or id of a saved profile but other settings. Choose what to do with each:</source>
        <translation>“{0}”中有 1 个配置与已保存的配置同名或同 ID，但设置不同。请为每一个选择处理方式：</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="72"/>
        <source>{1} profiles in “{0}” have the name or id of a saved profile but other settings. Choose what to do with each:</source>
        <translation>“{0}”中有 {1} 个配置与已保存的配置同名或同 ID，但设置不同。请为每一个选择处理方式：</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="80"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="80"/>
        <source>“{0}”</source>
        <translation>“{0}”</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="81"/>
        <source>(Also added, new: {0}.)</source>
        <translation>（同时新增：{0}。）</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="84"/>
        <source>What clashes</source>
        <translation>冲突内容</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="87"/>
        <source>Clashes</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="98"/>
        <source>same id</source>
        <translation>ID 相同</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="98"/>
        <source>same name</source>
        <translation>名称相同</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="100"/>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="104"/>
        <source>What to do with {0}</source>
        <translation>如何处理 {0}</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="118"/>
        <source>What the choice changes</source>
        <translation>此选择带来的变化</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="124"/>
        <source>For all:</source>
        <translation>全部：</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="127"/>
        <source>&amp;Replace all</source>
        <translation>全部替换(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="128"/>
        <source>&amp;Keep both for all</source>
        <translation>全部保留两者(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="129"/>
        <source>&amp;Skip all</source>
        <translation>全部跳过(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="141"/>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="142"/>
        <source>Import or cancel</source>
        <translation>导入或取消</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/import_clash_dialog.py" line="192"/>
        <source>“{0}”: {1}</source>
        <translation>“{0}”：{1}</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="265"/>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="266"/>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="277"/>
        <source>Nothing was imported; your profiles are unchanged.

{0}</source>
        <translation>未导入任何内容；您的配置保持不变。

{0}</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="271"/>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/profile_actions.py" line="276"/>
        <source>Import refused</source>
        <translation>导入被拒绝</translation>
    </message>
</context>
<context>
    <name>Naming</name>
    <message>
        <location filename="../../tunnelgui/ui/naming.py" line="32"/>
        <source>Menu bar</source>
        <translation>菜单栏</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/naming.py" line="40"/>
        <source>{0} menu</source>
        <translation>{0}菜单</translation>
    </message>
</context>
<context>
    <name>NumberEdit</name>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="64"/>
        <source>A bare number is in {0}; other units may be typed.</source>
        <translation>不带单位的数字以 {0} 计；也可输入其他单位。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/condition_row.py" line="65"/>
        <source> 0 or empty means {0}.</source>
        <translation>0 或留空表示{0}。</translation>
    </message>
</context>
<context>
    <name>PortUsage</name>
    <message>
        <location filename="../../tunnelgui/ui/port_usage.py" line="24"/>
        <source>Port {0} is already in use on {1} by {2}.</source>
        <translation>端口 {0} 在 {1} 上已被 {2} 占用。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/port_usage.py" line="28"/>
        <source>Port {0} is already in use on {1} by another program.</source>
        <translation>端口 {0} 在 {1} 上已被另一个程序占用。</translation>
    </message>
</context>
<context>
    <name>RestartQuestion</name>
    <message>
        <location filename="../../tunnelgui/ui/restart_question.py" line="36"/>
        <source>Saving restarts “{0}”: its 1 open connection will be closed.</source>
        <translation>保存会重启“{0}”：它的 1 个已打开连接将被关闭。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/restart_question.py" line="39"/>
        <source>Saving restarts “{0}”: its {1} open connections will be closed.</source>
        <translation>保存会重启“{0}”：它的 {1} 个已打开连接将被关闭。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/restart_question.py" line="41"/>
        <source>Restart the tunnel?</source>
        <translation>重启隧道？</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/restart_question.py" line="53"/>
        <source>Or save now and apply the change when the tunnel next starts; until then it keeps running with its old settings.</source>
        <translation>或者现在保存，在隧道下次启动时再应用更改；在此之前它将继续以旧设置运行。</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/restart_question.py" line="57"/>
        <source>&amp;Restart now</source>
        <translation>立即重启(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/restart_question.py" line="60"/>
        <source>Apply at &amp;next start</source>
        <translation>下次启动时应用(&amp;N)</translation>
    </message>
</context>
<context>
    <name>Shaping</name>
    <message>
        <location filename="../../tunnelgui/ui/shaping.py" line="18"/>
        <source>shaped</source>
        <translation>已整形</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/shaping.py" line="42"/>
        <source>Shaped by network conditions:</source>
        <translation>已按网络条件整形：</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/shaping.py" line="58"/>
        <source>∿ {0} is shaped (network conditions on)</source>
        <translation>∿ {0} 已整形（网络条件已开启）</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/shaping.py" line="60"/>
        <source>∿ {0} tunnels shaped (network conditions on)</source>
        <translation>∿ {0} 个隧道已整形（网络条件已开启）</translation>
    </message>
</context>
<context>
    <name>SingleInstance</name>
    <message>
        <location filename="../../tunnelgui/ui/single_instance.py" line="153"/>
        <source>Another TunnelGUI is running for the config folder {0} but does not respond. Quit it, or if no TunnelGUI is running, delete {1} and try again.</source>
        <translation>另一个 TunnelGUI 正在使用配置文件夹 {0} 运行，但没有响应。请退出它；如果没有 TunnelGUI 在运行，请删除 {1} 后重试。</translation>
    </message>
</context>
<context>
    <name>TrafficChart</name>
    <message>
        <location filename="../../tunnelgui/ui/traffic_chart.py" line="32"/>
        <source>Traffic chart</source>
        <translation>流量图</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/traffic_chart.py" line="36"/>
        <source>Not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/traffic_chart.py" line="82"/>
        <source>{0} {1} {2}, {3} {4} {5}</source>
        <translation>{0} {1} {2}，{3} {4} {5}</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/traffic_chart.py" line="144"/>
        <source>now</source>
        <translation>现在</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/traffic_chart.py" line="232"/>
        <source>-{0} min</source>
        <translation>-{0} 分钟</translation>
    </message>
    <message>
        <location filename="../../tunnelgui/ui/traffic_chart.py" line="233"/>
        <source>-{0} s</source>
        <translation>-{0} 秒</translation>
    </message>
</context>
<context>
    <name>TunnelMarks</name>
    <message>
        <location filename="../../tunnelgui/ui/tunnel_marks.py" line="23"/>
        <source>Reachable from other machines</source>
        <translation>可从其他机器访问</translation>
    </message>
</context>
</TS>
