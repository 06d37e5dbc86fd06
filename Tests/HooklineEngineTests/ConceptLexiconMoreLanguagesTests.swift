import XCTest
@testable import HooklineEngine

/// The concept families written without accents and in languages beyond the seven every
/// family covers (those are `ConceptLexiconTests`): sentences written for this test, not taken from any corpus.
final class ConceptLexiconMoreLanguagesTests: XCTestCase {
    /// Each (family, sentence) pair: the sentence must hit the family.
    func assertFamilies(_ pairs: [(String, String)], file: StaticString = #filePath, line: UInt = #line) throws {
        let m = try ConceptLexiconTests.matcher.get()
        for (family, sentence) in pairs {
            XCTAssertTrue(m.lexicons(in: sentence).contains(family), "\(family): \(sentence)", file: file, line: line)
        }
    }

    func assertFamily(_ family: String, _ sentences: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        try assertFamilies(sentences.map { (family, $0) }, file: file, line: line)
    }

    /// Each sentence (a lure's, or a receipt's) must hit none of the families.
    func assertNone(
        of families: Set<String>, in sentences: [String], file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let m = try ConceptLexiconTests.matcher.get()
        for sentence in sentences {
            let found = m.lexicons(in: sentence)
            XCTAssertTrue(found.isDisjoint(with: families), "\(sentence): \(found)", file: file, line: line)
        }
    }

    func testAccentsAreOptional() throws {
        let m = try ConceptLexiconTests.matcher.get()
        for s in [
            "Llamenos al 900 123 456", "Contactenos hoy", "Votre compte a ete suspendu", "Il suo conto e stato sospeso",
            "Detectamos atividade suspeita", "Ihr Konto wurde voruebergehend gesperrt", "Rueckerstattung",
        ] {
            XCTAssertFalse(
                m.lexicons(in: s).isDisjoint(with: ["ask_call", "pretext_account_hold", "pretext_security", "pretext_refund"]), s)
        }
    }

    func testTheNordicAndPolishFamiliesTheLuresRelyOn() throws {
        let cases: [(String, String)] = [
            ("ask_call", "Prosimy o pilny kontakt: zadzwoń pod numer 800 707 214."),
            ("ask_call", "Ring oss omedelbart på 020-12 43 57."),
            ("ask_call", "Ring til vores kundeservice på 80 25 47 19."),
            ("pretext_account_hold", "Twoje konto zostało zablokowane."),
            ("pretext_account_hold", "Ditt konto har spärrats tillfälligt."),
            ("pretext_account_hold", "Din konto er blevet spærret."),
            ("pretext_account_hold", "Vi har midlertidigt spærret din netbank."),
            ("pretext_delivery_hold", "Twoja paczka oczekuje na dopłatę 8,99 zł."),
            ("pretext_delivery_hold", "Ditt paket har stoppats i tullen."),
            ("unauthorized", "Wykryliśmy nieautoryzowaną transakcję."),
            ("unauthorized", "Känner du inte igen köpet?"),
            ("unauthorized", "Genkender du ikke betalingen?"),
        ]
        try assertFamilies(cases)
    }

    /// Finnish, Czech and the Scandinavian languages: the renewal charged, disowned and cancelled by phone.
    func testNordicAndCzechRenewalStory() throws {
        try assertFamilies([
            ("pretext_renewal", "Tilauksesi on uusittu automaattisesti."), ("pretext_charge", "Kortiltasi veloitetaan 99,00 €."),
            ("cancel_refund", "Soita meille peruuttaaksesi tilauksen."), ("unauthorized", "Jos et tunnista ostoa, soita heti."),
            ("pretext_renewal", "Vaše předplatné bylo prodlouženo."), ("pretext_charge", "Z účtu bude stržena částka 1 990 Kč."),
            ("cancel_refund", "Zavolejte nám a platbu zrušíme."), ("unauthorized", "Pokud tuto platbu nepoznáváte, volejte."),
            ("unauthorized", "Om du inte känner igen köpet, ring oss."), ("unauthorized", "Hvis du ikke genkender betalingen, så ring."),
            ("pretext_renewal", "Abonnementet ditt er fornyet."), ("cancel_refund", "Ring oss for å avbestille."),
        ])
    }

