import XCTest
@testable import HooklineEngine

/// The words a one-campaign look-alike domain joins to a name, and the names that hold
/// the same letters without being such a domain.
final class SenderDomainWordsTests: XCTestCase {
    let words = ["verifica", "conto", "klant", "secure", "dk", "nl"]

    func testAServiceWordInAHyphenJoinedPartMatches() {
        XCTAssertEqual(SenderDomainWords.match("a@intesa-verifica-conto.it", words), "verifica")
        XCTAssertEqual(SenderDomainWords.match("a@ing-klantcontrole.nl", words), "klant", "compounds count")
        XCTAssertEqual(SenderDomainWords.match("a@mail.coinspot-au-secure.com", words), "secure", "any label")
        XCTAssertEqual(SenderDomainWords.match("a@danske-kunde-dk.com", words), "dk", "a country code as a part")
    }

    func testNamesWithoutAHyphenOrWithACodeInsideAWordDoNotMatch() {
        XCTAssertNil(SenderDomainWords.match("a@secureworks.com", words), "no hyphen: a name")
        XCTAssertNil(SenderDomainWords.match("a@kramer-online.dk", words), "the top-level domain is not a part")
        XCTAssertNil(SenderDomainWords.match("a@north-landing.com", words), "'nl' only as a whole part")
        XCTAssertNil(SenderDomainWords.match("not an address", words))
        XCTAssertNil(SenderDomainWords.match(nil, words))
    }

    func testAMisspelledBrandIsOneSlipInsideTheName() {
        let brands = ["microsoft", "paypal", "barclays", "icloud", "amazon"]
        XCTAssertEqual(SenderDomainWords.misspelledBrand("a@microsftbilling.com.au", brands), "microsoft", "a letter dropped")
        XCTAssertEqual(SenderDomainWords.misspelledBrand("a@paypa1-billing.com", brands), "paypal", "a look-alike digit")
        XCTAssertEqual(SenderDomainWords.misspelledBrand("a@amzaon-orders.net", brands), "amazon", "neighbours swapped")
        XCTAssertNil(SenderDomainWords.misspelledBrand("a@microsoft.com", brands), "the brand itself")
        XCTAssertNil(SenderDomainWords.misspelledBrand("a@mail.barclaycard.co.uk", brands), "a stem: the last letter cut")
        XCTAssertNil(SenderDomainWords.misspelledBrand("a@cloudnote.app", brands), "a word: the first letter cut")
        XCTAssertNil(SenderDomainWords.misspelledBrand("a@paypak.com", brands), "a letter changed is not a slip")
    }

    /// The byte form answers as the `String` form for ASCII addresses: slips of every kind,
    /// capitals, several "@", separators at either end, brands hidden whole.
    func testMisspelledBrandOnBytesAnswersAsOnStrings() {
        let brands = ["microsoft", "paypal", "barclays", "icloud", "amazon", "coinbase", "norton"]
        var names: [String] = []
        for b in brands {
            let u = Array(b)
            names.append(b)
            for i in u.indices {
                var dropped = u
                dropped.remove(at: i)
                names.append(String(dropped))
                var doubled = u
                doubled.insert(u[i], at: i)
                names.append(String(doubled))
                if i + 1 < u.count {
                    var swapped = u
                    swapped.swapAt(i, i + 1)
                    names.append(String(swapped))
                }
                var digit = u
                digit[i] = ["o": "0", "l": "1", "i": "1", "s": "5", "e": "3", "a": "4", "b": "8", "g": "9"][u[i]] ?? "x"
                names.append(String(digit))
            }
        }
        let shapes = [
            "a@%.com", "a@%-billing.com", "a@mail.%.co.uk", "a@x@%.net", "%@example.com", "a@%", "a@-%-", "a@.%.",
            "A@%.COM", "a@%billing.com.au", "a@secure-%s.com", "a@%", "no-at-%.com", "a@%-%.com",
        ]
        for name in names {
            for shape in shapes {
                for address in [
                    shape.replacingOccurrences(of: "%", with: name), shape.replacingOccurrences(of: "%", with: name.uppercased()),
                ] {
                    XCTAssertEqual(
                        SenderDomainWords.misspelledBrand(address, brands), SenderDomainWords.misspelledBrandOfString(address, brands),
                        address)
                }
            }
        }
        XCTAssertNil(SenderDomainWords.misspelledBrand(nil, brands))
    }

