import Yams
import HooklineCore
import HooklineEngine

/// Maps the `limits:` section of hookline.yaml onto `Limits`; names are the
/// struct's, in snake_case, so the documentation of one is the other's.
enum LimitsReader {
    static var fields: [String: WritableKeyPath<Limits, Int>] { [
        "max_body_bytes": \.maxBodyBytes,
        "max_part_text_bytes": \.maxPartTextBytes,
        "max_mime_depth": \.maxMimeDepth,
        "max_parts": \.maxParts,
        "max_headers": \.maxHeaders,
        "max_header_bytes": \.maxHeaderBytes,
        "max_line_bytes": \.maxLineBytes,
        "max_phones": \.maxPhones,
        "max_matches_per_pattern": \.maxMatchesPerPattern,
        "max_scan_millis": \.maxScanMillis,
        "max_style_bytes": \.maxStyleBytes,
        "max_style_selectors": \.maxStyleSelectors,
    ] }

    static func apply(_ node: Node, _ r: YAMLReader, _ limits: inout Limits) {
        guard let entries = r.mapping(node, what: "limits", allowed: Set(fields.keys)) else { return }
        for (k, _, v) in entries {
            guard let path = fields[k], let n = r.int(v, what: "limits.\(k)", min: 1) else { continue }
            limits[keyPath: path] = n
        }
    }
}
