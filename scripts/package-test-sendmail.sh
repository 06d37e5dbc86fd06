#!/usr/bin/env bash
# The Sendmail half of the package-install test: the installed hookline package
# configured for Sendmail as the README's "Sendmail" section says, behind a
# private Sendmail 8.17 on 127.0.0.1:10026, and checks that the lure is
# quarantined (`mailq -qQ`, the hf file's q line) and the ham delivered.
# scripts/package-test.sh runs it after its Postfix check; it also runs alone.
#
#   scripts/package-test-sendmail.sh [DEB]
#       hookline installed: uses it and leaves it installed (package-test.sh purges)
#       not installed: installs DEB (default: build with scripts/package.sh), purges at the end
#   KEEP=1 ...    leave Sendmail, the daemon and the config change in place
#   SM_PORT=N     Sendmail's port (default 10026; the integration tests use 10126)
#
# Socket for Sendmail sites (README "Sendmail"): Sendmail has no chroot, so the
# daemon listens on unix:/run/hookline/hookline.sock, set in hookline.yaml, and a
# drop-in gives the unit Group=smmsp (Debian's sendmail creates that group; `mail`
# where there is none, as on this machine where sendmail is only unpacked),
# RuntimeDirectory=hookline (0750) and ReadWritePaths=/run/hookline. The socket
# is then hookline:<group> 0660 in a hookline:<group> 0750 directory: Sendmail's
# SMTP children (root, or RunAsUser=smmsp) reach it, other users do not.
#
# Sendmail is never installed (sendmail-bin conflicts with postfix): the project's
# Tests/HooklineIntegrationTests/Scripts/sendmail.sh unpacks it into a temp dir
# and runs it on loopback only. What this changes, put back on exit unless KEEP=1:
# /etc/hookline/hookline.yaml (saved and restored), the drop-in
# /etc/systemd/system/hookline.service.d/sendmail.conf (removed), /run/hookline
# (removed), the daemon and Sendmail (stopped by PID), the temp dir with Sendmail
# and its queue (removed). Every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
[ "$(id -u)" -eq 0 ] || { echo "package-test-sendmail: run as root" >&2; exit 2; }

SMSH=$ROOT/Tests/HooklineIntegrationTests/Scripts/sendmail.sh
SEND=$ROOT/Tests/HooklineIntegrationTests/Scripts/smtp_send.py
SM_PORT=${SM_PORT:-10026}
SOCK=/run/hookline/hookline.sock
LISTEN=unix:$SOCK
# The filter line the README gives for sendmail.mc.
MILTER_T='S:30s;R:60s;E:5m'
CONF=/etc/hookline/hookline.yaml
DROPIN_DIR=/etc/systemd/system/hookline.service.d
DROPIN=$DROPIN_DIR/sendmail.conf
UNIT=/usr/lib/systemd/system/hookline.service

fails=0
ok()   { echo "OK: sendmail: $*"; }
fail() { echo "FAIL: sendmail: $*"; fails=$((fails + 1)); }

WORK=
HPID=
SMDIR=
INSTALLED_HERE=
MADE_DROPIN_DIR=
CHANGED_CONF=
MADE_RUNDIR=
MADE_DROPIN=

stop_pid() {  # PID SECS: TERM, bounded wait, KILL
    local p=$1 n=$(($2 * 5))
    kill -0 "$p" 2>/dev/null || return 0
    kill -TERM "$p" 2>/dev/null || true
    for _ in $(seq 1 "$n"); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.2; done
    kill -KILL "$p" 2>/dev/null || true
}