    /// Japanese has no spaces, so its patterns carry no word boundaries.
    func testJapaneseRenewalStory() throws {
        try assertFamilies([
            ("pretext_renewal", "ご契約のプランが自動更新されました。"), ("pretext_charge", "カードに￥12,800が請求されました。"),
            ("unauthorized", "お心当たりのない場合は"), ("ask_call", "サポート窓口までご連絡ください。"),
            ("cancel_refund", "返金のお手続きをご案内します。"), ("ask_urgency", "24時間以内にお手続きください。"),
        ])
    }

    /// Numbers talked about as data: each sentence holds two signs, as the counter needs.
    func testNumbersDiscussedAsData() throws {
        let m = try ConceptLexiconTests.matcher.get()
        for sentence in [
            "The phone validator rejects numbers in E.164 form.", "Added unit tests for the phone field in checkout.ts.",
            "Steps to reproduce: paste a number into the phone field and submit.",
        ] {
            XCTAssertGreaterThanOrEqual(
                ConceptLexiconTests.matches(m, "numbers_as_data", in: sentence), 2, sentence)
        }
        XCTAssertEqual(ConceptLexiconTests.matches(m, "numbers_as_data", in: "Call our billing line to cancel the charge."), 0)
    }

    /// The ask as a duty, Polish with an adjective before the number, and customs holds in
    /// Finnish, Czech, Norwegian and Danish.
    func testDutyAsksPolishStoryAndNordicCustoms() throws {
        try assertFamilies([
            ("ask_call", "You must telephone the Debt Management Unit on 0330 100 2000."),
            ("ask_call", "Prosimy o pilny kontakt pod bezpłatnym numerem 800 100 200."),
            ("unauthorized", "Jeżeli nie zlecali Państwo tej płatności, prosimy o kontakt."),
            ("cancel_refund", "w celu anulowania płatności i zwrotu środków"), ("pretext_charge", "Z rachunku pobrano kwotę 99 zł."),
            ("pretext_delivery_hold", "Lähetyksesi on pysäytetty tullissa."),
            ("pretext_delivery_hold", "Zásilka byla zadržena, celní poplatek 90 Kč."),
            ("pretext_delivery_hold", "Pakken din er stoppet i tollen."), ("pretext_delivery_hold", "Din pakke afventer toldgebyr."),
        ])
    }

    /// The sender will make the call, at the reader's own number.
    func testTheSenderWillCallTheReader() throws {
        let m = try ConceptLexiconTests.matcher.get()
        try assertFamily(
            "counter_staff_callback",
            [
                "Our engineer will call you on Thursday morning on your office line.",
                "Er wird Sie vorher unter der hinterlegten Praxisnummer 0711 100 200 anrufen.",
                "Le llamaremos mañana al número que nos indicó.", "Nous vous rappellerons demain au numéro que vous avez donné.",
                "Ligaremos para o seu número amanhã.", "La richiameremo domani al suo numero fisso.",
                "Wij bellen u morgen op uw vaste nummer.",
            ])
        XCTAssertFalse(m.lexicons(in: "Call us now to stop the charge.").contains("counter_staff_callback"))
    }

    /// An offer to unfreeze an account says it is held, in seven languages; "acct" is an account.
    func testUnfreezingAnAccountIsAHold() throws {
        try assertFamily(
            "pretext_account_hold",
            [
                "Your acct was flagged for a transfer.", "Call now to unfreeze your account.", "Llame para desbloquear su cuenta.",
                "Rufen Sie an, um Ihr Konto wieder freizuschalten.", "Appelez pour débloquer votre compte.",
                "Ligue para desbloquear sua conta.", "Chiami per sbloccare il suo conto.", "Bel om uw rekening te deblokkeren.",
            ])
    }

