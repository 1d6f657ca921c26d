#!/usr/bin/env bash
# Installs what the relay benchmark compares against (socat, haproxy; nginx's stream module and
# rinetd for --also) on Debian/Ubuntu; safe to run twice. Their own services are kept from
# starting: the benchmark runs its own instances.
set -euo pipefail
missing=()
command -v socat >/dev/null 2>&1 || missing+=(socat)
command -v haproxy >/dev/null 2>&1 || [[ -x /usr/sbin/haproxy ]] || missing+=(haproxy)
[[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)
[[ -e /usr/lib/nginx/modules/ngx_stream_module.so ]] || missing+=(libnginx-mod-stream)
[[ -x /usr/sbin/rinetd ]] || missing+=(rinetd)
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "setup: socat, haproxy, nginx (stream) and rinetd already installed"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "setup: missing ${missing[*]}; run this script as root (or: sudo apt-get install -y ${missing[*]})" >&2
  exit 1
fi
# policy-rc.d answering 101 is Debian's way to say "start no service" during an install.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  made_policy=1
fi
trap '[[ $made_policy -eq 1 ]] && rm -f "$policy"' EXIT
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: installed ${missing[*]}"
