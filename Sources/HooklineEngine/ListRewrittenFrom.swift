import HooklineText

extension MessageFeatures {
    /// The author's address when a mailing list rewrote From so that the author's DMARC
    /// policy does not bounce the copy it relays: groups.io and others encode the author
    /// into the local part ("azure-noreply=microsoft.com@groups.io"); Google Groups and
    /// Mailman move the author to X-Original-From and put the list in From. Either way the
    /// From display name is then the author's name beside the list's domain, so it proves
    /// nothing about who signs, and the message was relayed by a list.
    static func listRewrittenAuthor(_ headers: HeaderFeatures) -> String? {
        guard let from = headers.from, !from.address.isEmpty else { return nil }
        if let original = headers.originalFrom, !original.address.isEmpty, original.address != from.address {
            return original.address
        }
        let parts = from.address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let eq = parts[0].lastIndex(of: "=") else { return nil }
        let local = parts[0][..<eq]
        let domain = parts[0][parts[0].index(after: eq)...]
        // Only a real domain after "=": "bounce=123" or an SRS tag is not an author.
        let labels = domain.split(separator: ".")
        guard !local.isEmpty, labels.count >= 2, let tld = labels.last, tld.count >= 2,
            tld.allSatisfy({ $0.isLetter }),
            labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } })
        else { return nil }
        return "\(local)@\(domain)"
    }
}
