#!/usr/bin/env bash
# Prepares a real VS Code for the integration and end-to-end tests: code-server 4.100.3
# (VS Code 1.100.3) driven by Debian's Chromium. Idempotent and cached: the Debian packages are
# installed only if missing, code-server only once into a cache folder OUTSIDE the repository.
#   Cache: ${THREATMODEL_TEST_ENV:-${XDG_CACHE_HOME:-$HOME/.cache}/threatmodel-test-env}/code-server-4.100.3
# Prints the code-server folder on the last line of stdout (scripts read it from there).
set -euo pipefail

CS_VERSION=4.100.3
CACHE_ROOT="${THREATMODEL_TEST_ENV:-${XDG_CACHE_HOME:-$HOME/.cache}/threatmodel-test-env}"
DIR="$CACHE_ROOT/code-server-$CS_VERSION"
STAMP="$DIR/.ready"
log() { echo "[setup:test-env] $*" >&2; }

# 1. Debian packages (build headers for the native modules, ripgrep, Chromium).
PKGS=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing Debian packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
else
  log "Debian packages already installed"
fi

# 2. code-server into the cache folder (once).
if [ -f "$STAMP" ]; then
  log "code-server $CS_VERSION already prepared in $DIR"
  echo "$DIR"
  exit 0
fi
log "preparing code-server $CS_VERSION in $DIR (one time, takes a few minutes)"
mkdir -p "$DIR"
cd "$DIR"
[ -f package.json ] || echo '{"name":"threatmodel-test-env","private":true}' > package.json
npm install --no-audit --no-fund --ignore-scripts "code-server@$CS_VERSION" >&2
VS="$DIR/node_modules/code-server/lib/vscode"
(
  cd "$VS"
  log "installing VS Code's server dependencies"
  npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2
  mkdir -p node_modules/@vscode/ripgrep/bin
  cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
  log "building native modules"
  npm_config_yes=true npm rebuild kerberos @vscode/spdlog node-pty native-watchdog @parcel/watcher @vscode/deviceid >&2
  ln -sfn node_modules node_modules.asar
  cd extensions
  log "installing built-in extensions' dependencies"
  npm install --no-audit --no-fund --omit=dev --ignore-scripts >&2
)
npm_config_yes=true npm rebuild argon2 >&2
touch "$STAMP"
log "code-server $CS_VERSION ready"
echo "$DIR"