    /// Advice to call the real number, not the one in the email, in seven languages.
    func testCallTheRealNumberNotTheOneInTheEmail() throws {
        try assertFamily(
            "counter_scam_discussion",
            [
                "Only the number on their website, never a number from an email.",
                "Appelle ton centre des impôts, pas les numéros qu'on reçoit par mail.",
                "Llama al banco, no a los números que llegan por correo.", "Ruf die Bank an, nicht die Nummer aus der E-Mail.",
                "Liga para o banco, não para os números que chegam por e-mail.",
                "Chiama la banca, non il numero nell'email.", "Bel de bank zelf, niet het nummer uit de mail.",
            ])
    }

    /// The ask as a gerund with its object, and the Italian and Brazilian desk asks.
    func testGerundAndDeskAsks() throws {
        try assertFamily(
            "ask_call",
            [
                "Puede cancelarla llamando a nuestro departamento de facturación al 91 100 20 30.",
                "Contatti l'ufficio riscossione al n. 06 4522 8170 entro 5 giorni.", "Negocie pela central: 0800 725 4481.",
                "Cancele ligando para a nossa central.",
            ])
    }

    /// A payment reversed is the refund story of payment-request lures.
    func testAReversedPaymentIsARefundStory() throws {
        let m = try ConceptLexiconTests.matcher.get()
        try assertFamily(
            "cancel_refund",
            [
                "A $375 payment was reversed.", "O estorno será feito hoje.", "Die Rückbuchung ist erfolgt.", "Lo storno è stato eseguito.",
            ])
        XCTAssertFalse(m.lexicons(in: "VAT: reverse charge applies.").contains("cancel_refund"), "an invoice's reverse charge is VAT")
    }

    /// A desk named as such in any of the languages, and refunds in words the lists missed.
    func testDesksAndRefundsInMoreWords() throws {
        try assertFamilies([
            ("department_names", "Departamento de Reembolsos"), ("department_names", "Refunds Department"),
            ("department_names", "Rückerstattungsabteilung"), ("department_names", "Afdeling Terugbetalingen"),
            ("cancel_refund", "Para tramitar la devolución llame al 910 00 00 00."),
            ("cancel_refund", "Bel om de verlenging te annuleren."), ("unauthorized", "Niet akkoord? Bel ons."),
        ])
    }

    /// A number the reader already holds (the back of the card, not the one in the mail), in
    /// every language the lures are written in; a lure's own "call us on" is not one.
    func testANumberTheReaderAlreadyHolds() throws {
        try assertFamily(
            "counter_number_reader_holds",
            [
                "I rang the number on the back of my card instead.", "Llame al número del reverso de su tarjeta.",
                "Rufen Sie die Nummer auf der Rückseite Ihrer Bankkarte an.", "Appelez le numéro au dos de votre carte.",
                "Ligue para o número no verso do seu cartão.", "Chiami il numero sul retro della sua carta.",
                "Bel het nummer op de achterkant van uw bankpas.", "Ring nummeret på bagsiden af dit kort.",
                "Ring numret på baksidan av ditt kort.", "Zadzwoń pod numer na odwrocie karty.",
                "Han skal IKKE ringe til nummeret i mailen.", "Nie dzwoń na numer z wiadomości.",
            ])
        try assertNone(
            of: ["counter_number_reader_holds"],
            in: ["Call us on 0800 123 4567 to cancel the card.", "Your card ending 4417 was charged $389.90, call 1-888-555-0143."])
    }

