# ruff: noqa: RUF001 (Chinese text has full-width punctuation)
"""The second half of the window in Simplified Chinese: the details pane (a real running tunnel
through the real worker and engine), the conditions editor, the import clash dialog, the
restart question and the small sentences (port in use, file dialogs, shaped, reachable).

The catalog is built here from resources/translations/tunnelgui_zh_CN.ts with pyside6-lrelease,
installed for the test and removed afterwards, so every other test stays in English. Text that
comes from lower floors (tunnel states, profile and condition wording, engine messages) is
gettext's (tunnelgui.i18n) and is subtracted before looking for English left over.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from tests.ui.loopback import free_port
from tunnelgui import wording
from tunnelgui.engine.conditions import Bandwidth, Condition, Direction, Latency, Stall
from tunnelgui.profiles import condition_fields
from tunnelgui.profiles.condition_presets import PRESETS
from tunnelgui.profiles.condition_text import describe_condition, describe_conditions
from tunnelgui.profiles.import_clashes import CHOICE_LABELS, CHOICES, find_clashes, plan_choices
from tunnelgui.profiles.import_clashes import preview as clash_preview
from tunnelgui.profiles.model import Profile
from tunnelgui.tunnel_status import TunnelState

ROOT = Path(__file__).resolve().parents[2]
TS_FILE = ROOT / "resources" / "translations" / "tunnelgui_zh_CN.ts"
# The ui files part B translates (part A has the window, editor, tray and settings).
PART_B_FILES = tuple(
    f"tunnelgui/ui/{name}.py"
    for name in (
        *("details_pane", "connections_view", "event_log", "traffic_chart", "conditions_tab"),
        *("conditions_editor", "condition_row", "condition_numbers", "shaping", "tunnel_marks"),
        *("status_icons", "import_clash_dialog", "restart_question", "profile_actions"),
        *("file_dialogs", "askpass_dialog", "port_usage", "single_instance", "error_hook"),
        *("naming", "network_watch", "profiles_watch", "column_fit", "list_table_model", "icons"),
    )
)
CJK = re.compile(r"[\u4e00-\u9fff]")
# Words that stay as they are in Chinese text: units, protocols, names of programs and formats.
ALLOWED_WORDS = frozenset(
    {
        *("B", "KiB", "MiB", "GiB", "TiB", "PiB", "ms", "min", "s", "h", "d", "kbit", "Mbit"),
        *("ID", "SSH", "TCP", "JSON", "TunnelGUI", "Toxiproxy", "rinetd", "OpenSSH"),
        *("json", "conf", "config", "ssh_config"),
    }
)
ACCELERATOR = re.compile(r"\(&[A-Za-z]\)")
ADDRESS = re.compile(r"\[?[0-9A-Fa-f:.]*[0-9]\]?:\d+")
# Qt's own words (its tab bar's scroll buttons): qtbase's catalog translates them.
QT_OWN_WORDS = ("Scroll Left", "Scroll Right")
FILE_PATTERN = re.compile(r"\*?\.?[a-z_]*\*?\.[a-z_]+|\*")


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def _messages(ts_file: Path) -> Iterator[tuple[str, ET.Element]]:
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            yield name, message


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Path:
    qm = tmp_path_factory.mktemp("qm") / "part-b_zh_CN.qm"
    done = subprocess.run(
        [_tool("pyside6-lrelease"), str(TS_FILE), "-qm", str(qm)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert qm.stat().st_size > 0
    return qm


@pytest.fixture
def chinese(qapp, catalog) -> Iterator[QTranslator]:
    translator = QTranslator()
    assert translator.load(str(catalog))
    assert QCoreApplication.installTranslator(translator)
    try:
        yield translator
    finally:
        QCoreApplication.removeTranslator(translator)
    assert QCoreApplication.translate("DetailsPane", "Traffic") == "Traffic"


# -- what is visible -------------------------------------------------------------------------------


def _model_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    texts = []
    for column in range(model.columnCount()):
        texts.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
        for row in range(model.rowCount()):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                texts.append(str(model.data(index, role) or ""))
    return texts


def visible_texts(root: QWidget) -> list[str]:
    """Every text the widget tree shows or reads aloud: labels, buttons, tool tips, placeholders,
    tab titles, combo entries, menu entries, table headers and cells, message box texts."""
    texts: list[str] = []
    for widget in (root, *root.findChildren(QWidget)):
        texts += [
            widget.windowTitle() if widget.isWindow() else "",
            widget.toolTip(),
            widget.accessibleName(),
            widget.accessibleDescription(),
        ]
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts += [widget.placeholderText(), widget.text()]
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            texts += _model_texts(widget)
        if isinstance(widget, QMenu):
            for action in widget.actions():
                texts += [action.text(), action.toolTip()]
        if isinstance(widget, QMessageBox):
            texts += [widget.text(), widget.informativeText()]
    return [text for text in texts if text.strip()]


def english_left(text: str, foreign: Iterable[str]) -> list[str]:
    """The English words of `text` once the lower floors' words (`foreign`), addresses, file
    patterns, numbers and the allowed words are taken out."""
    for part in sorted({f for f in foreign if f}, key=len, reverse=True):
        text = text.replace(part, " ")
    text = ACCELERATOR.sub(" ", ADDRESS.sub(" ", text))
    text = FILE_PATTERN.sub(" ", text)
    words = re.findall(r"[A-Za-z][A-Za-z_]*", text)
    return [word for word in words if word not in ALLOWED_WORDS]


def assert_chinese(texts: list[str], foreign: Iterable[str] = (), minimum: int = 1) -> None:
    """No English word left in any of `texts`, and at least `minimum` of them in Chinese."""
    foreign = list(foreign)
    left = {text: english_left(text, foreign) for text in texts}
    assert {text: words for text, words in left.items() if words} == {}
    # Not vacuous: the texts are there, and in Chinese.
    assert sum(1 for text in texts if CJK.search(text)) >= minimum


def _lower_floor_words() -> list[str]:
    """Words the i18n-cli half translates with gettext (wording, profiles' fields)."""
    words = [wording.TO_TARGET, wording.TO_CLIENT]
    for kind in condition_fields.EFFECT_KINDS:
        words.append(kind.label)
        words += [field.label for field in kind.fields if field.kind == "switch"]
        words += [field.zero_means for field in kind.fields]
    for preset in PRESETS:
        words += [preset.name, describe_conditions(preset.conditions)]
    return words


# -- the translation source ------------------------------------------------------------------------


def test_the_ts_is_finished_and_holds_every_text_the_code_translates(tmp_path):
    messages = list(_messages(TS_FILE))
    assert len(messages) > 150
    unfinished = [
        (context, m.findtext("source"))
        for context, m in messages
        if m.find("translation").get("type") == "unfinished"
    ]
    assert unfinished == []
    for context, message in messages:
        source = message.findtext("source") or ""
        translation = message.find("translation")
        forms = [form.text or "" for form in translation.iter("numerusform")]
        texts = forms if message.get("numerus") == "yes" else [translation.text or ""]
        assert texts and all(texts), (context, source)
        for text in texts:
            # Placeholders survive, accelerators keep their letter ("(&R)" style).
            assert sorted(re.findall(r"\{[^}]*\}|%n|%\d", source)) == sorted(
                re.findall(r"\{[^}]*\}|%n|%\d", text)
            ), (context, source, text)
            if "&" in source:
                letter = source[source.index("&") + 1].upper()
                assert f"(&{letter})" in text, (context, source, text)
            if CJK.search(source) is None and re.search(r"[a-z]{3,}", source):
                assert CJK.search(text), (context, source, text)
    # Every literal these files pass to tr()/translate() is in the file (the rest of the
    # window's are checked in test_translation_catalogs.py).
    fresh = tmp_path / "fresh.ts"
    done = subprocess.run(
        [_tool("pyside6-lupdate"), *PART_B_FILES, "-ts", str(fresh), "-no-obsolete"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    in_code = {(context, m.findtext("source")) for context, m in _messages(fresh)}
    assert all(context for context, _ in in_code), "a tr() call without a class context"
    assert in_code <= {(context, m.findtext("source")) for context, m in messages}


# -- the widgets ----------------------------------------------------------------------------------


def _wait_state(qtbot, controller, profile_id: str, state: TunnelState) -> None:
    qtbot.waitUntil(lambda: controller.status(profile_id).state is state, timeout=10_000)


def test_the_details_pane_of_a_running_shaped_tunnel_is_in_chinese(
    qtbot, chinese, make_session, echo_server, tmp_path
):
    conditions = (
        Condition(Latency(0.001)),
        Condition(Bandwidth(10 * 1024**2), Direction.TO_CLIENT, enabled=False),
    )
    profile = Profile("api", free_port(), "127.0.0.1", echo_server.port, conditions=conditions)
    session = make_session()
    controller = session.controller
    controller.add_profile(profile)
    controller.start([profile.id])
    _wait_state(qtbot, controller, profile.id, TunnelState.LISTENING)
    details = session.window.details
    details.set_profile(profile.id)
    details.tabs.setCurrentWidget(details.connections_page)  # rows only while looked at
    with socket.create_connection(("127.0.0.1", profile.listen_port), timeout=5) as client:
        client.sendall(b"hello")
        assert client.recv(5) == b"hello"
        qtbot.waitUntil(lambda: details.connections_model.rowCount() == 1, timeout=10_000)
        qtbot.waitUntil(lambda: details.event_model.rowCount() >= 2, timeout=10_000)
        qtbot.waitUntil(lambda: details.chart.latest() is not None, timeout=10_000)
        texts = visible_texts(details)
        tabs = [details.tabs.tabText(i) for i in range(details.tabs.count())]
        note = details.connections_note.text()
        chart_text = details.chart.describe()
    status = controller.status(profile.id)
    model = details.event_model
    events = [model.index(row, 2).data() for row in range(model.rowCount())]
    foreign = [status.describe(), *events, *_lower_floor_words(), profile.name, *QT_OWN_WORDS]
    foreign += [describe_condition(condition) for condition in conditions]
    assert_chinese([*texts, chart_text], foreign, minimum=25)

    assert tabs == ["流量", "连接", "事件", "条件（1 个开启）"]
    assert note.startswith("1 个已打开的连接。  启动以来：1 个连接，↑ ")
    assert "已整形" in details.summary.text()  # the shaped badge, beside the state
    assert details.connections_model.headerData(0, Qt.Orientation.Horizontal) == "客户端"
    assert details.connections_model.index(0, 2).data() == "已打开"
    assert details.event_model.headerData(1, Qt.Orientation.Horizontal) == "事件"
    assert details.event_model.index(0, 1).data() == "已启动"
    tab = details.conditions_tab
    assert tab.note.text().startswith("∿ 正在对此隧道的流量进行整形")
    # Pictures to look at (pytest --basetemp=DIR keeps them): each tab as it shows.
    for page, name in ((details.connections_page, "connections"), (details.chart, "traffic")):
        details.tabs.setCurrentWidget(page)
        details.grab().save(str(tmp_path / f"{name}.png"))
    details.tabs.setCurrentWidget(tab)
    details.grab().save(str(tmp_path / "conditions.png"))


def test_the_conditions_editor_rows_menus_and_messages_are_in_chinese(qtbot, chinese, tmp_path):
    from tunnelgui.ui.conditions_editor import ConditionsEditor

    editor = ConditionsEditor("zhConditions", two_line_rows=True, live=True)
    qtbot.addWidget(editor)
    conditions = (
        Condition(Latency(0.1, jitter=0.02)),
        Condition(Stall(0.0), Direction.TO_TARGET, enabled=False, probability=0.5),
    )
    editor.set_conditions(conditions)
    foreign = [*_lower_floor_words(), *(describe_condition(c) for c in conditions)]
    assert_chinese(visible_texts(editor), foreign, minimum=25)
    assert editor.tab_title() == "条件（1 个开启）"
    assert editor.summary.text() == "2 个中有 1 个已开启。"

    # A number that does not read: the row says why, in Chinese, and the title shows it.
    delay = editor.rows()[0].number_edits["seconds"]
    delay.setText("abc")
    delay.textEdited.emit("abc")
    message = editor.rows()[0].message
    assert message.text() == "✖ 延迟：“abc”不是数字（例如 200 ms）。"
    assert editor.tab_title() == "条件 ✖"
    assert_chinese([message.text(), editor.summary.text()], [*foreign, "abc"], minimum=2)
    # What the row shows still reads back: units and "until switched off" are not translated
    # away from the parser.
    delay.setText("150")
    delay.editingFinished.emit()
    assert editor.conditions() is not None
    assert editor.conditions()[0].effect == Latency(0.15, jitter=0.02)
    assert editor.summary.text() == "2 个中有 1 个已开启。 按回车键应用。"
    editor.resize(560, 260)
    editor.grab().save(str(tmp_path / "editor.png"))


def test_the_import_clash_dialog_is_in_chinese(qtbot, chinese, tmp_path):
    from tunnelgui.ui.import_clash_dialog import ImportClashDialog

    web = Profile("web", free_port(), "127.0.0.1", 80)
    db = Profile("db", free_port(), "127.0.0.1", 5432)
    incoming = [
        Profile("web", web.listen_port, "127.0.0.1", 8080, id=web.id),
        Profile("db", db.listen_port, "127.0.0.2", 5433),
        Profile("cache", free_port(), "127.0.0.1", 6379),
    ]
    clashes = find_clashes([web, db], incoming)
    assert len(clashes) == 2
    dialog = ImportClashDialog(clashes, [web, db], incoming, "shared.json")
    qtbot.addWidget(dialog)
    plan = plan_choices([web, db], incoming, dialog.choices())
    foreign = [*CHOICE_LABELS.values(), "web", "db", "cache", "shared.json"]
    for clash in clashes:
        foreign += list(clash.differences)
        foreign += [clash_preview(clash, choice, plan, [web, db]) for choice in CHOICES]
    for choice in CHOICES:
        dialog.choose_all(choice)
        plan = plan_choices([web, db], incoming, dialog.choices())
        foreign += [clash_preview(clash, choice, plan, [web, db]) for clash in clashes]
        foreign += [dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text()]
        assert_chinese(visible_texts(dialog), foreign, minimum=20)
    dialog.grab().save(str(tmp_path / "clashes.png"))
    assert dialog.windowTitle() == "配置已存在"
    assert dialog.all_buttons["replace"].text() == "全部替换(&R)"
    assert dialog.all_buttons["replace"].accessibleName() == "全部替换"
    assert dialog.table.horizontalHeaderItem(3).text() == "操作"


def test_the_restart_question_is_in_chinese(qtbot, chinese, session, echo_server):
    controller = session.controller
    profile = Profile("db", free_port(), "127.0.0.1", echo_server.port)
    controller.add_profile(profile)
    controller.start([profile.id])
    _wait_state(qtbot, controller, profile.id, TunnelState.LISTENING)
    with socket.create_connection(("127.0.0.1", profile.listen_port), timeout=5) as client:
        client.sendall(b"x")
        assert client.recv(1) == b"x"
        qtbot.waitUntil(lambda: controller.open_connections(profile.id) == 1, timeout=10_000)
        session.window.editor_flow.edit(profile.id)
        editor = session.window.editor_flow.editor
        editor.target_port_spin.setValue(free_port())
        qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
        box = editor.findChild(QMessageBox, "restartQuestionBox")
        assert box is not None and box.isVisible()
        cancel = box.button(QMessageBox.StandardButton.Cancel).text()  # Qt's own word
        texts = [box.windowTitle(), box.text(), box.informativeText()]
        texts += [button.text() for button in box.buttons()]
        assert_chinese(texts, ["db", cancel], minimum=5)
        assert box.text() == "保存会重启“db”：它的 1 个已打开连接将被关闭。"
        box.reject()


def test_the_small_sentences_are_in_chinese(qtbot, chinese, session, tmp_path):
    from tunnelgui.ui.error_hook import ErrorReporter
    from tunnelgui.ui.file_dialogs import export_dialog, import_dialog
    from tunnelgui.ui.port_usage import PortUsage
    from tunnelgui.ui.shaping import shaped_lines, tray_tooltip_line
    from tunnelgui.ui.traffic_chart import _ago_label
    from tunnelgui.ui.tunnel_marks import badges

    texts = [
        PortUsage("127.0.0.1", 8080).describe(),
        PortUsage("127.0.0.1", 8080, "nginx (pid 812)").describe(),
        tray_tooltip_line(["api"]),
        tray_tooltip_line(["api", "db"]),
        _ago_label(60),
        _ago_label(15),
    ]
    shaped = Profile("api", 1, "127.0.0.1", 2, conditions=(Condition(Latency(0.1)),))
    texts += shaped_lines(shaped)[:1]
    exposed = Profile("api", 1, "127.0.0.1", 2, listen_host="0.0.0.0")
    texts += [badge.tooltip for badge in badges(exposed)]
    for dialog in (import_dialog(None, tmp_path), export_dialog(None, tmp_path)):
        texts += [dialog.windowTitle(), *dialog.nameFilters()]
        dialog.deleteLater()
    flow = session.window.export_flow
    texts += [flow._title(count, every) for count in (1, 3) for every in (True, False)]
    reporter = ErrorReporter()
    reporter.handle(RuntimeError, RuntimeError("boom"), None)
    assert reporter.box is not None
    texts += [reporter.box.text(), reporter.box.informativeText()]
    reporter.box.close()
    foreign = ["api", "db", "nginx (pid 812)", "RuntimeError: boom", "0.0.0.0"]
    foreign += [line for badge in badges(exposed) for line in badge.tooltip.split(": ")[1:]]
    foreign += [describe_condition(c) for c in shaped.conditions]
    assert_chinese(texts, foreign, minimum=len(texts))
    assert texts[0] == "端口 8080 在 127.0.0.1:8080 上已被另一个程序占用。"
    assert texts[4:6] == ["-1 分钟", "-15 秒"]
