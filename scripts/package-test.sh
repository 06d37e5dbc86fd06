#!/usr/bin/env bash
# Installs dist/hookline_*.deb into this machine's Debian Postfix, the stock way:
# default master.cf (smtpd and cleanup chrooted in /var/spool/postfix), main.cf
# as the README says (smtpd_milters = unix:hookline/hookline.sock), the daemon
# started the way the unit starts it, and checks that a lure is held and ham
# delivered. Then the same with Sendmail (scripts/package-test-sendmail.sh: a
# private Sendmail on 127.0.0.1:10026, the daemon on /run/hookline/hookline.sock,
# the lure quarantined, ham delivered; NO_SENDMAIL=1 skips it). Root only; it changes the system, so nothing runs it by default
# (`HOOKLINE_PACKAGE_TEST=1 swift test --filter PackageInstallTests` or this script).
#
#   scripts/package-test.sh [DEB]     default: build with scripts/package.sh
#   KEEP=1 ...                        leave the package installed and Postfix running
#                                     (and the Sendmail setup: the daemon then serves Sendmail)
#
# What it changes, and puts back on exit unless KEEP=1: /etc/postfix/main.cf (saved
# and restored), the system Postfix (started on 127.0.0.1:25, stopped), the package
# (installed, then purged; the hookline user stays, as Debian policy wants), held
# test mail (deleted). Every wait is bounded; processes are stopped by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
[ "$(id -u)" -eq 0 ] || { echo "package-test: run as root" >&2; exit 2; }

