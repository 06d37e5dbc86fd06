import XCTest
@testable import HooklineEngine
@testable import HooklineLoader
@testable import HooklineDetect

/// The concept families in Config/rules/10-lexicons.yaml, on short sentences written for
/// this test (not taken from any corpus): each family must recognise its idea in all seven
/// languages, and plain legitimate sentences must stay out of the families they are not.
final class ConceptLexiconTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped lexicons compiled into one block database, with the lexicon of each pattern.
    struct Matcher {
        let db: PatternDatabase
        let owner: [String]
        func lexicons(in text: String) -> Set<String> {
            Set(db.matches(in: text).map { owner[Int($0)] })
        }
    }

    static let matcher: Result<Matcher, Error> = {
        switch ConfigLoader.load(path: repo.appendingPathComponent("Config/hookline.yaml").path) {
        case .failure(let f): return .failure(NSError(domain: "config", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(f.diagnostics)"]))
        case .success(let engine):
            var specs: [PatternSpec] = []
            var owner: [String] = []
            for lex in engine.rules.lexicons {
                for p in lex.phrases {
                    specs.append(
                        PatternSpec(
                            id: UInt32(specs.count), expression: CompiledRules.phraseRegex(p.text),
                            length: CompiledRules.phraseLength(p.text)))
                    owner.append(lex.name)
                }
                for r in lex.regexes {
                    specs.append(PatternSpec(id: UInt32(specs.count), expression: r.text))
                    owner.append(lex.name)
                }
            }
            do { return .success(Matcher(db: try PatternDatabase(specs, mode: .block), owner: owner)) } catch {
                return .failure(error)
            }
        }
    }()

    func matcher() throws -> Matcher { try Self.matcher.get() }

    /// How many distinct patterns of a family match (rules count distinct matched texts for `min:`).
    static func matches(_ m: Matcher, _ family: String, in text: String) -> Int {
        Set(m.db.matches(in: text).filter { m.owner[Int($0)] == family }).count
    }

    /// family -> language -> sentences that must hit the family.
    static let positives: [String: [String: [String]]] = [
        "ask_call": [
            "en": ["Please call our billing team at 1-888-555-0100 to cancel.", "If you have questions, give us a call today."],
            "es": ["Llámenos al 900 123 456 para anular el pedido.", "Comuníquese con nuestro equipo de soporte hoy."],
            "de": [
                "Rufen Sie unsere Hotline unter 0800 123 456 an.", "Bitte kontaktieren Sie uns telefonisch.",
                "Bitte setzen Sie sich bis Freitag telefonisch mit der Vollstreckungsstelle in Verbindung.",
            ],
            "fr": ["Appelez notre service au 01 23 45 67 89.", "Veuillez nous contacter au numéro ci-dessous."],
            "pt": ["Ligue para 0800 123 4567 para cancelar.", "Entre em contato com a nossa central de atendimento."],
            "it": ["Chiami il numero verde 800 123 456.", "La preghiamo di contattarci al più presto."],
            "nl": ["Bel ons direct op 0800 1234.", "Neem dan contact op met onze klantenservice."],
        ],
        "ask_urgency": [
            "en": ["You must respond within 24 hours.", "Otherwise the amount will be debited from your card."],
            "es": ["Responda en las próximas 24 horas.", "De lo contrario se le cobrará el importe."],
            "de": ["Bitte melden Sie sich innerhalb von 24 Stunden.", "Andernfalls wird der Betrag abgebucht."],
            "fr": ["Répondez sous 48 heures.", "Sinon le montant sera prélevé automatiquement."],
            "pt": ["Responda em 24 horas.", "Caso contrário, o valor será debitado."],
            "it": ["Risponda entro 24 ore.", "Altrimenti l'importo verrà addebitato."],
            "nl": ["Reageer binnen 24 uur.", "Het bedrag wordt automatisch afgeschreven."],
        ],
        "pretext_charge": [
            "en": ["A charge of $499.99 was made to your card."],
            "es": ["Se le ha cobrado un importe de 299 €."],
            "de": ["Wir haben eine Abbuchung von 399 € vorgenommen."],
            "fr": ["Un prélèvement de 399 € a été effectué."],
            "pt": ["Identificamos uma cobrança de R$ 899,00."],
            "it": ["Abbiamo registrato un addebito di 299 €."],
            "nl": ["Er is een afschrijving van 299 euro gedaan."],
        ],
        "pretext_invoice": [
            "en": ["Your invoice INV-2231 is attached."],
            "es": ["Adjuntamos su factura del mes."],
            "de": ["Anbei Ihre Rechnung Nr. 4471."],
            "fr": ["Veuillez trouver votre facture ci-jointe."],
            "pt": ["Segue em anexo a sua fatura."],
            "it": ["In allegato la fattura del servizio."],
            "nl": ["Hierbij ontvangt u de factuur."],
        ],
        "pretext_renewal": [
            "en": ["Your subscription was renewed for another year."],
            "es": ["Su suscripción se ha renovado automáticamente."],
            "de": ["Ihr Abonnement wurde automatisch verlängert."],
            "fr": ["Votre abonnement a été renouvelé."],
            "pt": ["A renovação da sua assinatura foi concluída."],
            "it": ["Il suo abbonamento è stato rinnovato."],
            "nl": ["Uw abonnement is automatisch verlengd."],
        ],
        "pretext_refund": [
            "en": ["To receive your refund, reply to this message."],
            "es": ["Para solicitar el reembolso, responda."],
            "de": ["Die Rückerstattung erfolgt in drei Tagen."],
            "fr": ["Pour obtenir le remboursement, répondez."],
            "pt": ["Para receber o estorno, responda."],
            "it": ["Per ottenere il rimborso, risponda."],
            "nl": ["Voor een terugbetaling kunt u reageren."],
        ],
        "pretext_order": [
            "en": ["Your order has shipped."],
            "es": ["Su pedido ha sido enviado."],
            "de": ["Ihre Bestellung wurde versendet."],
            "fr": ["Votre commande a été expédiée."],
            "pt": ["A sua encomenda foi enviada."],
            "it": ["Il suo ordine è stato spedito."],
            "nl": ["Uw bestelling is verzonden."],
        ],
        "pretext_account_hold": [
            // What the reader uses switched off counts, not only an account.
            "en": [
                "Your account has been temporarily suspended.",
                "Mailboxes and shared files for your organisation will be switched off in 24 hours.",
            ],
            "es": [
                "Su cuenta ha sido bloqueada temporalmente.", "Su cuenta ha sido suspendida.",
                "Su cuenta de Microsoft 365 ha sido suspendida temporalmente.", "El servicio de correo será suspendido mañana.",
            ],
            "de": ["Ihr Konto wurde vorübergehend gesperrt.", "Ihr Postfach wird in 24 Stunden abgeschaltet."],
            "fr": ["Votre compte a été suspendu.", "Votre compte Netflix a été suspendu.", "Votre ligne sera coupée sous 48 heures."],
            "pt": ["A sua conta foi bloqueada.", "A sua conta da Vodafone foi suspensa.", "O seu serviço de internet será cortado hoje."],
            "it": ["Il suo conto è stato sospeso.", "Il suo account Amazon è stato sospeso.", "La sua utenza sarà sospesa entro domani."],
            "nl": ["Uw rekening is tijdelijk geblokkeerd.", "Uw mailbox wordt binnen 24 uur afgesloten."],
        ],
        "pretext_security": [
            "en": ["We noticed suspicious activity on your account."],
            "es": ["Detectamos actividad sospechosa en su cuenta."],
            "de": ["Wir haben eine verdächtige Anmeldung festgestellt."],
            "fr": ["Nous avons détecté une activité suspecte."],
            "pt": ["Detectamos uma atividade suspeita na sua conta."],
            "it": ["Abbiamo rilevato un accesso sospetto."],
            "nl": ["We zagen verdachte activiteit op uw account."],
        ],
        "pretext_tech_support": [
            "en": ["Your computer is infected with a virus."],
            "es": ["Su ordenador ha sido infectado por un virus."],
            "de": ["Auf Ihrem PC wurde Schadsoftware gefunden."],
            "fr": ["Un logiciel malveillant a été détecté sur votre ordinateur."],
            "pt": ["O seu computador está infectado."],
            "it": ["Il suo computer è stato bloccato per un virus."],
            "nl": ["Uw computer is besmet met een virus."],
        ],
        "pretext_crypto": [
            "en": ["A withdrawal of 0.5 BTC was requested."],
            "es": ["Se ha solicitado un retiro de fondos de su billetera."],
            "de": ["Eine Auszahlung von Ihrem Krypto-Konto wurde beantragt."],
            "fr": ["Une demande de retrait a été enregistrée sur votre portefeuille."],
            "pt": ["Recebemos um pedido de saque da sua carteira digital."],
            "it": ["Abbiamo ricevuto una richiesta di prelievo in criptovaluta."],
            "nl": ["Er is een opnameverzoek voor uw cryptovaluta ingediend."],
        ],
        "pretext_tax_debt": [
            "en": ["You owe back taxes to the IRS."],
            "es": ["Tiene una deuda pendiente con Hacienda."],
            "de": ["Das Finanzamt meldet eine Steuerschuld."],
            "fr": ["Vous avez un impôt impayé auprès du Trésor public."],
            "pt": ["Há uma dívida em aberto com a Receita Federal."],
            "it": ["L'Agenzia delle Entrate segnala un debito insoluto."],
            "nl": ["De Belastingdienst meldt een openstaand bedrag."],
        ],
        "pretext_delivery_hold": [
            "en": ["Your parcel is on hold until the customs fee is paid."],
            "es": ["Su paquete está retenido en aduana; pague las tasas de aduana."],
            "de": ["Ihr Paket wurde zurückgehalten, die Zollgebühr ist offen."],
            "fr": ["Votre colis est bloqué : des frais de douane restent à régler."],
            "pt": ["A sua encomenda está retida na alfândega."],
            "it": ["Il suo pacco è in giacenza: consegna non riuscita."],
            "nl": ["Uw pakket wordt vastgehouden; de bezorging is mislukt."],
        ],
        "pretext_payment_failed": [
            "en": [
                "Your direct deposit batch was rejected by the receiving bank.",
                "The most recent payment for your Google Workspace subscription (ID 42) was declined.",
            ],
            "es": ["Su transferencia fue rechazada; debe verificar sus datos bancarios.", "Hay un impago de 119,88 €."],
            "de": ["Die Überweisung wurde abgelehnt."],
            "fr": ["Votre virement a été rejeté par la banque."],
            "pt": ["O pagamento foi recusado pelo banco."],
            "it": ["Il bonifico è stato respinto."],
            "nl": ["De betaling is geweigerd door de bank."],
        ],
        "unauthorized": [
            "en": ["If you do not recognise this purchase, let us know."],
            "es": ["Si no reconoce este cargo, avísenos."],
            "de": ["Wenn Sie diese Abbuchung nicht erkennen, melden Sie sich."],
            "fr": ["Si vous ne reconnaissez pas cette opération, prévenez-nous."],
            "pt": ["Caso não reconheça esta compra, avise-nos."],
            "it": ["Se non riconosce questo addebito, ci avvisi."],
            "nl": ["Herkent u deze afschrijving niet? Laat het ons weten."],
        ],
        "reader_addressed": [
            "en": ["Your card was used."], "es": ["Su tarjeta fue usada."], "de": ["Ihre Karte wurde benutzt."],
            "fr": ["Votre carte a été utilisée."], "pt": ["Seu cartão foi usado."], "it": ["La sua carta è stata usata."],
            "nl": ["Uw kaart is gebruikt."],
        ],
        "counter_scam_discussion": [
            "en": ["This is a scam: we will never ask you to call a number."],
            "es": ["Esto es una estafa; nunca le pediremos que llame."],
            "de": ["Achtung Betrugsmasche: rufen Sie die Nummer nicht an."],
            "fr": ["Attention à cette arnaque, n'appelez pas ce numéro."],
            "pt": ["Cuidado com o golpe: não ligue para esse número."],
            "it": ["Attenzione alla truffa: non chiami quel numero."],
            "nl": ["Let op, dit is oplichting: bel dit nummer niet."],
        ],
        // An impostor named as such, one word of warning each (WARNS_ABOUT_A_SCAM needs two).
        "counter_scam_discussion~": [
            "en": ["She got fake Geek Squad renewal calls from people posing as Best Buy."],
            "es": ["Llaman supuestos técnicos de Microsoft."],
            "de": ["Es rufen angebliche Finanzbeamte an; das Finanzamt ruft so nicht an."],
            "fr": ["De soi-disant conseillers se faisant passer pour la banque."],
            "pt": ["Supostos atendentes se passando pelo banco."], "it": ["Sedicenti operatori che chiamano fingendosi la banca."],
            "nl": ["Zogenaamde medewerkers die zich voordoen als de bank."],
        ],
        // A lure told in reported speech.
        "counter_scam_discussion~~": [
            "en": ["My aunt got an email supposedly from Norton about a renewal."],
            "es": ["Mi madre recibió un correo diciendo que le cobraron."],
            "de": ["Mein Vater bekam eine E-Mail, angeblich von Amazon."],
            "fr": ["Ma voisine a reçu un mail disant que son abonnement était renouvelé."],
            "pt": ["Minha tia recebeu um e-mail dizendo que a assinatura foi renovada."],
            "it": ["Mia madre ha ricevuto una mail che diceva di chiamare."],
            "nl": ["Mijn buurman kreeg een mail waarin stond dat hij moest bellen."],
        ],
        "writer_own_number": [
            "en": ["If that doesn't work, call me at home.", "You can reach me at the office."], "es": ["Llámame cuando puedas."],
            "de": ["Im Zweifel rufen Sie mich an.", "Bei Fragen erreichen Sie mich unter 0221 100 200."],
            "fr": ["Appelez-moi sur mon portable."], "pt": ["Me liga no meu celular."],
            "it": ["Chiamami stasera."], "nl": ["Bel me even op mijn mobiele nummer."],
        ],
        "counter_oncall": [
            "en": ["Escalate to the on-call engineer via the incident bridge."],
            "es": ["Contacte al técnico de guardia y escale la incidencia."],
            "de": ["Bitte die Rufbereitschaft informieren und eskalieren."],
            "fr": ["Prévenez l'ingénieur d'astreinte."],
            "pt": ["Acione a equipe de plantão."],
            "it": ["Avvisare il tecnico in reperibilità."],
            "nl": ["Bel de piketdienst voor escalatie."],
        ],
        "counter_meeting_dialin": [
            "en": ["Dial-in: +1 555 0100, conference ID 123 456 789#"],
            "es": ["Unirse por teléfono con el ID de reunión 123 456."],
            "de": ["Einwahl per Telefon, Konferenz-ID 123 456."],
            "fr": ["Rejoindre par téléphone, ID de conférence 123 456."],
            "pt": ["Participar por telefone, ID da reunião 123 456."],
            "it": ["Partecipa per telefono, ID riunione 123 456."],
            "nl": ["Inbelnummer 020 123 4567, vergader-ID 123 456."],
        ],
    ]

    func testEachFamilyRecognisesItsConceptInSevenLanguages() throws {
        let m = try matcher()
        // "family~": a second set of sentences for the same family, each concept apart.
        for (key, byLanguage) in Self.positives {
            let family = String(key.prefix { $0 != "~" })
            XCTAssertEqual(Set(byLanguage.keys), ["en", "es", "de", "fr", "pt", "it", "nl"], key)
            for (language, sentences) in byLanguage {
                for s in sentences {
                    XCTAssertTrue(m.lexicons(in: s).contains(family), "\(key) [\(language)] should match: \(s)")
                }
            }
        }
    }

    /// Polish, Swedish and Danish carry the families lures in those languages rely on most.
    /// The money already went ("You sent $1,250.00 to …"), in the seven languages.
    func testMoneySentIsACharge() throws {
        let m = try matcher()
        for sentence in [
            "You sent $1,250.00 USD to a new recipient.", "Usted envió 1.250,00 € a un nuevo destinatario.",
            "Sie haben 1.250,00 € bezahlt.", "Vous avez envoyé 1 250,00 € à un nouveau destinataire.",
            "Você enviou R$ 1.250,00 para um novo destinatário.", "Hai inviato 1.250,00 € a un nuovo destinatario.",
            "U heeft € 1.250,00 betaald.",
        ] {
            XCTAssertTrue(m.lexicons(in: sentence).contains("pretext_charge"), sentence)
        }
    }

    /// The bank's "if you did not give this order" and the collector's own words.
    func testDisowningAnOrderAndCollectingADebt() throws {
        let m = try matcher()
        for (family, sentence) in [
            ("unauthorized", "Wenn Sie diesen Auftrag nicht erteilt haben, melden Sie sich."),
            ("unauthorized", "Si vous n'êtes pas à l'origine de cette opération, contactez-nous."),
            ("unauthorized", "Se non sei stato tu, contattaci."),
            ("unauthorized", "Heeft u deze betaling niet gedaan? Laat het ons weten."),
            ("unauthorized", "Heb je deze bestelling niet geplaatst? Bel ons."),
            ("unauthorized", "Har du inte gjort detta köp? Ring oss."),
            ("unauthorized", "Vous n'avez pas passé cette commande ? Appelez-nous."),
            ("unauthorized", "If you have not requested the renewal of your membership, call us."),
            ("unauthorized", "Dersom dette ikke er deg, ring oss."),
            ("ask_call", "For cancellation contact the number in this email header."),
            ("pretext_tax_debt", "This account has been assigned to our office for collection."),
            ("pretext_tax_debt", "We will report it to the credit bureaus."),
            ("pretext_security", "Votre compte a été compromis."),
            ("unauthorized", "Un bonifico verso un IBAN estero non autorizzato."),
            ("unauthorized", "We zagen een verdachte transactie op uw rekening."),
            ("unauthorized", "Niet besteld? Bel ons direct."),
            ("cancel_refund", "To stop the charge call our order desk."),
            ("tax_authorities", "A tax refund from HMRC is waiting."),
            ("pretext_payment_failed", "Ihre letzte Abbuchung über € 129,90 wurde von Ihrer Bank zurückgewiesen."),
            ("pretext_account_hold", "Ihr Anschluss wird am 22.11. gesperrt."),
            ("pretext_delivery_hold", "Ihr Paket ist im Zollverfahren blockiert."),
            ("ask_call", "Bitte melden Sie sich bei unserem Kundendienst."),
        ] {
            XCTAssertTrue(m.lexicons(in: sentence).contains(family), "\(family): \(sentence)")
        }
    }

    /// Someone asking whether a message is a scam, and forwarding it to ask.
    func testAskingAboutAScamAndForwardingIt() throws {
        let m = try matcher()
        for sentence in [
            "Hi IT, is this a scam? I have not called them.", "---------- Forwarded message ---------",
            "-------- Messaggio inoltrato --------", "----- Weitergeleitete Nachricht -----",
            "Es una estafa: no llaméis.", "Is dit echt? Ik heb niet gebeld.", "Je n'ai pas appelé le numéro.",
        ] {
            XCTAssertTrue(m.lexicons(in: sentence).contains("counter_scam_discussion"), sentence)
        }
        XCTAssertTrue(m.lexicons(in: "\nFwd: Your renewal").contains("forward_marker"))
        XCTAssertTrue(m.lexicons(in: "\nI: Conferma rinnovo").contains("forward_marker"))
        XCTAssertFalse(m.lexicons(in: "\nYour renewal is confirmed").contains("forward_marker"))
    }

    func testBrandListsNameTheirBrands() throws {
        let m = try matcher()
        XCTAssertTrue(m.lexicons(in: "Your Norton 360 plan").contains("brand_security"))
        XCTAssertTrue(m.lexicons(in: "Geek Squad renewal").contains("brand_security"))
        XCTAssertTrue(m.lexicons(in: "PayPal receipt").contains("brand_payment_retail"))
        XCTAssertTrue(m.lexicons(in: "Cuenta de Bankinter").contains("brand_payment_retail"))
        XCTAssertTrue(m.lexicons(in: "Your Coinbase account").contains("brand_crypto"))
        XCTAssertTrue(m.lexicons(in: "Trust Wallet support").contains("brand_crypto"))
    }

    /// Ordinary sentences that share words with the families without being the idea.
    func testPlainLegitimateSentencesStayOutOfFamiliesTheyAreNot() throws {
        let m = try matcher()
        let cases: [(String, Set<String>)] = [
            (
                "Your order has shipped and will arrive on Tuesday.",
                ["pretext_security", "ask_call", "pretext_account_hold", "pretext_tech_support"]
            ),
            ("The meeting dial-in is +1 555 0100, conference ID 4471.", ["ask_call", "pretext_security", "ask_urgency"]),
            ("We had a good conference call yesterday.", ["ask_call"]),
            ("She is in charge of the project; the service is free of charge.", ["pretext_charge"]),
            ("In order to plan the offsite, reply by Friday.", ["pretext_order", "ask_call"]),
            ("Sin embargo, el informe está listo.", ["pretext_tax_debt"]),
            ("Die Berechnung ist fertig.", ["pretext_invoice"]),
            ("Mi piace il Politecnico di Milano.", ["pretext_tech_support"]),
            (
                "Please find the quarterly report attached.",
                ["pretext_security", "ask_call", "ask_urgency", "pretext_tech_support", "pretext_crypto"]
            ),
            ("That is fine, thanks for the update.", ["pretext_tax_debt"]),
            ("Your parcel has been delivered to the front desk.", ["pretext_delivery_hold"]),
            ("Ihr Paket wurde zugestellt.", ["pretext_delivery_hold"]),
            ("Your payment was received, thank you.", ["pretext_payment_failed"]),
            ("Wir freuen uns auf das Treffen am Montag.", ["ask_call", "pretext_security"]),
            ("Merci pour votre message, à bientôt.", ["ask_call", "pretext_security"]),
            ("La riunione è confermata per giovedì.", ["ask_call", "pretext_account_hold"]),
            ("De vergadering begint om tien uur.", ["ask_call", "pretext_security"]),
            ("Veuillez joindre votre CV à votre candidature.", ["ask_call"]),
            ("Nous tenons à vous rappeler que la réunion est demain.", ["ask_call"]),
            ("Wählen Sie bitte einen Termin aus.", ["ask_call"]),
            ("Please contact me if you have any questions.", ["ask_call"]),
            ("The board meeting is on hold until further notice.", ["pretext_account_hold"]),
            ("To unsubscribe from this newsletter, click here.", ["pretext_renewal"]),
            ("Fired alert: Severity Sev3, CPU above 90%.", ["counter_oncall"]),
            ("The npm package was published.", ["pretext_order"]),
            ("Die Desinfektion der Räume ist abgeschlossen.", ["pretext_tech_support"]),
            ("Wir danken Ihnen für Ihre Bereitschaft.", ["counter_oncall"]),
            ("Le borse di studio sono state assegnate.", ["pretext_crypto"]),
            ("PayPal will never ask you for your password.", ["counter_scam_discussion"]),
            ("Report phishing | Learn how to recognize fraudulent emails", ["counter_scam_discussion"]),
            ("Dana Lee, Office Manager | Phone: +1 503 555 0100", ["ask_call"]),
            ("Le compromis de vente est prêt à signer chez le notaire.", ["pretext_security"]),
            ("The scanner could not recognise the barcode; we recognise your effort.", ["unauthorized"]),
            ("More than 50 card payments were placed on hold by the model.", ["reader_addressed"]),
        ]
        for (s, forbidden) in cases {
            let hit = m.lexicons(in: s).intersection(forbidden)
            XCTAssertTrue(hit.isEmpty, "\(s) should not match \(hit)")
        }
    }
}
