import Yams
import HooklineCore
import HooklineEngine

/// Maps the `limits:` section of hookline.yaml onto `Limits`; names are the
/// struct's, in snake_case, so the documentation of one is the other's.
enum LimitsReader {
    static var fields: [String: WritableKeyPath<Limits, Int>] {
        [
            "max_body_bytes": \.maxBodyBytes,
            "max_raw_body_bytes": \.maxRawBodyBytes,
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
        ]
    }

    static func apply(_ node: Node, _ r: YAMLReader, _ limits: inout Limits) {
        guard let entries = r.mapping(node, what: "limits", allowed: Set(fields.keys)) else { return }
        for (k, _, v) in entries {
            guard let path = fields[k], let n = r.int(v, what: "limits.\(k)", min: 1) else { continue }
            limits[keyPath: path] = n
        }
    }

    /// The `ocr:` section: the same `Limits`, named as the README documents them.
    static var ocrFields: [String: WritableKeyPath<Limits, Int>] {
        [
            "max_images": \.maxImages,
            "max_image_bytes": \.maxImageBytes,
            "max_pixels": \.maxImagePixels,
            "min_pixels": \.minImagePixels,
            "min_image_bytes": \.minImageBytes,
            "max_millis": \.ocrMaxMillis,
            "workers": \.ocrWorkers,
            "max_text_bytes": \.ocrMaxTextBytes,
            "memo_entries": \.ocrMemoEntries,
        ]
    }

    static func applyOCR(_ node: Node, _ r: YAMLReader, _ limits: inout Limits) {
        let allowed = Set(ocrFields.keys).union(["enabled", "languages", "trigger_lexicon"])
        guard let entries = r.mapping(node, what: "ocr", allowed: allowed) else { return }
        for (k, _, v) in entries {
            switch k {
            case "enabled":
                if let b = r.bool(v, what: "ocr.enabled") { limits.ocrEnabled = b }
            case "trigger_lexicon":
                // Whether the lexicon exists is checked once the rule files are read.
                if r.isNull(v) {
                    limits.ocrTriggerLexicon = nil
                } else if let name = r.string(v, what: "ocr.trigger_lexicon") {
                    limits.ocrTriggerLexicon = name
                }
            case "languages":
                guard let list = r.strings(v, what: "ocr.languages") else { continue }
                var languages: [String] = []
                for (name, n) in list {
                    // Tesseract's own names (eng, deu, chi_sim): passed to it joined by "+".
                    if name.isEmpty || !name.utf8.allSatisfy({ ASCII.isAlpha($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: "_") }) {
                        r.fail(n, "ocr language '\(name)' is not a Tesseract language name such as eng or deu")
                    } else {
                        languages.append(name)
                    }
                }
                if list.isEmpty {
                    r.fail(v, "ocr.languages needs at least one language (or set ocr.enabled: false)")
                } else {
                    limits.ocrLanguages = languages
                }
            default:
                guard let path = ocrFields[k],
                    let n = r.int(v, what: "ocr.\(k)", min: ["min_pixels", "min_image_bytes", "memo_entries"].contains(k) ? 0 : 1)
                else { continue }
                limits[keyPath: path] = n
            }
        }
    }
}
