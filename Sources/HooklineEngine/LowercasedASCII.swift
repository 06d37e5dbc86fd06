import HooklineCore

extension MessageFeatures {
    /// `text.lowercased()`, without a new String when `text` is ASCII with no capital letter
    /// (nearly every address and domain a message names): `lowercased()` copies every text
    /// into a new allocation, ~0.6 to 1.3 k instructions a call with its later release, and
    /// the features fold the From address, its domain and each recipient per message. For
    /// ASCII, `lowercased()` maps exactly A-Z to a-z, so a text without them is its own
    /// answer and one with them goes to `ASCII.lowerString`; anything else is `lowercased()`.
    /// `LowercasedASCIITests` hold it to `lowercased()`.
    static func lowered(_ text: String) -> String {
        let ascii: String?? = text.utf8.withContiguousStorageIfAvailable { b -> String? in
            var capitals = false
            for x in b {
                if x >= 0x80 { return nil }
                if x &- 0x41 < 26 { capitals = true }
            }
            return capitals ? ASCII.lowerString(b) : text
        }
        return (ascii ?? nil) ?? text.lowercased()
    }
}
