#!/usr/bin/env bash
# Install Mission Control as a systemd service.
#
#   deploy/install.sh [BUILD_DIR]            BUILD_DIR defaults to .build/release
#   DESTDIR=/tmp/stage deploy/install.sh     staged install (packaging, tests): nothing outside
#                                            DESTDIR is touched, systemctl is not called, root is
#                                            not required
#
# Installs:
#   /usr/local/lib/mission-control/{mcsup,mc-api,mc-worker}   0755 (mcsup spawns the others from here)
#   /usr/local/lib/mission-control/mission-control_MCAPI.resources/   the web UI, read by mc-api
#   /usr/local/bin/mcsup -> ../lib/mission-control/mcsup
#   /etc/systemd/system/mission-control.service               0644
#   /etc/mission-control/                                      0750
#   /etc/mission-control/mission-control.env                   0640, only if it does not exist yet
#
# Re-running it upgrades the binaries and the unit and keeps the environment file.
set -euo pipefail

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(dirname "$DEPLOY_DIR")"
DESTDIR="${DESTDIR:-}"
DESTDIR="${DESTDIR%/}"

LIB_DIR=/usr/local/lib/mission-control
BIN_DIR=/usr/local/bin
UNIT_DIR=/etc/systemd/system
CONF_DIR=/etc/mission-control
UNIT=mission-control.service
ENV_FILE=mission-control.env
BINARIES=(mcsup mc-api mc-worker)
RESOURCES=mission-control_MCAPI.resources

die() { echo "install.sh: $*" >&2; exit 1; }

if [ $# -gt 1 ]; then
    die "usage: deploy/install.sh [BUILD_DIR]   (default .build/release)"
fi
if [ $# -eq 1 ]; then
    BUILD_DIR="${1%/}"
elif [ -d .build/release ]; then
    BUILD_DIR=.build/release
else
    # Called from elsewhere than the repository root: use the repository's build directory.
    BUILD_DIR="$REPO_DIR/.build/release"
fi

if [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then
    die "must run as root (try: sudo $0 $*)"
fi
for b in "${BINARIES[@]}"; do
    [ -f "$BUILD_DIR/$b" ] || die "$b not found in $BUILD_DIR: run 'swift build -c release' first"
    [ -x "$BUILD_DIR/$b" ] || die "$BUILD_DIR/$b is not executable: run 'swift build -c release' again"
done
[ -d "$BUILD_DIR/$RESOURCES/Public" ] \
    || die "$RESOURCES/Public (the web UI) not found in $BUILD_DIR: run 'swift build -c release' again"
for f in "$UNIT" "$ENV_FILE.example"; do
    [ -f "$DEPLOY_DIR/$f" ] || die "$DEPLOY_DIR/$f is missing (incomplete checkout?)"
done

# Binaries: install next to the old one, then rename over it, so a running service keeps its
# (old) executable and a new start picks up a complete new one.
install -d -m 0755 "$DESTDIR$LIB_DIR" "$DESTDIR$BIN_DIR"
for b in "${BINARIES[@]}"; do
    install -m 0755 "$BUILD_DIR/$b" "$DESTDIR$LIB_DIR/.$b.new"
    mv -f "$DESTDIR$LIB_DIR/.$b.new" "$DESTDIR$LIB_DIR/$b"
done
# Web UI: copied beside the old folder, then swapped in, so a running mc-api keeps a complete one.
rm -rf "$DESTDIR$LIB_DIR/.$RESOURCES.new" "$DESTDIR$LIB_DIR/.$RESOURCES.old"
cp -R "$BUILD_DIR/$RESOURCES" "$DESTDIR$LIB_DIR/.$RESOURCES.new"
chmod -R u=rwX,go=rX "$DESTDIR$LIB_DIR/.$RESOURCES.new"
if [ -e "$DESTDIR$LIB_DIR/$RESOURCES" ]; then mv "$DESTDIR$LIB_DIR/$RESOURCES" "$DESTDIR$LIB_DIR/.$RESOURCES.old"; fi
mv "$DESTDIR$LIB_DIR/.$RESOURCES.new" "$DESTDIR$LIB_DIR/$RESOURCES"
rm -rf "$DESTDIR$LIB_DIR/.$RESOURCES.old"
# Relative link: also valid inside a DESTDIR staging tree.
ln -sfn ../lib/mission-control/mcsup "$DESTDIR$BIN_DIR/mcsup"

# Unit.
install -d -m 0755 "$DESTDIR$UNIT_DIR"
install -m 0644 "$DEPLOY_DIR/$UNIT" "$DESTDIR$UNIT_DIR/$UNIT"

# Configuration: root-only (systemd reads it as root; it may hold AUTH_PASS and API_KEY).
install -d -m 0750 "$DESTDIR$CONF_DIR"
if [ -e "$DESTDIR$CONF_DIR/$ENV_FILE" ]; then
    env_note="kept existing $CONF_DIR/$ENV_FILE (compare with $DEPLOY_DIR/$ENV_FILE.example for new settings)"
else
    install -m 0640 "$DEPLOY_DIR/$ENV_FILE.example" "$DESTDIR$CONF_DIR/$ENV_FILE"
    env_note="created $CONF_DIR/$ENV_FILE from the example (every setting commented out, defaults apply)"
fi

echo "Installed Mission Control${DESTDIR:+ into $DESTDIR}:"
echo "  $LIB_DIR/{mcsup,mc-api,mc-worker,$RESOURCES}"
echo "  $BIN_DIR/mcsup -> $LIB_DIR/mcsup"
echo "  $UNIT_DIR/$UNIT"
echo "  $env_note"

if [ -n "$DESTDIR" ]; then
    echo "Staged install: systemctl not called."
    exit 0
fi

running=no
if ! command -v systemctl >/dev/null 2>&1; then
    echo "Note: systemctl not found; skipped 'systemctl daemon-reload'."
elif [ ! -d /run/systemd/system ]; then
    echo "Note: systemd is not running as init (PID 1) here; skipped 'systemctl daemon-reload'."
else
    systemctl daemon-reload
    if systemctl is-active --quiet "$UNIT"; then running=yes; fi
fi

cat <<EOF

Next steps:
  1. Review the settings (listen address, port, log level, supervisor tuning):
       \$EDITOR $CONF_DIR/$ENV_FILE
EOF
if [ "$running" = yes ]; then
    cat <<EOF
  2. The service is running the previous version; restart it to run the new one:
       systemctl restart mission-control
EOF
else
    cat <<EOF
  2. Start it now and at every boot:
       systemctl enable --now mission-control
EOF
fi
cat <<EOF
  3. Check the process tree (the control socket accepts the service's user and root):
       sudo MC_RUNTIME_DIR=/run/mission-control mcsup status
  Logs: journalctl -u mission-control -f
EOF
