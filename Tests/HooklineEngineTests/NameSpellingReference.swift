import Foundation
import HooklineCore
import HooklineDetect
@testable import HooklineEngine

/// ``MessageFeatures/name(_:spells:)`` as it was before its ASCII byte path
/// (`NameSpelling`), on the reference helpers: what `NameSpellingBytesTests` compares with.
enum NameSpellingReference {
    static func name(_ displayName: String, spells label: String) -> Bool {
        let lower = displayName.lowercased()
        let german =
            ASCII.isASCII(lower) || !MessageFeatures.mayHoldGermanLetters(lower)
            ? lower
            : lower.replacingOccurrences(of: "ä", with: "ae").replacingOccurrences(of: "ö", with: "oe")
                .replacingOccurrences(of: "ü", with: "ue").replacingOccurrences(of: "ß", with: "ss")
        if german != lower, name(german, spells: label) { return true }
        let folded = ASCII.isASCII(lower) ? lower : LatinFold.fold(lower)
        let squashed = MessageFeatures.lettersAndDigitsOfScalars(folded)
        let words = label.split(separator: "-").filter { $0.count >= 3 }
        if words.count > 1 {
            return words.allSatisfy { squashed.contains(String($0.prefix(5))) }
        }
        let flat = label.replacingOccurrences(of: "-", with: "")
        let nameWords = MessageFeatures.wordsOfCharacters(folded)
        if nameWords.count >= 2, flat.count >= 3 {
            let initials = String(nameWords.compactMap { $0.first })
            let firstAndInitials = nameWords[0] + String(nameWords.dropFirst().compactMap { $0.first })
            if flat == initials || flat == firstAndInitials { return true }
        }
        if flat.count == 2 || flat.count == 3 { return nameWords.first == flat }
        guard flat.count >= 4, squashed.count >= 4 else { return false }
        if squashed.contains(flat) || squashed.hasPrefix(String(flat.prefix(6))) { return true }
        guard flat.count >= 6 else { return false }
        let named =
            nameWords.count > 2 && MessageFeatures.articles.contains(nameWords[0]) ? Array(nameWords.dropFirst()) : nameWords
        let label = Array(flat.utf8)[...], spelled = named.map { Array($0.utf8) }[...]
        if MessageFeatures.abbreviates(label, spelled, used: 0) { return true }
        for k in 2...3 where spelled.count > k && label.count > k {
            if zip(label, spelled.prefix(k)).allSatisfy({ $0 == $1.first }),
                MessageFeatures.abbreviates(label.dropFirst(k), spelled.dropFirst(k), used: k)
            {
                return true
            }
        }
        return false
    }
}
