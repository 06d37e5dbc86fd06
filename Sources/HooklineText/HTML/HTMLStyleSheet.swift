import HooklineCore

/// What the `<style>` blocks of one HTML part say about hiding and colour, read as the
/// bytes stream past.
///
/// Attackers hide junk between the digits of a phone number with a class instead of an
/// inline style (`<style>.j{display:none}</style>8<span class=j>x</span>6`), so the
/// extractor must know which classes, ids and elements are hidden. Only what decides
/// visibility is kept: rules whose declarations hide text or set a colour, for simple
/// selectors (`p`, `.x`, `#a`, `span.j`, `td#a.b`) at the top level. Rules inside at-rules
/// (`@media` variants that hide the desktop or the mobile copy of legitimate mail) and
/// selectors with combinators, pseudo-classes or attributes are ignored: guessing there
/// would hide text a reader does see.
///
/// Memory is bounded by ``Limits/maxStyleBytes`` (bytes read from all style blocks of
/// the part) and ``Limits/maxStyleSelectors`` (selectors kept); one selector list and one
/// declaration block are each capped at a few KiB.
final class HTMLStyleSheet {
    struct Rule {
        /// Tag-name key (``HTMLTextExtractor/key(_:)``), or 0 for any element.
        var element: UInt64
        var style: HTMLStyle
    }

    private enum State { case prelude, block, skipAtRule, comment }

    static let maxPreludeBytes = 1024
    static let maxBlockBytes = 4096

    private let maxBytes: Int
    private let maxSelectors: Int
    private var bytesRead = 0
    private(set) var selectorCount = 0
    private(set) var byClass: [UInt64: [Rule]] = [:]
    private(set) var byID: [UInt64: [Rule]] = [:]
    private(set) var byElement: [UInt64: HTMLStyle] = [:]

    private var state = State.prelude
    private var stateBeforeComment = State.prelude
    private var prelude: [UInt8] = []
    private var block: [UInt8] = []
    private var atDepth = 0
    private var previous: UInt8 = 0

    var isEmpty: Bool { selectorCount == 0 }

    init(maxBytes: Int, maxSelectors: Int) {
        self.maxBytes = maxBytes
        self.maxSelectors = maxSelectors
    }

    /// A new `<style>` element starts: an unclosed rule of the previous one is dropped.
    func beginBlock() {
        state = .prelude
        prelude.removeAll(keepingCapacity: true)
        block.removeAll(keepingCapacity: true)
        atDepth = 0
        previous = 0
    }

    /// Off only in tests, which compare the runs with ``step(_:)`` on every byte.
    var bulkRuns = true

    func feed(_ input: UnsafeRawBufferPointer) {
        guard bytesRead < maxBytes, selectorCount < maxSelectors else { return }
        let n = min(input.count, maxBytes - bytesRead)
        bytesRead += n
        guard bulkRuns else {
            for i in 0..<n { step(input[i]) }
            return
        }
        var i = 0
        while i < n {
            let j = Self.runEnd(input, from: i, to: n, in: state)
            if j > i {
                switch state {
                case .prelude: Self.appendLowered(input, i, j, to: &prelude, max: Self.maxPreludeBytes)
                case .block: Self.appendLowered(input, i, j, to: &block, max: Self.maxBlockBytes)
                case .skipAtRule, .comment: break
                }
                previous = input[j - 1]
                i = j
                if i == n { break }
            }
            step(input[i])
            i += 1
        }
    }

    /// Where the run of bytes that ``step(_:)`` would only append (or pass over) in `state`
    /// ends: at a byte that moves the state ("{", ";", "}"), may start a comment ("*" after
    /// "/"; the "/" itself is appended and taken back) or may end one ("/" after "*").
    /// Such a run is appended in one go instead of a byte, and a dozen property accesses, at a time.
    private static func runEnd(_ input: UnsafeRawBufferPointer, from: Int, to: Int, in state: State) -> Int {
        var k = from
        switch state {
        case .prelude:
            while k < to {
                let b = input[k]
                if b == UInt8(ascii: "{") || b == ASCII.semicolon || b == UInt8(ascii: "}") || b == UInt8(ascii: "*") { break }
                k += 1
            }
        case .block:
            while k < to {
                let b = input[k]
                if b == UInt8(ascii: "}") || b == UInt8(ascii: "*") { break }
                k += 1
            }
        case .skipAtRule:
            while k < to {
                let b = input[k]
                if b == UInt8(ascii: "{") || b == UInt8(ascii: "}") || b == UInt8(ascii: "*") { break }
                k += 1
            }
        case .comment:
            while k < to && input[k] != UInt8(ascii: "/") { k += 1 }
        }
        return k
    }

    /// `input[from..<to]` lowercased onto `buffer`, as much as fits under `max`: copied in
    /// one go and lowered in place eight bytes at a time (a lazy map appended a byte at a time).
    private static func appendLowered(
        _ input: UnsafeRawBufferPointer, _ from: Int, _ to: Int, to buffer: inout [UInt8], max: Int
    ) {
        let take = min(to - from, max - buffer.count)
        guard take > 0 else { return }
        let start = buffer.count
        buffer.append(contentsOf: input.slice(from, from + take))
        buffer.withUnsafeMutableBytes { all in
            guard let base = all.baseAddress else { return }
            StyleLowering.lower(base + start, count: take)
        }
    }

