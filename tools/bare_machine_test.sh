#!/usr/bin/env bash
# Reproduce "make test on a bare machine" (issue 12): a minimal Debian bookworm root made by
# debootstrap with only python3, python3-venv and make (no Chromium, PostgreSQL, Pango/HarfBuzz),
# a clean clone of this repository inside it, and `make test` under `env -i` (no CI variable):
# tests needing a system component must skip with a one-line reason naming the Debian package.
# Run as root on a Debian host:  tools/bare_machine_test.sh [ROOT_DIR]   (default /tmp/arx-bare)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
root=${1:-/tmp/arx-bare}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
[ -x "$root/usr/bin/python3" ] || {
  debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
  cp /etc/resolv.conf "$root/etc/"
  chroot "$root" bash -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends python3 python3-venv make ca-certificates >/dev/null"
}
# the host's CA bundle, for a host whose registry traffic goes through its own CA
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/host-ca.crt"
rm -rf "$root/root/arx" && git clone -q "$repo" "$root/root/arx"
for m in proc dev dev/pts; do mountpoint -q "$root/$m" || mount --bind "/$m" "$root/$m"; done
trap 'for m in dev/pts dev proc; do umount "$root/$m" 2>/dev/null || true; done' EXIT
chroot "$root" env -i PATH=/usr/bin:/bin HOME=/root PIP_CERT=/etc/ssl/certs/host-ca.crt \
  bash -c "cd /root/arx && python3 --version && make test"
