import Foundation

extension ASCII {
    /// `haystack.contains(needle)` (Foundation's search), compared as bytes when both are
    /// ASCII: there a character is a byte and Foundation's search is a byte search. It
    /// bridged to NSString for every header address, MIME type and sender name, some 5 k
    /// instructions a call; any other string still takes Foundation's search.
    package static func contains(_ haystack: String, _ needle: String) -> Bool {
        let fast = haystack.utf8.withContiguousStorageIfAvailable { h in
            needle.utf8.withContiguousStorageIfAvailable { n -> Bool? in
                guard allASCII(h), allASCII(n) else { return nil }
                return find(n, in: h)
            }
        }
        if let known = (fast ?? nil) ?? nil { return known }
        return haystack.contains(needle)
    }

    private static func allASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var acc: UInt8 = 0
        for byte in b { acc |= byte }
        return acc < 0x80
    }

    private static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        // Foundation finds no empty string, not even in an empty one.
        guard let first = needle.first else { return false }
        guard haystack.count >= needle.count else { return false }
        var i = 0
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
