/// What one group of rules added to a message's score once its bounds applied.
public struct GroupScore: Sendable, Equatable {
    public var group: String
    /// The sum of the group's rules' own scores.
    public var sum: Double
    /// What the group counted for in the total (`sum` clipped to its bounds).
    public var counted: Double
    public var maxScore: Double?
    public var minScore: Double?

    public init(group: String, sum: Double, counted: Double, maxScore: Double?, minScore: Double?) {
        self.group = group; self.sum = sum; self.counted = counted
        self.maxScore = maxScore; self.minScore = minScore
    }

    /// The message's score and the groups whose bounds bit.
    ///
    /// Without a clip the total is the rules' scores added in rule order, exactly
    /// as before groups had bounds, so configs without caps score bit for bit the
    /// same; a clipped group's excess is then taken off.
    static func total(_ hits: [RuleHit], groups: [String: GroupDef]) -> (Double, [GroupScore]) {
        var total = hits.reduce(0) { $0 + $1.score }
        guard !groups.isEmpty else { return (total, []) }
        // Each group's sum in the order its first rule held, found among the few groups by
        // comparing names, and each group looked up once: hashing every hit's group name two or
        // three times was ~5 k instructions a message. The sums add the same scores in the
        // same order; a group that is not declared is summed and then skipped, as before it
        // was never summed.
        // Sized once (grown by doubling they were three allocations each) and the hits read
        // by index (a loop over them copied each one, retaining its four references).
        guard !hits.isEmpty else { return (total, []) }
        var order: [String] = []
        var sums: [Double] = []
        order.reserveCapacity(hits.count)
        sums.reserveCapacity(hits.count)
        for i in hits.indices {
            if let k = order.firstIndex(of: hits[i].group) {
                sums[k] += hits[i].score
            } else {
                order.append(hits[i].group)
                sums.append(0 + hits[i].score)
            }
        }
        var capped: [GroupScore] = []
        for (k, name) in order.enumerated() {
            let sum = sums[k]
            guard let def = groups[name] else { continue }
            let counted = def.counted(sum)
            guard counted != sum else { continue }
            total += counted - sum
            capped.append(
                GroupScore(
                    group: name, sum: sum, counted: counted,
                    maxScore: def.maxScore, minScore: def.minScore))
        }
        return (total, capped)
    }
}
