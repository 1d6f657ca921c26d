#!/usr/bin/env bash
# Installs what the benchmarks compare against (socat) on Debian/Ubuntu; safe to run twice.
set -euo pipefail
if command -v socat >/dev/null 2>&1; then
  echo "setup: socat already installed ($(command -v socat))"
  exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "setup: socat is missing; run this script as root (or: sudo apt-get install -y socat)" >&2
  exit 1
fi
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends socat >/dev/null
echo "setup: installed socat ($(command -v socat))"
