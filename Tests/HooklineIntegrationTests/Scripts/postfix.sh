#!/usr/bin/env bash
# postfix.sh -- a private Postfix on 127.0.0.1 for Hookline's integration tests.
#
# The Debian package is installed with debconf "No configuration", so the
# system instance never gets a main.cf and is never started; everything of the
# test instance lives under DIR (config, queue, log, one catch-all Maildir).
#
#   postfix.sh install                  apt-get install postfix (idempotent)
#   postfix.sh up DIR PORT MILTER       write config, start (or reload) smtpd on 127.0.0.1:PORT
#                                       MILTER: Postfix syntax, e.g. inet:127.0.0.1:18899
#   postfix.sh settle DIR               wait (<= 20 s) until nothing is in incoming/active/maildrop
#   postfix.sh release DIR QUEUE_ID     postsuper -H (release from hold), then deliver
#   postfix.sh down DIR                 stop the instance (bounded), no-op when stopped
#
# Delivered mail: DIR/mail/catchall/new/*; hold queue (= quarantine): DIR/queue/hold/<id>;
# log: DIR/log/maillog. Must run as root. Every wait is bounded.
set -euo pipefail

die() { echo "postfix.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "must run as root"

install_postfix() {
	command -v postfix >/dev/null 2>&1 && command -v postsuper >/dev/null 2>&1 && return 0
	echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
	apt-cache show postfix >/dev/null 2>&1 || apt-get update -q >/dev/null
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postfix >/dev/null \
		|| die "apt-get install postfix failed"
	command -v postfix >/dev/null || die "postfix missing after install"
}

master_pid() {
	local f="$1/queue/pid/master.pid" p
	[ -f "$f" ] || return 1
	p=$(tr -dc '0-9' < "$f")
	[ -n "$p" ] && kill -0 "$p" 2>/dev/null && echo "$p"
}

# Reads /proc/net/tcp instead of connecting: a probe would open an SMTP session
# and with it a milter connection.
listening() {
	local hex; hex=$(printf '%04X' "$1")
	awk -v h="$hex" 'NR>1 { split($2,a,":"); if (a[2]==h && $4=="0A") f=1 } END { exit !f }' /proc/net/tcp
}

# Postfix prints its errors only to a tty when no postlogd runs yet.
explain() {
	"$@" >/dev/null 2>&1 && return 0
	command -v script >/dev/null && script -qec "$*" /dev/null >&2 || true
	return 1
}

write_config() {
	local dir=$1 port=$2 milter=$3 etc="$1/etc"
	mkdir -p "$etc" "$dir/queue" "$dir/data" "$dir/log" "$dir/mail"
	chmod 755 "$dir" "$dir/queue"
	chown postfix:postfix "$dir/data"
	chown 65534:65534 "$dir/mail"
	touch "$dir/log/maillog"
	cat > "$etc/main.cf" <<EOF
# Hookline integration test instance; loopback only, nothing is relayed.
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
syslog_name = hookline-it
maillog_file_prefixes = $dir/log
maillog_file = $dir/log/maillog
myhostname = mx.hookline.test
mydomain = hookline.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_peername_lookup = no
smtpd_relay_restrictions = permit_mynetworks, reject
alias_maps =
alias_database =
local_recipient_maps =
relayhost =
delay_warning_time = 0
virtual_mailbox_domains = static:all
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = static:catchall/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
virtual_minimum_uid = 100
smtpd_milters = $milter
non_smtpd_milters =
milter_default_action = tempfail
milter_protocol = 6
milter_connect_timeout = 10s
milter_command_timeout = 30s
milter_content_timeout = 60s
EOF
	# No chroot: the instance reads its paths directly.
	cat > "$etc/master.cf" <<EOF
127.0.0.1:$port inet n - n - - smtpd
pickup    unix  n - n 60 1 pickup
cleanup   unix  n - n - 0 cleanup
qmgr      unix  n - n 300 1 qmgr
rewrite   unix  - - n - - trivial-rewrite
bounce    unix  - - n - 0 bounce
defer     unix  - - n - 0 bounce
trace     unix  - - n - 0 bounce
verify    unix  - - n - 1 verify
flush     unix  n - n 1000? 0 flush
proxymap  unix  - - n - - proxymap
showq     unix  n - n - - showq
error     unix  - - n - - error
retry     unix  - - n - - error
discard   unix  - - n - - discard
virtual   unix  - n n - - virtual
smtp      unix  - - n - - smtp
anvil     unix  - - n - 1 anvil
scache    unix  - - n - 1 scache
postlog   unix-dgram n - n - 1 postlogd
EOF
}

up() {
	local dir=${1:?DIR} port=${2:?PORT} milter=${3:?MILTER}
	install_postfix
	write_config "$dir" "$port" "$milter"
	explain postfix -c "$dir/etc" check || die "postfix check failed"
	if master_pid "$dir" >/dev/null; then
		postfix -c "$dir/etc" reload >/dev/null 2>&1
		return 0
	fi
	listening "$port" && die "127.0.0.1:$port is already taken"
	explain postfix -c "$dir/etc" start || { tail -20 "$dir/log/maillog" >&2; die "postfix start failed"; }
	local i
	for i in $(seq 1 100); do listening "$port" && return 0; sleep 0.1; done
	tail -20 "$dir/log/maillog" >&2
	die "smtpd not listening on 127.0.0.1:$port after 10 s"
}

settle() {
	local dir=${1:?DIR} queues=${2:-"incoming active maildrop"} i q n
	for i in $(seq 1 200); do
		n=0
		for q in $queues; do
			[ -d "$dir/queue/$q" ] && n=$((n + $(find "$dir/queue/$q" -type f | wc -l)))
		done
		[ "$n" = 0 ] && return 0
		sleep 0.1
	done
	die "queue of $dir not empty after 20 s"
}

release() {
	local dir=${1:?DIR} id=${2:?QUEUE_ID}
	postsuper -c "$dir/etc" -H "$id" || die "postsuper -H $id failed"
	# -H moves the message to the deferred queue; flush delivers it now.
	postqueue -c "$dir/etc" -f >/dev/null 2>&1 || true
	settle "$dir" "incoming active maildrop deferred"
}

down() {
	local dir=${1:?DIR} p i
	p=$(master_pid "$dir") || return 0
	postfix -c "$dir/etc" stop >/dev/null 2>&1 || kill -TERM "$p" 2>/dev/null || true
	for i in $(seq 1 100); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL "$p" 2>/dev/null || true
}

verb=${1:-}; [ $# -gt 0 ] && shift
case "$verb" in
	install) install_postfix ;;
	up) up "$@" ;;
	settle) settle "$@" ;;
	release) release "$@" ;;
	down) down "$@" ;;
	*) sed -n '2,19p' "$0"; exit 64 ;;
esac
