import HooklineCore
import HooklineDetect

/// A named list of phrases (and optional regexes) matched on normalised text.
/// Phrases are what administrators write most; they are compiled to Vectorscan
/// literals with word boundaries, so a lexicon costs linear time however long.
package struct LexiconDef {
    package var name: String
    package var description: String
    package var phrases: [(text: String, at: SourceLocation)]
    package var regexes: [(text: String, at: SourceLocation)]
    package var location: SourceLocation

    package init(
        name: String, description: String, phrases: [(text: String, at: SourceLocation)],
        regexes: [(text: String, at: SourceLocation)], location: SourceLocation
    ) {
        self.name = name; self.description = description; self.phrases = phrases
        self.regexes = regexes; self.location = location
    }
}

/// A notification service attackers abuse. A message "comes through" a platform
/// only when its From or Sender matches `senders` AND a trusted
/// Authentication-Results header shows a DKIM or DMARC pass for one of
/// `authDomains`; a match on senders alone is a look-alike.
package struct PlatformDef {
    package var name: String
    package var description: String
    /// Full addresses (`azure-noreply@microsoft.com`) or domains (`@docusign.net`, which also covers subdomains).
    package var senders: [String]
    package var authDomains: [String]
    /// The platform's own published phone numbers (E.164): never evidence of a lure.
    package var ownPhones: Set<String>
    /// Which parts of a notice the platform's customer (possibly an attacker) writes, and
    /// where they sit: the text after one of the platform's own labels. Nil when the
    /// catalogue does not know the template; then every part of the notice counts.
    package var customerText: CustomerTextDef?
    /// Whether the platform's customers routinely put their own phone number in
    /// notices (invoicing services show the business's phone; Azure alerts,
    /// PayPal notes and form receipts rarely carry one). A phone in a platform
    /// where that is rare is itself a signal.
    package var customerPhonesCommon: Bool = false
    /// Words after which the platform's Subject names the workspace the notice comes
    /// from ("New message from Kim in Harbourline", "Notifications from the Harbourline
    /// workspace"), for platforms whose sender address names no tenant (Slack).
    package var workspaceInSubject: [String] = []
    /// The sender address's local part names the workspace (`silvergate@service-now.com`).
    package var workspaceInAddress = false
    package var location: SourceLocation

    package init(
        name: String, description: String, senders: [String], authDomains: [String],
        ownPhones: Set<String>, customerText: CustomerTextDef? = nil, customerPhonesCommon: Bool = false,
        location: SourceLocation
    ) {
        self.name = name; self.description = description; self.senders = senders
        self.authDomains = authDomains; self.ownPhones = ownPhones; self.customerText = customerText
        self.customerPhonesCommon = customerPhonesCommon; self.location = location
    }

    /// Whether `a` (already lowercased, once per message rather than per platform) is one
    /// of the platform's senders. Every message asks every platform: compared on bytes
    /// (``DomainSuffix/address(_:matches:)``, the same answer as the `String` suffix test
    /// for ASCII, that test itself otherwise), since `hasSuffix` per sender was ~1 % of the
    /// steady state (docs/PERFORMANCE.md).
    package func claimed(byLowercased a: String) -> Bool {
        DomainSuffix.address(a, matchesAnyOf: senders)
    }
}

/// Where a platform's notices put what its customer wrote: the platform prints its own
/// label ("Alert rule description", "Note from seller") and the customer's text follows.
/// The labels are compiled as a lexicon of their own, so finding them costs nothing extra.
package struct CustomerTextDef {
    /// Names of the customer-written fields, for explanations.
    package var fields: [String]
    /// Index of the lexicon that holds the labels (`platform:NAME:customer-text`), or nil
    /// when the template is not known well enough to name them: then the whole notice counts.
    package var labels: Int?
    /// How far after a label (in normalised characters) the customer's text reaches.
    package var within: Int
    /// Index of the lexicon of the platform's template text that follows the customer's
    /// ("View transaction details", "Copyright"): the customer's text ends there.
    package var ends: Int?
    package init(fields: [String], labels: Int?, within: Int) {
        self.fields = fields; self.labels = labels; self.within = within
    }
}

