#!/usr/bin/env python3
"""Derives libFuzzer seed inputs from the shared mail corpus (scripts/fuzz.sh seeds).

usage: make_seeds.py CORPUS_DIR PACKAGE_DIR OUT_DIR

Writes OUT_DIR/<target>/<sha1> files in each harness's input format (see the header
comment of Fuzz/Targets/<target>.swift): the control bytes first, then content taken
from the .eml files (whole messages, or their parts, header values and decoded text).
Nothing is written inside the repository unless OUT_DIR is; fuzz-out/ is gitignored.
"""
import email
import email.policy
import hashlib
import os
import sys

MAX_MESSAGE = 8192 - 3       # the mime/scan harnesses' -max_len minus control bytes
MAX_PIECE = 4096 - 4
PER_SELECTOR = 300

# Must match the lists in Fuzz/Targets/decoders.swift.
CHARSETS = ["utf-8", "us-ascii", "iso-8859-1", "windows-1252", "iso-8859-15", "koi8-r", "shift_jis",
            "iso-2022-jp", "euc-jp", "euc-kr", "gb2312", "gbk", "gb18030", "big5", "utf-16", "utf-16le",
            "utf-16be", "utf-32", "utf-7", "windows-1251", "cp850", "x-unknown", "bogus-charset", "utf-8*en"]
HEADERS = ["From", "Sender", "Reply-To", "To", "Cc", "Subject", "Return-Path", "List-Id",
           "X-Original-To", "Delivered-To", "Authentication-Results", "DKIM-Signature",
           "Message-ID", "Resent-From", "List-Unsubscribe", "Content-Type"]
ADDRESS_HEADERS = {"from", "sender", "reply-to", "to", "cc", "resent-from"}


class Writer:
    def __init__(self, out):
        self.out = out
        self.counts = {}
        self.per_key = {}

    def put(self, target, data):
        # At most PER_SELECTOR decoder seeds per sub-target, so its first pass stays short.
        key = (target, data[0]) if target == "decoders" else None
        if key is not None and self.per_key.get(key, 0) >= PER_SELECTOR:
            return
        d = os.path.join(self.out, target)
        os.makedirs(d, exist_ok=True)
        name = hashlib.sha1(data).hexdigest()
        path = os.path.join(d, name)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(data)
            self.counts[target] = self.counts.get(target, 0) + 1
            if key is not None:
                self.per_key[key] = self.per_key.get(key, 0) + 1


def enc_of(cte):
    """Index into the harness's `encodings` list."""
    return {"base64": 1, "quoted-printable": 2}.get(cte, 0)


MAX_MILTER = 4096 - 1


