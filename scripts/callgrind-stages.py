#!/usr/bin/env python3
"""Where the instructions go, per pipeline stage, from a callgrind output file.

    scripts/callgrind-stages.py callgrind.out [--baseline callgrind.out.empty] [--messages N] [--bytes B]

Every function is given a stage from its object file and its source file
(Sources/<Module>/<Dir>/File.swift, thanks to `-Xswiftc -g`); functions with no
stage of their own (the Swift runtime, malloc/memcpy, libstdc++, ICU, protobuf,
Foundation, ...) are "runtime", and their cost is handed up the call graph to
their callers in proportion to what each call cost, until it reaches a function
that has a stage. So `swift_retain` called from the MIME parser counts as MIME.
With --baseline (the same command over no message: process start and config
load), the baseline's stages are subtracted, leaving the per-message work.
"""
import argparse, collections, os, re, subprocess, sys

def parse(path):
    """-> (self cost by fn, {(caller, callee): inclusive}, fn -> (ob, file), total)."""
    names = {"ob": {}, "fl": {}, "fn": {}}
    kind_of = {"ob": "ob", "cob": "ob", "fl": "fl", "fi": "fl", "fe": "fl", "cfi": "fl", "cfl": "fl", "fn": "fn", "cfn": "fn"}
    selfc = collections.Counter(); edges = collections.Counter(); where = {}
    ob = fl = fn = None; cob = cfn = None; call_pending = False; total = 0
    rx = re.compile(r"^\((\d+)\)(?: (.*))?$")
    def name(kind, v):
        m = rx.match(v)
        if not m: return v
        if m.group(2) is not None: names[kind][m.group(1)] = m.group(2)
        return names[kind].get(m.group(1), v)
    with open(path, errors="replace") as f:
        for line in f:
            c = line[0]
            if c.isdigit() or c in "+-*":
                parts = line.split()
                cost = int(parts[1]) if len(parts) > 1 else 0
                if call_pending:
                    edges[(fn, cfn)] += cost
                    where.setdefault(cfn, (cob or ob, "???"))
                    call_pending = False; cob = cfn = None
                else:
                    selfc[fn] += cost; total += cost
                continue
            key, _, val = line.rstrip("\n").partition("=")
            if key in kind_of:
                v = name(kind_of[key], val)
                if key == "ob": ob = v
                elif key == "fl": fl = v
                elif key == "fn":
                    fn = v; where[fn] = (ob, fl)
                elif key == "cob": cob = v
                elif key == "cfn": cfn = v
            elif key == "calls":
                call_pending = True
    return selfc, edges, where, total

STAGES = [  # (test on "ob|file|fn", stage); first match wins
    (r"libhs", "Vectorscan (libhs)"),
    (r"/HooklineDetect/Patterns/", "Vectorscan glue (Swift)"),
    (r"libphonenumber|/CPhone/", "libphonenumber (C++)"),
    (r"/HooklineDetect/Phone/", "phone candidates (Swift)"),
    (r"/HooklineDetect/Normalize/", "normalisation"),
    (r"/HooklineDetect/TextAnalyzer", "text analyzer (views, dispatch)"),
    (r"gconv|\|(__gconv|iconv)", "charsets: iconv (glibc)"),
    # Generic specialisations carry the file of their use site (or none): go by the type in the name.
    (r"\|[^|]*(Base64Decoder|QuotedPrintableDecoder|Inflater)", "transfer decoding (base64, QP, inflate)"),
    (r"\|[^|]*(CharsetDecoder|IconvConverter|UTF8Repairer|Windows1252)", "charsets (Swift)"),
    (r"/Encodings/(CharsetDecoder|IconvConverter|UTF8Repairer|Windows1252)", "charsets (Swift)"),
    (r"libz\.|/Encodings/(Base64Decoder|QuotedPrintableDecoder|Inflater)", "transfer decoding (base64, QP, inflate)"),
    (r"/HooklineText/HTML/", "HTML"),
    (r"/HooklineText/PDF/", "PDF"),
    (r"/HooklineText/(MIME|Encodings)/", "MIME (parser, splitter, views)"),
    (r"/HooklineText/Headers/", "headers (addresses, encoded words, auth results)"),
    (r"/HooklineText/Calendar/", "calendar"),
    (r"/HooklineText/Image/|/HooklineOCR/|/COCR/|libtesseract|liblept|libgomp", "images + OCR"),
    (r"/HooklineEngine/(RuleEvaluator|GroupScore|CompiledRules|RuleModel|RegionHints|ActionPolicy|Verdict\.)", "rule evaluation + verdict"),
    (r"/HooklineEngine/MessageFeatures", "message features"),
    (r"/HooklineEngine/VerdictJSON", "scan driver (files, output)"),
    (r"/HooklineEngine/", "engine glue (MessageScan)"),
    (r"/HooklineLoader/|/Yams/|CYaml|libyaml", "config load (YAML, rules, compile)"),
    (r"/HooklineCore/", "core helpers (sinks, ASCII)"),
    (r"/HooklineOffline/|/Sources/hookline/|ArgumentParser", "scan driver (files, output)"),
    (r"/HooklineMilter/", "milter"),
]
STAGE_RX = [(re.compile(p), s) for p, s in STAGES]