/// `customer_text: {phone: true, lexicon: NAME}`: evidence inside what the platform's
/// customer wrote, on an authenticated platform.
package struct CustomerTextCondition {
    package var phone = false
    package var lexicon: Int?
    /// Lexicon matches naming the platform itself ("Microsoft" in a Teams notice) do not count.
    package var foreign = false
    package init() {}
}

package struct PhoneCondition {
    package var min = 1
    package var types: Set<PhoneType>? = nil
    package var views: Set<TextView>? = nil
    /// Count a platform's own published numbers too (normally they are excluded).
    package var includeOwn = false
    package var numbers: Set<String>? = nil
    package init() {}
}

package struct LexiconCondition {
    package var lexicon: Int
    package var min = 1
    package var views: Set<TextView>? = nil
    package init(lexicon: Int) { self.lexicon = lexicon }
}

/// A rule's test, as written under `when:`.
package indirect enum Condition {
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
    /// A phone and/or lexicon match inside the text the authenticated platform's customer wrote.
    case customerText(CustomerTextCondition)
    /// The From display name names the authenticated From domain.
    case senderIdentity
    case internalSender
    /// A trusted Authentication-Results says the From domain fails DMARC.
    case fromForged
    /// The platform notice comes from the recipient organisation's own workspace.
    case ownWorkspace
    /// The recipient's own organisation relayed the message (its list or alias).
    case ownRelay
    /// The recipient's own organisation's list software relayed it (a List-Id under its domain).
    case ownList
    /// The display name is written in a script that cannot spell the authenticated From domain.
    case fromNameUnspellable
    /// A trusted Authentication-Results shows a DKIM or DMARC pass covering the From domain.
    case fromAuthenticated
    case phone(PhoneCondition)
    case lexicon(LexiconCondition)
    /// A phone number within `within` characters of a match of the lexicon.
    case near(lexicon: Int, within: Int)
    /// Block-mode pattern ids, tested on the decoded Subject.
    case subject(UInt32)
    /// Header exists (pattern nil) or its decoded value matches.
    case header(name: String, pattern: UInt32?)
    /// From, Sender or the envelope sender matches the list (indexed at load).
    case from(AddressIndex)
    /// A hyphen-joined part of the From domain holds one of these words.
    case fromDomainWord([String])
    /// The From domain misspells one of these brand names by one letter.
    case fromDomainMisspells([String])
    case authDomain([String])
    case forwarded
    case anomaly(Anomaly)
    case client([IPNetwork])
    case always
    /// A named condition (`condition: NAME`), kept as such rather than inlined: the
    /// evaluator answers it once per message however many rules use it (`customer_text`
    /// conditions appear dozens of times). `index` is its place in the rule catalogue.
    case named(index: Int, Condition)
}

package struct RuleDef {
    package var id: String
    package var description: String
    package var group: String
    package var score: Double
    package var condition: Condition
    package var enabled: Bool
    package var location: SourceLocation

    package init(
        id: String, description: String, group: String, score: Double, condition: Condition,
        enabled: Bool, location: SourceLocation
    ) {
        self.id = id; self.description = description; self.group = group; self.score = score
        self.condition = condition; self.enabled = enabled; self.location = location
    }
}

/// A named group of rules with optional bounds on what the group adds to a
/// message's score (rspamd's group `max_score`). Several rules that see the same
/// story from different angles can then each say what they found without the
/// story being counted several times over. `minScore` bounds negative groups the
/// same way, so a pile of "looks legitimate" rules cannot bury a real lure.
package struct GroupDef {
    package var name: String
    package var description: String
    package var maxScore: Double?
    package var minScore: Double?
    package var location: SourceLocation

    package init(
        name: String, description: String = "", maxScore: Double? = nil, minScore: Double? = nil,
        location: SourceLocation
    ) {
        self.name = name; self.description = description; self.maxScore = maxScore
        self.minScore = minScore; self.location = location
    }

    /// What a group whose rules add up to `sum` contributes to the total.
    package func counted(_ sum: Double) -> Double {
        var v = sum
        if let maxScore, v > maxScore { v = maxScore }
        if let minScore, v < minScore { v = minScore }
        return v
    }
}
