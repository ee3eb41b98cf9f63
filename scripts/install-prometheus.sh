#!/usr/bin/env bash
# Installs Prometheus and promtool from Debian's `prometheus` package when promtool is missing,
# then prints promtool's version. Running it again changes nothing. Needs root and apt-get.
#
# Debian's package registers a service, so where an init system runs, the install may start a
# Prometheus server on :9090. This script stops only a server that the install itself started,
# which keeps the port free for tests that start their own.
set -euo pipefail

if ! command -v promtool >/dev/null; then
  if ! command -v apt-get >/dev/null; then
    echo "install-prometheus: promtool not found and apt-get is missing: install Prometheus 2.x or 3.x by hand" >&2
    exit 1
  fi

  running_before=$(pgrep -x prometheus || true)
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null

  for pid in $(pgrep -x prometheus || true); do
    if ! grep -qx "$pid" <<<"$running_before"; then
      kill "$pid"
    fi
  done
fi

promtool --version 2>&1 | head -1