    /// A family's errand (call him, call mum) and a person's own line, in the languages the
    /// seven-language lists left out; a lure's desk is neither.
    func testAFamilysCallAndAPersonsOwnLine() throws {
        try assertFamilies([
            ("counter_staff_callback", "Kan du ringe til ham i aften?"), ("counter_staff_callback", "Kan du ringa till henne?"),
            ("counter_staff_callback", "Could you ring Mum tonight?"), ("counter_staff_callback", "Zadzwoń do niej wieczorem."),
            ("counter_staff_callback", "Soita hänelle illalla."), ("writer_own_number", "Ring til mig på 20 45 67 89."),
            ("writer_own_number", "Mitt nummer är 070-123 45 67."), ("writer_own_number", "Mój numer to 601 234 567."),
            ("writer_own_number", "Her landline is still 01632 960418."), ("writer_own_number", "Hans fastnet er 86 12 45 70."),
        ])
        try assertNone(
            of: ["writer_own_number", "counter_staff_callback"],
            in: ["Ring til vores afdeling på 80 25 47 19.", "Call our billing desk at 1-888-555-0143."])
    }

    /// "By phone" as the ask in the languages beside German's "telefonisch", a Polish parcel
    /// held behind its tracking number, the Spanish ask with words before its number, and a
    /// desk named as a service or a centre.
    func testByPhoneHeldParcelsAndDesksInMoreForms() throws {
        try assertFamilies([
            ("ask_call", "Opłatę można uregulować wyłącznie telefonicznie."), ("ask_call", "Kontakt os telefonisk i dag."),
            ("ask_call", "Betala per telefon innan fredag."), ("ask_call", "Maksu hoidetaan puhelimitse."),
            ("ask_call", "Llama sin costo al 800 953 0471."),
            ("pretext_delivery_hold", "Twoja paczka 6200 4412 8831 0094 2217 została zatrzymana."),
            ("pretext_delivery_hold", "Należność celna wynosi 46,80 zł."), ("pretext_delivery_hold", "Przesyłka czeka w urzędzie celnym."),
            ("department_names", "Card Services"), ("department_names", "PayPal Resolution Center"),
            ("department_names", "Windows Security Center"),
        ])
    }

    /// An impostor told as such, as a case note or a relative tells of the call.
    func testAnImpostorToldAsSuch() throws {
        try assertFamily(
            "counter_scam_discussion",
            [
                "He gave a code to a caller claiming to be from our fraud dept.", "Someone rang saying they were from Lloyds.",
                "Un hombre llamó diciendo ser del banco.", "Un individu se présentant comme conseiller.",
                "Ligaram dizendo ser do banco.", "Un tale dicendo di essere della banca.", "Een man die beweerde van de bank te zijn.",
            ])
    }

    /// A transfer stopped on suspicion, in the Nordic languages, Finnish and Polish.
    func testATransferStoppedOnSuspicion() throws {
        try assertFamily(
            "pretext_account_hold",
            [
                "Vi har stoppat en misstänkt överföring på 9 200 kr.", "För att häva spärren behöver du ringa oss.",
                "Overføringen er stoppet på grunn av mistanke om svindel.", "Vi har registreret en mistænkelig betaling.",
                "Havaitsimme epäilyttävän tilisiirron.", "Wykryliśmy podejrzaną transakcję na Twoim koncie.",
            ])
    }

    /// A brand's words run together, as domains and display names write them.
    func testBrandsRunTogether() throws {
        try assertFamilies([
            ("brand_payment_retail", "BestBuy Order Help"), ("brand_payment_retail", "WellsFargo Alerts"),
            ("impersonated_brands", "CashApp Support"), ("security_brands", "TrendMicro renewal"),
        ])
    }

    /// A block or suspension to avoid, in the seven languages.
    func testABlockToAvoid() throws {
        try assertFamily(
            "pretext_account_hold",
            [
                "Call today to avoid suspension of your account.", "Om blokkering te voorkomen, belt u ons.",
                "Um eine Sperrung Ihres Kontos zu vermeiden, rufen Sie an.", "Afin d'éviter le blocage, appelez-nous.",
                "Para evitar el bloqueo, llámenos.", "Para evitar o bloqueio, ligue já.", "Per evitare il blocco, chiami.",
            ])
    }