    /// The list indexed at load (`BrandIndex`) answers as `misspelledBrand` over the list:
    /// slips of every brand in every place of a domain, several brands that could match (the
    /// first in list order wins), short brands (never slips), brands outside ASCII, capitals,
    /// addresses outside ASCII, without "@", with empty labels.
    func testBrandIndexAnswersAsTheList() {
        let lists = [
            ["microsoft", "paypal", "barclays", "icloud", "amazon", "coinbase", "norton"],
            ["norton", "nortonx", "amazon", "amzaon", "paypal1", "apple", "ab", "", "mícrosoft", "0utlook"],
            ["lloyds", "lloydz", "ollyds", "llyods", "outlook", "outlok"],
            [],
        ]
        let pieces = [
            "microsft", "micros0ft", "mircosoft", "paypa1", "pyapal", "amzaon", "amazn", "barclys", "icl0ud", "norotn", "nortn",
            "lloyd", "llyods", "olloyds", "lloydss", "0utlook", "outlok", "mícrosft", "apple", "ab", "x", "",
            "microsoft", "paypal", "coinbase", "apypal", "imcrosoft", "olyldsx",
        ]
        let shapes = [
            "a@%.com", "a@%-%.com", "a@mail.%.co.uk", "a@x@%.net", "%@example.com", "a@%", "a@-%-", "a@.%.", "A@%.COM",
            "a@%billing.com.au", "a@secure-%s.com", "no-at-%.com", "a@%.%-x.%", "a@%%.org",
        ]
        var found = 0
        for list in lists {
            let index = SenderDomainWords.BrandIndex(list)
            XCTAssertNil(index.misspelled(nil))
            for p in pieces {
                for q in pieces.prefix(8) {
                    for shape in shapes {
                        let parts = shape.components(separatedBy: "%")
                        var address = parts[0]
                        for (i, rest) in parts.dropFirst().enumerated() { address += (i % 2 == 0 ? p : q) + rest }
                        for a in [address, address.uppercased()] {
                            let want = SenderDomainWords.misspelledBrand(a, list)
                            XCTAssertEqual(index.misspelled(a), want, "\(a) \(list)")
                            if want != nil { found += 1 }
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(found, 1000)
    }

    /// The byte form of `match` answers as the `String` form: words as parts, inside parts
    /// and across separators, capitals, several "@", empty labels and parts, one- and
    /// two-letter words, and words or addresses outside plain ASCII (which take the String form);
    /// and so does each list prepared at load (`SenderDomainWords.Words`).
    func testMatchOnBytesAnswersAsOnStrings() {
        let lists = [
            words, ["se", "c", "", "cure", "ure-s"], ["Secure", "verifica", "konto"], ["sécurité", "secure"], ["s\r\n", "nl"],
        ]
        let pieces = ["secure", "SECURE", "verifica", "dk", "nl", "n", "klantcontrole", "conto", "x", "sécurité", "s\r\n", ""]
        let shapes = [
            "a@%-%.com", "a@%-%", "a@mail.%-%.co.uk", "a@x@%-%.net", "%-%@example.com", "a@-%-%-", "a@.%-.-%.",
            "a@%--%.com.", "no-at-%-%.com", "a@%.%-x.%", "a@%-%-%.it", "a@%%-x.dk",
        ]
        let prepared = Dictionary(lists.map { ($0, SenderDomainWords.Words($0)) }, uniquingKeysWith: { a, _ in a })
        for list in lists {
            for p in pieces {
                for q in pieces.prefix(6) {
                    for shape in shapes {
                        let parts = shape.components(separatedBy: "%")
                        var address = parts[0]
                        for (i, rest) in parts.dropFirst().enumerated() { address += (i % 2 == 0 ? p : q) + rest }
                        XCTAssertEqual(
                            SenderDomainWords.match(address, list), SenderDomainWords.matchOfString(address, list),
                            "\(address) \(list)")
                        // The list prepared at load answers the same.
                        XCTAssertEqual(prepared[list]?.match(address), SenderDomainWords.matchOfString(address, list), "\(address) \(list)")
                    }
                }
            }
        }
    }
}
