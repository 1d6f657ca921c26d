"""The tunnels `tunnelgui run` keeps running, and applying a reloaded profiles file to them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from tunnelgui import headless
from tunnelgui.engine import Engine, TunnelSpec, TunnelStartError
from tunnelgui.engine.values import replace
from tunnelgui.i18n import _, ngettext, translated_error
from tunnelgui.profiles.listen_clashes import running_clash
from tunnelgui.profiles.model import Profile


def _relayed(spec: TunnelSpec) -> TunnelSpec:
    """What a tunnel listens on and relays to: a new name alone changes no connection, and new
    network conditions are applied to the running tunnel (Engine.set_conditions)."""
    return replace(spec, name="", conditions=())


class RunningTunnels:
    """The profiles whose tunnels run in `engine`, by profile id; `labels` (tunnel id -> name)
    is what headless.wait_for_signal prints."""

    def __init__(self, engine: Engine, ssh_config: str = "", askpass: str = "") -> None:
        self.engine = engine
        # For the SSH hops of profiles that name no ssh config of their own, and their prompts.
        self.ssh_config = ssh_config
        self.askpass = askpass
        self.running: dict[str, Profile] = {}
        self.labels: dict[str, str] = {}

    def start(self, profile: Profile) -> bool:
        """Start one profile's tunnel and say so; False (said on stderr) when it cannot."""
        others = [p for p in self.running.values() if p.id != profile.id]
        clash = running_clash(profile, others)
        if clash:
            headless.error(
                _("{name} did not start: {reason}").format(name=repr(profile.name), reason=clash)
            )
            return False
        try:
            stats = self.engine.start_tunnel(self.spec(profile))
        except TunnelStartError as error:
            headless.error(
                _("{name} did not start: {reason}").format(
                    name=repr(profile.name), reason=translated_error(error)
                )
            )
            return False
        self.running[profile.id] = profile
        self.labels[profile.id] = profile.name
        headless.say(
            _("{name}: listening on {listen}, forwarding to {target}").format(
                name=profile.name, listen=stats.listen_address, target=profile.target_label
            )
        )
        headless.warn_if_exposed(stats.listen_address, stats.listen_host)
        headless.note_if_shaped(profile.name, profile.conditions)
        return True

    def spec(self, profile: Profile) -> TunnelSpec:
        return profile.to_spec(self.ssh_config, self.askpass if profile.via else "")

    def stop(self, profile_id: str) -> None:
        self.engine.stop_tunnel(profile_id)
        self.running.pop(profile_id, None)
        self.labels.pop(profile_id, None)

    def still_running(self) -> None:
        """Forget tunnels the engine no longer runs (their listener failed)."""
        alive = self.engine.snapshot(include_connections=False).tunnels
        for profile_id in [p for p in self.running if p not in alive]:
            self.running.pop(profile_id)
            self.labels.pop(profile_id, None)

    def apply(self, wanted: Sequence[Profile]) -> str:
        """Make the running set `wanted`: tunnels whose listen address and target are the same
        keep running with their connections, the others stop, new and changed ones start (a
        stopped one first, so a changed tunnel may keep its port). Returns the summary line."""
        self.still_running()
        by_id = {profile.id: profile for profile in wanted}
        stopped = [pid for pid in self.running if pid not in by_id]
        changed = [
            profile
            for profile in wanted
            if profile.id in self.running
            and _relayed(self.spec(profile)) != _relayed(self.spec(self.running[profile.id]))
        ]
        new = [profile for profile in wanted if profile.id not in self.running]
        unchanged = len(wanted) - len(changed) - len(new)
        for profile_id in stopped + [profile.id for profile in changed]:
            self.stop(profile_id)
        reshaped = 0
        for profile in wanted:  # a rename or new conditions only: the tunnel keeps running
            if profile.id in self.running:
                if profile.conditions != self.running[profile.id].conditions:
                    self.engine.set_conditions(profile.id, profile.conditions)
                    headless.note_if_shaped(profile.name, profile.conditions)
                    reshaped += 1
                self.running[profile.id] = profile
                self.labels[profile.id] = profile.name
        failed = sum(not self.start(profile) for profile in changed + new)
        parts = [
            _("{count} started").format(count=len(new)),
            _("{count} restarted").format(count=len(changed)),
            _("{count} stopped").format(count=len(stopped)),
            _("{count} unchanged").format(count=unchanged - reshaped),
        ]
        if reshaped:
            parts.insert(2, _("{count} with new conditions").format(count=reshaped))
        if failed:
            parts.append(_("{count} could not start").format(count=failed))
        return _(", ").join(parts)


def reloader(
    tunnels: RunningTunnels,
    load: Callable[[], list[Profile]],
    source: str,
    errors: tuple[type[Exception], ...],
) -> Callable[[], None]:
    """The SIGHUP action of `run`: load the profiles again and apply them; a file that fails
    to load (`errors`) changes nothing and says why on stderr."""

    def reload() -> None:
        try:
            wanted = load()
        except errors as error:  # each says what is wrong, as a sentence
            count = len(tunnels.running)
            headless.error(
                ngettext(
                    "reload failed, {count} tunnel keeps running as it was: {reason}",
                    "reload failed, {count} tunnels keep running as they were: {reason}",
                    count,
                ).format(count=count, reason=error)
            )
            return
        summary = tunnels.apply(wanted)
        headless.say(_("Reloaded {source}: {summary}").format(source=source, summary=summary))

    return reload