    /// Someone who got the call tells that they hung up; money waiting on the reader's act.
    func testHungUpAndMoneyWaiting() throws {
        try assertFamilies([
            ("counter_scam_discussion", "I hung up and checked the app."), ("counter_scam_discussion", "Ich habe sofort aufgelegt."),
            ("counter_scam_discussion", "J'ai raccroché tout de suite."), ("counter_scam_discussion", "Colgué enseguida."),
            ("pretext_windfall", "$500.00 from Michael R. is pending activation."),
            ("pretext_windfall", "Your account must be upgraded to a business account."),
        ])
    }

    /// Fraud attempts and fraudsters named as such, as a bank's warning names them.
    func testFraudstersNamedAsSuch() throws {
        try assertFamily(
            "counter_scam_discussion",
            [
                "Vigilance : tentatives de fraude par téléphone", "Des fraudeurs se font passer pour votre conseiller.",
                "Fraudsters are calling our customers.", "Betrüger geben sich als Mitarbeiter aus.",
            ])
    }

    /// A warrant to be issued, in the seven languages; a computer-protection product, and
    /// not a bicycle's tune-up.
    func testWarrantsAndComputerProtection() throws {
        let m = try ConceptLexiconTests.matcher.get()
        try assertFamilies([
            ("pretext_tax_debt", "A warrant will be issued to local authorities."), ("pretext_tax_debt", "Es liegt ein Haftbefehl vor."),
            ("pretext_tax_debt", "Un mandat d'arrêt sera émis."), ("pretext_tax_debt", "Se emitirá una orden de arresto."),
            ("pretext_tech_support", "Your PC Security & Tune-Up plan has been renewed."),
            ("pretext_tech_support", "Total Security annual licence"),
        ])
        XCTAssertFalse(m.lexicons(in: "Bike tune-up and new chain: $89.00").contains("pretext_tech_support"))
    }

    /// The writer asks the reader whether to make the call, in ten languages: a person who got
    /// a lure asks for advice; a lure tells the reader to call and never asks.
    func testTheWriterAsksWhetherToCall() throws {
        try assertFamilies([
            ("counter_staff_callback", "I never bought Norton. Should I call them?"),
            ("counter_staff_callback", "Yo no tengo Norton. ¿Llamo?"),
            ("counter_staff_callback", "Soll ich die Nummer anrufen?"), ("counter_staff_callback", "Dois-je les appeler ?"),
            ("counter_staff_callback", "Devo ligar para eles?"), ("counter_staff_callback", "Devo chiamare il numero verde?"),
            ("counter_staff_callback", "Moet ik dat nummer bellen?"), ("counter_staff_callback", "Skal jeg ringe nummeret?"),
            ("counter_staff_callback", "Czy mam zadzwonić?"), ("counter_staff_callback", "Pitäisikö minun soittaa?"),
            ("counter_staff_callback", "It says to call 1-888-414-2093. Should I?"), ("department_names", "Dpto. Facturación"),
            ("department_names", "Dział Rozliczeń"), ("department_names", "Kundtjänst"), ("department_names", "Betalingsafdelingen"),
            ("ask_call", "Widerrufen Sie kostenlos unter 0800 203 412."), ("ask_call", "Annulez gratuitement au 09 70 12 34 56."),
            ("ask_call", "Lo annulli subito al numero 800 912 447."),
            ("cancel_refund", "Bei Fragen oder Widerruf rufen Sie bitte unseren Kundenservice an."),
            ("unauthorized", "Your plan was renewed. Not authorised? Call (416) 555-0143."),
            ("counter_staff_callback", "Member: R. Tully. Callback number: 206-555-0118 (mobile)"),
            ("counter_staff_callback", "Open the dispute and call back within 1 business day."),
            ("unauthorized", "Jeśli nie składali Państwo tego zamówienia, prosimy o kontakt."),
        ])
        try assertNone(
            of: ["counter_staff_callback"],
            in: ["You should call us at 1-888-555-0143 today.", "Llame al 900 123 456 para cancelar.", "Bitte rufen Sie uns an."])
    }