# Processes running the unpacked sendmail (the daemon's queue runner or a
# delivery child that outlived it): found by their executable, stopped by PID.
sendmail_pids() {
    local d=$1 p exe
    for p in /proc/[0-9]*; do
        exe=$(readlink "$p/exe" 2>/dev/null) || continue
        case "$exe" in "$d"/root/*) echo "${p#/proc/}" ;; esac
    done
}

cleanup() {
    set +e
    if [ -n "${KEEP:-}" ]; then
        echo "package-test-sendmail: KEEP=1: left running (Sendmail in $SMDIR on 127.0.0.1:$SM_PORT, daemon pid ${HPID:-?})"
        return
    fi
    [ -n "$HPID" ] && stop_pid "$HPID" 75
    if [ -n "$SMDIR" ] && [ -d "$SMDIR" ]; then
        "$SMSH" down "$SMDIR" >/dev/null 2>&1
        for p in $(sendmail_pids "$SMDIR"); do stop_pid "$p" 5; done
    fi
    [ -n "$CHANGED_CONF" ] && [ -f "$WORK/hookline.yaml.saved" ] && cp -p "$WORK/hookline.yaml.saved" "$CONF"
    [ -n "$MADE_DROPIN" ] && rm -f "$DROPIN"
    [ -n "$MADE_DROPIN_DIR" ] && rmdir "$DROPIN_DIR" 2>/dev/null
    if [ -n "$MADE_DROPIN" ] && [ -d /run/systemd/system ]; then
        systemctl daemon-reload >/dev/null 2>&1
        [ -n "$INSTALLED_HERE" ] || systemctl restart hookline >/dev/null 2>&1
    fi
    # What systemd does with a RuntimeDirectory= when the unit stops.
    [ -n "$MADE_RUNDIR" ] && rm -rf /run/hookline
    [ -n "$INSTALLED_HERE" ] && dpkg --purge hookline >/dev/null 2>&1
    [ -n "$WORK" ] && rm -rf "$WORK"
}
trap cleanup EXIT

if [ -e /run/hookline ]; then
    echo "package-test-sendmail: /run/hookline exists (a hookline for Sendmail already runs?); not touching it" >&2; exit 2
fi
if [ -e "$DROPIN" ]; then
    echo "package-test-sendmail: $DROPIN exists; not touching it" >&2; exit 2
fi

WORK=$(mktemp -d /var/tmp/hookline-pkgtest-sm.XXXXXX)
chmod 0755 "$WORK"
SMDIR=$WORK/sendmail
HLOG=$WORK/hookline.log

# --- the package -------------------------------------------------------------
if ! dpkg-query -W -f='${Status}' hookline 2>/dev/null | grep -q "install ok installed"; then
    DEB=${1:-}
    if [ -z "$DEB" ]; then
        NO_LINTIAN=1 scripts/package.sh
        DEB=$(ls -t dist/hookline_*.deb | head -1)
    fi
    [ -f "$DEB" ] || { echo "package-test-sendmail: no package $DEB" >&2; exit 2; }
    INSTALLED_HERE=1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$(realpath "$DEB")" \
        >/dev/null 2>"$WORK/apt.err" || { cat "$WORK/apt.err"; fail "apt-get install $DEB"; exit 1; }
    ok "installed $(dpkg-query -W -f='${Package} ${Version}' hookline)"
fi

# --- configured as the README says ---------------------------------------------
if getent group smmsp >/dev/null; then SM_GROUP=smmsp; else SM_GROUP=mail; fi
cp -p "$CONF" "$WORK/hookline.yaml.saved"
CHANGED_CONF=1
sed -i "s|^listen: .*|listen: $LISTEN|" "$CONF"
grep -q "^listen: $LISTEN\$" "$CONF" && ok "$CONF: listen: $LISTEN" || { fail "listen: not set in $CONF"; exit 1; }

[ -d "$DROPIN_DIR" ] || { mkdir -p "$DROPIN_DIR"; MADE_DROPIN_DIR=1; }
MADE_DROPIN=1
cat > "$DROPIN" <<EOF
# written by hookline scripts/package-test-sendmail.sh (README "Sendmail"); removed afterwards
[Service]
Group=$SM_GROUP
RuntimeDirectory=hookline
RuntimeDirectoryMode=0750
ReadWritePaths=/run/hookline
EOF
ok "drop-in $DROPIN: Group=$SM_GROUP RuntimeDirectory=hookline (0750)"

# The unit's value with the drop-in applied (a later assignment wins).
unit_value() { sed -n "s/^$1=//p" "$UNIT" "$DROPIN" | tail -1; }
START=$(unit_value ExecStart)
PRE=$(unit_value ExecStartPre)
USER_=$(unit_value User); GROUP_=$(unit_value Group); UMASK_=$(unit_value UMask)
RTDIR=/run/$(unit_value RuntimeDirectory); RTMODE=$(unit_value RuntimeDirectoryMode)
as_service() { (umask "$UMASK_"; exec setpriv --reuid="$USER_" --regid="$GROUP_" --init-groups -- "$@"); }

if [ -d /run/systemd/system ]; then
    MADE_RUNDIR=
    systemctl daemon-reload && systemctl restart hookline && ok "systemctl restart hookline" || fail "systemctl restart hookline"
else
    echo "package-test-sendmail: no systemd here; doing RuntimeDirectory= ($RTDIR, $USER_:$GROUP_ $RTMODE), then ExecStartPre/ExecStart as $USER_:$GROUP_ (umask $UMASK_)"
    install -d -o "$USER_" -g "$GROUP_" -m "$RTMODE" "$RTDIR"
    MADE_RUNDIR=1
    # shellcheck disable=SC2086
    as_service $PRE >"$WORK/pre.out" 2>&1 && ok "ExecStartPre: $PRE" || { fail "ExecStartPre: $(cat "$WORK/pre.out")"; exit 1; }
    # shellcheck disable=SC2086
    (umask "$UMASK_"; exec setpriv --reuid="$USER_" --regid="$GROUP_" --init-groups -- $START) >"$HLOG" 2>&1 &
    HPID=$!
fi
for _ in $(seq 1 600); do [ -S "$SOCK" ] && break; sleep 0.2; done
st=$(stat -c '%U:%G %a' "$SOCK" 2>/dev/null || echo missing)
[ "$st" = "hookline:$SM_GROUP 660" ] && ok "socket $SOCK $st" || { fail "socket: $st"; cat "$HLOG" 2>/dev/null; exit 1; }
st=$(stat -c '%U:%G %a' /run/hookline)
[ "$st" = "hookline:$SM_GROUP 750" ] && ok "directory /run/hookline $st" || fail "directory /run/hookline: $st"
[ -z "$HPID" ] || [ "$(readlink "/proc/$HPID/exe")" = /usr/sbin/hookline ] || { fail "PID $HPID is not hookline"; exit 1; }

# Who may connect: a member of the group yes, anyone else no (Sendmail's own
# SMTP children are root and always may).
probe() {  # GROUP -> prints ok / the error
    setpriv --reuid=nobody --regid="$1" --clear-groups -- /usr/bin/python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(5)
try:
    s.connect(sys.argv[1]); print("ok")
except OSError as e:
    print(type(e).__name__)
finally:
    s.close()' "$SOCK"
}
r=$(probe "$SM_GROUP"); [ "$r" = ok ] && ok "a process in group $SM_GROUP connects" || fail "group $SM_GROUP cannot connect: $r"
r=$(probe nogroup); [ "$r" = PermissionError ] && ok "other users cannot connect ($r)" || fail "nobody:nogroup: $r"

# --- a private Sendmail on loopback ------------------------------------------
if grep -q "$(printf ':%04X .* 0A ' "$SM_PORT")" /proc/net/tcp; then
    fail "127.0.0.1:$SM_PORT is taken"; exit 1
fi
SENDMAIL_MILTER_T=$MILTER_T timeout 300 "$SMSH" up "$SMDIR" "$SM_PORT" "$LISTEN" >"$WORK/up.out" 2>&1 \
    && ok "sendmail $(ls "$SMDIR"/debs | sed -n 's/^sendmail-bin_\([^_]*\)_.*/\1/p') on 127.0.0.1:$SM_PORT (unpacked in $SMDIR, not the system MTA)" \
    || { cat "$WORK/up.out"; fail "sendmail up"; exit 1; }
want="Xhookline, S=$LISTEN, F=T, T=$MILTER_T"
grep -qF "$want" "$SMDIR/etc/test.cf" && ok "sendmail.cf: $want" || fail "sendmail.cf has no '$want'"

send() {  # FILE RCPT -> the final SMTP reply
    timeout 180 python3 "$SEND" "$SM_PORT" "$1" "$2" sender@client.pkgtest.hookline.test | tail -1 || true
}
r=$(send packaging/test/lure.eml victim@pkgtest.hookline.test); echo "lure: $r"
LURE_ID=$(sed -n 's/^250 [0-9.]* \([A-Za-z0-9]*\) .*/\1/p' <<<"$r")
r2=$(send packaging/test/ham.eml team@pkgtest.hookline.test); echo "ham: $r2"
timeout 60 "$SMSH" settle "$SMDIR" || fail "queue not settled"

mailq=$(timeout 120 "$SMSH" quarantined "$SMDIR" 2>&1 || true)
if [ -n "$LURE_ID" ] && grep -q "^$LURE_ID" <<<"$mailq" && grep -q 'QUARANTINE: hookline' <<<"$mailq"; then
    ok "mailq -qQ: $LURE_ID $(grep -m1 'QUARANTINE:' <<<"$mailq" | sed 's/^ *//' | cut -c1-90)"
else
    fail "lure ($LURE_ID) not quarantined; mailq -qQ: $(tr '\n' ' ' <<<"$mailq")"
fi
hf=$SMDIR/queue/hf$LURE_ID
if [ -n "$LURE_ID" ] && [ -f "$hf" ] && grep -q '^qhookline' "$hf" \
    && grep -q 'Message-ID: <pkgtest-lure-1@' "$hf"; then
    ok "qf file hf$LURE_ID: $(grep -m1 '^q' "$hf" | cut -c1-90)"
else
    fail "no hf$LURE_ID with a q line for the lure ($(ls "$SMDIR/queue" | tr '\n' ' '))"
fi
ham=$(grep -l '^Message-ID: <pkgtest-ham-1@' "$SMDIR"/mail/new/* 2>/dev/null | head -1 || true)
if [ -n "$ham" ]; then ok "ham delivered: $(grep -m1 '^X-Hookline-Verdict:' "$ham" | cut -c1-90)"; else fail "ham not delivered"; fi
grep -q 'pkgtest-lure-1' "$SMDIR"/mail/new/* 2>/dev/null && fail "lure was delivered" || ok "lure not delivered"
if [ -f "$HLOG" ]; then
    grep -q 'action=quarantine' "$HLOG" && ok "hookline log: $(grep -m1 'action=quarantine' "$HLOG" | cut -c1-100)" \
        || fail "no action=quarantine in the hookline log"
    echo "--- hookline log (Sendmail)"; tail -n 4 "$HLOG"
fi
if [ "$fails" -eq 0 ]; then echo "package-test-sendmail: ALL OK"; else echo "package-test-sendmail: $fails FAILED"; exit 1; fi
