#!/usr/bin/env bash
# Proves the native uWebSockets.js path of Node 24 on glibc >= 2.38 (issue 13) on a machine that has an older glibc:
# builds a Debian 13 "trixie" root with debootstrap (Debian's own packages), puts Node 24 from the npm registry's
# `node` package into it, bind-mounts this checkout (with its node_modules) and runs test/tools/native-proof.ts
# there: it must report "uWebSockets.js (native) from @btc-vision/uwebsockets.js 20.57" and 200/200 answers.
# Needs root; slow (a few minutes: ~150 MB of packages). Usage: sudo test/tools/native-trixie.sh [root-dir]
set -euo pipefail
root_dir="${1:-/var/tmp/pg-data-api-trixie}"
project="$(cd "$(dirname "$0")/../.." && pwd)"
[ "$(id -u)" -eq 0 ] || { echo "run as root (debootstrap, chroot, mount)"; exit 1; }
command -v debootstrap >/dev/null || { apt-get update && apt-get install -y debootstrap; }

if [ ! -x "$root_dir/usr/bin/env" ]; then
  echo "== debootstrap trixie into $root_dir"
  debootstrap --variant=minbase trixie "$root_dir" http://deb.debian.org/debian
fi
echo "== glibc in the root: $(chroot "$root_dir" ldd --version | head -1)"

node_dir="$root_dir/opt/node24"
if [ ! -x "$node_dir/node_modules/node/bin/node" ]; then
  echo "== node@24 from the npm registry"
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm install --no-save --no-audit --no-fund --loglevel=error node@24 >/dev/null)
fi

mkdir -p "$root_dir/project" "$root_dir/proc" "$root_dir/dev"
cleanup() { umount "$root_dir/project" "$root_dir/proc" "$root_dir/dev" 2>/dev/null || true; }
trap cleanup EXIT
mount --bind "$project" "$root_dir/project"
mount -t proc proc "$root_dir/proc"
mount --bind /dev "$root_dir/dev"

echo "== running the native proof inside Debian 13"
chroot "$root_dir" /usr/bin/env -i PATH=/opt/node24/node_modules/node/bin:/usr/bin:/bin HOME=/tmp \
  /bin/sh -c 'cd /project && node --import tsx test/tools/native-proof.ts'
echo "== the real entry point's start-up line inside Debian 13 (no database needed: it is printed before connecting)"
chroot "$root_dir" /usr/bin/env -i PATH=/opt/node24/node_modules/node/bin:/usr/bin:/bin HOME=/tmp \
  /bin/sh -c 'cd /project && timeout 8 node --import tsx src/main.ts --db-uri postgres://nobody@127.0.0.1:1/x --server-engine uws 2>&1 | grep -m1 "HTTP engine"' \
  | tee /dev/stderr | grep -q "uWebSockets.js (native) from @btc-vision/uwebsockets.js"
echo "== native Node 24 path proven"
