import Foundation
import HooklineCore

/// A platform notice from the reader's own organisation's workspace: its Jira site
/// (harbourline.atlassian.net for mail to harbourline.co.uk) or helpdesk. Colleagues there quote customers' and vendors' numbers all day; a lure
/// reaches a victim from a workspace the attacker made, named for the attack, not for
/// the victim's company.
extension MessageFeatures {
    /// What matched, for evidence; nil when no tenant name is the recipient organisation's.
    var ownWorkspace: String? {
        guard platform != nil else { return nil }
        // The site's names first: most platform notices come from the platform's own
        // domain (no site under it, no marker in the Subject), and then no recipient's
        // organisation needs to be named at all (~6 k instructions a message that asks).
        let tenants = tenantNames
        guard !tenants.isEmpty else { return nil }
        return Self.workspace(tenants, recipients: envelope.rcptTo)
    }

    /// The first tenant name that is a recipient organisation's, as evidence; nil when none
    /// is, or no recipient names an organisation of four letters or more.
    static func workspace(_ tenants: [String], recipients: [String]) -> String? {
        // The organisation's label, and its first word when hyphenated ("silvergate" of
        // silvergate-insurance.com), which is how it names its sites. `recipientDomain` is
        // `ASCII.split(r, on: "@").last` lower-cased, on bytes.
        let orgs = Set(
            recipients.flatMap { r -> [String] in
                guard let domain = recipientDomain(r) else { return [] }
                let label = Self.organisationLabel(domain)
                let first = ASCII.split(label, on: "-").first.map { String($0) } ?? label
                return first.count >= 5 && first != label ? [Self.squash(label), Self.squash(first)] : [Self.squash(label)]
            }
        ).filter { $0.count >= 4 }
        guard !orgs.isEmpty else { return nil }
        for tenant in tenants where orgs.contains(where: { Self.sameName(tenant, $0) }) {
            return "workspace \(tenant)"
        }
        return nil
    }

    /// The name of the site that sent the notice: the From host's labels under the
    /// platform's domain (a Jira, Slack or helpdesk site, which only its members write
    /// to). Not a GitHub organisation named in List-Id or To: anyone may open an issue in
    /// a public repository, and lures do, to reach its watchers.
    private var tenantNames: [String] {
        guard let from = headers.from else { return [] }
        let domain = from.domain.lowercased()
        // On bytes for an ASCII domain (the Character split was ~5 k instructions a call).
        let labels = ASCII.split(domain, on: ".")
        let org = Self.organisationLabel(domain)
        let hosts = labels.lastIndex(where: { $0 == org }).map { labels[..<$0].map { Self.squash(String($0)) } } ?? []
        // A platform whose instances send from "<instance>@platform" (ServiceNow).
        let local = platform?.workspaceInAddress == true ? from.address.split(separator: "@").prefix(1).map { Self.squash(String($0)) } : []
        return (hosts + local + subjectWorkspaces).filter { $0.count >= 4 }
    }

    /// The workspace the Subject names after one of the platform's markers, to the end
    /// ("… in Cedar & Finch" is "cedarandfinch"); a trailing "workspace" is the platform's word.
    private var subjectWorkspaces: [String] {
        guard let markers = platform?.workspaceInSubject, !markers.isEmpty else { return [] }
        let subject = headers.subject.lowercased()
        return markers.compactMap { marker in
            guard let r = subject.range(of: " \(marker) ", options: .backwards) else { return nil }
            var name = subject[r.upperBound...].trimmingCharacters(in: .whitespaces)
            if name.hasSuffix(" workspace") { name = String(name.dropLast(" workspace".count)) }
            return Self.squash(name.replacingOccurrences(of: "&", with: "and"))
        }
    }

    /// Lower-case letters and digits only: "pinecone-robotics" is "pineconerobotics".
    /// An ASCII string is squashed on its bytes: lowercasing ASCII is per byte, and its
    /// alphabetic and numeric scalars are exactly A-Z, a-z and 0-9. `customer_text` with
    /// `foreign` squashes every lexicon match it looks at (~0.04 M instructions per message
    /// through `unicodeScalars` and their properties).
    static func squash(_ s: String) -> String {
        guard ASCII.isASCII(s) else { return squashOfScalars(s) }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for c in s.utf8 {
            if c >= 0x41 && c <= 0x5A {
                out.append(c | 0x20)
            } else if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) {
                out.append(c)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `squash` by Unicode scalars and their properties: the reference, and the way for
    /// strings outside ASCII (whose lowercasing may itself yield ASCII letters).
    static func squashOfScalars(_ s: String) -> String {
        String(
            String.UnicodeScalarView(
                s.lowercased().unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil) }))
    }

    /// The same organisation: equal, or one name is the other plus a short suffix
    /// ("northbeam" and "northbeampay").
    static func sameName(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (short, long) = a.count < b.count ? (a, b) : (b, a)
        // "brightwave" for brightwaveanalytics: a site named by the first word of a name of
        // six letters or more; a shorter one only with a short suffix ("northbeam"/-pay).
        guard short.count >= 5, long.hasPrefix(short) else { return false }
        return short.count >= 6 || long.count - short.count <= 4
    }
}
