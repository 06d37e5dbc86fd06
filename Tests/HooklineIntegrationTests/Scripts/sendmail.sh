#!/usr/bin/env bash
# sendmail.sh -- a private Sendmail 8.17 on 127.0.0.1 for Hookline's integration
# tests, without making it the system MTA.
#
# sendmail-bin conflicts with postfix, so it is never installed: its packages are
# fetched with `apt-get download` and unpacked with `dpkg -x` into DIR/root; only
# the libraries it links (and m4, to build the .cf) are apt-get installed. Each
# sendmail process runs in a private UTS namespace with a dotted hostname, which
# avoids its 60 s "unqualified host name" sleep on machines named without a dot.
#
#   sendmail.sh install DIR              download + unpack (idempotent)
#   sendmail.sh up DIR PORT MILTER       (re)start a daemon on 127.0.0.1:PORT
#                                        MILTER: libmilter syntax, e.g. inet:18899@127.0.0.1
#   sendmail.sh settle DIR               wait (<= 20 s) until no qf file is left
#   sendmail.sh quarantined DIR          `mailq -qQ`: the quarantined messages with reasons
#   sendmail.sh down DIR                 stop the daemon (bounded), no-op when stopped
#
# SENDMAIL_MILTER_T: the filter's T= timeouts (default S:10s;R:30s;E:60s).
#
# Delivered mail: DIR/mail/new/* (one file per message). Must run as root.
set -euo pipefail

