import HooklineCore
import HooklineText

/// Who read a saved message, when an offline scan has no envelope.
///
/// The milter always knows the recipient (RCPT TO). A saved file only has its headers, and
/// its To names the address the sender wrote, which for mail a list relayed is the list,
/// not the reader: an attacker's Google Group or Mailman list that forwards an Azure alert
/// to its members. Taking that To for the reader makes the attacker's list look like the
/// reader's own organisation relaying its own alerts. The receiving MX says better: the
/// topmost Authentication-Results was written by the reader's own MX
/// ("mx1.thamesvalley.example" for a list on lists.billing-ops.example), so the reader's
/// organisation is the MX's, and the list is someone else's, as the milter would see it.
enum SavedMessageReader {
    /// The recipients to assume for a saved message: `guessed` (its To and Cc) unless a
    /// list relayed it and the receiving MX belongs to another organisation than every
    /// guessed address; then one address at the MX's organisation with no mailbox name
    /// ("@thamesvalley.example"), which is all the headers say of the reader.
    ///
    /// The same holds when the sender wrote only its own addresses in To and Cc and the
    /// readers went in Bcc, as bulk lures are sent ("customer@ordermailhub.shop" from
    /// billing@ordermailhub.shop): the To names the sender's organisation, not the reader's,
    /// and taking it would make a stranger's lure read as mail from inside.
    static func recipients(guessed: [String], headers: HeaderFeatures) -> [String] {
        let relayedByAList = headers.listId != nil || headers.hasMailingListHeaders
        guard let mxOrg = receivingOrganisation(headers) else { return guessed }
        let guessedOrgs = guessed.compactMap(MessageFeatures.organisation(ofAddress:))
        if guessedOrgs.isEmpty || guessedOrgs.contains(mxOrg) { return guessed }
        if relayedByAList { return ["@" + mxOrg] }
        let fromOrg = headers.from.flatMap { MessageFeatures.organisation(ofAddress: $0.address) }
        if let fromOrg, guessedOrgs.allSatisfy({ $0 == fromOrg }) { return ["@" + mxOrg] }
        return guessed
    }

    /// The organisation of the MX that wrote the topmost Authentication-Results, when that
    /// is an organisation's own MX: a host name, not one of the mailbox providers that
    /// receive for many organisations' domains (mx.google.com for a Workspace customer).
    static func receivingOrganisation(_ headers: HeaderFeatures) -> String? {
        guard let id = headers.authenticationResults.first?.authservId.lowercased(), id.contains("."),
            id.utf8.allSatisfy({ ASCII.isAlpha($0) || ASCII.isDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") })
        else { return nil }
        let org = MessageFeatures.organisationDomain(id)
        return mailboxProviders.contains(org) ? nil : org
    }

    /// Providers whose MXs receive for their customers' own domains, and the filtering
    /// services in front of them: their host names say nothing of whose mailbox it is.
    static let mailboxProviders: Set<String> = [
        "google.com", "googlemail.com", "gmail.com", "outlook.com", "hotmail.com", "microsoft.com", "office365.com",
        "yahoo.com", "yahoodns.net", "aol.com", "icloud.com", "me.com", "apple.com", "zoho.com", "zoho.eu",
        "zohomail.com", "fastmail.com", "messagingengine.com", "protonmail.ch", "proton.me", "gmx.net", "gmx.de",
        "web.de", "mail.ru", "yandex.net", "yandex.ru", "mimecast.com", "pphosted.com", "barracudanetworks.com",
        "messagelabs.com", "ionos.com", "ionos.de", "1and1.com", "ovh.net", "secureserver.net", "rackspace.com",
        "emailsrvr.com", "hostinger.com", "titan.email", "mailgun.org", "sendgrid.net", "amazonses.com",
    ]
}
