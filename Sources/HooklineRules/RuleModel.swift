import HooklineCore
import HooklineDetect

/// A named list of phrases (and optional regexes) matched on normalised text.
/// Phrases are what administrators write most; they are compiled to Vectorscan
/// literals with word boundaries, so a lexicon costs linear time however long.
struct LexiconDef {
    var name: String
    var description: String
    var phrases: [(text: String, at: SourceLocation)]
    var regexes: [(text: String, at: SourceLocation)]
    var location: SourceLocation
}

/// A notification service attackers abuse. A message "comes through" a platform
/// only when its From or Sender matches `senders` AND a trusted
/// Authentication-Results header shows a DKIM or DMARC pass for one of
/// `authDomains`; a match on senders alone is a look-alike.
struct PlatformDef {
    var name: String
    var description: String
    /// Full addresses (`azure-noreply@microsoft.com`) or domains (`@docusign.net`, which also covers subdomains).
    var senders: [String]
    var authDomains: [String]
    /// The platform's own published phone numbers (E.164): never evidence of a lure.
    var ownPhones: Set<String>
    /// Which parts of a notice the platform's customer (possibly an attacker) writes; documentation for explanations.
    var controlledFields: [String]
    /// Whether the platform's customers routinely put their own phone number in
    /// notices (invoicing services show the business's phone; Azure alerts,
    /// PayPal notes and form receipts rarely carry one). A phone in a platform
    /// where that is rare is itself a signal.
    var customerPhonesCommon: Bool = false
    var location: SourceLocation

    func claimedBy(_ address: String) -> Bool {
        let a = address.lowercased()
        for s in senders {
            if s.hasPrefix("@") {
                let d = String(s.dropFirst())
                if a.hasSuffix("@" + d) || a.hasSuffix("." + d) { return true }
            } else if a == s { return true }
        }
        return false
    }
}

struct PhoneCondition {
    var min = 1
    var types: Set<PhoneType>? = nil
    var views: Set<TextView>? = nil
    /// Count a platform's own published numbers too (normally they are excluded).
    var includeOwn = false
    var numbers: Set<String>? = nil
}

struct LexiconCondition {
    var lexicon: Int
    var min = 1
    var views: Set<TextView>? = nil
}

/// A rule's test, as written under `when:`.
indirect enum Condition {
    case all([Condition])
    case any([Condition])
    case not(Condition)
    /// nil name = any authenticated platform.
    case platform(String?)
    case noPlatform
    /// From/Sender claims a platform (or `brand` lexicon) but it is not authenticated.
    case lookalike
    /// An authenticated platform whose customers rarely write phone numbers carries one.
    case unexpectedPhone
    /// The From display name names the authenticated From domain.
    case senderIdentity
    case internalSender
    case phone(PhoneCondition)
    case lexicon(LexiconCondition)
    /// A phone number within `within` characters of a match of the lexicon.
    case near(lexicon: Int, within: Int)
    /// Block-mode pattern ids, tested on the decoded Subject.
    case subject(UInt32)
    /// Header exists (pattern nil) or its decoded value matches.
    case header(name: String, pattern: UInt32?)
    case from([String])
    case authDomain([String])
    case forwarded
    case anomaly(Anomaly)
    case client([IPNetwork])
    case always
}

struct RuleDef {
    var id: String
    var description: String
    var group: String
    var score: Double
    var condition: Condition
    var enabled: Bool
    var location: SourceLocation
}
