"""ProfilesFileWatcher: profiles another program saved (`tunnelgui profiles add` while the
window is open) appear within a second."""

from __future__ import annotations

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Slot

from tunnelgui.ui.controller import TunnelController

# Changes come in bursts (a temp file written, renamed over the old one, the lock file touched):
# one look once the burst is over.
SETTLE_MS = 150


class ProfilesFileWatcher(QObject):
    """Watches the profiles file and its folder.

    The folder is watched too because a save is atomic: the new file is renamed over the old
    one, which ends the watch on the old file (it is added again when the file is back) and is
    the only sign when the file did not exist yet. The controller reads the file again only
    when its content differs from what the app last read or wrote, so the app's own saves
    cost one hash and no reload.
    """

    def __init__(self, controller: TunnelController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profilesFileWatcher")
        self._controller = controller
        self._path = str(controller.store.path)
        self._watcher = QFileSystemWatcher(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._look)
        self._watcher.fileChanged.connect(self._schedule)
        self._watcher.directoryChanged.connect(self._schedule)
        # The app's own first save may create the folder and the file: watch them from then on.
        controller.profilesChanged.connect(self._watch_file)
        self._watch_file()

    def watched(self) -> list[str]:
        return self._watcher.files() + self._watcher.directories()

    def stop(self) -> None:
        self._timer.stop()
        paths = self.watched()
        if paths:
            self._watcher.removePaths(paths)

    @Slot()
    def _watch_file(self) -> None:
        path = self._controller.store.path
        folder = str(path.parent)
        if folder not in self._watcher.directories() and path.parent.is_dir():
            self._watcher.addPath(folder)
        if self._path not in self._watcher.files() and path.exists():
            self._watcher.addPath(self._path)

    @Slot(str)
    def _schedule(self, _path: str) -> None:
        self._timer.start()  # restarted by each event of a burst

    @Slot()
    def _look(self) -> None:
        self._watch_file()
        self._controller.reload_if_changed_on_disk()