    private func step(_ b: UInt8) {
        let prev = previous
        previous = b
        if state == .comment {
            if prev == UInt8(ascii: "*") && b == UInt8(ascii: "/") { state = stateBeforeComment; previous = 0 }
            return
        }
        if prev == UInt8(ascii: "/") && b == UInt8(ascii: "*") {
            // The "/" was already appended; take it back. Forget the "*" so "/*/" stays open.
            if state == .prelude, prelude.last == UInt8(ascii: "/") { prelude.removeLast() }
            if state == .block, block.last == UInt8(ascii: "/") { block.removeLast() }
            stateBeforeComment = state
            state = .comment
            previous = 0
            return
        }
        switch state {
        case .prelude:
            switch b {
            case UInt8(ascii: "{"):
                if firstNonSpace(prelude) == UInt8(ascii: "@") {
                    state = .skipAtRule
                    atDepth = 1
                } else {
                    state = .block
                }
            case UInt8(ascii: ";"), UInt8(ascii: "}"):
                prelude.removeAll(keepingCapacity: true)  // @import, @charset, a stray brace
            default:
                if prelude.count < Self.maxPreludeBytes { prelude.append(ASCII.lower(b)) }
            }
        case .block:
            if b == UInt8(ascii: "}") {
                finishRule()
                state = .prelude
            } else if block.count < Self.maxBlockBytes {
                block.append(ASCII.lower(b))
            }
        case .skipAtRule:
            if b == UInt8(ascii: "{") {
                atDepth += 1
            } else if b == UInt8(ascii: "}") {
                atDepth -= 1
                if atDepth == 0 { state = .prelude; prelude.removeAll(keepingCapacity: true) }
            }
        case .comment:
            break
        }
    }

    private func firstNonSpace(_ bytes: [UInt8]) -> UInt8? { bytes.first { !ASCII.isSpace($0) } }

    private func finishRule() {
        defer {
            prelude.removeAll(keepingCapacity: true)
            block.removeAll(keepingCapacity: true)
        }
        let style = HTMLStyle.parse(css: String(decoding: block, as: UTF8.self))
        guard style.hasEffect else { return }
        for selector in prelude.split(separator: UInt8(ascii: ",")) {
            guard selectorCount < maxSelectors else { return }
            guard let simple = Self.simpleSelector(selector) else { continue }
            selectorCount += 1
            let rule = Rule(element: simple.element, style: style)
            if let id = simple.id {
                byID[id, default: []].append(rule)
            } else if let cls = simple.cls {
                byClass[cls, default: []].append(rule)
            } else if simple.element != 0 {
                byElement[simple.element] = byElement[simple.element]?.overridden(by: style) ?? style
            }
        }
    }

    /// `tag`, `.c`, `#i`, `tag.c`, `tag#i`, `*.c`; `tag#i.c` is indexed by its id alone.
    /// Nil for anything else, including two classes (`.a.b`): not matched rather than
    /// matched too widely.
    static func simpleSelector(_ raw: ArraySlice<UInt8>) -> (element: UInt64, cls: UInt64?, id: UInt64?)? {
        var s = raw
        while let f = s.first, ASCII.isSpace(f) { s = s.dropFirst() }
        while let l = s.last, ASCII.isSpace(l) { s = s.dropLast() }
        guard !s.isEmpty else { return nil }
        var element: [UInt8] = [], cls: [UInt8]? = nil, id: [UInt8]? = nil
        var target = 0  // 0 element, 1 class, 2 id
        for b in s {
            switch b {
            case UInt8(ascii: "."):
                guard cls == nil else { return nil }
                cls = []; target = 1
            case UInt8(ascii: "#"):
                guard id == nil else { return nil }
                id = []; target = 2
            case _ where ASCII.isAlpha(b) || ASCII.isDigit(b) || b == ASCII.dash || b == UInt8(ascii: "_"):
                switch target {
                case 0: element.append(b)
                case 1: cls?.append(b)
                default: id?.append(b)
                }
            case UInt8(ascii: "*") where target == 0 && element.isEmpty:
                continue
            default:
                return nil  // combinator, pseudo-class, attribute selector, escape
            }
        }
        if cls?.isEmpty == true || id?.isEmpty == true { return nil }
        if element.isEmpty && cls == nil && id == nil { return nil }
        return (element.isEmpty ? 0 : HTMLTextExtractor.key(element), cls.map(nameHash), id.map(nameHash))
    }

    /// Class and id names as one integer (FNV-1a over lowercased bytes).
    static func nameHash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xCBF29CE484222325
        for b in bytes { h = (h ^ UInt64(ASCII.lower(b))) &* 0x100000001B3 }
        return h
    }

    /// The sheet's say for an element, in source order of kind: element, class, id.
    func style(element: UInt64, classes: [UInt64], id: UInt64?) -> HTMLStyle? {
        var result = byElement[element]
        for c in classes {
            for rule in byClass[c] ?? [] where rule.element == 0 || rule.element == element {
                result = result?.overridden(by: rule.style) ?? rule.style
            }
        }
        if let id {
            for rule in byID[id] ?? [] where rule.element == 0 || rule.element == element {
                result = result?.overridden(by: rule.style) ?? rule.style
            }
        }
        return result
    }
}
