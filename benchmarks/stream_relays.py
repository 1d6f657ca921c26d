"""Two more C relays for the comparison: nginx's stream module and rinetd (Debian packages
nginx-light + libnginx-mod-stream, rinetd), each in its default shape but for the limits a
benchmark needs. Their config files live in a temporary folder removed by close().

Each runs in the foreground in our session (forwarders.Forwarder), so stopping it stops it all;
Debian's own services are never used (stop them after installing: they autostart).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import tempfile
from pathlib import Path

from benchmarks.forwarders import Forwarder

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
RINETD = shutil.which("rinetd") or "/usr/sbin/rinetd"
NGINX_STREAM_MODULE = Path("/usr/lib/nginx/modules/ngx_stream_module.so")


class _ConfigFolder(Forwarder):
    """A forwarder whose command line names a config file written per start."""

    def __init__(self) -> None:
        self._folder: tempfile.TemporaryDirectory | None = None

    def folder(self) -> Path:
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix=f"relay-bench-{self.name}-")
        return Path(self._folder.name)

    def close(self) -> None:
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


def _version(command: list[str], fallback: str) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return f"{fallback} (not installed)"
    text = (done.stdout + done.stderr).strip()
    return text.splitlines()[0].strip() if text else fallback


class NginxStream(_ConfigFolder):
    """nginx's stream proxy: `worker_processes auto` (one per CPU), epoll, its default buffers;
    `proxy_half_close on` (1.21.4+), as the throughput tests wait for the sink's count after EOF."""

    name = "nginx-stream"

    def command(self, listen_port: int, target_port: int) -> list[str]:
        folder = self.folder()
        config = folder / f"{listen_port}.conf"
        # Two connections per relayed connection, spread over the workers: as many as the
        # open-files limit allows (nginx counts the listener and its own files too).
        limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
        connections = max(1024, limit - 100)
        config.write_text(
            "\n".join(
                [
                    f"load_module {NGINX_STREAM_MODULE};",
                    "daemon off;",
                    "master_process on;",
                    "worker_processes auto;",
                    f"worker_rlimit_nofile {limit};",
                    f"pid {folder / f'{listen_port}.pid'};",
                    f"error_log {folder / f'{listen_port}.log'} error;",
                    f"events {{ worker_connections {connections}; }}",
                    "stream {",
                    f"    server {{ listen 127.0.0.1:{listen_port}; "
                    f"proxy_pass 127.0.0.1:{target_port}; proxy_half_close on; }}",
                    "}",
                    "",
                ]
            ),
            encoding="ascii",
        )
        # -e: the start-up log before the config is read must not go to /var/log/nginx.
        return [NGINX, "-p", str(folder), "-e", str(folder / "startup.log"), "-c", str(config)]

    def describe(self) -> str:
        return _version([NGINX, "-v"], "nginx") + ", stream module, worker_processes auto"

    @staticmethod
    def available() -> bool:
        return shutil.which(NGINX) is not None and NGINX_STREAM_MODULE.exists()


class Rinetd(_ConfigFolder):
    """rinetd: one process, one forwarding rule, no log file."""

    name = "rinetd"

    def command(self, listen_port: int, target_port: int) -> list[str]:
        config = self.folder() / f"{listen_port}.conf"
        config.write_text(f"127.0.0.1 {listen_port} 127.0.0.1 {target_port}\n", encoding="ascii")
        return [RINETD, "-f", "-c", str(config)]

    def describe(self) -> str:
        return _version([RINETD, "-v"], "rinetd")

    @staticmethod
    def available() -> bool:
        return shutil.which(RINETD) is not None
