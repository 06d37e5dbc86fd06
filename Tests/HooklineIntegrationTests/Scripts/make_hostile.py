#!/usr/bin/env python3
"""make_hostile.py OUTDIR -- writes the hostile messages too large or too
repetitive to keep in git, each named for what it attacks. Deterministic; every
message stays under Postfix's default message_size_limit (10 MB) so that what
happens to it is Hookline's doing. The small hand-written ones live in
Messages/hostile/."""
import base64
import os
import sys

LURE = ("We noticed an unauthorized charge of 449.99 USD on your account. If you did not make this "
        "purchase, call our 24/7 Billing Support line at +1 (888) 730-4412 to cancel and get a refund.")


def head(name, subject, ctype, extra=""):
    return ("From: Billing Desk <billing@hostile.example>\nTo: user@hookline.test\n"
            "Subject: %s\nDate: Tue, 10 Mar 2026 09:41:12 +0000\n"
            "Message-ID: <hostile-%s@hookline.test>\nMIME-Version: 1.0\n%sContent-Type: %s\n"
            % (subject, name, extra, ctype))


def mime_nesting(levels):
    """Multiparts nested `levels` deep (Postfix's own limit is 100), the lure at the bottom."""
    out = [head("mime-nesting-%d-levels" % levels, "deep MIME nesting", 'multipart/mixed; boundary="n0"'), "\n"]
    for i in range(levels):
        out.append('--n%d\nContent-Type: multipart/mixed; boundary="n%d"\n\n' % (i, i + 1))
    out.append("--n%d\nContent-Type: text/plain\n\n%s\n--n%d--\n" % (levels, LURE, levels))
    for i in reversed(range(levels)):
        out.append("--n%d--\n" % i)
    return "".join(out)


def rfc822_nesting(levels):
    """message/rfc822 inside message/rfc822, `levels` deep."""
    inner = "Subject: level %d\nContent-Type: text/plain\n\n%s\n" % (levels, LURE)
    for i in reversed(range(levels)):
        inner = "Subject: level %d\nContent-Type: message/rfc822\n\n%s" % (i, inner)
    return head("rfc822-nesting-%d-levels" % levels, "nested forwarded mail", "message/rfc822") + "\n" + inner


def many_headers(n):
    """Thousands of header fields (no Received:, which Postfix counts as hops)."""
    fields = "".join("X-Filler-%d: value %d with a phone +1 888 730 %04d\n" % (i, i, i % 10000) for i in range(n))
    return (head("headers-%d-fields" % n, "endless headers", "text/plain", fields) + "\n" + LURE + "\n")


def long_lines(mb):
    """One body line of `mb` MiB, then a base64 part that is a single 1 MiB line."""
    line = ("call +1 (888) 730-4412 unauthorized charge " * (((mb << 20) // 44) + 1))[:mb << 20]
    b64 = base64.b64encode(((LURE + " ") * ((1 << 20) // (len(LURE) + 1) * 3 // 4)).encode()).decode()
    return (head("body-line-%dmb" % mb, "megabyte lines", 'multipart/mixed; boundary="ll"')
            + "\n--ll\nContent-Type: text/plain\n\n" + line + "\n--ll\nContent-Type: text/plain\n"
            + "Content-Transfer-Encoding: base64\n\n" + b64 + "\n--ll--\n")


def long_header(kb):
    """A Subject of `kb` KiB on one line, and a folded To of as many continuation lines."""
    subject = ("call +1 (888) 730-4412 now " * ((kb << 10) // 27 + 1))[:kb << 10]
    folded = "\n".join(" user%d@hookline.test," % i for i in range(2000))
    return (head("header-line-%dkb" % kb, subject, "text/plain", "Cc: list:\n%s\n user@hookline.test;\n" % folded)
            + "\n" + LURE + "\n")


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, text in [("mime-nesting-500-levels.eml", mime_nesting(500)),
                       ("rfc822-nesting-200-levels.eml", rfc822_nesting(200)),
                       ("headers-5000-fields.eml", many_headers(5000)),
                       ("body-line-3mb.eml", long_lines(3)),
                       ("header-line-90kb.eml", long_header(90))]:
        with open(os.path.join(out, name), "w") as f:
            f.write(text)
        print(name)


main()
