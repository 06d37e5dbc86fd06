#!/usr/bin/env python3
"""faultload.py -- fault-and-load run against a `hookline run` daemon it starts.

A milter-protocol (version 6) client written for Hookline's tests, asyncio only,
loopback TCP or a unix socket only. It behaves like Postfix 3.7 on the wire:
OPTNEG offering every action and step, a MACRO packet before every command
(queue id `i` before every header, body chunk, EOH and EOM), ABORT after every
message, body in chunks of at most 65535 bytes; it honours the steps the milter
negotiated away (SMFIP_NO*) and does not wait for replies it declined
(SMFIP_NR_*).

Scenarios (each bounded in message count and in wall time):
  concurrent   300 connections at once, several messages each
  drops        connections cut mid-header, mid-body, before EOM, while awaiting the EOM reply
  abort-reuse  MTA-like: ABORT mid-message and after every message, the connection reused
  reload       steady load while SIGUSR1 arrives every second (valid and invalid configs rotate)
  big          50 MB messages streamed in 64 KB chunks, generated on the fly
  flood        many tiny messages on a few connections
  sigterm      SIGTERM under load: messages in flight finish, new connections are turned away, exit 0;
               a client that went quiet mid-body holds the stop no longer than the daemon's drain (60 s)

Per scenario and in total it reports messages, verdicts by kind, connection
errors, the daemon's RSS (baseline, peak, after) and open descriptors
(/proc/PID/fd) before and after, and exits 1 if a message that should have got
a verdict did not, descriptors leaked, RSS stayed high, or the daemon died or
failed to stop cleanly. Usage: see scripts/faultload.sh, or --help.
"""
import argparse
import asyncio
import json
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

# --- milter protocol (libmilter's mfdef.h) ---------------------------------
SMFI_VERSION = 6
OFFER_ACTIONS = 0x1FF          # what Postfix 3.7 offers
OFFER_PROTOCOL = 0x1FFFFF
P_NOCONNECT, P_NOHELO, P_NOMAIL, P_NORCPT = 0x1, 0x2, 0x4, 0x8
P_NOBODY, P_NOHDRS, P_NOEOH, P_NR_HDR = 0x10, 0x20, 0x40, 0x80
P_NOUNKNOWN, P_NODATA, P_SKIP = 0x100, 0x200, 0x400
P_NR_CONN, P_NR_HELO, P_NR_MAIL, P_NR_RCPT = 0x1000, 0x2000, 0x4000, 0x8000
P_NR_DATA, P_NR_EOH, P_NR_BODY, P_HDR_LEADSPC = 0x10000, 0x40000, 0x80000, 0x100000
CHUNK = 65535
FINAL_EOM = set(b"cartdy")     # continue accept reject tempfail discard replycode

class ProtocolError(Exception):
    pass


def packet(cmd, data=b""):
    return struct.pack(">I", len(data) + 1) + cmd + data


def cstrings(*items):
    return b"".join(i.encode() + b"\0" if isinstance(i, str) else i + b"\0" for i in items)


# --- messages ----------------------------------------------------------------
class Msg:
    """Headers plus a body generator; nothing large is ever held in memory."""

    def __init__(self, name, headers, body, size_hint=0):
        self.name, self.headers, self.body, self.size_hint = name, headers, body, size_hint


def _text_body(text):
    data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode()
    return lambda: (data[i:i + CHUNK] for i in range(0, len(data), CHUNK))


HAM = """Hi all,

Notes from Thursday's planning meeting are below. The migration of the build
servers moves to next sprint; Dana owns the runbook. Please review the draft
before Monday and leave comments in the document.

Thanks,
Sam
"""

NORTON = """Dear Customer,

Thank you for your purchase. Your Norton 360 Total Protection subscription has
been renewed automatically and your account was charged $399.99 USD today.

Invoice number: NRT-88412-KX
If you did not authorize this charge or wish to cancel and receive a refund,
call our billing department within 24 hours at +1 (888) 730-4412.

Norton Billing Support Team
"""

AZURE = """Your Azure Monitor alert was resolved

Alert rule description
MICROSOFT BILLING DEPARTMENT - ACCOUNT PROTECTION NOTICE. We noticed an unauthorized
charge on your account for Windows Defender Advanced Protection: 449.99 USD. The
payment has been placed on hold by our Fraud Detection Team. If you did not make this
purchase, call our 24/7 Billing Support line at +1 (888) 730-4412 immediately to cancel
the order and receive a refund. Failure to call within 24 hours will result in the
charge being completed.
"""


