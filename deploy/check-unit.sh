#!/usr/bin/env bash
# Lint the systemd unit and test deploy/install.sh (run by `make test`).
#
#   deploy/check-unit.sh [MCSUP_BINARY]
#
# MCSUP_BINARY (optional): an existing executable to put in ExecStart= for `systemd-analyze verify`,
# which fails when ExecStart= does not exist; e.g. .build/release/mcsup. Default: /bin/true.
# MAX_EXPOSURE (environment, default 2.0): highest acceptable `systemd-analyze security` score.
#
# Needs systemd-analyze (Debian package `systemd`); does not need systemd running as PID 1, root, or
# a build. Installs nothing outside a temporary directory.
#
# 1. systemd-analyze verify on a copy of the unit: any message about the unit fails (verify exits 0
#    even on unknown keys or unparsable values).
# 2. systemd-analyze security --offline=yes: fails above MAX_EXPOSURE.
# 3. install.sh with DESTDIR= into a temporary directory from a fake build directory: expected files,
#    modes and link; a re-run keeps the environment file; a missing binary is a clear error.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
UNIT_SRC="$DEPLOY_DIR/mission-control.service"
ENV_SRC="$DEPLOY_DIR/mission-control.env.example"
INSTALL_SH="$DEPLOY_DIR/install.sh"
MAX_EXPOSURE="${MAX_EXPOSURE:-2.0}"
EXPECTED_EXEC=/usr/local/lib/mission-control/mcsup
# The copy gets its own name so that drop-ins of an installed mission-control.service on this
# machine (/etc/systemd/system/mission-control.service.d/) do not leak into the result.
LINT_UNIT=mission-control-lint.service

fail() { echo "check-unit: FAIL: $*" >&2; exit 1; }

command -v systemd-analyze >/dev/null 2>&1 \
    || fail "systemd-analyze not found (apt-get install systemd)"
for f in "$UNIT_SRC" "$ENV_SRC" "$INSTALL_SH"; do
    [ -f "$f" ] || fail "$f is missing"
done
[ -x "$INSTALL_SH" ] || fail "$INSTALL_SH is not executable"

exe=/bin/true
if [ $# -ge 1 ] && [ -n "$1" ]; then
    if [ -f "$1" ] && [ -x "$1" ]; then
        exe="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
    else
        echo "check-unit: note: $1 is not an executable file, using $exe for ExecStart="
    fi
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/check-unit.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

export SYSTEMD_COLORS=0 SYSTEMD_PAGER=cat SYSTEMD_LOG_COLOR=0

# --- 0. Copy the unit, ExecStart pointing at an existing executable ------------------------------
n_exec="$(grep -c '^ExecStart=' "$UNIT_SRC" || true)"
[ "$n_exec" = 1 ] || fail "$UNIT_SRC: expected exactly one ExecStart= line, found $n_exec"
grep -q "^ExecStart=$EXPECTED_EXEC run\$" "$UNIT_SRC" \
    || fail "$UNIT_SRC: ExecStart= must be '$EXPECTED_EXEC run' (where install.sh puts mcsup)"
mkdir "$tmp/unit"
lint="$tmp/unit/$LINT_UNIT"
# Line for line (so that line numbers in messages match the real file).
awk -v exe="$exe" '/^ExecStart=/ { sub(/^ExecStart=[^ ]*/, "ExecStart=" exe) } { print }' \
    "$UNIT_SRC" > "$lint"

# Messages name the copy; show them against the real file instead.
unmap() { sed -e "s|$tmp/unit/$LINT_UNIT|deploy/mission-control.service|g" -e "s|$LINT_UNIT|mission-control.service|g"; }

# --- 1. verify ------------------------------------------------------------------------------------
# --recursive-errors=no: report problems of this unit only, not of the units it depends on.
# --man=no: don't look up man pages named in Documentation=.
rc=0
systemd-analyze verify --man=no --recursive-errors=no "$lint" >"$tmp/verify.out" 2>&1 || rc=$?
ours="$tmp/verify.ours"
: > "$ours"
while IFS= read -r line; do
    [ -n "$line" ] || continue
    # A message that starts with another unit's file or name is about that unit, not ours:
    # shown, but not a failure.
    other="$(printf '%s\n' "$line" | sed -nE 's#^([^ :]*/)?([A-Za-z0-9@_.\\-]+\.(service|socket|target|mount|automount|swap|path|timer|slice|scope|device))(:|\.d/).*#\2#p')"
    if [ -n "$other" ] && [ "$other" != "$LINT_UNIT" ]; then
        echo "check-unit: note (other unit, ignored): $line"
    else
        printf '%s\n' "$line" >> "$ours"
    fi
done < "$tmp/verify.out"
if [ -s "$ours" ] || [ "$rc" -ne 0 ]; then
    echo "check-unit: systemd-analyze verify (exit $rc):" >&2
    unmap < "$ours" | sed 's/^/  /' >&2
    fail "systemd-analyze verify reported problems in deploy/mission-control.service"
fi

# --- 2. security ----------------------------------------------------------------------------------
rc=0
systemd-analyze security --offline=yes --no-pager "$lint" >"$tmp/security.out" 2>"$tmp/security.err" || rc=$?
if [ "$rc" -ne 0 ] || [ -s "$tmp/security.err" ]; then
    unmap < "$tmp/security.err" | sed 's/^/  /' >&2
    fail "systemd-analyze security --offline=yes failed (exit $rc)"
fi
overall="$(grep 'Overall exposure level' "$tmp/security.out" | unmap || true)"
[ -n "$overall" ] || { cat "$tmp/security.out" >&2; fail "no 'Overall exposure level' line in the security report"; }
echo "check-unit: $overall"
score="$(printf '%s\n' "$overall" | sed -nE 's/.*Overall exposure level for [^:]*: *([0-9]+(\.[0-9]+)?).*/\1/p')"
[ -n "$score" ] || fail "could not read the exposure score from: $overall"
if awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s > m) }'; then
    grep -E '^✗|^X ' "$tmp/security.out" | unmap >&2 || true
    fail "exposure $score is above $MAX_EXPOSURE"
