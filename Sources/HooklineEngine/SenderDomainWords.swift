/// Words inside a sender's domain name ("intesa-verifica-conto.it", "coinspot-au-secure.com").
///
/// A look-alike domain is registered for one campaign, so it spells out what it pretends
/// to be: a brand joined by hyphens to the service it fakes ("verify", "account",
/// "Sicherheit", "klantcontrole") or to a country code. Organisations send from their
/// name; a part of a hyphen-joined domain that holds such a word is the forger's label.
enum SenderDomainWords {
    /// The first word of `words` held by a hyphen-joined part of the address's domain, the
    /// top-level label left out. Domains without a hyphen never match: "verisign.com" or
    /// "kontor.dk" are names, not a brand plus a label.
    static func match(_ address: String?, _ words: [String]) -> String? {
        guard let address, let at = address.lastIndex(of: "@") else { return nil }
        var labels = address[address.index(after: at)...].lowercased().split(separator: ".")
        guard labels.count >= 2 else { return nil }
        labels.removeLast()
        for label in labels where label.contains("-") {
            for part in label.split(separator: "-") where part.count >= 2 {
                // A country code ("danske-kunde-dk") stands alone; a word may be compounded
                // ("klantcontrole", "forderungsstelle").
                if let word = words.first(where: { $0.count <= 2 ? part == $0 : part.contains($0) }) { return word }
            }
        }
        return nil
    }
}