die() { echo "sendmail.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"
HOST=mx.hookline.test

paths() {
	DIR=${1:?DIR}; ROOT="$DIR/root"; BIN="$ROOT/usr/libexec/sendmail"; SM="$BIN/sendmail"
	CFDIR="$ROOT/usr/share/sendmail/cf"; CF="$DIR/etc/test.cf"; PIDF="$DIR/run/daemon.pid"
}

# Sendmail insists on a qualified own host name; give it one privately.
in_uts() {
	if unshare --uts true 2>/dev/null; then
		unshare --uts sh -c 'hostname "$1"; shift; exec "$@"' sh "$HOST" "$@"
	else
		"$@"
	fi
}

install_sendmail() {
	paths "$1"
	[ -x "$SM" ] && [ -f "$CFDIR/m4/cf.m4" ] && return 0
	mkdir -p "$DIR/debs" "$ROOT"
	apt-cache show sendmail-bin >/dev/null 2>&1 || apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends m4 libdb5.3 \
		libldap-2.5-0 liblockfile1 libnsl2 libsasl2-2 libssl3 libwrap0 >/dev/null \
		|| die "apt-get install of sendmail's libraries failed"
	# apt's sandbox user must be able to write the download directory.
	chmod 777 "$DIR/debs"
	( cd "$DIR/debs" && apt-get download -q sendmail-bin sendmail-cf sendmail-base >/dev/null 2>&1 ) \
		|| die "apt-get download sendmail-bin sendmail-cf sendmail-base failed"
	local deb
	for deb in "$DIR"/debs/*.deb; do dpkg -x "$deb" "$ROOT"; done
	[ -x "$SM" ] || die "no sendmail binary after unpacking"
	if ldd "$SM" | grep -q 'not found'; then ldd "$SM" | grep 'not found' >&2; die "missing libraries"; fi
}

daemon_pid() {
	[ -f "$PIDF" ] || return 1
	local p; p=$(tr -dc '0-9' < "$PIDF")
	[ -n "$p" ] && kill -0 "$p" 2>/dev/null && echo "$p"
}

listening() {
	local hex; hex=$(printf '%04X' "$1")
	awk -v h="$hex" 'NR>1 { split($2,a,":"); if (a[2]==h && $4=="0A") f=1 } END { exit !f }' /proc/net/tcp
}

quiet() { grep -v 'World writable directory' >&2 || true; }

write_config() {
	local port=$1 milter=$2
	mkdir -p "$DIR/etc" "$DIR/queue" "$DIR/run" "$DIR/log" "$DIR/bin" "$DIR/mail/new" "$DIR/mail/tmp"
	chmod 755 "$DIR"; chmod 700 "$DIR/queue"
	chown 65534:65534 "$DIR/mail/new" "$DIR/mail/tmp"
	# Local mailer: one file per message, atomically renamed into mail/new.
	cat > "$DIR/bin/deliver" <<EOF
#!/bin/sh
t="$DIR/mail/tmp/\$(date +%s).\$\$.eml"
cat > "\$t" && mv "\$t" "$DIR/mail/new/" && exit 0
exit 75
EOF
	chmod 755 "$DIR/bin/deliver"
	printf 'hosts files\naliases files\n' > "$DIR/etc/service.switch"
	printf 'postmaster: root\nMAILER-DAEMON: postmaster\n' > "$DIR/etc/aliases"
	: > "$DIR/etc/local-host-names"; : > "$DIR/etc/trusted-users"
	[ -f "$DIR/run/statistics" ] || : > "$DIR/run/statistics"
	cat > "$DIR/etc/test.mc" <<EOF
divert(0)dnl
VERSIONID(\`hookline integration test')dnl
OSTYPE(\`linux')dnl
undefine(\`PROCMAIL_MAILER_PATH')dnl
define(\`confDOMAIN_NAME', \`$HOST')dnl
define(\`confDONT_PROBE_INTERFACES', \`True')dnl
define(\`confBIND_OPTS', \`-DNSRCH -DEFNAMES')dnl
define(\`confSERVICE_SWITCH_FILE', \`$DIR/etc/service.switch')dnl
define(\`QUEUE_DIR', \`$DIR/queue')dnl
define(\`confPID_FILE', \`$DIR/run/sendmail.pid')dnl
define(\`STATUS_FILE', \`$DIR/run/statistics')dnl
define(\`HELP_FILE', \`$ROOT/etc/mail/helpfile')dnl
define(\`ALIAS_FILE', \`$DIR/etc/aliases')dnl
define(\`confCW_FILE', \`-o $DIR/etc/local-host-names')dnl
define(\`confCT_FILE', \`-o $DIR/etc/trusted-users')dnl
define(\`confFORWARD_PATH', \`')dnl
define(\`confDEF_USER_ID', \`65534:65534')dnl
define(\`confTO_IDENT', \`0')dnl
define(\`confDELIVERY_MODE', \`background')dnl
define(\`confPRIVACY_FLAGS', \`authwarnings')dnl
define(\`confDONT_BLAME_SENDMAIL', \`TrustStickyBit,MapInUnsafeDirPath,RunProgramInUnsafeDirPath,HelpFileInUnsafeDirPath,ClassFileInUnsafeDirPath,LinkedServiceSwitchFileInWritableDir,GroupWritableDirPathSafe')dnl
define(\`LOCAL_MAILER_PATH', \`$DIR/bin/deliver')dnl
define(\`LOCAL_MAILER_ARGS', \`deliver \$u')dnl
define(\`LOCAL_MAILER_FLAGS', \`Pn')dnl
MODIFY_MAILER_FLAGS(\`LOCAL', \`-w')dnl
FEATURE(\`nocanonify')dnl
FEATURE(\`accept_unresolvable_domains')dnl
FEATURE(\`accept_unqualified_senders')dnl
FEATURE(\`no_default_msa')dnl
FEATURE(\`mailertable', \`hash -o $DIR/etc/mailertable')dnl
DAEMON_OPTIONS(\`Port=$port, Addr=127.0.0.1, Name=MTA')dnl
INPUT_MAIL_FILTER(\`hookline', \`S=$milter, F=T, T=${SENDMAIL_MILTER_T:-S:10s;R:30s;E:60s}')dnl
MAILER(\`local')dnl
MAILER(\`smtp')dnl
EOF
	m4 -D_CF_DIR_="$CFDIR/" "$CFDIR/m4/cf.m4" "$DIR/etc/test.mc" > "$CF.new" || die "m4 failed"
	mv "$CF.new" "$CF"
	# Every domain is local: mailertable ". local:".
	printf '.\tlocal:\n' | "$BIN/makemap" -C "$CF" hash "$DIR/etc/mailertable" 2> >(quiet) \
		|| die "makemap failed"
	in_uts "$SM" -C "$CF" -bi >/dev/null 2> >(quiet) || die "newaliases failed"
}

up() {
	paths "$1"; local port=${2:?PORT} milter=${3:?MILTER}
	install_sendmail "$DIR"
	down "$DIR"
	listening "$port" && die "127.0.0.1:$port is already taken"
	write_config "$port" "$milter"
	# Foreground daemon (-bD) so the PID we record is sendmail's own. Without
	# unshare (no CAP_SYS_ADMIN) sendmail may sleep 60 s over an undotted hostname.
	local waits=300
	if unshare --uts true 2>/dev/null; then
		( exec unshare --uts sh -c 'hostname "$1" && exec "$2" -C "$3" -bD -q1h' sh "$HOST" "$SM" "$CF" ) \
			> "$DIR/log/daemon.out" 2>&1 &
	else
		waits=900
		( exec "$SM" -C "$CF" -bD -q1h ) > "$DIR/log/daemon.out" 2>&1 &
	fi
	local p=$! i
	echo "$p" > "$PIDF"
	for i in $(seq 1 "$waits"); do
		listening "$port" && return 0
		kill -0 "$p" 2>/dev/null || { cat "$DIR/log/daemon.out" >&2; die "sendmail exited at start"; }
		sleep 0.1
	done
	cat "$DIR/log/daemon.out" >&2
	die "sendmail not listening on 127.0.0.1:$port after $((waits / 10)) s"
}

settle() {
	paths "$1"; local i
	for i in $(seq 1 200); do
		compgen -G "$DIR/queue/qf*" >/dev/null || return 0
		sleep 0.1
	done
	die "queue of $DIR not empty after 20 s"
}

quarantined() {
	paths "$1"
	in_uts "$SM" -C "$CF" -bp -qQ 2> >(quiet)
}

down() {
	paths "$1"; local p i
	p=$(daemon_pid) || { rm -f "$PIDF"; return 0; }
	kill -TERM "$p" 2>/dev/null || true
	for i in $(seq 1 100); do kill -0 "$p" 2>/dev/null || { rm -f "$PIDF"; return 0; }; sleep 0.1; done
	kill -KILL "$p" 2>/dev/null || true
	rm -f "$PIDF"
}

verb=${1:-}; [ $# -gt 0 ] && shift
case "$verb" in
	install) install_sendmail "$@" ;;
	up) up "$@" ;;
	settle) settle "$@" ;;
	quarantined) quarantined "$@" ;;
	down) down "$@" ;;
	*) sed -n '2,20p' "$0"; exit 64 ;;
esac