def stage_of(fn, where):
    ob, fl = where.get(fn, ("???", "???"))
    key = f"{ob or '???'}|{fl or '???'}|{fn}"
    for rx, s in STAGE_RX:
        if rx.search(key): return s
    return None  # runtime: charged to callers

def attribute(selfc, edges, where):
    stage = {fn: stage_of(fn, where) for fn in set(where) | set(selfc)}
    callers = collections.defaultdict(list)
    for (a, b), c in edges.items():
        if a != b and c > 0: callers[b].append((a, c))
    out = collections.Counter(); pending = collections.Counter()
    for fn, c in selfc.items():
        if stage.get(fn): out[fn] += c
        else: pending[fn] += c
    total = sum(selfc.values())
    for _ in range(200):  # pushes runtime cost up; converges fast (absorbed at owned callers)
        if sum(pending.values()) < total * 1e-5: break
        nxt = collections.Counter()
        for fn, amount in pending.items():
            cs = callers.get(fn)
            if not cs:
                out["process start / runtime (no owning caller)"] += amount; continue
            w = sum(c for _, c in cs)
            for a, c in cs:
                share = amount * c / w
                if stage.get(a): out[a] += share
                else: nxt[a] += share
        pending = nxt
    out["process start / runtime (no owning caller)"] += sum(pending.values())
    stage["process start / runtime (no owning caller)"] = "process start / runtime (no owning caller)"
    return out, stage  # charged cost per owning function (its own + the runtime it called), stage per function

def by_stage(charged, stage):
    out = collections.Counter()
    for fn, c in charged.items(): out[stage[fn]] += c
    return out

def demangle(names):
    try:
        r = subprocess.run(["swift", "demangle", "--simplified"], input="\n".join(names), capture_output=True, text=True, timeout=60)
        out = r.stdout.split("\n")
        if r.returncode == 0 and len(out) >= len(names): return out[: len(names)]
    except (OSError, subprocess.SubprocessError):
        pass
    return list(names)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out"); ap.add_argument("--baseline"); ap.add_argument("--messages", type=int, default=0)
    ap.add_argument("--bytes", type=int, default=0)
    ap.add_argument("--top", type=int, default=25, help="functions to list by charged cost")
    a = ap.parse_args()
    s, e, w, total = parse(a.out)
    fnc, stage = attribute(s, e, w)
    st = by_stage(fnc, stage)
    if a.baseline:
        bs, be, bw, btotal = parse(a.baseline)
        bfn, bstage = attribute(bs, be, bw)
        base = by_stage(bfn, bstage)
        print(f"baseline (start + config load, no message): {btotal:,} Ir")
        for k, v in sorted(base.items(), key=lambda kv: -kv[1])[:6]:
            print(f"    {v / 1e6:10.1f} M  {k}")
        st.subtract(base); total -= btotal; fnc.subtract(bfn)
    n, b = a.messages, a.bytes
    print(f"\nper-message work: {total:,} Ir" + (f" = {total / n / 1e6:.2f} M Ir/message" if n else "")
          + (f", {total / (b / 1024) / 1e3:.1f} k Ir/KB over {b / 1024:.0f} KB" if b else ""))
    print(f"| stage | M Ir | share | M Ir / message |\n|---|---:|---:|---:|")
    for k, v in sorted(st.items(), key=lambda kv: -kv[1]):
        if abs(v) < total * 0.0005: continue
        print(f"| {k} | {v / 1e6:.1f} | {100 * v / total:.1f} % | {v / n / 1e6 if n else 0:.3f} |")
    top = sorted(fnc.items(), key=lambda kv: -kv[1])[: a.top]
    names = demangle([f for f, _ in top])
    print(f"\ntop {a.top} functions by charged cost (own instructions + the runtime/malloc they called):")
    print("| M Ir | share | stage | function |\n|---:|---:|---|---|")
    for (f, v), d in zip(top, names):
        d = d.replace("|", "/")
        print(f"| {v / 1e6:.1f} | {100 * v / total:.1f} % | {stage.get(f) or '?'} | {d[:150]} |")

if __name__ == "__main__":
    main()
