import HooklineCore
@testable import HooklineEngine

/// `own_workspace`'s matching as it was before the tenants were asked first and the
/// recipients' domains were read by `recipientDomain`: what `OwnWorkspaceTests` compares with.
enum OwnWorkspaceReference {
    static func workspace(_ tenants: [String], recipients: [String]) -> String? {
        let orgs = Set(
            recipients.flatMap { r -> [String] in
                guard let domain = r.split(separator: "@").last else { return [] }
                let label = MessageFeatures.organisationLabelOfString(String(domain).lowercased())
                let first = label.split(separator: "-").first.map { String($0) } ?? label
                return first.count >= 5 && first != label
                    ? [MessageFeatures.squashOfScalars(label), MessageFeatures.squashOfScalars(first)]
                    : [MessageFeatures.squashOfScalars(label)]
            }
        ).filter { $0.count >= 4 }
        guard !orgs.isEmpty else { return nil }
        for tenant in tenants where orgs.contains(where: { MessageFeatures.sameName(tenant, $0) }) {
            return "workspace \(tenant)"
        }
        return nil
    }
}