fi

# --- 3. install.sh into a staging directory --------------------------------------------------------
build="$tmp/build"
stage="$tmp/stage"
mkdir -p "$build"
for b in mcsup mc-api mc-worker; do
    printf '#!/bin/sh\n# fake %s v1\nexit 0\n' "$b" > "$build/$b"
    chmod 0755 "$build/$b"
done
mkdir -p "$build/mission-control_MCAPI.resources/Public"
echo '<!doctype html>v1' > "$build/mission-control_MCAPI.resources/Public/index.html"

# A systemctl that records being called: a staged install must never call it.
mkdir "$tmp/fakebin"
printf '#!/bin/sh\necho "$*" >> "%s/systemctl.called"\n' "$tmp" > "$tmp/fakebin/systemctl"
chmod 0755 "$tmp/fakebin/systemctl"
run_install() {  # run_install <log> <build dir>
    PATH="$tmp/fakebin:$PATH" DESTDIR="$stage" "$INSTALL_SH" "$2" >"$1" 2>&1
}
install_failed() { cat "$1" >&2; fail "install.sh: $2"; }

run_install "$tmp/install1.log" "$build" || install_failed "$tmp/install1.log" "staged install failed"
[ ! -e "$tmp/systemctl.called" ] || install_failed "$tmp/install1.log" "a staged install called systemctl"

expect_mode() {  # expect_mode <path under stage> <mode> <f|d>
    local p="$stage$1"
    if [ "$3" = d ]; then [ -d "$p" ] || fail "install.sh: directory $1 missing"
    else [ -f "$p" ] && [ ! -L "$p" ] || fail "install.sh: file $1 missing"; fi
    local m; m="$(stat -c %a "$p")"
    [ "$m" = "$2" ] || fail "install.sh: $1 has mode $m, expected $2"
}
for b in mcsup mc-api mc-worker; do
    expect_mode "/usr/local/lib/mission-control/$b" 755 f
    cmp -s "$build/$b" "$stage/usr/local/lib/mission-control/$b" || fail "install.sh: $b differs from the build"
done
cmp -s "$build/mission-control_MCAPI.resources/Public/index.html" \
    "$stage/usr/local/lib/mission-control/mission-control_MCAPI.resources/Public/index.html" \
    || fail "install.sh: the web UI was not installed"
[ -z "$(find "$stage/usr/local/lib/mission-control" -name '.*.new')" ] || fail "install.sh: left temporary files behind"
expect_mode /etc/systemd/system/mission-control.service 644 f
expect_mode /etc/mission-control 750 d
expect_mode /etc/mission-control/mission-control.env 640 f
cmp -s "$UNIT_SRC" "$stage/etc/systemd/system/mission-control.service" || fail "install.sh: installed unit differs"
cmp -s "$ENV_SRC" "$stage/etc/mission-control/mission-control.env" || fail "install.sh: installed env file differs from the example"
link="$stage/usr/local/bin/mcsup"
[ -L "$link" ] || fail "install.sh: /usr/local/bin/mcsup is not a symlink"
[ "$(readlink -f "$link")" = "$(readlink -f "$stage$EXPECTED_EXEC")" ] \
    || fail "install.sh: /usr/local/bin/mcsup -> $(readlink "$link"), expected $EXPECTED_EXEC"

# Re-run (upgrade): new binaries, unit refreshed, local env file kept.
echo "MC_PORT=3999  # local edit" >> "$stage/etc/mission-control/mission-control.env"
sed -i 's/v1/v2/' "$build/mcsup"
run_install "$tmp/install2.log" "$build/" || install_failed "$tmp/install2.log" "re-install failed"
grep -q 'MC_PORT=3999' "$stage/etc/mission-control/mission-control.env" || fail "install.sh: re-install overwrote the env file"
expect_mode /etc/mission-control/mission-control.env 640 f
cmp -s "$build/mcsup" "$stage$EXPECTED_EXEC" || fail "install.sh: re-install did not update mcsup"
[ -L "$link" ] || fail "install.sh: re-install broke the mcsup link"
echo '<!doctype html>v2' > "$build/mission-control_MCAPI.resources/Public/index.html"
run_install "$tmp/install2b.log" "$build" || install_failed "$tmp/install2b.log" "re-install failed"
grep -q v2 "$stage/usr/local/lib/mission-control/mission-control_MCAPI.resources/Public/index.html" \
    || fail "install.sh: re-install did not update the web UI"
[ ! -e "$tmp/systemctl.called" ] || install_failed "$tmp/install2.log" "a staged install called systemctl"

# A missing binary: one clear line, non-zero exit.
mkdir "$tmp/partial"
cp -pR "$build/mcsup" "$build/mc-api" "$build/mission-control_MCAPI.resources" "$tmp/partial/"
if run_install "$tmp/install3.log" "$tmp/partial"; then
    install_failed "$tmp/install3.log" "succeeded although mc-worker is missing"
fi
grep -q "mc-worker not found in $tmp/partial: run 'swift build -c release' first" "$tmp/install3.log" \
    || install_failed "$tmp/install3.log" "unclear error for a missing binary"

echo "unit: verify ok, exposure $score OK (max $MAX_EXPOSURE), install ok"