WORK=$(mktemp -d /var/tmp/hookline-pkgtest.XXXXXX)
chmod 0755 "$WORK"
MAILDIR_BASE=$WORK/mail
LOG=/var/log/hookline-pkgtest-postfix.log
HLOG=$WORK/hookline.log
HPID=
HELD=
fails=0
ok()   { echo "OK: $*"; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

DEB=${1:-}
if [ -z "$DEB" ]; then
    NO_LINTIAN=1 scripts/package.sh
    DEB=$(ls -t dist/hookline_*.deb | head -1)
fi
[ -f "$DEB" ] || { echo "package-test: no package $DEB" >&2; exit 2; }

export DEBIAN_FRONTEND=noninteractive
if ! dpkg-query -W -f='${Status}' postfix 2>/dev/null | grep -q "install ok installed"; then
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    apt-get install -y -qq --no-install-recommends postfix >/dev/null
fi
if postfix status >/dev/null 2>&1; then
    echo "package-test: the system Postfix is already running; not touching it" >&2; exit 2
fi
DEB=$(realpath "$DEB")

SAVED_MAIN=
if [ -e /etc/postfix/main.cf ]; then SAVED_MAIN=$WORK/main.cf.saved; cp -p /etc/postfix/main.cf "$SAVED_MAIN"; fi

cleanup() {
    set +e
    if [ -n "${KEEP:-}" ]; then echo "package-test: KEEP=1: left installed and running (work dir $WORK)"; return; fi
    if [ -n "$HPID" ] && kill -0 "$HPID" 2>/dev/null; then
        kill -TERM "$HPID"
        for _ in $(seq 1 150); do kill -0 "$HPID" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$HPID" 2>/dev/null && kill -KILL "$HPID"
    fi
    for id in $HELD; do postsuper -d "$id" hold >/dev/null 2>&1; done
    postfix stop >/dev/null 2>&1
    if [ -n "$SAVED_MAIN" ]; then cp -p "$SAVED_MAIN" /etc/postfix/main.cf; else rm -f /etc/postfix/main.cf; fi
    dpkg --purge hookline >/dev/null 2>&1
    rm -rf "$WORK" "$LOG"
}
trap cleanup EXIT

# --- install ---------------------------------------------------------------
# apt resolves Depends: from the registry, as an admin's `apt install ./x.deb` would.
apt-get install -y -qq --no-install-recommends "$DEB" >/dev/null 2>"$WORK/apt.err" \
    || { cat "$WORK/apt.err"; fail "apt-get install $DEB"; exit 1; }
ok "installed $(dpkg-query -W -f='${Package} ${Version}' hookline)"

getent passwd hookline >/dev/null && ok "system user hookline exists" || fail "no hookline user"
id -nG postfix | grep -qw hookline && ok "postfix is in group hookline" || fail "postfix not in group hookline"
st=$(stat -c '%U:%G %a' /var/spool/postfix/hookline 2>/dev/null || echo missing)
[ "$st" = "hookline:postfix 750" ] && ok "socket directory /var/spool/postfix/hookline $st" || fail "socket directory: $st"
dpkg-query --showformat='${Conffiles}\n' --show hookline | grep -q /etc/hookline/hookline.yaml \
    && ok "/etc/hookline/hookline.yaml is a conffile" || fail "hookline.yaml is no conffile"
[ -d /etc/hookline/local.d ] && ok "/etc/hookline/local.d exists" || fail "no local.d"
for m in /usr/share/man/man8/hookline.8.gz /usr/share/man/man5/hookline.yaml.5.gz /usr/share/doc/hookline/copyright; do
    [ -s "$m" ] && ok "$m" || fail "missing $m"
done

# --- the daemon, as the unit starts it --------------------------------------
UNIT=/usr/lib/systemd/system/hookline.service
unit_value() { sed -n "s/^$1=//p" "$UNIT" | head -1; }
START=$(unit_value ExecStart)
PRE=$(unit_value ExecStartPre)
RELOAD_CHECK=$(unit_value ExecReload)
USER_=$(unit_value User); GROUP_=$(unit_value Group); UMASK_=$(unit_value UMask)
as_service() { (umask "$UMASK_"; exec setpriv --reuid="$USER_" --regid="$GROUP_" --init-groups -- "$@"); }

if [ -d /run/systemd/system ]; then
    systemctl restart hookline && ok "systemctl restart hookline" || fail "systemctl restart hookline"
    HPID=
else
    echo "package-test: no systemd here; running ExecStartPre/ExecStart of $UNIT as $USER_:$GROUP_ (umask $UMASK_)"
    # shellcheck disable=SC2086
    as_service $PRE && ok "ExecStartPre: $PRE" || fail "ExecStartPre failed"
    # shellcheck disable=SC2086
    # One process: the subshell execs setpriv, which execs hookline, so $! is its PID.
    (umask "$UMASK_"; exec setpriv --reuid="$USER_" --regid="$GROUP_" --init-groups -- $START) >"$HLOG" 2>&1 &
    HPID=$!
fi
SOCK=/var/spool/postfix/hookline/hookline.sock
for _ in $(seq 1 600); do [ -S "$SOCK" ] && break; sleep 0.2; done
st=$(stat -c '%U:%G %a' "$SOCK" 2>/dev/null || echo missing)
[ "$st" = "hookline:postfix 660" ] && ok "socket $SOCK $st" || { fail "socket: $st"; cat "$HLOG"; exit 1; }
[ -z "$HPID" ] || [ "$(readlink /proc/$HPID/exe)" = /usr/sbin/hookline ] \
    || { fail "PID $HPID is not hookline"; exit 1; }

# ExecReload's first step refuses a broken config (so `systemctl reload` fails).
cp -p /etc/hookline/hookline.yaml "$WORK/hookline.yaml.good"
printf 'actions:\n  tag: [broken\n' >> /etc/hookline/hookline.yaml
# shellcheck disable=SC2086
if as_service $RELOAD_CHECK >"$WORK/reload.out" 2>&1; then fail "ExecReload check passed a broken config"
else ok "ExecReload check refuses a broken config: $(head -1 "$WORK/reload.out")"; fi
cp -p "$WORK/hookline.yaml.good" /etc/hookline/hookline.yaml

# SIGHUP reloads (libmilter alone would stop on it).
if [ -n "$HPID" ]; then
    kill -HUP "$HPID"
    for _ in $(seq 1 600); do grep -q 'reload: ok' "$HLOG" && break; sleep 0.2; done
    if grep -q 'reload: ok' "$HLOG" && kill -0 "$HPID" 2>/dev/null; then ok "SIGHUP reloaded, daemon still running"
    else fail "SIGHUP: $(tail -3 "$HLOG" | tr '\n' ' ')"; fi
fi

# --- Postfix, configured as the README says ---------------------------------
install -d -o nobody -g nogroup "$MAILDIR_BASE"
cat > /etc/postfix/main.cf <<EOF
# written by hookline scripts/package-test.sh; the original is restored afterwards
compatibility_level = 3.6
myhostname = pkgtest.hookline.test
inet_interfaces = loopback-only
inet_protocols = ipv4
mydestination =
alias_maps =
smtpd_peername_lookup = no
maillog_file = $LOG
virtual_mailbox_domains = static:all
virtual_mailbox_base = $MAILDIR_BASE
virtual_mailbox_maps = static:catchall/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534

# Hookline (README "Postfix"): socket inside the chroot, relative to queue_directory
smtpd_milters = unix:hookline/hookline.sock
non_smtpd_milters = \$smtpd_milters
milter_protocol = 6
milter_default_action = tempfail
EOF
grep -qE '^smtp +inet +n +- +y ' /etc/postfix/master.cf && ok "master.cf: smtpd chrooted (stock)" || fail "master.cf is not stock"
[ -x /usr/lib/postfix/configure-instance.sh ] && /usr/lib/postfix/configure-instance.sh - >/dev/null 2>&1 || true
postfix check && postfix start >/dev/null 2>&1 && ok "postfix started" || { fail "postfix start"; exit 1; }
for _ in $(seq 1 50); do grep -q ':0019 .* 0A ' /proc/net/tcp && break; sleep 0.2; done

send() {  # FILE RCPT -> prints the SMTP reply
    python3 - "$1" "$2" <<'PY'
import smtplib, sys
raw = open(sys.argv[1], "rb").read()
try:
    with smtplib.SMTP("127.0.0.1", 25, timeout=60) as s:
        s.ehlo("client.pkgtest.hookline.test")
        s.mail("sender@client.pkgtest.hookline.test")
        s.rcpt(sys.argv[2])
        code, msg = s.data(raw)
        print(code, msg.decode(errors="replace"))
except smtplib.SMTPResponseException as e:
    print(e.smtp_code, e.smtp_error.decode(errors="replace"))
PY
}
settle() { for _ in $(seq 1 75); do [ -z "$(find /var/spool/postfix/incoming /var/spool/postfix/active -type f 2>/dev/null)" ] && break; sleep 0.2; done; }

r=$(send packaging/test/lure.eml victim@pkgtest.hookline.test); echo "lure: $r"
r2=$(send packaging/test/ham.eml team@pkgtest.hookline.test); echo "ham: $r2"
# The seed lure (the reference Azure Monitor campaign) when the shared corpus sits
# beside the checkout; SEED=FILE names another copy.
SEED=${SEED:-../shared/corpus/synthetic/toad/seed-azure-monitor.eml}
if [ -f "$SEED" ]; then r3=$(send "$SEED" victim@pkgtest.hookline.test); echo "seed: $r3"; fi
settle

HELD=$(postqueue -j | python3 -c 'import json,sys; print(" ".join(j["queue_id"] for j in map(json.loads, sys.stdin) if j["queue_name"]=="hold"))')
# (postcat's output is captured first: `postcat | grep -q` fails under pipefail
# when grep stops reading early.)
heldhdr=$( [ -n "$HELD" ] && postcat -h -q $HELD 2>/dev/null || true)
if grep -q '^Message-ID: <pkgtest-lure-1@' <<<"$heldhdr"; then
    ok "lure held: $HELD ($(grep -m1 '^X-Hookline-Verdict:' <<<"$heldhdr" | cut -c1-90))"
else
    fail "lure not in the hold queue (postqueue -p: $(postqueue -p | tr '\n' ' '))"
fi
if [ -f "$SEED" ]; then
    seedid=$(sed -n 's/^Message-I[Dd]: *//p' "$SEED" | head -1 | tr -d '\r')
    if [ -n "$seedid" ] && grep -qF "$seedid" <<<"$heldhdr"; then ok "seed lure held ($SEED)"
    else fail "seed lure $seedid not in the hold queue"; fi
fi
ham=$(grep -l '^Message-ID: <pkgtest-ham-1@' "$MAILDIR_BASE"/catchall/new/* 2>/dev/null | head -1 || true)
if [ -n "$ham" ]; then ok "ham delivered: $(grep -m1 '^X-Hookline-Verdict:' "$ham")"; else fail "ham not delivered"; fi
grep -q 'pkgtest-lure-1' "$MAILDIR_BASE"/catchall/new/* 2>/dev/null && fail "lure was delivered" || ok "lure not delivered"
grep -q 'milter-hold' "$LOG" && ok "postfix log: $(grep -m1 milter-hold "$LOG" | sed 's/.*milter-hold/milter-hold/' | cut -c1-80)" \
    || fail "no milter-hold in $LOG"

echo "--- hookline log"; [ -f "$HLOG" ] && tail -n 8 "$HLOG"
echo "--- postfix log"; tail -n 6 "$LOG"

# --- the same with Sendmail ----------------------------------------------------
# scripts/package-test-sendmail.sh reconfigures the installed package as the
# README's "Sendmail" section says (listen on /run/hookline/hookline.sock, drop-in
# with Group=smmsp|mail and RuntimeDirectory=hookline), runs it behind a private
# Sendmail on 127.0.0.1:10026 and puts its changes back; the package stays
# installed for the purge below. NO_SENDMAIL=1 skips it.
if [ -z "${NO_SENDMAIL:-}" ]; then
    echo "=== Sendmail"
    # The daemon restarts with the Sendmail config, so the Postfix one stops first.
    if [ -n "$HPID" ] && kill -0 "$HPID" 2>/dev/null; then
        kill -TERM "$HPID"
        for _ in $(seq 1 375); do kill -0 "$HPID" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$HPID" 2>/dev/null && kill -KILL "$HPID"
        HPID=
    fi
    scripts/package-test-sendmail.sh || fail "Sendmail: scripts/package-test-sendmail.sh"
fi
if [ "$fails" -eq 0 ]; then echo "package-test: ALL OK"; else echo "package-test: $fails FAILED"; exit 1; fi