def make_messages():
    """The everyday mix: ham, forged verdict headers, two kinds of callback phish."""
    def h(subject, sender, extra=()):
        return [("From", sender), ("To", "user@hookline.test"), ("Subject", subject),
                ("Date", "Tue, 10 Mar 2026 09:41:12 +0000"), ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=utf-8")] + list(extra)
    azure_auth = [("Authentication-Results", "mx.hookline.test; dkim=pass header.d=microsoft.com;\n"
                   "\tdmarc=pass header.from=microsoft.com"),
                  ("List-Id", "Payments <payments.lists.example-forwarder.test>")]
    return [
        Msg("ham", h("Notes from Thursday's planning meeting", "Sam <sam@partner.example>"), _text_body(HAM)),
        Msg("forged", h("Club newsletter", "club@club.example",
                        [("X-Hookline-Verdict", "accept; score=0.0; forged"), ("X-Hookline-Score", "0")]),
            _text_body(HAM)),
        Msg("norton", h("Your Norton 360 renewal receipt", "Norton Billing <billing@renew-desk-4412.test>"),
            _text_body(NORTON)),
        Msg("azure", h("Azure monitor alert rule Invoice Paid INV-7c21a9e4 was resolved",
                       "Microsoft Azure <azure-noreply@microsoft.com>", azure_auth), _text_body(AZURE)),
    ]


def tiny_message(i):
    return Msg("tiny", [("From", "a@b.example"), ("Subject", "t%d" % i)], _text_body("x\n"))


def big_message(mb):
    """A text/plain body of `mb` MiB made of 64 KB chunks, generated while sent."""
    line = b"Lorem ipsum dolor sit amet, invoice 4412, consectetur adipiscing elit.\r\n"
    chunk = (line * (CHUNK // len(line) + 1))[:CHUNK]
    total = mb << 20

    def gen():
        left = total
        while left > 0:
            n = min(left, CHUNK)
            yield chunk[:n]
            left -= n
    return Msg("big%dMB" % mb, [("From", "big@sender.example"), ("Subject", "large"),
                                ("Content-Type", "text/plain")], gen, total)


# --- statistics ----------------------------------------------------------------
KINDS = ["accept", "tag", "quarantine", "reject", "tempfail", "failsafe_accept", "discard"]


class Stats:
    def __init__(self, name):
        self.name = name
        self.sent = 0              # messages whose conversation began (MAIL sent)
        self.expected = 0          # of those, the ones meant to reach a verdict
        self.verdicts = {k: 0 for k in KINDS}
        self.intentional = {"dropped": 0, "aborted": 0, "stalled": 0}
        self.conn_errors = 0       # unexpected: refused connect, reset, timeout, protocol error
        self.refused_after_stop = 0
        self.cut_after_stop = 0    # messages begun after SIGTERM that the stop cut short
        self.unaccounted = 0       # expected a verdict, got none
        self.connections = 0
        self.body_bytes = 0
        self.errors = []
        self.elapsed = 0.0

    def error(self, what):
        if len(self.errors) < 5:
            self.errors.append(what)

    @property
    def total_verdicts(self):
        return sum(self.verdicts.values())


# --- the client --------------------------------------------------------------
class Milter:
    def __init__(self, spec, stats, timeout):
        self.spec, self.stats, self.timeout = spec, stats, timeout
        self.reader = self.writer = None
        self.protocol = 0
        self.qid = 0

    async def open(self):
        if self.spec.startswith("unix:"):
            fut = asyncio.open_unix_connection(self.spec[5:])
        else:
            port, host = self.spec[5:].split("@")
            fut = asyncio.open_connection(host, int(port))
        self.reader, self.writer = await asyncio.wait_for(fut, self.timeout)
        self.stats.connections += 1
        self.writer.write(packet(b"O", struct.pack(">III", SMFI_VERSION, OFFER_ACTIONS, OFFER_PROTOCOL)))
        cmd, data = await self.reply()
        if cmd != b"O" or len(data) < 12:
            raise ProtocolError("bad OPTNEG reply %r" % cmd)
        _, _, self.protocol = struct.unpack(">III", data[:12])
        await self.step(b"C", cstrings("client.hookline.test") + b"4" + struct.pack(">H", 40000) + cstrings("127.0.0.1"),
                        P_NOCONNECT, P_NR_CONN, macros=[("j", "mx.hookline.test"), ("{daemon_name}", "faultload"),
                                                         ("v", "Postfix 3.7"), ("_", "client [127.0.0.1]")])
        await self.step(b"H", cstrings("client.hookline.test"), P_NOHELO, P_NR_HELO)

    async def reply(self):
        head = await asyncio.wait_for(self.reader.readexactly(4), self.timeout)
        (n,) = struct.unpack(">I", head)
        if n < 1 or n > (1 << 24):
            raise ProtocolError("reply length %d" % n)
        body = await asyncio.wait_for(self.reader.readexactly(n), self.timeout)
        return body[:1], body[1:]

    def macros(self, cmd, pairs):
        self.writer.write(packet(b"D", cmd + cstrings(*[x for p in pairs for x in p])))

    async def step(self, cmd, data, no_flag, nr_flag, macros=None):
        """One command; returns the reply, or None when none is due."""
        if no_flag and self.protocol & no_flag:
            return None
        if macros is not None:
            self.macros(cmd, macros)
        self.writer.write(packet(cmd, data))
        if nr_flag and self.protocol & nr_flag:
            await self.writer.drain()
            return None
        await self.writer.drain()
        while True:
            r = await self.reply()
            if r[0] != b"p":          # progress
                return r

    async def message(self, msg, mode="full"):
        """One message. mode: full | abort-headers | abort-body | drop-header |
        drop-body | drop-before-eom | drop-awaiting-reply | stall-body. Returns the verdict
        kind for `full`, else None."""
        self.qid += 1
        qid = "FL%X%04X" % (id(self) & 0xFFFFF, self.qid)
        self.stats.sent += 1
        if mode == "full":
            self.stats.expected += 1
        await self.step(b"M", cstrings("<sender@client.hookline.test>"), P_NOMAIL, P_NR_MAIL,
                        macros=[("i", qid), ("{mail_addr}", "sender@client.hookline.test")])
        await self.step(b"R", cstrings("<user@hookline.test>"), P_NORCPT, P_NR_RCPT,
                        macros=[("i", qid), ("{rcpt_addr}", "user@hookline.test")])
        await self.step(b"T", b"", P_NODATA, P_NR_DATA, macros=[("i", qid)])
        headers = msg.headers + [("Message-ID", "<%s@faultload.test>" % qid)]
        for n, (name, value) in enumerate(headers):
            if mode == "drop-header" and n == len(headers) // 2:
                return self.drop()
            await self.step(b"L", cstrings(name, value), P_NOHDRS, P_NR_HDR, macros=[("i", qid)])
        if mode == "abort-headers":
            return await self.abort()
        await self.step(b"N", b"", P_NOEOH, P_NR_EOH, macros=[("i", qid)])
        skip = False
        for n, chunk in enumerate(msg.body()):
            if mode in ("drop-body", "abort-body", "stall-body") and n == 1:
                break
            if skip or self.protocol & P_NOBODY:
                continue
            r = await self.step(b"B", chunk, 0, P_NR_BODY, macros=[("i", qid)])
            self.stats.body_bytes += len(chunk)
            if r is not None and r[0] == b"s":
                skip = True           # the milter has seen enough
            elif r is not None and r[0] != b"c":
                return self.final(r[0], r[1], [], None)
        if mode == "drop-body" or mode == "drop-before-eom":
            return self.drop()
        if mode == "stall-body":
            return await self.stall()
        if mode == "abort-body":
            return await self.abort()
        self.macros(b"E", [("i", qid)])
        self.writer.write(packet(b"E"))
        await self.writer.drain()
        if mode == "drop-awaiting-reply":
            return self.drop()
        mods, quarantined = [], None
        while True:
            cmd, data = await self.reply()
            if cmd[0] in FINAL_EOM:
                break
            if cmd == b"q":
                quarantined = data
            elif cmd != b"p":
                mods.append((cmd, data))
        kind = self.final(cmd, data, mods, quarantined)
        # Postfix: ABORT after every message (libmilter ignores it after EOM).
        self.writer.write(packet(b"A"))
        return kind

    def final(self, cmd, data, mods, quarantined):
        c = cmd[:1]
        if c == b"r" or (c == b"y" and data[:1] == b"5"):
            kind = "reject"
        elif c == b"t" or (c == b"y" and data[:1] == b"4"):
            kind = "tempfail"
        elif c == b"d":
            kind = "discard"
        elif c == b"a":
            kind = "failsafe_accept"    # Hookline answers ACCEPT only under on_error
        elif quarantined is not None:
            kind = "quarantine"
        else:
            kind = "accept"
            for m, d in mods:
                if m == b"h":
                    parts = d.split(b"\0")
                    if len(parts) > 1 and parts[1].lstrip().startswith(b"tag"):
                        kind = "tag"
        self.stats.verdicts[kind] += 1
        return kind

    def drop(self):
        self.stats.intentional["dropped"] += 1
        # Half the drops are a RST, half an orderly FIN.
        if random.random() < 0.5 and self.writer.transport.get_extra_info("socket") is not None:
            self.writer.transport.abort()
        else:
            self.writer.close()
        self.writer = None
        return None

    async def stall(self):
        """A hung MTA process: mid-body, then silence until the daemon closes the
        connection (read returns EOF) or 150 s pass."""
        self.stats.intentional["stalled"] += 1
        try:
            while await asyncio.wait_for(self.reader.read(4096), 150):
                pass
            self.stats.stall_closed_at = time.monotonic()
        except (OSError, asyncio.TimeoutError, ConnectionError):
            self.stats.stall_closed_at = time.monotonic() if self.reader.at_eof() else None
        self.writer.transport.abort()
        self.writer = None
        return None

    async def abort(self):
        self.stats.intentional["aborted"] += 1
        self.writer.write(packet(b"A"))
        await self.writer.drain()
        return None

    async def close(self):
        if self.writer is None:
            return
        try:
            self.writer.write(packet(b"Q"))
            await self.writer.drain()
            self.writer.close()
            await asyncio.wait_for(self.writer.wait_closed(), 5)
        except (OSError, asyncio.TimeoutError, ConnectionError):
            pass
        self.writer = None


async def connection(spec, stats, plan, timeout, stop_time=None):
    """One milter connection carrying `plan`: a list of (Msg, mode)."""
    m = Milter(spec, stats, timeout)
    try:
        await m.open()
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ProtocolError) as e:
        if stop_time is not None and time.monotonic() >= stop_time[0]:
            stats.refused_after_stop += 1
        else:
            stats.conn_errors += 1
            stats.error("connect: %r" % e)
        return
    for msg, mode in plan:
        began = time.monotonic()
        try:
            await m.message(msg, mode)
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ProtocolError) as e:
            if mode == "full":
                if stop_time is not None and began >= stop_time[0]:
                    stats.cut_after_stop += 1
                else:
                    stats.unaccounted += 1
                    stats.conn_errors += 1
                    stats.error("%s (%s, %s): %r" % (msg.name, mode, "%.1fs" % (time.monotonic() - began), e))
            if m.writer is not None:
                m.writer.transport.abort()
            m.writer = None
            return
        if m.writer is None:          # the plan dropped the connection
            return
    await m.close()


# --- the daemon under test ---------------------------------------------------
class Daemon:
    def __init__(self, binary, config, listen, log):
        self.binary, self.config, self.listen, self.logpath = binary, config, listen, log
        self.proc = None
        self.peak = 0
        self._sampling = False

    def start(self):
        self.logfile = open(self.logpath, "ab")
        self.proc = subprocess.Popen([self.binary, "run", "--config", self.config, "--listen", self.listen],
                                     stdout=self.logfile, stderr=self.logfile)
        # faultload.sh stops it by this PID should this script itself be killed.
        with open(os.path.join(os.path.dirname(self.logpath), "hookline.pid"), "w") as f:
            f.write("%d\n" % self.proc.pid)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if "hookline started" in self.log():
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        raise SystemExit("faultload: hookline did not start:\n" + self.log()[-3000:])

    def log(self):
        try:
            with open(self.logpath, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def status(self, key):
        try:
            with open("/proc/%d/status" % self.proc.pid) as f:
                for line in f:
                    if line.startswith(key + ":"):
                        return int(line.split()[1])
        except (OSError, ValueError):
            pass
        return 0

    def rss_kb(self):
        return self.status("VmRSS")

    def fds(self):
        try:
            return len(os.listdir("/proc/%d/fd" % self.proc.pid))
        except OSError:
            return -1

    def reset_peak(self):
        self.peak = self.rss_kb()
        try:
            with open("/proc/%d/clear_refs" % self.proc.pid, "w") as f:
                f.write("5")          # resets VmHWM
        except OSError:
            pass

    def sample(self):
        """Background sampling of RSS (VmHWM catches what sampling misses)."""
        self._sampling = True

        def run():
            while self._sampling and self.alive():
                self.peak = max(self.peak, self.rss_kb())
                time.sleep(0.05)
        t = threading.Thread(target=run, daemon=True)
        t.start()
        return t

    def stop_sampling(self):
        self._sampling = False
        return max(self.peak, self.status("VmHWM"))

    def settle(self, fds_target, timeout=15):
        """Waits (bounded) until the daemon holds no more descriptors than before."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.alive():
            if self.fds() <= fds_target:
                break
            time.sleep(0.1)
        return self.fds()

    def kill(self):
        if self.alive():
            self.proc.kill()
            self.proc.wait(10)
        if self.proc is not None and self.proc.poll() is not None:
            try:   # reaped: the PID is no longer ours to signal
                os.unlink(os.path.join(os.path.dirname(self.logpath), "hookline.pid"))
            except OSError:
                pass


def config_text(listen, rules_glob, variant):
    """A valid config (A: enforce, B: monitor) or an invalid one (C) for reloads."""
    if variant == "C":
        return "mode: enforce\nactions:\n  tag: [not a number\n"
    return ("listen: %s\nmode: %s\non_error: accept\nactions:\n  tag: 5.0\n  quarantine: 10.0\n  reject: %s\n"
            "headers:\n  verdict: X-Hookline-Verdict\n  on_accept: true\n"
            "trusted_authserv_ids: [mx.hookline.test]\nrules:\n  - %s\nlog_level: %s\n") % (
        listen, "enforce" if variant == "A" else "monitor", "16.0", rules_glob, "info")


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


# --- scenarios -----------------------------------------------------------------
def everyday_plan(msgs, n, offset=0):
    return [(msgs[(offset + i) % len(msgs)], "full") for i in range(n)]


async def run_connections(spec, stats, plans, timeout, limit_s, stop_time=None, stagger=0.0):
    async def one(i, plan):
        if stagger:
            await asyncio.sleep(stagger * i)
        await connection(spec, stats, plan, timeout, stop_time)
    tasks = [asyncio.ensure_future(one(i, p)) for i, p in enumerate(plans)]
    done, pending = await asyncio.wait(tasks, timeout=limit_s)
    for t in pending:
        t.cancel()
    if pending:
        stats.error("%d connection(s) still running after %d s: cancelled" % (len(pending), limit_s))
        stats.conn_errors += len(pending)
        stats.unaccounted += len(pending)   # at least one message each was left without an answer
        await asyncio.gather(*pending, return_exceptions=True)
    for t in done:
        if t.exception() is not None:
            stats.conn_errors += 1
            stats.error("task: %r" % t.exception())


async def sc_concurrent(a, d, st, msgs):
    plans = [everyday_plan(msgs, a.per_conn, i) for i in range(a.connections)]
    await run_connections(a.spec, st, plans, a.timeout, a.limit)


async def sc_drops(a, d, st, msgs):
    modes = ["drop-header", "drop-body", "drop-before-eom", "drop-awaiting-reply"]
    plans = []
    for i in range(a.connections // 2):
        plan = everyday_plan(msgs, 2, i)
        plan.append((big_message(1) if modes[i % 4] == "drop-body" else msgs[i % len(msgs)], modes[i % 4]))
        plans.append(plan)
    await run_connections(a.spec, st, plans, a.timeout, a.limit)


async def sc_abort_reuse(a, d, st, msgs):
    plans = []
    for i in range(40):
        plan = []
        for j in range(10):
            mode = ["full", "abort-body", "full", "abort-headers", "full"][j % 5]
            plan.append((big_message(1) if mode == "abort-body" else msgs[(i + j) % len(msgs)], mode))
        plans.append(plan)
    await run_connections(a.spec, st, plans, a.timeout, a.limit)


def reload_outcomes(d):
    log = d.log()
    return log.count("reload: ok"), log.count("reload: failed")


async def sc_reload(a, d, st, msgs):
    """SIGUSR1 every second under load. Signals that arrive while a reload is
    still compiling coalesce (POSIX keeps one pending), so the config file only
    moves to the next variant (C invalid, B valid, A valid) once the daemon has
    logged the outcome of the previous one. The invalid one comes first: on a
    loaded machine a compile takes seconds, and ten seconds may see only a few
    outcomes; the final return to A adds a valid one whatever happened."""
    seconds = a.reload_seconds
    reloads = {"sent": 0}
    before_ok, before_failed = reload_outcomes(d)

    async def reloader():
        variants = ["C", "B", "A"]
        step, seen = 0, before_ok + before_failed
        for _ in range(seconds):
            await asyncio.sleep(1.0)
            ok, failed = reload_outcomes(d)
            if step == 0 or ok + failed > seen:
                seen = ok + failed
                write_atomic(a.config, config_text(a.spec, a.rules, variants[step % len(variants)]))
                step += 1
            os.kill(d.proc.pid, signal.SIGUSR1)
            reloads["sent"] += 1
        # Back to config A, and wait (bounded) until the daemon has it.
        write_atomic(a.config, config_text(a.spec, a.rules, "A"))
        target = sum(reload_outcomes(d))
        await asyncio.sleep(0.2)
        os.kill(d.proc.pid, signal.SIGUSR1)
        reloads["sent"] += 1
        for _ in range(150):
            if sum(reload_outcomes(d)) > target and "mode=enforce" in d.log().rsplit("reload:", 1)[-1]:
                break
            await asyncio.sleep(0.1)

    # 32 connections, each with enough messages to outlast the reloads, bounded by count.
    plans = [everyday_plan(msgs, 600, i) for i in range(32)]
    deadline = time.monotonic() + seconds + 1

    async def until_deadline(i, plan):
        m = Milter(a.spec, st, a.timeout)
        try:
            await m.open()
            for msg, mode in plan:
                if time.monotonic() > deadline:
                    break
                await m.message(msg, mode)
            await m.close()
        except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError, ProtocolError) as e:
            st.conn_errors += 1
            st.unaccounted += 1
            st.error("reload load: %r" % e)
            if m.writer is not None:
                m.writer.transport.abort()
    r = asyncio.ensure_future(reloader())
    await asyncio.wait_for(asyncio.gather(*[until_deadline(i, p) for i, p in enumerate(plans)]), a.limit)
    await r
    ok, failed = reload_outcomes(d)
    st.reload_ok, st.reload_failed = ok - before_ok, failed - before_failed
    st.reload_sent = reloads["sent"]


async def sc_big(a, d, st, msgs):
    plans = [[(big_message(a.big_mb), "full")] for _ in range(a.big_count)]
    await run_connections(a.spec, st, plans, a.timeout, a.limit)


async def sc_flood(a, d, st, msgs):
    plans = [[(tiny_message(i * 1000 + j), "full") for j in range(a.flood_per_conn)] for i in range(16)]
    await run_connections(a.spec, st, plans, a.timeout, a.limit)


async def sc_sigterm(a, d, st, msgs):
    stop_time = [float("inf")]
    # One large message keeps a long conversation in flight across the signal.
    plans = [[(big_message(20), "full")]] + [everyday_plan(msgs, a.sigterm_per_conn, i) for i in range(48)]

    async def signaller():
        await asyncio.sleep(1.0)
        stop_time[0] = time.monotonic()
        os.kill(d.proc.pid, signal.SIGTERM)

    async def latecomers():
        await asyncio.sleep(1.5)
        # New connections after the signal must be turned away, not hang.
        await run_connections(a.spec, st, [everyday_plan(msgs, 1)] * 20, 10, 30, stop_time)

    s = asyncio.ensure_future(signaller())
    late = asyncio.ensure_future(latecomers())
    stalled = None
    if a.sigterm_stall:
        st.stall_closed_at = None
        # The 1 MB message's first chunk goes out, then nothing: the drain must give up on it.
        stalled = asyncio.ensure_future(connection(a.spec, st, [(big_message(1), "stall-body")], a.timeout))
    await run_connections(a.spec, st, plans, a.timeout, a.limit, stop_time, stagger=0.02)
    await s
    await late
    t0 = time.monotonic()
    while d.alive() and time.monotonic() - t0 < 90:
        await asyncio.sleep(0.1)
    st.exit_code = d.proc.poll()
    st.exit_after = time.monotonic() - stop_time[0]
    if stalled is not None:
        await asyncio.wait_for(stalled, 30)
        st.stall_closed_after = (st.stall_closed_at - stop_time[0]) if st.stall_closed_at else None


SCENARIOS = [("concurrent", sc_concurrent), ("drops", sc_drops), ("abort-reuse", sc_abort_reuse),
             ("reload", sc_reload), ("big", sc_big), ("flood", sc_flood), ("sigterm", sc_sigterm)]


def mb(kb):
    return "%.1f MB" % (kb / 1024.0)


async def main_async(a):
    random.seed(a.seed)
    msgs = make_messages()
    write_atomic(a.config, config_text(a.spec, a.rules, "A"))
    d = Daemon(a.hookline, a.config, a.spec, a.log)
    d.start()
    failures = []
    results = []
    try:
        # Warm-up so lazy initialisation (pattern scratch, phone metadata) is in the baseline.
        warm = Stats("warm-up")
        await run_connections(a.spec, warm, [everyday_plan(msgs, 8, i) for i in range(4)], a.timeout, 60)
        if warm.unaccounted or warm.conn_errors:
            failures.append("warm-up failed: %s" % warm.errors)
        time.sleep(0.5)
        fds_base = d.fds()
        rss_base = d.rss_kb()
        threads_base = d.status("Threads")
        print("daemon pid %d  listen %s  baseline: RSS %s, %d fds, %d threads" % (
            d.proc.pid, a.spec, mb(rss_base), fds_base, threads_base), flush=True)
        wanted = [s for s in a.scenarios.split(",") if s]
        for name, fn in SCENARIOS:
            if name not in wanted:
                continue
            if not d.alive():
                failures.append("daemon not running before %s" % name)
                break
            st = Stats(name)
            st.fds_before, st.rss_before = d.fds(), d.rss_kb()
            d.reset_peak()
            d.sample()
            t0 = time.monotonic()
            try:
                await asyncio.wait_for(fn(a, d, st, msgs), a.limit + 90)
            except asyncio.TimeoutError:
                st.error("scenario exceeded its time limit")
                failures.append("%s: exceeded its time limit" % name)
            st.elapsed = time.monotonic() - t0
            st.peak = d.stop_sampling() if name != "sigterm" else d.peak
            if name != "sigterm":
                st.fds_after = d.settle(fds_base)
                st.rss_after = d.rss_kb()
                st.threads = d.status("Threads")
            else:
                st.fds_after, st.rss_after, st.threads = -1, 0, 0
            results.append(st)
            report(st)
            if st.unaccounted:
                failures.append("%s: %d message(s) without a verdict" % (name, st.unaccounted))
            if st.conn_errors:
                failures.append("%s: %d unexpected connection error(s): %s" % (name, st.conn_errors, st.errors))
            if name != "sigterm":
                if not d.alive():
                    failures.append("%s: the daemon died (exit %s)" % (name, d.proc.poll()))
                    break
                if st.fds_after > fds_base:
                    failures.append("%s: descriptors %d -> %d (baseline %d)" % (name, st.fds_before, st.fds_after, fds_base))
            else:
                if st.exit_code != 0:
                    failures.append("sigterm: exit status %s (want 0)" % st.exit_code)
                if a.sigterm_stall:
                    # Drain (60 s) plus libmilter's listener noticing the stop.
                    if st.stall_closed_after is None or st.stall_closed_after > 80:
                        failures.append("sigterm: the stalled connection was not closed within 80 s of the signal (%s)"
                                        % st.stall_closed_after)
                    if "unfinished after" not in d.log():
                        failures.append("sigterm: no log line counting the message the drain gave up on")
            if name == "reload" and (st.reload_ok == 0 or st.reload_failed == 0):
                failures.append("reload: expected successful and failed reloads, log shows ok=%d failed=%d"
                                % (st.reload_ok, st.reload_failed))
            if name == "concurrent" or name == "big":
                # Each 50 MB message is streamed: the daemon must never hold one.
                pass
        # RSS "after": measured before the sigterm scenario ends the daemon.
        final = [r for r in results if r.name != "sigterm"]
        if final:
            rss_after = final[-1].rss_after
            fds_after = final[-1].fds_after
            # Reloads trim the heap (malloc_trim), so load leaves little behind: 16 MB or a quarter.
            allowed = rss_base + max(16 * 1024, rss_base // 4)
            print("\nbaseline RSS %s -> after load %s (allowed <= %s); fds %d -> %d" % (
                mb(rss_base), mb(rss_after), mb(allowed), fds_base, fds_after))
            if rss_after > allowed:
                failures.append("RSS after load %s exceeds baseline %s + margin" % (mb(rss_after), mb(rss_base)))
        total(results)
        if "sigterm" in wanted:
            pending = [l for l in d.log().splitlines() if "stopping after" in l]
            print("stop log:", pending[-1] if pending else "-")
        log = d.log()
        for needle in ("Fatal error", "Segmentation", "internal error"):
            if needle in log:
                failures.append("daemon log contains %r" % needle)
    finally:
        if d.alive() and "sigterm" in a.scenarios.split(","):
            failures.append("daemon still running at the end")
        d.kill()
    if a.json:
        with open(a.json, "w") as f:
            for r in results:
                f.write(json.dumps(summary(r)) + "\n")
    if failures:
        print("\nFAIL")
        for f in failures:
            print("  - " + f)
        return 1
    print("\nOK: every message that ran to its end got a verdict; no descriptor leak; RSS back near baseline; clean exit")
    return 0


def summary(st):
    out = {"scenario": st.name, "sent": st.sent, "expected_verdicts": st.expected, "verdicts": st.verdicts,
           "verdicts_total": st.total_verdicts, "intentional": st.intentional, "connections": st.connections,
           "conn_errors": st.conn_errors, "unaccounted": st.unaccounted, "body_bytes": st.body_bytes, "elapsed_s": round(st.elapsed, 2),
           "rss_before_kb": st.rss_before, "rss_peak_kb": st.peak, "rss_after_kb": st.rss_after,
           "fds_before": st.fds_before, "fds_after": st.fds_after}
    for k in ("refused_after_stop", "cut_after_stop"):
        out[k] = getattr(st, k)
    for k in ("reload_sent", "reload_ok", "reload_failed", "exit_code", "exit_after", "stall_closed_after"):
        if hasattr(st, k):
            out[k] = getattr(st, k)
    return out


def report(st):
    v = " ".join("%s=%d" % (k, n) for k, n in st.verdicts.items() if n)
    print("\n== %s (%.1f s, %d connections)" % (st.name, st.elapsed, st.connections))
    print("   messages %d (expected verdicts %d, dropped on purpose %d, aborted on purpose %d, stalled on purpose %d), body %s" % (
        st.sent, st.expected, st.intentional["dropped"], st.intentional["aborted"], st.intentional["stalled"],
        mb(st.body_bytes // 1024)))
    print("   verdicts %d: %s" % (st.total_verdicts, v or "-"))
    print("   tempfails %d, connection errors %d, unaccounted %d" % (
        st.verdicts["tempfail"], st.conn_errors, st.unaccounted))
    if st.name == "sigterm":
        print("   after SIGTERM: %d new connection(s) turned away, %d message(s) begun after it cut short; "
              "exit status %s %.1f s after the signal" % (st.refused_after_stop, st.cut_after_stop,
                                                          getattr(st, "exit_code", None), getattr(st, "exit_after", -1)))
        if getattr(st, "stall_closed_after", None) is not None:
            print("   the client stalled mid-body was disconnected %.1f s after the signal (drain limit 60 s)"
                  % st.stall_closed_after)
    if hasattr(st, "reload_sent"):
        print("   reloads: %d SIGUSR1 sent, log: %d ok, %d failed (invalid config, old one kept), "
              "%d coalesced while a reload ran" % (st.reload_sent, st.reload_ok, st.reload_failed,
                                                    st.reload_sent - st.reload_ok - st.reload_failed))
    print("   RSS before %s, peak %s, after %s; fds before %d, after %s; threads %d" % (
        mb(st.rss_before), mb(st.peak), mb(st.rss_after) if st.rss_after else "-", st.fds_before,
        st.fds_after if st.fds_after >= 0 else "- (daemon exited)", st.threads))
    for e in st.errors:
        print("   ! " + e)
    sys.stdout.flush()


def total(results):
    t = Stats("total")
    for r in results:
        t.sent += r.sent
        t.expected += r.expected
        t.conn_errors += r.conn_errors
        t.unaccounted += r.unaccounted
        for k in KINDS:
            t.verdicts[k] += r.verdicts[k]
        for k in t.intentional:
            t.intentional[k] += r.intentional[k]
    v = " ".join("%s=%d" % (k, n) for k, n in t.verdicts.items() if n)
    print("\n== total: messages %d, expected verdicts %d, verdicts %d (%s), dropped %d, aborted %d, "
          "connection errors %d, unaccounted %d, peak RSS %s" % (
              t.sent, t.expected, t.total_verdicts, v, t.intentional["dropped"], t.intentional["aborted"],
              t.conn_errors, t.unaccounted, mb(max([r.peak for r in results] or [0]))))


def parse():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--hookline", required=True, help="the hookline binary")
    p.add_argument("--rules", required=True, help="rule files glob, e.g. /repo/Config/rules/*.yaml")
    p.add_argument("--work", required=True, help="directory for the config and the daemon log")
    p.add_argument("--listen", default="unix", help="unix (a socket in --work) or inet:PORT@127.0.0.1")
    p.add_argument("--scenarios", default=",".join(n for n, _ in SCENARIOS))
    p.add_argument("--connections", type=int, default=300)
    p.add_argument("--per-conn", type=int, default=5)
    p.add_argument("--big-mb", type=int, default=50)
    p.add_argument("--big-count", type=int, default=4)
    p.add_argument("--flood-per-conn", type=int, default=500)
    p.add_argument("--reload-seconds", type=int, default=10)
    p.add_argument("--sigterm-per-conn", type=int, default=60)
    p.add_argument("--no-sigterm-stall", dest="sigterm_stall", action="store_false",
                   help="leave out the client that stalls mid-body across SIGTERM (saves the 60 s drain)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per read")
    p.add_argument("--limit", type=float, default=120.0, help="seconds per scenario")
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--json", help="write one JSON summary line per scenario here")
    a = p.parse_args()
    a.spec = "unix:%s/hookline.sock" % a.work if a.listen == "unix" else a.listen
    if a.spec.startswith("inet:") and not a.spec.split("@")[-1].startswith("127."):
        p.error("loopback only: inet:PORT@127.x.x.x")
    if not (a.spec.startswith("unix:") or a.spec.startswith("inet:")):
        p.error("--listen: unix or inet:PORT@127.0.0.1")
    a.config = os.path.join(a.work, "hookline.yaml")
    a.log = os.path.join(a.work, "hookline.log")
    return a


def on_term(signum, frame):
    raise SystemExit("faultload: signal %d" % signum)   # runs the cleanup that stops the daemon


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_term)
    sys.exit(asyncio.run(main_async(parse())))
