import Foundation

/// A small, lock-protected store of counters, gauges and histograms that renders the
/// Prometheus text exposition format 0.0.4. Our own rather than a package: the daemon
/// needs a dozen series, and every dependency slows every CI build.
///
/// Families are declared once, up front; updating a family that was not declared, or
/// with the wrong kind, is ignored rather than trapped (a typo must never kill a
/// libmilter thread). Label sets per family are capped at ``maxSeriesPerFamily``: rule,
/// platform and anomaly names come from config, and a series per value must not grow
/// without bound across many reloads; updates past the cap are dropped and counted in
/// `hookline_metrics_series_dropped_total`.
public final class MetricsRegistry: @unchecked Sendable {
    public enum Kind: String, Sendable { case counter, gauge, histogram }

    public static let maxSeriesPerFamily = 2000
    static let droppedName = "hookline_metrics_series_dropped_total"

    /// One series' labels, in the order given: `[("action", "tag")]`.
    public typealias Labels = [(name: String, value: String)]

    private struct Histogram {
        var counts: [UInt64]  // per bucket, not cumulative; rendered cumulative
        var sum = 0.0
        var count: UInt64 = 0
    }

    private struct Family {
        let name: String
        let help: String
        let kind: Kind
        let buckets: [Double]
        var values: [String: Double] = [:]  // rendered label text → value
        var histograms: [String: Histogram] = [:]
        var seriesCount: Int { kind == .histogram ? histograms.count : values.count }
    }

    private let lock = NSLock()
    private var families: [Family] = []
    private var index: [String: Int] = [:]
    private var dropped = 0.0

    public init() {}

    /// Declares a family. `buckets` (histograms only) are upper bounds; they are
    /// sorted and `+Inf` is implied. Declaring a name twice keeps the first.
    public func declare(_ name: String, _ kind: Kind, help: String, buckets: [Double] = []) {
        lock.lock(); defer { lock.unlock() }
        guard index[name] == nil else { return }
        let b = kind == .histogram ? Array(Set(buckets.filter(\.isFinite))).sorted() : []
        index[name] = families.count
        families.append(Family(name: name, help: help, kind: kind, buckets: b))
    }

    /// Adds to a counter (negative amounts are ignored: counters only go up) or a gauge.
    public func add(_ name: String, _ labels: Labels = [], _ amount: Double = 1) {
        update(name, labels, kinds: [.counter, .gauge]) { family, key in
            if family.kind == .counter && !(amount >= 0) { return }
            family.values[key, default: 0] += amount
        }
    }

    /// Creates a series at zero if it does not exist (any kind), so a scraper sees it,
    /// and `rate()` its first increment, before anything happened.
    public func zero(_ name: String, _ labels: Labels = []) {
        update(name, labels, kinds: [.counter, .gauge, .histogram]) { family, key in
            if family.kind == .histogram {
                if family.histograms[key] == nil {
                    family.histograms[key] = Histogram(counts: Array(repeating: 0, count: family.buckets.count))
                }
            } else if family.values[key] == nil {
                family.values[key] = 0
            }
        }
    }

    /// Sets a gauge.
    public func set(_ name: String, _ labels: Labels = [], _ value: Double) {
        update(name, labels, kinds: [.gauge]) { family, key in family.values[key] = value }
    }

    /// Records one observation in a histogram. NaN is ignored.
    public func observe(_ name: String, _ labels: Labels = [], _ value: Double) {
        guard !value.isNaN else { return }
        update(name, labels, kinds: [.histogram]) { family, key in
            var h = family.histograms[key] ?? Histogram(counts: Array(repeating: 0, count: family.buckets.count))
            if let i = family.buckets.firstIndex(where: { value <= $0 }) { h.counts[i] &+= 1 }
            h.sum += value
            h.count &+= 1
            family.histograms[key] = h
        }
    }

    /// The current value of a counter or gauge series, for tests and the log.
    public func value(_ name: String, _ labels: Labels = []) -> Double? {
        lock.lock(); defer { lock.unlock() }
        guard let i = index[name] else { return nil }
        return families[i].values[Self.labelText(labels)]
    }

    private func update(_ name: String, _ labels: Labels, kinds: Set<Kind>, _ body: (inout Family, String) -> Void) {
        let key = Self.labelText(labels)
        lock.lock(); defer { lock.unlock() }
        guard let i = index[name], kinds.contains(families[i].kind) else { return }
        let known = families[i].kind == .histogram ? families[i].histograms[key] != nil : families[i].values[key] != nil
        if !known && families[i].seriesCount >= Self.maxSeriesPerFamily {
            dropped += 1
            return
        }
        body(&families[i], key)
    }

    // MARK: exposition

    /// The whole registry in text format 0.0.4: `# HELP`, `# TYPE`, then the series
    /// sorted by their labels so that two scrapes of the same state are byte-identical.
    public func exposition() -> String {
        lock.lock(); defer { lock.unlock() }
        var out = ""
        for f in families {
            out += "# HELP \(f.name) \(Self.escapeHelp(f.help))\n# TYPE \(f.name) \(f.kind.rawValue)\n"
            switch f.kind {
            case .counter, .gauge:
                for (labels, v) in f.values.sorted(by: { $0.key < $1.key }) {
                    out += "\(f.name)\(labels) \(Self.number(v))\n"
                }
            case .histogram:
                for (labels, h) in f.histograms.sorted(by: { $0.key < $1.key }) {
                    var cumulative: UInt64 = 0
                    for (i, bound) in f.buckets.enumerated() {
                        cumulative &+= h.counts[i]
                        out += "\(f.name)_bucket\(Self.adding("le", Self.number(bound), to: labels)) \(cumulative)\n"
                    }
                    out += "\(f.name)_bucket\(Self.adding("le", "+Inf", to: labels)) \(h.count)\n"
                    out += "\(f.name)_sum\(labels) \(Self.number(h.sum))\n"
                    out += "\(f.name)_count\(labels) \(h.count)\n"
                }
            }
        }
        out += "# HELP \(Self.droppedName) Metric updates dropped because a family reached \(Self.maxSeriesPerFamily) label sets.\n"
        out += "# TYPE \(Self.droppedName) counter\n\(Self.droppedName) \(Self.number(dropped))\n"
        return out
    }

    /// `{a="x",b="y"}`, or empty for no labels. Label names are ours (code constants),
    /// values may come from config or mail and are escaped.
    static func labelText(_ labels: Labels) -> String {
        guard !labels.isEmpty else { return "" }
        return "{" + labels.map { "\($0.name)=\"\(escapeLabelValue($0.value))\"" }.joined(separator: ",") + "}"
    }

    private static func adding(_ name: String, _ value: String, to labels: String) -> String {
        let pair = "\(name)=\"\(value)\""
        return labels.isEmpty ? "{\(pair)}" : String(labels.dropLast()) + ",\(pair)}"
    }

    /// Label values: backslash, double quote and line feed are escaped (format 0.0.4).
    static func escapeLabelValue(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// HELP text: backslash and line feed are escaped (quotes are not, per the format).
    static func escapeHelp(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Integers without a fraction (counts read better), otherwise Swift's shortest
    /// round-tripping form, which Prometheus parses (`0.0025`, `1e-05`).
    static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }
}
