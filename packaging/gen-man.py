#!/usr/bin/env python3
"""Writes hookline.8 and hookline.yaml.5 (roff man pages).

hookline.8 comes from the command definitions themselves: ArgumentParser's
`--experimental-dump-help` JSON, so a new option or subcommand reaches the man
page without anyone remembering to edit it. hookline.yaml.5 comes from the
README's config and rule-file reference, the one place those are documented.

usage: gen-man.py HOOKLINE_BINARY README.md OUTDIR VERSION
"""
import json
import os
import re
import subprocess
import sys
import time

def esc(text):
    """roff-escape a line of plain text: backslashes, and a leading . or '."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    return "\\&" + text if text[:1] in (".", "'") else text

def inline(md):
    """Markdown inline code and emphasis to roff fonts."""
    md = esc(md)
    md = re.sub(r"\*\*(.+?)\*\*", r"\\fB\1\\fR", md)
    md = re.sub(r"`([^`]+)`", r"\\fB\1\\fR", md)
    return md

def header(name, section, version, title):
    # SOURCE_DATE_EPOCH (package.sh sets it to the commit time) keeps builds reproducible.
    stamp = int(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
    date = time.strftime("%Y-%m-%d", time.gmtime(stamp))
    return [f'.TH {name.upper()} {section} "{date}" "hookline {version}" "{title}"']

def arg_synopsis(a):
    names = a.get("names") or []
    long = next((n["name"] for n in names if n["kind"] == "long"), None)
    short = next((n["name"] for n in names if n["kind"] == "short"), None)
    flag = f"--{long}" if long else (f"-{short}" if short else None)
    value = a.get("valueName") or "value"
    if a["kind"] == "positional":
        text = f"\\fI{value}\\fR" + ("..." if a.get("isRepeating") else "")
    elif a["kind"] == "flag":
        text = f"\\fB{esc(flag)}\\fR"
    else:
        text = f"\\fB{esc(flag)}\\fR \\fI{value}\\fR"
    return f"[{text}]" if a.get("isOptional") else text

def arguments(cmd):
    return [a for a in cmd.get("arguments") or [] if a.get("shouldDisplay", True)
            and not any(n.get("name") in ("help", "version") for n in a.get("names") or [])]

def options_block(cmd):
    out = []
    for a in arguments(cmd):
        out.append(".TP")
        out.append(arg_synopsis(a).strip("[]"))
        text = a.get("abstract") or ""
        if a.get("defaultValue"):
            text += f" (default: {a['defaultValue']})"
        out.append(esc(text))
        if isinstance(a.get("discussion"), str):
            out.append(esc(a["discussion"]))
    return out

def page8(tool, version):
    root = tool["command"]
    subs = [s for s in root.get("subcommands") or [] if s.get("shouldDisplay", True)
            and s["commandName"] != "help"]
    out = header("hookline", 8, version, "System Manager's Manual")
    out += [".SH NAME", f"hookline \\- {esc(root.get('abstract', ''))}", ".SH SYNOPSIS"]
    for s in subs:
        out.append(".B hookline " + s["commandName"])
        out.append(" ".join(arg_synopsis(a) for a in arguments(s)))
        out.append(".br")
    out += [".B hookline", "\\fB\\-\\-version\\fR | \\fB\\-\\-help\\fR"]
    out += [".SH DESCRIPTION",
            "Hookline is a mail filter (milter) for Postfix and Sendmail that stops callback phishing:",
            "mail that asks the reader to call a phone number about a charge, renewal or fraud alert.",
            "It scores named rules over the text of each message and accepts, tags, holds or rejects it.",
            ".SH COMMANDS"]
    for s in subs:
        out += [".SS " + s["commandName"], esc(s.get("abstract", ""))]
        if s.get("discussion"):
            out += [".PP", esc(s["discussion"])]
        out += options_block(s)
    out += [".SH SIGNALS",
            ".TP", "\\fBSIGUSR1\\fR, \\fBSIGHUP\\fR",
            "Reload: the whole new config is validated first; if it is invalid the old one stays and the errors are logged.",
            ".TP", "\\fBSIGTERM\\fR, \\fBSIGINT\\fR",
            "Stop: new connections are refused, messages in flight get up to 60 s, then exit 0.",
            ".SH FILES",
            ".TP", "/etc/hookline/hookline.yaml", "The configuration, see \\fBhookline.yaml\\fR(5).",
            ".TP", "/usr/share/hookline/rules/", "The shipped rule files (replaced on upgrade).",
            ".TP", "/etc/hookline/local.d/*.yaml", "Local rule files, loaded last: they override the shipped ones.",
            ".TP", "/var/spool/postfix/hookline/hookline.sock",
            "The milter socket, inside Postfix's chroot; Postfix: \\fBsmtpd_milters = unix:hookline/hookline.sock\\fR.",
            ".SH EXIT STATUS", "0 on success; 1 when the config is invalid or a scanned file could not be read.",
            ".SH SEE ALSO", "\\fBhookline.yaml\\fR(5), \\fBpostconf\\fR(5), \\fBpostsuper\\fR(1), /usr/share/doc/hookline/README.md"]
    return out

def md_section(text, start, stop):
    lines = text.splitlines()
    i = next(k for k, l in enumerate(lines) if l.startswith(start))
    j = next((k for k in range(i + 1, len(lines)) if lines[k].startswith(stop)), len(lines))
    return lines[i + 1:j]

def md_to_roff(lines):
    out, code, para = [], False, False
    for l in lines:
        if l.startswith("```"):
            out.append(".EX" if not code else ".EE")
            code, para = not code, False
            continue
        if code:
            out.append(esc(l) if l else "")
            continue
        if l.startswith("## "):
            out.append(".SH " + esc(l[3:].replace("`", "")).upper())
        elif l.startswith("|"):
            cells = [c.strip() for c in l.strip().strip("|").split("|")]
            if all(set(c) <= set("-: ") for c in cells) or cells[0] in ("key", "condition"):
                continue
            # Three columns are key | default | meaning.
            text = f"{cells[2]} (default: {cells[1]})" if len(cells) > 2 else cells[-1]
            out += [".TP", inline(cells[0]), inline(text)]
            para = False
        elif not l.strip():
            para = False
        else:
            if not para:
                out.append(".PP")
                para = True
            out.append(inline(l))
    return out

def page5(readme, version):
    out = header("hookline.yaml", 5, version, "File Formats Manual")
    out += [".SH NAME", "hookline.yaml \\- configuration and rule files of the Hookline milter",
            ".SH SYNOPSIS", "/etc/hookline/hookline.yaml, /usr/share/hookline/rules/*.yaml, /etc/hookline/local.d/*.yaml",
            ".SH DESCRIPTION",
            "Check a changed config with \\fBhookline check-config\\fR, then \\fBsystemctl reload hookline\\fR.",
            "The packaged config listens on \\fBunix:/var/spool/postfix/hookline/hookline.sock\\fR and loads",
            "\\fB/usr/share/hookline/rules/*.yaml\\fR, then \\fB/etc/hookline/local.d/*.yaml\\fR.",
            ".SH KEYS"]
    out += md_to_roff(md_section(readme, "## Config reference", "## Rule files")[1:])
    out += [".SH RULE FILES"]
    out += md_to_roff(md_section(readme, "## Rule files", "## Layout"))
    out += [".SH SEE ALSO", "\\fBhookline\\fR(8)"]
    return out

def main():
    binary, readme_path, outdir, version = sys.argv[1:5]
    tool = json.loads(subprocess.run([binary, "--experimental-dump-help"], check=True,
                                     capture_output=True, text=True).stdout)
    with open(readme_path, encoding="utf-8") as f:
        readme = f.read()
    for name, lines in (("hookline.8", page8(tool, version)), ("hookline.yaml.5", page5(readme, version))):
        with open(f"{outdir}/{name}", "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

if __name__ == "__main__":
    main()
