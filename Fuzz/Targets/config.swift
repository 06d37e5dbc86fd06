// Target "config": hookline.yaml and rule-file text through ConfigLoader (YAML,
// typed access, limits, rule/condition parsing, lexicon compilation). Config values
// must never trap either, so when a fuzzed config loads, a fixed set of messages is
// scanned under its limits and rules. Input: [mode][text].
//   mode bit 0 clear: the text is a rule file; hookline.yaml is fixed.
//   mode bit 0 set:   the text is hookline.yaml (with `rules: [rules.yaml]` put in
//                     front; texts that mention "rules" or "/" are skipped so a fuzzed
//                     glob never reads files outside the scratch directory) and the
//                     rule file is a small fixed one.
// Files are written to a private directory under $TMPDIR for each input.
import Foundation
import HooklineCore
import HooklineText
import HooklineEngine
import HooklineLoader
import HooklineOffline

let dir: String = {
    let d = (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp") + "/hookline-fuzz-config-\(getpid())"
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: dir) }
    return d
}()

let fixedConfig = """
    rules:
      - rules.yaml
    limits:
      max_scan_millis: 2000

    """

let fixedRules = """
    lexicons:
      call_to_action:
        phrases: ["call us", "call now", "contact support"]
    rules:
      - id: FUZZ_PHONE_CALL
        description: a phone number near a call to action
        score: 6.0
        when:
          all:
            - phone: true
            - near: {lexicon: call_to_action, within: 100}

    """

let messages: [[UInt8]] = [
    Array(
        """
        From: "Billing Team" <billing@example.net>\r
        To: victim@example.com\r
        Subject: Your order #4412 =?utf-8?q?call_now?=\r
        Content-Type: multipart/alternative; boundary="b1"\r
        \r
        --b1\r
        Content-Type: text/plain; charset=utf-8\r
        Content-Transfer-Encoding: quoted-printable\r
        \r
        If you did not make this purchase call us at +1 (864) 347-2494 =E2=80=93 24/7.\r
        --b1\r
        Content-Type: text/html; charset=windows-1252\r
        \r
        <p style="display:none">hidden</p><a href="tel:+18643472494">Call now</a> 864&#45;347&#45;2494\r
        --b1--\r

        """.utf8),
    Array("From: a@b\nSubject: hi\n\ncontact support 1-800-555-0199\n".utf8),
    Array(
        """
        From: a@b
        Subject: invoice
        Content-Type: multipart/mixed; boundary=x

        --x
        Content-Type: application/pdf; name=invoice.pdf

        %PDF-1.4
        1 0 obj << /Length 44 >> stream
        BT (Call us 1-800-555-0199) Tj ET
        endstream endobj
        --x--

        """.utf8),
    Array(repeating: 0x41, count: 300) + Array("\n\n".utf8) + Array(repeating: 0x39, count: 4000),
]

func write(_ name: String, _ bytes: UnsafeRawBufferPointer) {
    _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(bytes))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var input = FuzzInput(data, size)
    let mode = input.byte()
    let text = input.rest
    if mode & 1 == 0 {
        Array(fixedConfig.utf8).withUnsafeBytes { write("hookline.yaml", $0) }
        write("rules.yaml", text)
    } else {
        let lower = String(decoding: text, as: UTF8.self).lowercased()
        if lower.contains("rules") || lower.contains("/") { return -1 }
        var config = Array("rules: [rules.yaml]\n".utf8)
        config.append(contentsOf: text)
        config.withUnsafeBytes { write("hookline.yaml", $0) }
        Array(fixedRules.utf8).withUnsafeBytes { write("rules.yaml", $0) }
    }
    guard case .success(let engine) = ConfigLoader.load(path: dir + "/hookline.yaml") else { return 0 }
    _ = engine.summary
    for m in messages {
        let v = FileScan.scan(bytes: m, engine: engine, chunkSize: 61)
        _ = v.headerValue.utf8.count
    }
    return 0
}