    /// A number edited as content, an old line replaced by a new one: a team updating what it
    /// publishes, twice over in a work item; a lure's "call our line" is neither.
    func testAnOldNumberReplacedByANewOne() throws {
        try assertFamilies([
            ("numbers_as_data", "The billing page still lists the old number."),
            ("numbers_as_data", "Replace it with the new toll-free 1-800-721-4410."),
            ("numbers_as_data", "The old number will forward for 30 days."),
            ("numbers_as_data", "Die alte Nummer bleibt bis Mai geschaltet."),
            ("numbers_as_data", "Il vecchio numero resta attivo."),
        ])
        try assertNone(
            of: ["numbers_as_data"], in: ["Call our new toll-free line 1-888-555-0143 now.", "Our billing number is 0800 123 4567."])
    }

    /// Romanian and Turkish lures' core families: the ask, a disowned order, cancel and
    /// refund, a held account, a tax debt, a held parcel; a shop's plain receipt asks nothing.
    func testRomanianAndTurkishLuresCoreFamilies() throws {
        try assertFamilies([
            ("ask_call", "Sună gratuit la 0800 410 938 pentru anulare."), ("ask_call", "0850 307 41 26 numaralı çağrı merkezimizi arayın."),
            ("unauthorized", "Dacă nu ai plasat această comandă"), ("unauthorized", "Bu siparişi siz vermediyseniz"),
            ("cancel_refund", "pentru anulare și rambursare"), ("cancel_refund", "iptal ve iade için"),
            ("pretext_account_hold", "Contul dumneavoastră a fost blocat."), ("pretext_account_hold", "Hesabınız askıya alındı."),
            ("pretext_tax_debt", "Aveți o datorie fiscală la ANAF."),
            ("pretext_tax_debt", "Ödenmemiş vergi borcunuz bulunmaktadır; haciz işlemi başlayacak."),
            ("pretext_delivery_hold", "Coletul dumneavoastră este reținut."), ("pretext_delivery_hold", "Kargonuz gümrükte bekletiliyor."),
        ])
        try assertNone(
            of: ["ask_call", "unauthorized", "cancel_refund", "pretext_account_hold"],
            in: ["Mulțumim pentru cumpărături! Factura este atașată.", "Teşekkür ederiz, faturanız ektedir."])
    }

    /// The disowned charge in its short forms; a sign-in code "you didn't request" is no charge.
    func testTheDisownedChargeInShortForms() throws {
        let m = try ConceptLexiconTests.matcher.get()
        try assertFamilies([
            ("unauthorized", "Annual tech plan renewed. Wrong charge? call 833-725-0418"),
            ("unauthorized", "You were charged in error."), ("unauthorized", "If you didn't authorize it, call us."),
        ])
        XCTAssertFalse(m.lexicons(in: "If you didn't request it, you can ignore this email.").contains("unauthorized"))
    }

    /// Ways to pay offered, a number on file, and a lure someone else got, told by family;
    /// a lure's "paid via PayPal" charge and its own "call us" are none of them.
    func testPaymentOfferedNumberOnFileAndALureSomeoneGot() throws {
        try assertFamilies([
            ("payment_method_offered", "Check or Zelle to this email is fine."),
            ("payment_method_offered", "venmo or zelle whenever, no rush"),
            ("payment_method_offered", "payment due at pickup (cash/check/Venmo)"),
            ("payment_method_offered", "Puedes pagar con Bizum o transferencia."),
            ("counter_number_reader_holds", "We'd confirm via the number on file, not the one in the email."),
            ("counter_number_reader_holds", "Can you talk to him about not calling numbers in emails?"),
            ("speaker_own_money", "Grandpa got an email that said PayPal sent $1,249."),
            ("speaker_own_money", "It told him to call 1-866-590-3348."),
        ])
        try assertNone(
            of: ["payment_method_offered", "counter_number_reader_holds", "speaker_own_money"],
            in: [
                "Your purchase has been confirmed and paid via PayPal. Call us to cancel.",
                "If you did not authorize this, call 1-888-555-0143.",
            ])
    }
}
