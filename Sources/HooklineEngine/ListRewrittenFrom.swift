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
        // Mailman's and Google Groups' munging: From "Name via List" <list@…>, the author in
        // Reply-To, and a List-Id. All three: a Reply-To is any sender's choice, and "Jane
        // via Docusign" with Jane in Reply-To is how DocuSign itself writes.
        if headers.listId != nil, let reply = headers.replyTo, !reply.address.isEmpty, reply.address != from.address,
            Self.namesAListRelay(from.displayName)
        {
            return reply.address
        }
        // Google Groups without a Reply-To keeps the author in X-Original-Sender.
        if headers.listId != nil, let original = headers.originalSender, !original.address.isEmpty,
            original.address != from.address, Self.namesAListRelay(from.displayName)
        {
            return original.address
        }
        // No "=" byte, no "=" Character: nothing below can answer, and most addresses have none
        // (the Character split cost ~11 k instructions a message).
        guard from.address.utf8.contains(UInt8(ascii: "=")) else { return nil }
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

    /// "Microsoft Azure via Alerts", "Jane Doe via ops-team": how list software renames the
    /// author it moved out of From.
    static func namesAListRelay(_ displayName: String) -> Bool {
        let words = displayName.lowercased().split(separator: " ")
        guard let via = words.lastIndex(of: "via") else { return false }
        return via > 0 && via < words.count - 1
    }
}
