"""Who holds a listen port that is in use, told as a sentence for the editor (the holder is
found by tunnelgui.port_holder, which the worker uses for failed starts too)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from tunnelgui.engine.addresses import format_address
from tunnelgui.engine.listen import can_listen
from tunnelgui.port_holder import port_holder


@dataclass(frozen=True, slots=True)
class PortUsage:
    host: str
    port: int
    holder: str = ""  # "nginx (pid 812)", "TunnelGUI itself"; empty when the system won't say

    def describe(self) -> str:
        where = format_address(self.host, self.port)
        if self.holder:
            text = QCoreApplication.translate(
                "PortUsage", "Port {0} is already in use on {1} by {2}."
            )
            return text.format(self.port, where, self.holder)
        text = QCoreApplication.translate(
            "PortUsage", "Port {0} is already in use on {1} by another program."
        )
        return text.format(self.port, where)


def check_port(host: str, port: int) -> PortUsage | None:
    """None when host:port is free (or cannot be checked); otherwise who holds it."""
    if can_listen(host, port) is not False:
        return None
    return PortUsage(host, port, port_holder(port))
