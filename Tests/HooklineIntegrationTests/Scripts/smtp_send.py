#!/usr/bin/env python3
"""smtp_send.py PORT FILE RCPT SENDER [HOLD_SECONDS]

One SMTP transaction to 127.0.0.1:PORT. Prints the final reply on the last line
("250 ..." / "550 5.7.1 ...") and exits 0 on 2xx, 4 on 4xx, 5 on 5xx, 1 on any
other failure. With HOLD_SECONDS the message body is sent, "HOLDING" is printed,
and the closing dot follows only after that pause: a message the test can keep
in flight while it signals the milter."""
import smtplib
import sys
import time


def finish(code, msg):
    if isinstance(msg, bytes):
        msg = msg.decode(errors="replace")
    print(code, str(msg).replace("\n", " "), flush=True)
    sys.exit(0 if 200 <= code < 300 else (5 if code >= 500 else 4))


def main():
    port, path, rcpt, sender = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    hold = float(sys.argv[5]) if len(sys.argv) > 5 else 0.0
    with open(path, "rb") as f:
        data = f.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    # Dot-stuffing, as smtplib.data would do.
    data = b"\r\n".join(b"." + l if l.startswith(b".") else l for l in data.split(b"\r\n"))
    try:
        s = smtplib.SMTP("127.0.0.1", port, local_hostname="client.hookline.test", timeout=120)
        s.ehlo()
        code, msg = s.mail(sender)
        if code != 250:
            finish(code, msg)
        code, msg = s.rcpt(rcpt)
        if code not in (250, 251):
            finish(code, msg)
        code, msg = s.docmd("DATA")
        if code != 354:
            finish(code, msg)
        s.send(data)
        if hold > 0:
            print("HOLDING", flush=True)
            time.sleep(hold)
        s.send(b".\r\n")
        code, msg = s.getreply()
        try:
            s.quit()
        except Exception:
            pass
        finish(code, msg)
    except smtplib.SMTPResponseException as e:
        finish(e.smtp_code, e.smtp_error)
    except (OSError, smtplib.SMTPException) as e:
        print("ERROR", repr(e), flush=True)
        sys.exit(1)


main()
