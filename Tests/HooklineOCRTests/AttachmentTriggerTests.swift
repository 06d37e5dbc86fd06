import XCTest
@testable import HooklineOCREngine
import Foundation
import HooklineCore
import HooklineText
@testable import HooklineEngine
@testable import HooklineLoader
import HooklineOffline

/// OCR also reads the images of a message whose text is long, when that text sends the
/// reader to the attachment or the picture: the shipped lexicon `points_to_attachment`
/// (Config/rules/15-attachment.yaml) decides, in each of its seven languages.
final class AttachmentTriggerTests: XCTestCase, MessageFixtures {
    /// Engines in this process: the tests do not depend on `hookline-ocr` being built.
    override class func setUp() {
        super.setUp()
        OCRInProcess.use()
    }

    /// A harmless letter, well over ocr.max_text_bytes, as lures pad their body with.
    static let padding = String(
        repeating: "Thank you for being a valued customer. We appreciate your business and look forward to serving you. ",
        count: 6)

    func readsImage(_ body: String, image: String = "lure-norton-invoice.png", engine: Engine? = nil) throws -> Verdict {
        let msg = message(try ImageReaderTests.fixture(image), body: body)
        return FileScan.scan(bytes: msg, engine: try engine ?? shippedEngine())
    }

    func imagePhones(_ v: Verdict) -> [String] { v.phoneFindings.filter { $0.views.contains(.image) }.map(\.e164) }

    func testLongTextPointingAtTheAttachmentHasItsImageRead() throws {
        let v = try readsImage(Self.padding + "\nPlease see the attached invoice for the details of your renewal.\n")
        XCTAssertEqual(imagePhones(v), ["+18552847391"], v.headerValue)
        XCTAssertTrue(v.rules.contains { $0.id == "PHONE_ONLY_IN_IMAGE" }, v.headerValue)
    }

    func testEveryLanguageOfTheLexiconTriggers() throws {
        for sentence in [
            "Adjunto encontrará la factura de su renovación.",
            "Die Rechnung für Ihre Verlängerung finden Sie im Anhang.",
            "Veuillez trouver ci-joint la facture de votre renouvellement.",
            "Segue em anexo a fatura da sua renovação.",
            "Vedi l’allegato per la fattura del rinnovo.",
            "Zie de bijlage voor de factuur van uw verlenging.",
        ] {
            let v = try readsImage(Self.padding + "\n" + sentence + "\n")
            XCTAssertEqual(imagePhones(v), ["+18552847391"], sentence)
        }
    }

    /// The phrase is the very last byte of the text (a base64 body without a final line
    /// break, an inline image without a name after it): its closing word boundary is
    /// confirmed before the decision, not only once the stream closes.
    func testPhraseEndingTheTextTriggers() throws {
        let text = Data((Self.padding + "\nYour invoice attached").utf8).base64EncodedString()
        let image = try ImageReaderTests.fixture("lure-norton-invoice.png")
        let msg = """
            From: Billing <billing@example.net>\nTo: user@example.com\nSubject: Renewal\nMIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="xx"\n\n--xx\nContent-Type: text/plain
            Content-Transfer-Encoding: base64\n\n\(text)\n--xx\nContent-Type: image/png
            Content-Transfer-Encoding: base64\n\n\(Data(image).base64EncodedString())\n--xx--\n
            """
        let v = FileScan.scan(bytes: Array(msg.utf8), engine: try shippedEngine())
        XCTAssertEqual(imagePhones(v), ["+18552847391"], v.headerValue)
    }

    func testLongTextWithoutThePhraseIsNotRead() throws {
        let v = try readsImage(Self.padding + "\nThe agenda of the quarterly planning meeting follows below.\n")
        XCTAssertEqual(imagePhones(v), [])
        XCTAssertEqual(v.action, .accept, v.headerValue)
    }

    /// A logo beside "see the attachment" is still a logo: skipped while streaming.
    func testLogosStaySkipped() throws {
        let body = Self.padding + "\nSee the attached picture of the team lunch.\n"
        let msg = message(try ImageReaderTests.fixture("logo-180x60.png"), body: body)
        XCTAssertTrue(parse(msg).0.isEmpty)
        XCTAssertEqual(FileScan.scan(bytes: msg, engine: try shippedEngine()).action, .accept)
    }

    func testTriggerOffReadsNothingBesideLongText() throws {
        let shipped = try shippedEngine()
        var config = shipped.config
        config.limits.ocrTriggerLexicon = nil
        let v = try readsImage(
            Self.padding + "\nPlease see the attached invoice.\n", engine: Engine(config: config, rules: shipped.rules))
        XCTAssertEqual(imagePhones(v), [])
    }

    /// A name written in the config must be a lexicon; the default is quietly off without it.
    func testLoaderChecksTheTriggerLexicon() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hookline-trigger-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "lexicons:\n  greeting:\n    phrases: [hello there]\n".write(
            to: dir.appendingPathComponent("r.yaml"), atomically: true, encoding: .utf8)
        func load(_ ocr: String) throws -> Result<Engine, LoadFailure> {
            let path = dir.appendingPathComponent("hookline.yaml")
            try "rules: [r.yaml]\n\(ocr)".write(to: path, atomically: true, encoding: .utf8)
            return ConfigLoader.load(path: path.path)
        }
        switch try load("ocr:\n  trigger_lexicon: no_such_lexicon\n") {
        case .success: XCTFail("an unknown trigger lexicon was accepted")
        case .failure(let f): XCTAssertTrue(f.diagnostics.contains { $0.message.contains("no_such_lexicon") }, "\(f.diagnostics)")
        }
        XCTAssertEqual(try load("ocr:\n  trigger_lexicon: greeting\n").get().config.limits.ocrTriggerLexicon, "greeting")
        XCTAssertNil(try load("").get().config.limits.ocrTriggerLexicon)
        XCTAssertNil(try load("ocr:\n  trigger_lexicon: null\n").get().config.limits.ocrTriggerLexicon)
    }
}