def operand(b):
    """A harness operand: [length][bytes], lengths 0xF0.. meaning whole KiB."""
    if len(b) < 0xF0:
        return bytes([len(b)]) + b
    k = min(16, len(b) // 1024)
    return bytes([0xEF + k]) + b[:k * 1024]


def milter_seed(raw, n):
    """The steps Postfix would take for this message: connect, MAIL, RCPT, each
    header (folds kept as libmilter passes them), EOH, body chunks, EOM."""
    head, sep, body = raw.replace(b"\r\n", b"\n").partition(b"\n\n")
    out = bytearray([n % 4])
    out += b"\x00" + operand(b"192.0.2.%d" % (n % 250))
    out += b"\x01" + operand(b"<sender@example.net>") + operand(b"4Q%05X" % n)
    out += b"\x02" + operand(b"<victim@example.com>")
    fields = []
    for line in head.split(b"\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += b"\n" + line
        else:
            fields.append(line)
    for f in fields:
        name, _, value = f.partition(b":")
        out += b"\x03" + operand(name[:239]) + operand(value.lstrip(b" ")[:239])
    out += b"\x04" + operand(b"4Q%05X" % n)
    for i in range(0, len(body), 1024):
        out += b"\x05" + operand(body[i:i + 1024])
        if len(out) > MAX_MILTER:
            break
    out += b"\x06"
    return bytes(out[:MAX_MILTER])


def emls(corpus):
    for root, _, files in os.walk(corpus):
        for f in sorted(files):
            if f.endswith(".eml"):
                yield os.path.join(root, f)


def main():
    corpus, package, out = sys.argv[1], sys.argv[2], sys.argv[3]
    w = Writer(out)
    paths = sorted(emls(corpus)) + sorted(emls(os.path.join(package, "Tests")))
    for n, path in enumerate(paths):
        with open(path, "rb") as f:
            raw = f.read()
        msg_bytes = raw[:MAX_MESSAGE]
        seed, scale = n % 256, (n // 7) % 10
        w.put("mime", bytes([seed, scale]) + msg_bytes)
        w.put("scan", bytes([n % 8, seed, scale]) + msg_bytes)
        w.put("milter", milter_seed(raw, n))
        try:
            msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        except Exception:
            continue
        for name, value in msg.items():
            v = (value if isinstance(value, str) else str(value)).encode("utf-8", "surrogateescape")
            v = v[:MAX_PIECE]
            lname = name.lower()
            if lname == "subject":
                w.put("decoders", bytes([8, 0, seed, scale]) + v)
            if lname in ADDRESS_HEADERS:
                w.put("decoders", bytes([9, 0, seed, scale]) + v)
            if lname == "authentication-results":
                w.put("decoders", bytes([10, 0, seed, scale]) + v)
            if lname == "content-type":
                w.put("decoders", bytes([11, 0, seed, scale]) + v)
            if name in HEADERS:
                w.put("decoders", bytes([13, HEADERS.index(name), seed, scale]) + v)
        for part in msg.walk():
            if part.is_multipart():
                continue
            ctype = part.get_content_type()
            cte = (part.get("Content-Transfer-Encoding") or "").strip().lower()
            payload = part.get_payload(decode=False)
            if not isinstance(payload, str):
                continue
            encoded = payload.encode("utf-8", "surrogateescape")[:MAX_PIECE]
            if cte == "base64":
                w.put("decoders", bytes([0, 0, seed, scale]) + encoded)
            elif cte == "quoted-printable":
                w.put("decoders", bytes([1, 0, seed, scale]) + encoded)
            if ctype in ("application/pdf", "application/x-pdf"):
                pdf = part.get_payload(decode=True) or b""
                w.put("decoders", bytes([14, 0, seed, scale]) + pdf[:MAX_PIECE])
                w.put("decoders", bytes([7, 3 + 4 * enc_of(cte), seed, scale]) + encoded)
            if not ctype.startswith("text/"):
                continue
            decoded = (part.get_payload(decode=True) or b"")[:MAX_PIECE]
            charset = (part.get_content_charset() or "utf-8").lower()
            if charset in CHARSETS:
                w.put("decoders", bytes([2, CHARSETS.index(charset), seed, scale]) + decoded)
            else:
                w.put("decoders", bytes([3, 0, seed, scale]) + charset.encode("ascii", "replace") + b"\n" + decoded)
            if ctype == "text/html":
                w.put("decoders", bytes([5, 0, seed, scale]) + decoded)
                w.put("decoders", bytes([12, 0, seed, scale]) + decoded[:2048])
            elif ctype == "text/calendar":
                w.put("decoders", bytes([6, 0, seed, scale]) + decoded)
            kind = {"text/html": 1, "text/calendar": 2}.get(ctype, 0)
            w.put("decoders", bytes([7, kind + 4 * enc_of(cte), seed, scale]) + encoded)
            # The analyzer gets text the way the MIME layer would hand it over: UTF-8.
            try:
                text = decoded.decode(charset, "replace").encode("utf-8")
            except LookupError:
                text = decoded.decode("utf-8", "replace").encode("utf-8")
            subject = str(msg.get("Subject") or "").encode("utf-8", "surrogateescape")
            w.put("analyzer", bytes([n % 256, seed, scale]) + subject + b"\x00\x00" + text[:MAX_PIECE])
    # Config target: the shipped rule files and config, and the test fixtures' configs.
    for root in (os.path.join(package, "Config"), os.path.join(package, "Tests", "HooklineRulesTests", "Fixtures", "configs")):
        for d, _, files in os.walk(root):
            for f in sorted(files):
                if not f.endswith(".yaml"):
                    continue
                with open(os.path.join(d, f), "rb") as fh:
                    text = fh.read()[:4095]
                mode = 1 if f == "hookline.yaml" else 0
                if mode == 1:
                    # The harness puts `rules:` in front itself and skips texts naming rules.
                    text = b"\n".join(l for l in text.split(b"\n") if b"rules" not in l and b"/" not in l
                                      and not l.startswith(b"  - "))
                w.put("config", bytes([mode]) + text)
    for t in sorted(w.counts):
        print(f"seeds: {t}: {w.counts[t]}", file=sys.stderr)


if __name__ == "__main__":
    main()
