# shellcheck shell=bash
# What a fresh Debian or Ubuntu machine needs to run or test the product, installed only where
# missing. Sourced by scripts/dev.sh (the README's two commands) and by .ci/run, so both set a
# machine up the same way. Every function is idempotent.
#
#   ensure_postgres   PostgreSQL on 127.0.0.1:5432 with trust auth for local connections
#   ensure_redis      Redis on 127.0.0.1:6379
#   ensure_node22     Node.js >= 22.12 first on PATH (the npm registry's node-linux-<arch>@22
#                     package when the machine's Node is older)
#   ensure_chromium   Chromium for the browser tests (CHROMIUM_PATH exported)
#   ensure_database   ensure_database NAME: creates the database when missing

PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
export DEBIAN_FRONTEND=noninteractive

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

_apt_updated=0
apt_install() {
  if [ "$_apt_updated" = 0 ]; then as_root apt-get update -qq; _apt_updated=1; fi
  as_root apt-get install -y -qq "$@"
}

ensure_postgres() {
  local fresh=0 version hba
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "setup: installing PostgreSQL"
    apt_install postgresql postgresql-contrib
    fresh=1
  fi
  if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    if [ "$fresh" = 1 ]; then
      # A fresh Debian cluster asks for passwords on TCP; this machine trusts local connections.
      hba=/etc/postgresql/$version/main/pg_hba.conf
      as_root sed -i -E 's/^(host\s+all\s+all\s+(127\.0\.0\.1\/32|::1\/128)\s+)\S+/\1trust/' "$hba"
      as_root sed -i -E 's/^(local\s+all\s+(postgres|all)\s+)\S+/\1trust/' "$hba"
    fi
    echo "setup: starting PostgreSQL $version"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
  fi
  for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
  pg_isready -h "$PGHOST" -p "$PGPORT"
}

ensure_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "setup: installing Redis"
    apt_install redis-server
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "setup: starting Redis"
    as_root mkdir -p /var/lib/redis /var/log/redis
    as_root redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
      --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ridepool.log
  fi
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
  redis-cli -h 127.0.0.1 -p 6379 ping
}

# Node 22.12 is the oldest the dependencies accept (nestjs-pino). Where the machine's Node is
# older, the npm registry's node-linux-<arch>@22 package (the official binary) is installed into
# NODE22_DIR and put first on PATH; the machine's own npm runs under it.
ensure_node22() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "setup: installing Node.js and npm"
    apt_install nodejs npm
  fi
  if node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'; then
    return 0
  fi
  local arch dir
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "setup: no node-linux package for $(uname -m); install Node.js 22 yourself" >&2; return 1 ;;
  esac
  dir=${NODE22_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kusel-ridepool/node22}
  if [ ! -x "$dir/node_modules/node-linux-$arch/bin/node" ]; then
    echo "setup: Node.js $(node --version) is older than 22.12; installing node-linux-$arch@22 into $dir"
    mkdir -p "$dir"
    npm install --prefix "$dir" --no-save --no-package-lock --no-audit --no-fund \
      "node-linux-$arch@22"
  fi
  export PATH="$dir/node_modules/node-linux-$arch/bin:$PATH"
  hash -r
  echo "setup: using Node.js $(node --version) from $dir"
}

ensure_chromium() {
  if [ -n "${CHROMIUM_PATH:-}" ] && [ -x "$CHROMIUM_PATH" ]; then return 0; fi
  if [ ! -x /usr/bin/chromium ]; then
    echo "setup: installing Chromium"
    # Debian packages chromium; Ubuntu's chromium-browser is a snap, so try both names.
    apt_install chromium || apt_install chromium-browser
  fi
  for c in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$c" ]; then
      export CHROMIUM_PATH=$c
      return 0
    fi
  done
  echo "setup: no Chromium found; set CHROMIUM_PATH" >&2
  return 1
}

ensure_database() {
  if ! psql -h "$PGHOST" -p "$PGPORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'" | grep -q 1; then
    createdb -h "$PGHOST" -p "$PGPORT" -U postgres "$1"
  fi
}

# npm ci when node_modules is missing or was installed from another lock file or Node major.
ensure_node_modules() {
  local stamp=node_modules/.kusel-install-stamp want
  want="$(node -p 'process.versions.node.split(".")[0]') $(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ "${1:-}" = "--always" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    npm ci --no-audit --no-fund
    echo "$want" >"$stamp"
  fi
}
