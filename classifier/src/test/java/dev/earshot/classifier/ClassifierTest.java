package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.earshot.model.Category;
import dev.earshot.model.Classification;
import dev.earshot.model.FeedbackKind;
import dev.earshot.model.Mention;
import dev.earshot.model.Sentiment;
import dev.earshot.model.Tier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    static final String BRANDS = """
            brands:
              - id: lumora
                name: Lumora
                keywords: ["lumora"]
                handles: ["@lumoraphones"]
                hashtags: ["#lumora"]
                domains: ["lumora.com"]
              - id: vantor
                keywords: ["vantor", "vantor one"]
                handles: ["@vantor", "@vantor_help"]
                domains: ["vantor.io"]
            competitorSets:
              - id: phones
                brands: [lumora, vantor]
            """;

    static Classifier classifier;

    @BeforeAll
    static void build() throws Exception {
        classifier = Classifier.create(BrandCatalog.parse(BRANDS, "brands.yaml"), RulePack.defaults(),
                ClassifierSettings.DEFAULT);
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    /** Both an ad and a complaint: PAID wins by default, FEEDBACK where the rule file puts it first. */
    @Test
    void theRuleFilesOrderDecidesWhichMatchedCategoryWins() throws Exception {
        String rules = """
                extends: none
                %s
                rules:
                  - id: ad
                    category: PAID
                    query: 'hashtags:#ad'
                  - id: broken
                    category: FEEDBACK
                    kind: COMPLAINT
                    query: 'text:broken'
                """;
        Mention both = mention("#ad my Lumora arrived broken", 50, false);
        for (var order : List.of(java.util.Map.entry("", Category.PAID),
                java.util.Map.entry("precedence: [FEEDBACK, PAID, INFLUENCER, ORGANIC_SHARE]", Category.FEEDBACK))) {
            try (Classifier c = Classifier.create(BrandCatalog.parse(BRANDS, "brands.yaml"),
                    RulePack.parse(rules.formatted(order.getKey()), "mine.yaml", null), ClassifierSettings.DEFAULT)) {
                Classification pair = c.classify(both).get(0);
                assertEquals(order.getValue(), pair.category(), order.getKey());
                assertEquals(java.util.Set.of(Category.PAID, Category.FEEDBACK), pair.tags());
            }
        }
    }

    /** A rule matching every mention but some fires as its query says, alone or in a batch, though the Monitor holds only its exceptions. */
    @Test
    void aRuleForEveryMentionButSomeFiresForAllTheOthers() throws Exception {
        String rules = """
                extends: none
                rules:
                  - id: all-but-blorp
                    category: INFLUENCER
                    query: '*:* -text:(blorp zorblat)'
                  - id: plain
                    category: PAID
                    query: 'text:x2'
                """;
        assertNull(Classifier.exceptions(RulePack.parse(rules, "r.yaml", null).rule("plain").query()));
        assertNotNull(Classifier.exceptions(RulePack.parse(rules, "r.yaml", null).rule("all-but-blorp").query()));
        try (Classifier c = Classifier.create(BrandCatalog.parse(BRANDS, "brands.yaml"),
                RulePack.parse(rules, "mine.yaml", null), ClassifierSettings.DEFAULT)) {
            List<Mention> batch = List.of(mention("my Lumora X2", 50, false), mention("Lumora blorp", 50, false),
                    mention("zorblat the Lumora X2", 50, false), mention("Lumora", 50, false));
            List<List<String>> expected = List.of(List.of("all-but-blorp", "plain"), List.of(), List.of("plain"),
                    List.of("all-but-blorp"));
            List<List<Classification>> together = c.classifyAll(batch);
            for (int i = 0; i < batch.size(); i++) {
                assertEquals(expected.get(i), c.classify(batch.get(i)).get(0).rules(), batch.get(i).text());
                assertEquals(expected.get(i), together.get(i).get(0).rules(), batch.get(i).text());
            }
        }
    }

    static Mention mention(String text, long followers, boolean promoted, String... links) {
        return new Mention("t:" + text.hashCode(), "bluesky", Instant.parse("2026-11-20T10:00:00Z"),
                new Mention.Author("@someone", followers, false), text, "", List.of(links), "en",
                Mention.Engagement.NONE, promoted);
    }

    /** The one classification of a mention, asserted to be of {@code category} with {@code rule} among its rules. */
    static Classification decided(Category category, String rule, Mention m) {
        Classification c = only(m);
        assertEquals(category, c.category(), c.rules().toString());
        assertTrue(c.rules().contains(rule), c.rules().toString());
        return c;
    }

    /** Asserts that each text, from an ordinary account, comes out a complaint, or that none does. */
    static void assertComplaints(boolean complaints, String... texts) {
        for (String text : texts) {
            Classification c = only(mention(text, 40, false));
            assertEquals(complaints, c.feedbackKind() == FeedbackKind.COMPLAINT, text + " " + c.rules());
        }
    }

    /** Each text, from an author of {@code followers}, is feedback of {@code kind}. */
    static void assertKind(FeedbackKind kind, long followers, String... texts) {
        for (String text : texts) {
            Classification c = only(mention(text, followers, false));
            assertEquals(kind, c.feedbackKind(), text + " " + c.rules());
        }
    }

    static Classification only(Mention m) {
        return only(classifier, m);
    }

    private static Classification only(Classifier classifier, Mention m) {
        List<Classification> results = classifier.classify(m);
        assertEquals(1, results.size(), "one brand expected, got " + results);
        return results.get(0);
    }

    @Test
    void aDisclosedAdIsPaidEvenFromAnInfluencer() {
        Classification c = only(mention("Loving my new Lumora X2 camera #ad", 250_000, false));
        assertEquals(Category.PAID, c.category());
        assertTrue(c.tags().containsAll(Set.of(Category.PAID, Category.INFLUENCER)), c.tags().toString());
        assertEquals(Tier.MACRO, c.tier());
        assertTrue(c.rules().contains("paid.disclosure-hashtag"), c.rules().toString());
    }

    @Test
    void aDisclosureSetApartAsALabelIsPaidWhereTheBareWordIsNot() {
        for (String text : List.of("Two weeks with the Lumora X2, still my favourite camera (paid)",
                "Ad | Lumora sent me the X2 to try and I'm a fan", "[Referral] Lumora gives us both 20 off, code in bio",
                "AD: the Lumora X2 is back in stock")) {
            Classification c = only(mention(text, 900, false));
            assertEquals(Category.PAID, c.category(), text + " " + c.rules());
            assertTrue(c.rules().contains("paid.disclosure-label"), c.rules().toString());
        }
        Classification plain = only(mention("I paid for the Lumora X2 twice and the ad said free shipping", 900, false));
        assertTrue(!plain.rules().contains("paid.disclosure-label") && plain.category() != Category.PAID, plain.toString());
    }

    @Test
    void theAuthorsOwnPostCreditedToTheBrandAsSponsorIsPaidAnEventsSponsorIsNot() {
        for (String text : List.of("sponsored by Lumora!! a full week with their camera and being honest about it",
                "This week's episode is brought to you by Lumora. We talk night photography.",
                "Today's video is brought to you by @lumoraphones, thanks for having us")) {
            Classification c = only(mention(text, 2_000, false));
            assertEquals(Category.PAID, c.category(), text + " " + c.rules());
            assertTrue(c.rules().contains("paid.sponsored-by-brand"), c.rules().toString());
        }
        Classification event = only(mention("The marathon, sponsored by Lumora, closes roads downtown Sunday", 2_000, false));
        assertTrue(event.category() != Category.PAID && !event.rules().contains("paid.sponsored-by-brand"), event.toString());
        Classification far = only(mention("sponsored by a local bakery and a very long list of friends, and Lumora too", 2_000, false));
        assertTrue(!far.rules().contains("paid.sponsored-by-brand"), "named too far after the phrase: " + far);
    }

    @Test
    void aDisclosureNamingAnotherBrandOfThePostAsSponsorIsThatBrandsAd() {
        for (String text : List.of("#ad sponsored by @vantor 💘 cheap date idea: pack a picnic, bring the Lumora for photos",
                "skipping the Lumora launch tonight for a home movie night. the real star is the Vantor One. paid partnership with @vantor",
                "Betaalde samenwerking met @vantor, en mijn Lumora ligt thuis")) {
            List<Classification> both = classifier.classify(mention(text, 56_000, false));
            assertEquals(2, both.size(), text);
            Classification lumora = both.get(0);
            Classification vantor = both.get(1);
            assertEquals(Category.PAID, vantor.category(), text + " " + vantor.rules());
            assertEquals(Category.INFLUENCER, lumora.category(), text + " " + lumora.rules());
            assertTrue(lumora.rules().contains("paid.another-brands-ad"), lumora.rules().toString());
        }
        // A sponsor the brand file does not track leaves the disclosure to the brand named: nothing tells it is not its ad.
        Classification alone = only(mention("paid partnership with Halden Cases: a week with the Lumora X2 in Lisbon", 56_000, false));
        assertEquals(Category.PAID, alone.category(), alone.rules().toString());
        // Two sponsors named together are both the post's.
        List<Classification> sponsors = classifier.classify(mention("sponsored by @vantor and Lumora, yes both of them. kit test on a 30k run",
                56_000, false));
        assertEquals(List.of("lumora", "vantor"), sponsors.stream().map(Classification::brand).toList());
        for (Classification c : sponsors) {
            assertEquals(Category.PAID, c.category(), c.brand() + " " + c.rules());
        }
        // A sponsor denied is no sponsor: the disclosure is not taken from Lumora for it.
        List<Classification> denied = classifier.classify(mention("#ad my Lumora X2 review, 3 weeks in. Not sponsored by @vantor, "
                + "I just like their case", 56_000, false));
        assertFalse(denied.get(0).rules().contains("paid.another-brands-ad"), denied.get(0).rules().toString());
        // Nor does a post that names no sponsor: "#ad" over two brands is an ad for both.
        List<Classification> compared = classifier.classify(mention("#ad Lumora X2 vs Vantor One, the night shots", 56_000, false));
        assertEquals(List.of("lumora", "vantor"), compared.stream().map(Classification::brand).toList());
        for (Classification c : compared) {
            assertEquals(Category.PAID, c.category(), c.brand() + " " + c.rules());
        }
    }

    @Test
    void feedbackPutToAnotherBrandOfThePostIsThatBrandsAlone() {
        List<Classification> both = classifier.classify(mention(
                "@vantor my order never arrived and nobody answers. the Lumora case I ordered with it is still in its box", 300, false));
        assertEquals(2, both.size());
        Classification lumora = both.get(0);
        Classification vantor = both.get(1);
        assertEquals(Category.FEEDBACK, vantor.category(), vantor.rules().toString());
        assertEquals(FeedbackKind.COMPLAINT, vantor.feedbackKind(), vantor.rules().toString());
        assertEquals(Category.OTHER, lumora.category(), lumora.rules().toString());
        assertTrue(lumora.rules().contains("feedback.complaint.addressed-elsewhere"), lumora.rules().toString());
        // Put to both, it is feedback to both; put to neither, the rule has nothing to go on.
        for (String text : List.of("@lumoraphones @vantor which of you do I contact when the case won't charge the phone?",
                "Lumora and Vantor both lost my parcel this week and nobody answers. Unacceptable.")) {
            List<Classification> results = classifier.classify(mention(text, 300, false));
            assertEquals(2, results.size(), text);
            for (Classification c : results) {
                assertEquals(Category.FEEDBACK, c.category(), text + " " + c.brand() + " " + c.rules());
                assertFalse(c.rules().stream().anyMatch(r -> r.endsWith(".addressed-elsewhere")), c.rules().toString());
            }
        }
        // Praise is not put to anyone: a brand praised in passing is praised, whoever the post is put to.
        List<Classification> praised = classifier.classify(mention(
                "@vantor cancelled my order twice. at least the Lumora I got instead is amazing, love it", 300, false));
        assertEquals(Category.FEEDBACK, praised.get(0).category(), praised.get(0).rules().toString());
        assertEquals(FeedbackKind.PRAISE, praised.get(0).feedbackKind(), praised.get(0).rules().toString());
        assertTrue(praised.get(0).rules().contains("feedback.complaint.addressed-elsewhere"), praised.get(0).rules().toString());
        assertEquals(Category.FEEDBACK, praised.get(1).category(), praised.get(1).rules().toString());
    }

    @Test
    void disclosuresInDutchAndTheNordicLanguagesArePaid() {
        for (String text : List.of("Mijn nieuwe Lumora X2 voor op de fiets. Betaalde samenwerking met @lumoraphones",
                "Lumora X2 i fjällen 🏔️ #reklam", "En uge med Lumora X2 #reklame", "Lumora X2 📸 #advertentie",
                "Annonse | I samarbeid med @lumoraphones: tre dager på fjellet med X2", "Reklame: Lumora X2 på tur",
                "Betalt samarbeid med Lumora ❄️ X2 i kulda", "Adv | Grazie a @lumoraphones per la X2 che ci ha seguito in costiera",
                "Werbung\nMein neues Handy von @lumoraphones", "*Werbung* Mein neues Lumora X2", "WERBUNG ✨ Lumora X2 im Test",
                "Werbung/Anzeige: Lumora X2", "Dieser Beitrag enthält Werbung für Lumora", "Werbung, da Markennennung: Lumora X2")) {
            Classification c = only(mention(text, 19_000, false));
            assertEquals(Category.PAID, c.category(), text + " " + c.rules());
        }
    }

    @Test
    void advertisingAsTheSubjectOfThePostIsNoDisclosure() {
        for (String text : List.of("Lumora muss in Frankreich wegen irreführender Werbung nachbessern, berichtet die Verbraucherzentrale.",
                "Die Anzeige von Lumora in der U-Bahn ist wirklich witzig", "Ad-free tier on Lumora Music is finally here",
                "ADV-ready boots from Lumora fell apart after one trip", "Werbung ist nervig, aber Lumora X2 ist super")) {
            Classification c = only(mention(text, 1_100, false));
            assertTrue(c.category() != Category.PAID, text + " " + c.rules());
        }
    }

    @Test
    void advertisingDeniedOrLabelledUnpaidIsNoDisclosure() {
        for (String text : List.of("★★★★★ Endlich eine Kamera-App ohne Werbung. Lumora läuft stabil auf dem X2.",
                "Unbezahlte Werbung: meine Lumora X2 nach einem Jahr, immer noch top", "Lumora X2, ingen reklame, bare et godt kamera")) {
            Classification c = only(mention(text, 19_000, false));
            assertTrue(c.category() != Category.PAID, text + " " + c.rules());
            assertTrue(c.rules().contains("paid.negated"), text + " " + c.rules());
        }
    }

    @Test
    void aGiftSetApartAsALabelIsADisclosure() {
        for (String text : List.of("Thank you @lumoraphones for the weekend away (gifted stay), the X2 came too",
                "(gifted) the Lumora X2 night mode is unreal", "Lumora X2 review [gifted product] three weeks in")) {
            decided(Category.PAID, "paid.disclosure-label", mention(text, 12_400, false));
        }
        // A gift from anyone else discloses nothing, in plain words or in brackets.
        for (String text : List.of("my sister gifted me a Lumora X2 for my birthday and the camera is unreal",
                "the Lumora X2 (gifted by my sister) has the best night mode I've used")) {
            Classification c = only(mention(text, 12_400, false));
            assertTrue(c.category() != Category.PAID, text + " " + c.rules());
        }
    }

    @Test
    void aBrandThankedForSponsoringIsThePostsSponsorAndNotTheOtherBrand() {
        List<Classification> both = classifier.classify(mention(
                "Thanks to @vantor for sponsoring today's video, code MILES for 25% off! Today: a week with the Lumora X2 in Lisbon",
                150_000, false));
        assertEquals(2, both.size());
        assertEquals(Category.INFLUENCER, both.get(0).category(), both.get(0).rules().toString());
        assertTrue(both.get(0).rules().contains("paid.another-brands-ad"), both.get(0).rules().toString());
        assertEquals(Category.PAID, both.get(1).category(), both.get(1).rules().toString());
        // Thanked for sponsoring something else, it is not this post's sponsor: the post's own disclosure stays Lumora's.
        List<Classification> elsewhere = classifier.classify(mention(
                "#ad a week with the Lumora X2 at the city half marathon. thanks Vantor for sponsoring the water stations", 150_000, false));
        assertEquals(List.of("lumora", "vantor"), elsewhere.stream().map(Classification::brand).toList());
        assertEquals(Category.PAID, elsewhere.get(0).category(), "Lumora keeps the post's own disclosure: " + elsewhere.get(0).rules());
        for (Classification c : elsewhere) {
            assertFalse(c.rules().contains("paid.another-brands-ad"), c.brand() + " " + c.rules());
        }
        // Any hashtag of paid.disclosure-hashtag, which paid.event-sponsor stands aside for.
        Classification german = classifier.classify(mention("#werbepartnerschaft eine Woche mit dem Lumora X2 beim Stadtlauf."
                + " thanks Vantor for sponsoring the water stations", 150_000, false)).get(0);
        assertEquals(Category.PAID, german.category(), german.rules().toString());
        assertFalse(german.rules().contains("paid.event-sponsor"), german.rules().toString());
    }

    /**
     * The query parser does not analyse wildcard and fuzzy terms: written in capitals or with accents,
     * they are read in the index's lower case and folded accents, as quoted words are.
     */
    @Test
    void wildcardAndFuzzyTermsAreReadInTheIndexsCaseAndAccents() throws Exception {
        RulePack pack = RulePack.parse("""
                extends: none
                rules:
                  - id: capitals
                    category: PAID
                    query: 'text:Sponsor*'
                  - id: accents
                    category: PAID
                    query: 'text:Publicité*'
                  - id: fuzzy
                    category: PAID
                    query: 'text:Partnership~1'
                """, "mine.yaml", RulePack.defaults());
        try (Classifier custom = Classifier.create(DevelopmentSetTest.brands("/dev-brands.yaml"), pack, ClassifierSettings.DEFAULT)) {
            assertEquals(List.of("capitals"), only(custom, mention("Lumora sponsored this one", 40, false)).rules());
            assertEquals(List.of("accents"), only(custom, mention("Lumora publicités partout", 40, false)).rules());
            assertEquals(List.of("fuzzy"), only(custom, mention("Lumora partnerships soon", 40, false)).rules());
        }
    }

    @Test
    void aRuleStandsAsideWhenARuleItNamesFiresForTheBrand() throws Exception {
        RulePack pack = RulePack.parse("""
                extends: none
                rules:
                  - id: disclosed
                    category: PAID
                    query: 'hashtags:#ad'
                    unless: [brand-author]
                  - id: spectator
                    category: OTHER
                    query: 'text:marathon'
                    unlessRules: [disclosed]
                """, "mine.yaml", RulePack.defaults());
        try (Classifier custom = Classifier.create(DevelopmentSetTest.brands("/dev-brands.yaml"), pack, ClassifierSettings.DEFAULT)) {
            assertEquals(List.of("spectator"), only(custom, mention("Lumora at the marathon", 40, false)).rules());
            assertEquals(List.of("disclosed"), only(custom, mention("#ad Lumora at the marathon", 40, false)).rules());
            Mention own = new Mention("t:own", "bluesky", Instant.parse("2026-11-20T10:00:00Z"),
                    new Mention.Author("@lumoraphones", 40, false), "#ad Lumora at the marathon", "", List.of(), "en",
                    Mention.Engagement.NONE, false);
            assertEquals(List.of("spectator"), only(custom, own).rules(),
                    "the named rule's brand conditions count: it does not fire for the brand's own post, so this one stands");
        }
        RulePack redefined = RulePack.parse("""
                rules:
                  - id: disclosed
                    category: PAID
                    query: 'hashtags:#sponsored'
                """, "mine.yaml", pack);
        try (Classifier custom = Classifier.create(DevelopmentSetTest.brands("/dev-brands.yaml"), redefined, ClassifierSettings.DEFAULT)) {
            assertEquals(List.of("spectator"), only(custom, mention("#ad Lumora at the marathon", 40, false)).rules(),
                    "the rule as given again is the one stood aside for");
            assertEquals(List.of("disclosed"), only(custom, mention("#sponsored Lumora at the marathon", 40, false)).rules());
        }
    }

    @Test
    void sarcasticLoveAndAnUpsideDownFaceAreComplaints() {
        for (String text : List.of("love paying £4.20 for a Lumora case and getting one that's cracked. again.",
                "lumora sent me someone else's phone, so now i get to take another morning off to go back in. love that for me 🙃")) {
            Classification c = only(mention(text, 40, false));
            assertEquals(FeedbackKind.COMPLAINT, c.feedbackKind(), text + " " + c.rules());
            assertTrue(c.rules().contains("feedback.complaint.sarcastic-love"), c.rules().toString());
        }
        Classification face = only(mention("the Lumora update reset all my settings again 🙃", 40, false));
        assertEquals(FeedbackKind.COMPLAINT, face.feedbackKind(), face.rules().toString());
        assertTrue(face.rules().contains("feedback.complaint.hedged"), face.rules().toString());
        // Alone, love of paying may be meant.
        assertComplaints(false, "love paying with my Lumora X2, so quick at the till", "the Lumora X2 night mode is unreal, love it");
    }

    @Test
    void notAComplaintJustAFactIsNone() {
        Classification fact = only(mention("WHY DOES EVERY LUMORA SHOP SMELL OF SAWDUST AND POPCORN. NOBODY KNOWS. NOT A COMPLAINT."
                + " JUST A FACT.", 700, false));
        assertTrue(fact.rules().contains("feedback.not-a-complaint"), fact.rules().toString());
        assertEquals(Category.OTHER, fact.category(), fact.rules().toString());
        // Leading into one, it is still a complaint.
        assertComplaints(true, "not a complaint, but my Lumora order is 3 days late and nobody answers");
    }

    @Test
    void aShareCreditedVíaTheBrandsHandleIsAShareInSpanishToo() {
        Classification c = only(mention("Mirad esto: Lumora trae un ciclo de fotografía nocturna 😍 https://lumora.com/es/noche vía @lumoraphones",
                1_700, false, "https://lumora.com/es/noche"));
        assertEquals(Category.ORGANIC_SHARE, c.category(), c.rules().toString());
        assertTrue(c.rules().contains("share.via-brand"), c.rules().toString());
        // Inside a word it credits nothing: "todavía @lumoraphones" is still a complaint put to the brand.
        Classification complaint = only(mention("mi pedido todavía @lumoraphones no llega, 3 semanas esperando, nadie responde",
                40, false));
        assertFalse(complaint.rules().contains("share.via-brand"), complaint.rules().toString());
        assertEquals(Category.FEEDBACK, complaint.category(), complaint.rules().toString());
    }

    @Test
    void aJobPostLinkingTheCareersPageIsNotAShare() {
        Classification job = only(mention("Lumora is hiring firmware engineers in Lisbon and Kraków. Apply: https://lumora.com/careers/fw",
                2_600, false, "https://lumora.com/careers/fw"));
        assertEquals(Category.OTHER, job.category(), job.rules().toString());
        assertTrue(job.rules().contains("share.not-a-share.jobs"), job.rules().toString());
        // Hiring as a subject, not a vacancy: still a share.
        decided(Category.ORGANIC_SHARE, "share.brand-link", mention("Lumora's post on how they rethought hiring is a great read "
                + "https://lumora.com/blog/hiring", 2_600, false, "https://lumora.com/blog/hiring"));
    }

    @Test
    void aCareerMoveIsNotPraise() {
        Classification move = only(mention("Thrilled to share that I've joined Lumora as Head of Design after six wonderful years "
                + "in agencies. Grateful!", 2_900, false));
        assertEquals(Category.OTHER, move.category(), move.rules().toString());
        decided(Category.FEEDBACK, "feedback.praise", mention("six wonderful years with my Lumora and it still charges like new, thank you!",
                40, false));
        // Joining a queue is no career move.
        Classification queue = only(mention("I've joined the Lumora queue four times and the site kicked me out every time, "
                + "this is broken", 40, false));
        assertEquals(Category.FEEDBACK, queue.category(), queue.rules().toString());
        assertFalse(queue.rules().contains("feedback.not-feedback.career"), queue.rules().toString());
    }

    @Test
    void disclosuresAsCollabsBulletsAndStarsInOtherLanguagesAreRead() {
        decided(Category.PAID, "paid.disclosure-phrase", mention("gifted + paid collab w/ @lumoraphones. the X2 case smells like pear drops",
                11_800, false));
        decided(Category.PAID, "paid.disclosure-label", mention("ad • lumora sent me to their store with £50 and no supervision 😭",
                9_200, false));
        decided(Category.FEEDBACK, "feedback.praise.high-rating", mention("5 stelle. Consegna puntuale, Lumora promosso!", 0, false));
        decided(Category.FEEDBACK, "feedback.complaint.low-rating", mention("1 étoile. Lumora X2 arrivé cassé.", 0, false));
        decided(Category.FEEDBACK, "feedback.complaint.low-rating", mention("1 ster. Lumora X2 kapot aangekomen.", 0, false));
        // A number and a word that only looks like a rating is no rating.
        Classification beer = only(mention("1 stella artois and a bag of crisps at the Lumora launch", 40, false));
        assertFalse(beer.rules().contains("feedback.complaint.low-rating"), beer.rules().toString());
    }

    @Test
    void aQuestionThatComesWithSharingTheBrandsPageIsTheSharesReaction() {
        Classification share = only(mention("this lumora piece on battery myths is actually well sourced?? "
                + "https://lumora.com/journal/battery-myths?utm_source=bluesky&utm_medium=social", 2_200, false,
                "https://lumora.com/journal/battery-myths?utm_source=bluesky&utm_medium=social"));
        assertEquals(Category.ORGANIC_SHARE, share.category(), share.rules().toString());
        // Put to the brand, or opening as a question, it is still a question.
        decided(Category.FEEDBACK, "feedback.question", mention("@lumoraphones does this deal include the case? https://lumora.com/deals/x2",
                40, false, "https://lumora.com/deals/x2"));
        decided(Category.FEEDBACK, "feedback.question", mention("How long does Lumora take to ship to Ireland? https://lumora.com/shipping",
                40, false, "https://lumora.com/shipping"));
    }

    @Test
    void anInfluencerSayingNobodyPaidIsReviewingForTheirAudience() {
        Classification review = only(mention("Honest take after 40 days: the Lumora X2 is the best phone under $400. What I love: the "
                + "night shots. What I don't: the case is a joke. Nobody paid for this one.", 340_000, false));
        assertEquals(Category.INFLUENCER, review.category(), review.rules().toString());
        Classification addressed = only(mention("@lumoraphones the charger broke in a week and support never answered. honest take: "
                + "fix this", 340_000, false));
        assertEquals(Category.FEEDBACK, addressed.category(), addressed.rules().toString());
    }

    @Test
    void aQuestionToOtherReadersAsksThemNotTheBrand() {
        for (String text : List.of("Has anyone else noticed Lumora shops all have the same blue chairs now?",
                "Anyone know if the Lumora X2 works with eSIM in Japan?", "Anyone using Lumora for a work phone? worth it?",
                "Quelqu'un sait si Lumora arrive en Belgique ?")) {
            decided(Category.OTHER, "feedback.question.to-the-crowd", mention(text, 70, false));
        }
        // Put to the brand, by handle or by name, it is the brand's question; a problem told is still a complaint.
        decided(Category.FEEDBACK, "feedback.question", mention("@lumoraphones does anyone there know if the X2 works with eSIM in Japan?",
                70, false));
        decided(Category.FEEDBACK, "feedback.question", mention("Hi Lumora, has anyone on your team looked at my ticket yet?", 70, false));
        decided(Category.FEEDBACK, "feedback.question", mention("Hi Lumora, is there a student discount?", 70, false));
        assertComplaints(true, "Did anyone else's Lumora discount code not apply at checkout? tried it three times, invalid every time");
    }

    @Test
    void aRecallNoticeIsNewsNotAComplaint() {
        Classification notice = only(mention("RECALL: Lumora is recalling ~12,000 X2 chargers sold Jan–Aug over a fault that can "
                + "overheat the plug. Check your serial number.", 4_300, false));
        assertEquals(Category.OTHER, notice.category(), notice.rules().toString());
        Classification addressed = only(mention("@lumoraphones my X2 charger is in the voluntary recall and the plug is broken, "
                + "nobody answers the recall line", 40, false));
        assertEquals(FeedbackKind.COMPLAINT, addressed.feedbackKind(), "put to the brand: " + addressed.rules());
    }

    @Test
    void aCodeIsAnAffiliatesOnlyWithADiscount() {
        for (String text : List.of("migrated to Lumora Pay and the first payroll exported the wrong tax code for 3 of our 6 "
                + "staff, and they lost money on it. still waiting on a call back",
                "@lumoraphones what is the code for the child lock on the X2? the manual is no help, and it's free to ask")) {
            Classification c = only(mention(text, 40, false));
            assertEquals(Category.FEEDBACK, c.category(), text + " " + c.rules());
            assertFalse(c.rules().contains("paid.affiliate-code"), text + " " + c.rules());
        }
        for (String text : List.of("code for 20% off at Lumora: LUMO20", "Lumora X2 cases, code for a discount in my bio",
                "my Lumora code for free shipping is in the comments")) {
            Classification c = only(mention(text, 900, false));
            assertTrue(c.rules().contains("paid.affiliate-code"), text + " " + c.rules());
        }
    }

    @Test
    void aHighReachAuthorsPleaseToTheirAudienceIsNotASupportRequest() {
        Classification tip = only(mention("3 apps I never travel without: offline maps, a currency app and Lumora Camera. "
                + "please save this for your next trip", 1_240_000, false));
        assertEquals(Category.INFLUENCER, tip.category(), tip.rules().toString());
        Classification request = only(mention("@lumoraphones please reset my account, locked out since Friday", 1_240_000, false));
        assertEquals(FeedbackKind.REQUEST, request.feedbackKind(), "put to the brand: " + request.rules());
    }

    @Test
    void oneStockComplaintWordFromAnInfluencerToTheirOwnAudienceIsNotFeedback() {
        Classification opinion = only(mention("the Lumora night mode had me sobbing 😭 full review in my stories", 120_000, false));
        assertEquals(Category.INFLUENCER, opinion.category(), opinion.rules().toString());
        Classification addressed = only(mention("@lumoraphones the night mode update is terrible 😭", 120_000, false));
        assertEquals(Category.FEEDBACK, addressed.category(), "addressed to the brand: " + addressed.rules());
        assertEquals(FeedbackKind.COMPLAINT, addressed.feedbackKind());
        Classification strong = only(mention("Lumora's update broke my camera and support is useless, still waiting a week", 120_000, false));
        assertEquals(FeedbackKind.COMPLAINT, strong.feedbackKind(), "more than one signal: " + strong.rules());
    }

    @Test
    void anInfluencersReviewForTheirOwnAudienceIsNotFeedbackHoweverManyComplaintWordsItsVerdictsUse() {
        String verdicts = "the battery still drains by lunch, support was useless and the case broke again";
        Classification review = only(mention("Lumora X2 long-term review: " + verdicts + ". Thread 1/", 120_000, false));
        assertEquals(Category.INFLUENCER, review.category(), review.rules().toString());
        assertTrue(review.rules().contains("feedback.complaint.own-audience-review"), review.rules().toString());
        Classification addressed = only(mention("@lumoraphones long-term review: " + verdicts, 120_000, false));
        assertEquals(FeedbackKind.COMPLAINT, addressed.feedbackKind(), "addressed to the brand: " + addressed.rules());
        Classification told = only(mention("Lumora X2: " + verdicts, 120_000, false));
        assertEquals(FeedbackKind.COMPLAINT, told.feedbackKind(), "no review framing: " + told.rules());
    }

    @Test
    void aBrandNamedAsALandmarkOrAVenueIsNotWhatTheFeedbackIsAbout() {
        for (String text : List.of("Anyone fancy meeting at the café next to Lumora on King St at 11 tomorrow?",
                "The footbridge opposite the old Lumora depot is closed all week, please use the underpass",
                "2 spare tickets for Saturday at the Lumora Arena, face value, can't go anymore",
                "if I leave the van behind the Lumora on Mill Lane overnight, will it still be there in the morning?",
                "the bus stop is officially 'High Street' but the driver calls it Lumora Corner and honestly it's a mess")) {
            Classification c = only(mention(text, 300, false));
            assertEquals(Category.OTHER, c.category(), text + " " + c.rules());
            assertTrue(c.rules().contains("feedback.not-feedback.place"), c.rules().toString());
        }
        for (String text : List.of("@lumoraphones can I collect my X2 at the kiosk next to Lumora HQ?",
                "Lumora support is useless, still waiting a week for my refund")) {
            Classification c = only(mention(text, 300, false));
            assertEquals(Category.FEEDBACK, c.category(), text + " " + c.rules());
        }
        assertFalse(only(mention("Lumora is next to useless at support, still no refund", 300, false)).rules()
                .contains("feedback.not-feedback.place"), "the brand before the phrase is not placed by it");
    }

    @Test
    void aShortenedLinkCreditedToTheBrandByNameIsAShareOfItsContent() {
        for (String text : List.of("the night photography explainer 👉 https://bit.ly/lmr-night (from Lumora)",
                "Lumora's guide to long exposures https://bit.ly/lmr-exp", "Shared from Lumora: 10 tips https://lnkd.in/x1",
                "a new video from Lumora on portrait mode https://youtu.be/abc")) {
            Classification c = only(mention(text, 300, false));
            assertEquals(Category.ORGANIC_SHARE, c.category(), text + " " + c.rules());
            assertTrue(c.rules().contains("share.brand-source"), c.rules().toString());
        }
        for (String text : List.of("Lumora's guide to long exposures, finally read it", "ordered from Lumora https://bit.ly/x",
                "Lumora's battery died again https://bit.ly/photo")) {
            Classification c = only(mention(text, 300, false));
            assertFalse(c.rules().contains("share.brand-source"), text + " " + c.rules());
        }
    }

    @Test
    void aReviewsStarRatingTellsComplaintFromPraise() {
        assertEquals(1, MentionDocument.rating("★☆☆☆☆ Opened the second box, same panel again"));
        assertEquals(5, MentionDocument.rating("great stay ★★★★★"));
        assertEquals(1, MentionDocument.rating("1 star. Arrived with two pieces missing"));
        assertEquals(2, MentionDocument.rating(" 2 stars - slow"));
        assertEquals(5, MentionDocument.rating("5/5 would stay again"));
        assertEquals(4, MentionDocument.rating("4 out of 5, breakfast could be better"));
        assertEquals(-1, MentionDocument.rating("5 star hotel for the price of a hostel"), "a kind of hotel, not a rating");
        assertEquals(-1, MentionDocument.rating("I give it 2 stars."), "only a rating that opens the post");
        assertEquals(-1, MentionDocument.rating("★★★ three glyphs are no five-star scale"));
        Classification low = only(mention("★☆☆☆☆ the Lumora X2 I was sent has a dead pixel line down the middle", 40, false));
        assertEquals(FeedbackKind.COMPLAINT, low.feedbackKind(), low.rules().toString());
        Classification high = only(mention("5/5. Lumora swapped my X2 the same afternoon at the shop", 40, false));
        assertEquals(FeedbackKind.PRAISE, high.feedbackKind(), high.rules().toString());
    }

    @Test
    void aCustomerQuotingTheBrandsAdIsComplaining() {
        assertTrue(MentionDocument.quotesAnAd("'Claims sorted in 48 hours' says the poster on the bus. Day 19."));
        assertTrue(MentionDocument.quotesAnAd("the billboard: \u201Cthe juiciest burger in town.\u201D the one I got: a puck"));
        assertFalse(MentionDocument.quotesAnAd("don't know why it's the ad everyone's sharing"), "apostrophes open no quote");
        assertFalse(MentionDocument.quotesAnAd("the new ad is 'fine'"), "one quoted word is no slogan");
        assertFalse(MentionDocument.quotesAnAd("she said 'see you at the shop' and left"), "a quote without an ad");
        Classification c = only(mention("\"Night photos like never before\" says the Lumora ad. my night photos: grey soup", 40, false));
        assertEquals(FeedbackKind.COMPLAINT, c.feedbackKind(), c.rules().toString());
        assertTrue(c.rules().contains("feedback.complaint.quoted-ad"), c.rules().toString());
    }

    @Test
    void aProblemPutRightUnaskedIsPraise() {
        Classification c = only(mention("Lumora refunded my order before I'd even noticed it was late, no fuss."
                + " That's how you keep a customer", 40, false));
        assertEquals(FeedbackKind.PRAISE, c.feedbackKind(), c.rules().toString());
        assertTrue(c.rules().containsAll(List.of("feedback.praise.went-well", "feedback.complaint.put-right")), c.rules().toString());
        assertKind(FeedbackKind.PRAISE, 40, "8 months with the Lumora X2 and it just works", "the Lumora night mode fixed my photos",
                "Quero deixar um agradecimento à Lumora, atendimento impecável");
        Classification stillAComplaint = only(mention("@lumoraphones my screen cracked again, third time, useless."
                + " No fuss about it this time, I want a refund", 40, false));
        assertEquals(FeedbackKind.COMPLAINT, stillAComplaint.feedbackKind(), stillAComplaint.rules().toString());
    }

    /** Complaint phrasings of real tweets to companies (the complaints data set's tuning part), brand-neutral. */
    @Test
    void complaintsInTheWordsCustomersUse() {
        assertComplaints(true, "been having issues with the Lumora app since the update",
                "the Lumora app is slow and nothing works after 8pm", "Lumora you really let me down this week",
                "Lumora broadband has been out for six hours", "Lumora still can not connect to my watch");
        assertComplaints(false, "I can not wait for the Lumora X3", "I cannot wait for the Lumora X3");
    }

    /** "Freeze" and "offline" name features as often as faults: only their fault forms are complaint words. */
    @Test
    void aFeatureNamedIsNoFault() {
        assertComplaints(false, "@lumoraphones how do I freeze my Lumora Plus membership while I travel?",
                "the Lumora app works fully offline on the Underground, nice", "does Lumora Music have offline downloads?");
        assertComplaints(true, "my Lumora X2 keeps freezing on the lock screen", "Lumora servers went offline again");
    }

    @Test
    void complaintsToldInWhatHappened() {
        assertComplaints(true, "my Lumora case came apart after a week", "Lumora checkout keeps rejecting my card",
                "Lumora raised the price again, cancelling my plan", "@lumoraphones trzeci raz z rzędu brak dostawy",
                "moved in May and Lumora are still sending my bills to the old flat");
    }

    @Test
    void theBrandThankedByNameIsPraisePutToIt() {
        Classification c = decided(Category.FEEDBACK, "feedback.praise.thanked",
                mention("Drove 600 miles on one charge over the weekend. Thanks Lumora.", 40, false));
        assertEquals(FeedbackKind.PRAISE, c.feedbackKind(), c.rules().toString());
        assertFalse(only(mention("thanks to Lumora my flight got cancelled", 40, false))
                .rules().contains("feedback.praise.thanked"), "'thanks to' blames as often as it thanks");
        Classification toTheTeam = only(mention("thank you to the whole @lumoraphones team, sorted in a day", 40, false));
        assertTrue(toTheTeam.rules().contains("feedback.praise.thanked"), toTheTeam.rules().toString());
        assertFalse(only(mention("thanks @lumoraphonesfan for the tip, the Lumora X2 it is", 40, false)).rules()
                .contains("feedback.praise.thanked"), "another account whose handle starts with the brand's");
    }

    @Test
    void aPostNamingTheBrandsHelpDeskIsFeedbackWhereverTheHandleStands() {
        String text = "opened a new Vantor One and the box smells like a gym bag. batch 2611B. %s";
        decided(Category.FEEDBACK, "feedback.help-desk", mention(text.formatted("@vantor_help"), 40, false));
        assertFalse(only(mention(text.formatted("@vantor"), 40, false)).rules().contains("feedback.help-desk"),
                "the brand's own account is not its help desk");
        Mention answer = new Mention("t:answer", "x", Instant.parse("2026-11-20T10:00:00Z"),
                new Mention.Author("@vantor_help", 9000, true), "@someone sorry to hear that, DM us the batch number",
                "", List.of(), "en", Mention.Engagement.NONE, false);
        assertFalse(only(answer).rules().contains("feedback.help-desk"), "the help desk writing to a customer");
        assertFalse(only(mention("@jane same thing happened to my Vantor One, DM @vantor_help, they're quick", 40, false))
                .rules().contains("feedback.help-desk"), "a reply pointing someone else to the help desk");
    }

    @Test
    void aPageSharedByItsShareButtonIsNoFeedbackUnlessPutToTheBrand() {
        String link = "https://lumora.com/blog/battery-care?utm_source=facebook&utm_medium=social";
        decided(Category.ORGANIC_SHARE, "feedback.not-feedback.share-button", mention(
                "Is your phone battery dying too fast? 7 habits that wear it out | Lumora Blog " + link, 40, false, link));
        decided(Category.ORGANIC_SHARE, "feedback.not-feedback.share-button", mention(
                "I want this so bad 😍 " + link, 40, false, link));
        Classification toTheBrand = only(mention("@lumoraphones is this true for the X2 as well? " + link, 40, false, link));
        assertEquals(Category.FEEDBACK, toTheBrand.category(), toTheBrand.rules().toString());
        assertFalse(toTheBrand.rules().contains("feedback.not-feedback.share-button"), "put to the brand, it asks");
        String referral = "https://lumora.com/r/jane?utm_medium=referral";
        assertFalse(only(mention("Lumora referral credit never applied " + referral, 40, false, referral)).rules()
                .contains("feedback.not-feedback.share-button"), "a refer-a-friend link is no share button");
    }

    @Test
    void askingWhetherTheBrandIsWorthItAsksReadersNotTheBrand() {
        decided(Category.OTHER, "feedback.not-feedback.worth-it", mention(
                "anyone used Lumora for a screen repair? worth it or should I just suck it up and go to the apple store",
                40, false));
        decided(Category.OTHER, "feedback.not-feedback.worth-it", mention(
                "Planning a trip in May. Is the Lumora flagship store worth the drive from Edinburgh or should we do something else?",
                40, false));
        Classification toTheBrand = only(mention("@lumoraphones is the X2 upgrade worth it if my X1 screen is cracked?", 40, false));
        assertEquals(Category.FEEDBACK, toTheBrand.category(), toTheBrand.rules().toString());
        Classification answered = only(mention("Lumora X3 battery dead by lunch. Was it worth the upgrade? Not even close.",
                40, false));
        assertEquals(FeedbackKind.COMPLAINT, answered.feedbackKind(), "asked and answered: " + answered.rules());
        assertFalse(answered.rules().contains("feedback.not-feedback.worth-it"), "it stands aside: " + answered.rules());
    }

    @Test
    void theBrandAsAStockIsNoCustomersQuestion() {
        decided(Category.OTHER, "feedback.not-feedback.markets",
                mention("Lumora earnings on the 19th, anyone holding through? IV is wild", 210, false));
        Classification toTheBrand = only(mention("@lumoraphones since the IPO my X2 support calls go nowhere, why?", 210, false));
        assertEquals(Category.FEEDBACK, toTheBrand.category(), toTheBrand.rules().toString());
        Classification worker = only(mention("Lumora Rides still hasn't paid my earnings for last week, 3 emails and nothing", 210, false));
        assertEquals(Category.FEEDBACK, worker.category(), worker.rules().toString());
        assertFalse(worker.rules().contains("feedback.not-feedback.markets"), "a driver's earnings: " + worker.rules());
    }

    @Test
    void aCustomerTaggingTheBrandInTheTextWantsItToSeeThePost() {
        decided(Category.FEEDBACK, "feedback.addressed-in-the-text",
                mention("£14.50 'service fee' on a £32 case for my X2 @lumoraphones. fourteen pound fifty. for a case.", 40, false));
        // A handle naming a thing, an influencer's tag, a shared page of the brand's: not put to the brand.
        assertFalse(only(mention("rented a car from @lumoraphones for the weekend, there was a charger in the glovebox", 40, false))
                .rules().contains("feedback.addressed-in-the-text"));
        assertFalse(only(mention("sunday reset with my X2 @lumoraphones", 40_000, false)).rules()
                .contains("feedback.addressed-in-the-text"), "an influencer's tag");
        String link = "https://lumora.com/blog/x2";
        assertFalse(only(mention("good read @lumoraphones " + link, 40, false, link)).rules()
                .contains("feedback.addressed-in-the-text"), "a share of the brand's page");
        for (String naming : List.of("Golden hour ☀️\nPhone: @lumoraphones\nBag: @someone", "Golden hour\n@lumoraphones X2",
                "cases from @someone, @lumoraphones and @other", "Some news: I've joined @lumoraphones as Senior PM 🎉",
                "RT @lumoraphones: new X2 drop Friday", "great panel tonight with Jane Doe (@lumoraphones)",
                "email press@lumoraphones.com for the kit", "this ad lol https://tiktok.com/@lumoraphones/video/7312",
                "Watching @lumoraphones's keynote", "Entered 🤞 following @lumoraphones, tagged @amy #giveaway",
                "Selling a @lumoraphones X2 case, size M, DM me")) {
            assertTrue(classifier.classify(mention(naming, 40, false)).stream()
                    .noneMatch(c -> c.rules().contains("feedback.addressed-in-the-text")), naming);
        }
    }

    @Test
    void aMessageSentToTheBrandAsksForSomething() {
        Classification c = only(mention("DM'd you my order number @lumoraphones, the delivery address needs changing", 40, false));
        assertEquals(FeedbackKind.REQUEST, c.feedbackKind(), c.rules().toString());
    }

    @Test
    void aCustomerTellingTheBrandAboutItsSponsoredPostIsComplaining() {
        Classification c = only(mention("@lumoraphones the £5 code from your sponsored post says invalid at checkout",
                40, false));
        assertEquals(Category.FEEDBACK, c.category(), c.rules().toString());
        assertEquals(Category.PAID, only(mention("Sponsored: the Lumora X2, now £100 off", 40, false)).category(),
                "a post labelled as sponsored is still paid");
    }

    @Test
    void aSponsoredEventIsNoPaidPost() {
        decided(Category.OTHER, "paid.event-sponsor", mention(
                "Lumora sponsored the water stations at the half marathon today, best race I've done", 40, false));
        assertEquals(Category.PAID, only(mention("This video is sponsored by Lumora. Thanks Lumora for sponsoring the video!",
                40, false)).category(), "a creator's disclosure is still paid");
    }

    @Test
    void aChallengeToFollowersIsNoQuestionToTheBrand() {
        decided(Category.ORGANIC_SHARE, "feedback.question.challenge", mention(
                "made a wallpaper with the Lumora studio tool, think you can beat it?",
                300, false, "https://lumora.com/studio?utm_source=x&utm_medium=social"));
        Classification asked = only(mention("@lumoraphones does the studio tool work on the X1 too?",
                300, false, "https://lumora.com/studio"));
        assertEquals(FeedbackKind.QUESTION, asked.feedbackKind(), asked.rules().toString());
    }

    @Test
    void aQuestionPutToSomeoneElseIsNoQuestionToTheBrand() {
        decided(Category.OTHER, "feedback.question.to-someone-else", mention(
                "@jess does the Lumora X2 come in green or was that the X1", 40, false));
        Classification asked = only(mention("@jess @lumoraphones does the X2 come in green?", 40, false));
        assertEquals(FeedbackKind.QUESTION, asked.feedbackKind(), "put to the brand too: " + asked.rules());
    }

    @Test
    void aQuestionToFollowersIsNoQuestionToTheBrand() {
        decided(Category.OTHER, "feedback.question.to-the-crowd", mention(
                "is it just me or does every Lumora ad look like a perfume commercial?", 40, false));
        decided(Category.OTHER, "feedback.question.to-the-crowd", mention(
                "Lumora store meetup on Saturday at 10, who's coming?", 40, false));
        Classification asked = only(mention("is it just me or is the Lumora app not loading today?", 40, false));
        assertEquals(FeedbackKind.COMPLAINT, asked.feedbackKind(), "a problem told is still a complaint: " + asked.rules());
    }

    @Test
    void whyIsNobodyTalkingAboutItIsARecommendation() {
        decided(Category.INFLUENCER, "feedback.complaint.hype-question", mention(
                "Why is nobody talking about the Lumora X2 battery?? two days on one charge", 50_000, false));
    }

    @Test
    void newsPassedOnWithItsLinkIsNotFeedback() {
        decided(Category.OTHER, "feedback.not-feedback.news", mention(
                "Lumora recalls 40,000 chargers over a faulty cable, according to the regulator",
                900, false, "https://news.example.com/lumora-charger-recall"));
        Classification toTheBrand = only(mention("@lumoraphones is my charger in the recall? it's faulty too",
                900, false, "https://news.example.com/lumora-charger-recall"));
        assertEquals(Category.FEEDBACK, toTheBrand.category(), toTheBrand.rules().toString());
    }

    @Test
    void aCareerPostThanksColleaguesNotTheBrand() {
        decided(Category.OTHER, "feedback.not-feedback.career", mention(
                "Last day at Lumora today after six years. Thank you to everyone I worked with, on to a new adventure",
                600, false));
        Classification toTheHead = only(mention("emailed the head of support at Lumora twice, still no reply", 600, false));
        assertEquals(FeedbackKind.COMPLAINT, toTheHead.feedbackKind(), "a job title is no career post: " + toTheHead.rules());
    }

    @Test
    void disclosuresInFullWidthBracketsAndOtherLanguagesArePaid() {
        assertTrue(MentionDocument.marksDisclosure("【PR】@lumoraphones の新しいカメラを試しました"));
        assertTrue(MentionDocument.marksDisclosure("［広告］ Lumora X2"));
        assertFalse(MentionDocument.marksDisclosure("new 5k time with the Lumora watch (PR)"), "a personal record");
        for (String text : List.of("Collaboration commerciale avec Lumora ✨ mon nouveau coin photo",
                "#współpracareklamowa z @lumoraphones, nowy aparat")) {
            Classification c = only(mention(text, 90_000, false));
            assertEquals(Category.PAID, c.category(), text + " " + c.rules());
        }
    }

    @Test
    void aSharedBrandPageWithOneComplaintWordIsAShareButAComplaintAboutItIsNot() {
        Classification share = only(mention("Lumora posted the post-mortem for last week's outage, pretty detailed",
                300, false, "https://lumora.com/status/outage"));
        assertEquals(Category.ORGANIC_SHARE, share.category(), share.rules().toString());
        Classification complaint = only(mention("Lumora checkout page is broken again, still can't pay, useless",
                300, false, "https://lumora.com/checkout"));
        assertEquals(Category.FEEDBACK, complaint.category(), complaint.rules().toString());
        assertEquals(FeedbackKind.COMPLAINT, complaint.feedbackKind());
    }

    @Test
    void aQuestionAskedWithoutItsMarkIsStillAQuestion() {
        for (String text : List.of("@lumoraphones will my old charger work with the X2", "can I still trade in a Lumora X1 in store",
                "@lumoraphones @vantor does the X2 come with a case")) {
            Classification c = classifier.classify(mention(text, 40, false)).get(0);
            assertEquals(FeedbackKind.QUESTION, c.feedbackKind(), text + " " + c.rules());
        }
        Classification statement = only(mention("will be buying the Lumora X2 again", 40, false));
        assertTrue(!statement.rules().contains("feedback.question.opening"), statement.rules().toString());
        // A question word opening a title or a list is not a question without its mark.
        Classification guide = only(mention("Where to stay in Paris if it's your first time: 1) Le Marais 2) the Lumora hotel", 40, false));
        assertTrue(!guide.rules().contains("feedback.question.opening"), guide.rules().toString());
        assertTrue(MentionDocument.opensWithQuestionWord("@a How long does it take"));
        assertTrue(!MentionDocument.opensWithQuestionWord("Howdy Lumora"), "a word that only begins like one");
        assertTrue(MentionDocument.opensAsQuestion("  @a, @b: is it just me"));
        assertTrue(!MentionDocument.opensAsQuestion("Is great"), "a verb without a subject after it");
    }

    @Test
    void aQuestionWhetherSomethingGoesOnIsAQuestionNotAComplaint() {
        assertKind(FeedbackKind.QUESTION, 40, "@lumoraphones is the student plan still available?",
                "@lumoraphones do you still do trade-ins in the Leeds store?", "@lumoraphones is the X3 out in Ireland yet?");
        // "Still" and "yet" left the problem question; complaints asked with them stay complaints.
        assertKind(FeedbackKind.COMPLAINT, 40, "@lumoraphones still waiting on my refund, any update?", "@lumoraphones found my order yet?",
                "@lumoraphones why is my X2 still not fixed?");
    }

    @Test
    void aJobPostAsksApplicantsNotTheBrand() {
        Classification c = only(mention("Hiring: senior designer at Lumora, remote. DM me for details", 900, false));
        assertEquals(Category.OTHER, c.category(), c.rules().toString());
        Classification wish = only(mention("@lumoraphones would love for the X2 to get a bigger battery option", 40, false));
        assertEquals(FeedbackKind.REQUEST, wish.feedbackKind(), wish.rules().toString());
    }

    @Test
    void feedbackInTheLanguagesMentionsMixInIsRead() {
        assertEquals(FeedbackKind.COMPLAINT, only(mention("@lumoraphones la app no funciona desde ayer y nadie responde", 40, false))
                .feedbackKind());
        assertEquals(FeedbackKind.COMPLAINT, only(mention("Lumora Kamera funktioniert nicht, seit Tagen keine Antwort", 40, false))
                .feedbackKind());
        assertEquals(FeedbackKind.REQUEST, only(mention("Lumora, podéis añadir modo nocturno a la app", 40, false))
                .feedbackKind());
        assertEquals(FeedbackKind.PRAISE, only(mention("Lumora X2 ottimo acquisto, molto contento", 40, false)).feedbackKind());
    }

    private static String prose(String text) {
        return MentionDocument.prose(text).replaceAll("\\s+", " ").strip();
    }

    @Test
    void punctuationInsideLinksHandlesAndHashtagsIsNotTheWriterAsking() {
        assertEquals("Just read this on the new camera, worth it.", prose("Just read this "
                + "https://lumora.com/blog/x2?utm_source=bsky&utm_medium=social on the new camera, worth it. #lumora @lumoraphones"));
        assertEquals("Seen ? Wow!", prose("Seen bit.ly/3xYz?ref=a? Wow!"), "a sentence's '?' after a link stays");
        assertEquals("Have you tried ?", prose("Have you tried #lumora?"));
        assertEquals("Ok", prose("Ok www.lumora.com/?q=1"));
        // A person sharing the brand's page with a tracked link is an organic share, not a question.
        Classification shared = only(mention("Great write-up on the X2 camera https://lumora.com/blog/x2?utm_source=bsky", 50, false));
        assertEquals(Category.ORGANIC_SHARE, shared.category(), shared.toString());
        Classification asked = only(mention("Does the Lumora X2 camera work at night? https://lumora.com/x2?utm_source=bsky", 50, false));
        assertEquals(Category.FEEDBACK, asked.category(), asked.toString());
    }

    @Test
    void aPostThatOpensWithTheBrandsHandleIsPutToTheBrand() {
        Classification put = only(mention("@lumoraphones add a wider strap to the X2 and I'll buy two", 40, false));
        assertEquals(Category.FEEDBACK, put.category(), put.toString());
        assertEquals(FeedbackKind.REQUEST, put.feedbackKind(), "no other sign of its kind: something asked of the brand");
        assertTrue(put.rules().contains("feedback.addressed"), put.rules().toString());
        Classification reply = only(mention(".@sam @lumoraphones the strap on mine is broken after two days", 40, false));
        assertEquals(FeedbackKind.COMPLAINT, reply.feedbackKind(), "a reply's addressees open it; a kind the rules find outranks: "
                + reply);
        assertTrue(reply.rules().contains("feedback.addressed"), reply.rules().toString());

        Classification greeted = only(mention("Hi @lumoraphones, the X2 strap you sent fits, one question on the clasp", 40, false));
        assertTrue(greeted.rules().contains("feedback.addressed"), "a greeting before the handle: " + greeted.rules());
        Classification leaning = only(mention("@lumoraphones the X2 strap you sent worked out, cheers", 40, false));
        assertEquals(FeedbackKind.PRAISE, leaning.feedbackKind(), "no kind reached the threshold; the mild praise leans: "
                + leaning);

        for (String text : List.of("Saw the new X2 on the bus today, looked nice @lumoraphones",
                "@lumoraphones_fan the Lumora X2 on the bus today, looked nice",
                "Hey @sam, did you see what @lumoraphones did with the X2")) {
            Classification named = only(mention(text, 40, false));
            assertFalse(named.rules().contains("feedback.addressed"), "not opened with the brand's own handle: " + named);
        }
        Mention own = new Mention("t:own", "bluesky", Instant.parse("2026-11-20T10:00:00Z"),
                new Mention.Author("@lumoraphones", 90_000, true), "@lumoraphones the X2 ships Friday, thread below", "",
                List.of(), "en", Mention.Engagement.NONE, false);
        assertFalse(only(own).rules().contains("feedback.addressed"), "the brand's own thread is not put to it");
    }

    @Test
    void aDomainHandleNamesTheBrandWhoseDomainItIs() {
        Classification put = only(mention("@lumora.com the strap clasp on my X2 broke on day two", 40, false));
        assertEquals("lumora", put.brand(), "a Bluesky handle that is the brand's domain names it");
        assertTrue(put.rules().contains("feedback.addressed"), "and opening with it puts the post to the brand: " + put.rules());
        assertEquals(FeedbackKind.COMPLAINT, put.feedbackKind(), put.toString());
        assertTrue(classifier.classify(mention("@lumora.comics drew the X2 for their strip", 40, false)).isEmpty(),
                "another account whose handle only begins with the domain");
        Brand lumora = classifier.brands().brand("lumora");
        for (String handle : lumora.handleForms()) {
            assertTrue(lumora.hasHandle(handle) && lumora.hasHandle(handle.toUpperCase(java.util.Locale.ROOT)), handle);
        }
        assertEquals(List.of("@lumoraphones", "@lumora.com"), lumora.handleForms());
        assertTrue(lumora.listsHandle("@LumoraPhones"), "a listed handle, any case");
        assertFalse(lumora.listsHandle("@lumora.com"), "its domain read as a handle is not listed in its entry");
        for (String other : java.util.Arrays.asList("@lumora.co", "lumora.com", "@lumora.com.au", "@", "", null)) {
            assertFalse(lumora.hasHandle(other), String.valueOf(other));
        }
        Classification via = only(mention("great write-up on the X2 night mode via @lumora.com", 40, false));
        assertEquals(Category.ORGANIC_SHARE, via.category(), "credited via its domain handle: " + via);
    }

    @Test
    void aBrandNameWrittenOntoAnotherWordIsStillFound() {
        for (String text : List.of("Neue Lumora-Filiale am Hauptbahnhof eröffnet", "Lumora'yı herkese tavsiye ederim",
                "大阪で初めてLumoraを使ってみた", "Lumora의 새 카메라 좋아요")) {
            List<Classification> found = classifier.classify(mention(text, 40, false));
            assertEquals(List.of("lumora"), found.stream().map(Classification::brand).toList(), text);
        }
        assertEquals(List.of("lumora"), classifier.classify(mention("詳しくは https://t.co/AbC123。Lumoraを使ってみた", 40, false))
                .stream().map(Classification::brand).toList(), "Japanese runs on after a link with no space");
        for (String text : List.of("read https://news.example/why--lumora-lost today",
                "https://next.gazeta.pl/next/7,151003,30123456,lumora-zamyka-sklepy.html",
                "Https://next.gazeta.pl/next/7,151003,30123456,lumora-zamyka-sklepy.html", "#lumora-fans unite")) {
            assertTrue(classifier.classify(mention(text, 40, false)).isEmpty(), text);
        }
    }

    /**
     * Accents written as a letter and a combining mark (decomposed, as some systems type them) read as
     * the composed letter, and a hashtag is matched with its accents folded, as the text is: a brand
     * written "Citroën" or "#café" is found however the post writes it.
     */
    @Test
    void accentsMatchHoweverTheyAreWritten() throws Exception {
        try (Classifier accented = Classifier.create(BrandCatalog.parse("""
                brands:
                  - id: citroen
                    keywords: [citroen]
                  - id: nestle
                    keywords: [nestlé]
                  - id: cafe
                    hashtags: ["#café"]
                """, "brands.yaml"), RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            assertEquals(List.of("citroen"), brandsOf(accented, "my citroe\u0308n broke down"), "decomposed");
            assertEquals(List.of("nestle"), brandsOf(accented, "Nestle\u0301 coffee again"), "decomposed");
            assertEquals(List.of("citroen"), brandsOf(accented, "my #citroën broke down"), "a hashtag with its accent");
            assertEquals(List.of("citroen"), brandsOf(accented, "my #citroe\u0308n broke down"), "a decomposed hashtag");
            assertEquals(List.of("cafe"), brandsOf(accented, "morning at #cafe"), "the brand's hashtag folded");
            assertEquals(List.of("cafe"), brandsOf(accented, "morning at #café"));
            assertEquals(List.of(), brandsOf(accented, "morning at #cafeteria"));
        }
    }

    /**
     * A post naming two tracked brands is judged a complaint, or praise, of the brand each clause is
     * about: before, the whole post's feedback went to both ("Lumora is great. Vantor is awful." was a
     * complaint of Lumora too).
     */
    @Test
    void eachBrandOfAPostIsJudgedOnTheClausesAboutIt() throws Exception {
        try (Classifier two = lumoraAndVantor()) {
            Map<String, Classification> byBrand = new java.util.HashMap<>();
            two.classify(mention("I love my Lumora, but Vantor support is useless", 40, false)).forEach(p -> byBrand.put(p.brand(), p));
            assertEquals(FeedbackKind.PRAISE, byBrand.get("lumora").feedbackKind(), byBrand.get("lumora").rules().toString());
            assertEquals(Sentiment.Label.POSITIVE, byBrand.get("lumora").sentiment().label());
            assertEquals(FeedbackKind.COMPLAINT, byBrand.get("vantor").feedbackKind());
            two.classify(mention("Lumora support is useless, but I love my Vantor", 40, false)).forEach(p -> byBrand.put(p.brand(), p));
            assertEquals(FeedbackKind.COMPLAINT, byBrand.get("lumora").feedbackKind());
            assertEquals(FeedbackKind.PRAISE, byBrand.get("vantor").feedbackKind());
            two.classify(mention("Lumora is great. Vantor is awful, the screen died in a week.", 40, false))
                    .forEach(p -> byBrand.put(p.brand(), p));
            assertFalse(byBrand.get("lumora").feedbackKind() == FeedbackKind.COMPLAINT, byBrand.get("lumora").rules().toString());
            assertEquals(FeedbackKind.COMPLAINT, byBrand.get("vantor").feedbackKind());
            // In a batch as alone.
            Mention batched = mention("I love my Lumora, but Vantor support is useless", 40, false);
            assertEquals(two.classify(batched), two.classifyAll(List.of(batched)).get(0));
            // What the whole post is besides feedback stands: a disclosed ad stays an ad, its feedback the brand's own.
            two.classify(mention("#ad I love my new Lumora earbuds, but Vantor support is useless", 40, false))
                    .forEach(p -> byBrand.put(p.brand(), p));
            assertEquals(Category.PAID, byBrand.get("lumora").category());
            assertEquals(FeedbackKind.PRAISE, byBrand.get("lumora").feedbackKind(), byBrand.get("lumora").rules().toString());
            // A reply stays a reply on the clauses about the brand: put to someone else, a question is no feedback,
            // as it is in the same post naming Lumora alone.
            two.classify(mention("@dave Vantor is a joke. Is Lumora any good?", 40, false)).forEach(p -> byBrand.put(p.brand(), p));
            assertEquals(two.classify(mention("@dave Is Lumora any good?", 40, false)).get(0).category(),
                    byBrand.get("lumora").category(), byBrand.get("lumora").rules().toString());
            assertFalse(byBrand.get("lumora").tags().contains(Category.FEEDBACK), byBrand.get("lumora").rules().toString());
            // A clause that names both is about both: what it says stays with each.
            two.classify(mention("Lumora and Vantor both lost my order", 40, false)).forEach(p -> byBrand.put(p.brand(), p));
            assertEquals(FeedbackKind.COMPLAINT, byBrand.get("lumora").feedbackKind());
            assertEquals(FeedbackKind.COMPLAINT, byBrand.get("vantor").feedbackKind());
        }
    }

    /**
     * In a post comparing two tracked brands, the feedback is the subject's: the brand measured
     * against, or moved to, does not get the complaint or praise the comparison makes. Before, both
     * brands of one clause got it.
     */
    @Test
    void aComparisonsFeedbackIsItsSubjects() throws Exception {
        try (Classifier two = lumoraAndVantor()) {
            Map<String, Classification> byBrand = new java.util.HashMap<>();
            two.classify(mention("Switched from Vantor to Lumora because Vantor charged me twice and support never answered",
                    40, false)).forEach(p -> byBrand.put(p.brand(), p));
            assertEquals(FeedbackKind.COMPLAINT, byBrand.get("vantor").feedbackKind(), byBrand.get("vantor").rules().toString());
            assertEquals(Sentiment.Label.NEGATIVE, byBrand.get("vantor").sentiment().label());
            assertFalse(byBrand.get("lumora").tags().contains(Category.FEEDBACK), byBrand.get("lumora").rules().toString());
            two.classify(mention("Lumora support is so much better than Vantor's. Thank you Lumora for fixing my order so fast!",
                    40, false)).forEach(p -> byBrand.put(p.brand(), p));
            assertEquals(FeedbackKind.PRAISE, byBrand.get("lumora").feedbackKind(), byBrand.get("lumora").rules().toString());
            assertFalse(byBrand.get("vantor").tags().contains(Category.FEEDBACK), byBrand.get("vantor").rules().toString());
            assertEquals(Sentiment.Label.NEGATIVE, byBrand.get("vantor").sentiment().label());
        }
    }

    /** A classifier of the default rules tracking Lumora and Vantor by their names alone. */
    private static Classifier lumoraAndVantor() throws Exception {
        return Classifier.create(BrandCatalog.parse("""
                brands:
                  - id: lumora
                    keywords: [lumora]
                  - id: vantor
                    keywords: [vantor]
                """, "brands.yaml"), RulePack.defaults(), ClassifierSettings.DEFAULT);
    }

    @Test
    void aBrandNamedInChineseJapaneseOrKoreanIsFoundInsideARunOfText() throws Exception {
        try (Classifier asian = Classifier.create(BrandCatalog.parse("""
                brands:
                  - id: xiaomi
                    keywords: ["Xiaomi", "小米"]
                  - id: samsung
                    keywords: ["Samsung", "삼성"]
                  - id: sony
                    keywords: ["ソニー"]
                """, "brands.yaml"), RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            assertEquals(List.of("xiaomi"), brandsOf(asian, "我刚买了小米手机，电池很差"));
            assertEquals(List.of("samsung"), brandsOf(asian, "삼성은 서비스가 최고예요"));
            assertEquals(List.of("sony"), brandsOf(asian, "ソニーストアで新しいカメラを買った"));
            assertEquals(List.of("xiaomi", "samsung"), brandsOf(asian, "小米和삼성的手机"), "in brand-file order");
            assertEquals(List.of(), brandsOf(asian, "小的米和三星"), "not from characters apart");
            assertEquals(List.of("xiaomi"), brandsOf(asian, "#小米手机 真好用"), "in a hashtag that runs on");
        }
        try (Classifier explained = Classifier.indexingEveryTerm(BrandCatalog.parse("""
                brands:
                  - id: xiaomi
                    keywords: ["小米"]
                """, "brands.yaml"), RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            assertEquals(List.of("xiaomi"), brandsOf(explained, "我刚买了小米手机"), "with every term kept as well");
        }
    }

    private static List<String> brandsOf(Classifier classifier, String text) {
        return classifier.classify(mention(text, 40, false)).stream().map(Classification::brand).toList();
    }

    @Test
    void aBrandsDomainWrittenWithoutALinkNamesTheBrand() throws Exception {
        try (Classifier oriva = Classifier.create(BrandCatalog.parse("""
                brands:
                  - id: oriva
                    keywords: ["oriva botanics"]
                    domains: ["orivabotanics.com"]
                """, "brands.yaml"), RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            List<Classification> ordered = oriva.classify(mention("Ho ordinato da orivabotanics.com il 2 novembre", 40, false));
            assertEquals(List.of("oriva"), ordered.stream().map(Classification::brand).toList());
            assertTrue(oriva.classify(mention("orivabotanics is not a word anyone says", 40, false)).isEmpty(),
                    "the domain's first label alone is not the brand's name");
            assertTrue(oriva.classify(mention("see google.com/search?q=orivabotanics.com", 40, false)).isEmpty(),
                    "in a path, not written as a name");
            String read = "Their piece on cold-pressing rosehip oil is a great read ";
            Classification linked = oriva.classify(mention(read + "https://orivabotanics.com/blog/rosehip", 900, false,
                    "https://orivabotanics.com/blog/rosehip")).get(0);
            Classification bare = oriva.classify(mention(read + "on orivabotanics.com", 900, false)).get(0);
            assertEquals(Category.ORGANIC_SHARE, linked.category(), linked.rules().toString());
            assertFalse(bare.rules().contains("share.brand-link"), "a domain written as a name is no link: " + bare.rules());
        }
    }

    @Test
    void aRuleOnPartsReadsItsValueAccentFoldedAsThePiecesAre() throws Exception {
        RulePack pack = RulePack.parse("""
                extends: none
                rules:
                  - id: cafe-branch
                    category: OTHER
                    query: 'parts:Café'
                """, "mine.yaml", RulePack.defaults());
        try (Classifier custom = Classifier.create(BrandCatalog.empty(), pack, ClassifierSettings.DEFAULT)) {
            assertEquals(List.of("cafe-branch"), custom.classify(mention("Neue Café-Filiale am Markt", 40, false)).get(0).rules());
            assertEquals(List.of(), custom.classify(mention("Ein Café am Markt", 40, false)).get(0).rules(),
                    "a word on its own is in text, not in parts");
        }
    }

    @Test
    void aRuleOnUnspacedFindsItsTermInsideARun() throws Exception {
        RulePack pack = RulePack.parse("""
                extends: none
                rules:
                  - id: broken-zh
                    category: FEEDBACK
                    kind: COMPLAINT
                    query: 'unspaced:坏了'
                """, "mine.yaml", RulePack.defaults());
        try (Classifier custom = Classifier.create(BrandCatalog.empty(), pack, ClassifierSettings.DEFAULT)) {
            assertEquals(List.of("broken-zh"), custom.classify(mention("我的手机坏了三次", 40, false)).get(0).rules());
            assertEquals(List.of(), custom.classify(mention("我的手机很好", 40, false)).get(0).rules());
        }
    }

    @Test
    void aPostThatOpensSpeakingToTheBrandByNameIsPutToTheBrand() {
        Classification asked = only(mention("Lumora can I still swap the X2 strap in store or only online", 40, false));
        assertTrue(asked.rules().contains("feedback.addressed"), asked.rules().toString());
        assertEquals(Category.FEEDBACK, asked.category(), asked.toString());
        assertEquals(FeedbackKind.QUESTION, asked.feedbackKind(), "asked without its mark: " + asked);
        Classification appeal = only(mention("  LUMORA, if you're reading this: bigger batteries. That's it. That's the post.", 40, false));
        assertTrue(appeal.rules().contains("feedback.addressed"), appeal.rules().toString());
        assertEquals(Category.FEEDBACK, appeal.category(), appeal.toString());
        Classification greeted = only(mention("Hi Lumora, I'd like to know if the X2 strap comes in blue", 40, false));
        assertTrue(greeted.rules().contains("feedback.addressed"), "greeted by name: " + greeted.rules());
        assertEquals(Category.FEEDBACK, greeted.category(), greeted.toString());
        Classification dashed = only(mention("Hi Lumora \u2013 my X2 strap came loose twice this week", 40, false));
        assertTrue(dashed.rules().contains("feedback.addressed"), "greeted and set apart by a dash: " + dashed.rules());

        // Greetings are whole words, and a brand whose name opens with one is tried as named.
        for (String text : List.of("Hiking up", "Dearborn news", "Yolo", "Yoga class", "Hellooo everyone")) {
            assertEquals(0, MentionDocument.greetingEnd(text, 0), text);
        }
        assertEquals(3, MentionDocument.greetingEnd("Hi, Lumora", 0));
        Brand hello = new Brand("hellofresh", "Hello Fresh", List.of("hello fresh"), List.of(), List.of(), List.of());
        assertTrue(new MentionDocument(mention("Hello Fresh can I skip a week while I'm away", 40, false), 10_000,
                Vocabulary.EVERYTHING).opensSpeakingTo(hello));
        assertFalse(new MentionDocument(mention("Hello Fresh is the latest meal kit to raise prices", 40, false), 10_000,
                Vocabulary.EVERYTHING).opensSpeakingTo(hello));

        for (String text : List.of("Lumora, the phone maker, said on Tuesday it would close two plants",
                "Lumora pleased investors with its third quarter",
                "The Lumora X2 can I say is the best looking phone of the year",
                "Why Lumora can I not stop thinking about",
                "Hey Lumora fans, the X2 is half price at the corner shop",
                "Lumora is the latest firm to cut jobs in the region",
                "Lumora has the best camera of the year, says the review",
                "Lumora: why the X3 matters",
                "Lumora: when will the X3 launch? Everything we know")) {
            Classification named = only(mention(text, 40, false));
            assertFalse(named.rules().contains("feedback.addressed"), "the name is not spoken to: " + named);
        }
    }

    @Test
    void anExcludedPhraseKeepsAKeywordFromNamingTheBrandButNotAHandle() throws Exception {
        BrandCatalog brands = BrandCatalog.parse("""
                brands:
                  - id: apple
                    keywords: [apple]
                    handles: ["@apple"]
                    exclude: [apple pie, apple juice]
                  - id: xiaomi
                    keywords: [小米]
                    exclude: [小米粥]
                """, "b.yaml");
        try (Classifier c = Classifier.create(brands, RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            List<Mention> mentions = List.of(
                    mention("baking an Apple pie for the weekend", 40, false),
                    mention("two Apple Juice boxes and a coffee please", 40, false),
                    mention("my Apple watch died again", 40, false),
                    mention("@apple pie emoji when", 40, false),
                    mention("今天早上吃了小米粥", 40, false),
                    mention("我刚买了小米手机", 40, false));
            List<String> expected = List.of("", "", "apple", "apple", "", "xiaomi");
            List<List<Classification>> batched = c.classifyAll(mentions);
            for (int i = 0; i < mentions.size(); i++) {
                List<Classification> one = c.classify(mentions.get(i));
                assertEquals(expected.get(i), String.join(",", one.stream().map(Classification::brand).toList()),
                        mentions.get(i).text());
                assertEquals(one, batched.get(i), "in a batch as alone: " + mentions.get(i).text());
            }
        }
        // Without exclusions, the same posts name the brands.
        try (Classifier c = Classifier.create(BrandCatalog.parse("""
                brands:
                  - id: apple
                    keywords: [apple]
                  - id: xiaomi
                    keywords: [小米]
                """, "b.yaml"), RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            assertEquals("apple", c.classify(mention("baking an Apple pie for the weekend", 40, false)).get(0).brand());
            assertEquals("xiaomi", c.classify(mention("今天早上吃了小米粥", 40, false)).get(0).brand());
        }
    }

    @Test
    void aBrandThatTakesMisspellingsIsFoundByASlipOfTyping() throws Exception {
        String brandFile = """
                brands:
                  - id: pottlebury
                    keywords: [Pottlebury, potlebury]
                    exclude: [pottlebury lane]
                    misspellings: %s
                  - id: lumora
                    keywords: [lumora, acme]
                    misspellings: true
                  - id: pottlbury-farm
                    keywords: [pottlbury]
                """;
        List<Mention> mentions = List.of(
                mention("going to pottelbury for a scone and a look at the fish", 40, false), // two letters swapped
                mention("the potlebury scones are back", 40, false),                              // a keyword as given
                mention("potlbury garden centre has the bird food again", 40, false),             // a letter left out
                mention("pottelbury? no, the pottlebury lane branch", 40, false),                  // an exclusion holds
                mention("my new lumra phone", 40, false),                                          // six letters
                mention("acm conference talk", 40, false),                                         // four: too short
                mention("the pottleburry scones", 40, false),                                      // a letter added: not a slip taken
                mention("pottlbury farm shop", 40, false),                                         // another brand's name, not a slip
                mention("the pottelbury lane branch is shut", 40, false));                         // an exclusion, misspelt too
        try (Classifier c = Classifier.create(BrandCatalog.parse(brandFile.formatted("true"), "b.yaml"), RulePack.defaults(),
                ClassifierSettings.DEFAULT)) {
            List<String> expected = List.of("pottlebury", "pottlebury", "pottlebury", "", "lumora", "", "", "pottlbury-farm", "");
            List<List<Classification>> batched = c.classifyAll(mentions);
            for (int i = 0; i < mentions.size(); i++) {
                List<Classification> one = c.classify(mentions.get(i));
                assertEquals(expected.get(i), String.join(",", one.stream().map(Classification::brand).toList()), mentions.get(i).text());
                assertEquals(one, batched.get(i), "in a batch as alone: " + mentions.get(i).text());
            }
        }
        try (Classifier c = Classifier.create(BrandCatalog.parse(brandFile.formatted("false"), "b.yaml"), RulePack.defaults(),
                ClassifierSettings.DEFAULT)) {
            assertEquals(List.of(), c.classify(mentions.get(0)), "not taken unless the brand asks for them");
            assertEquals("pottlebury", c.classify(mentions.get(1)).get(0).brand());
        }
    }

    @Test
    void aVideoNobodyPaidForIsNoAd() {
        assertEquals(Category.INFLUENCER, only(mention("Three weeks with the Lumora X3: battery, camera, the lot. Nobody paid for"
                + " this video, I bought it myself.", 48_000, false)).category());
        assertEquals(Category.PAID, only(mention("Three weeks with the Lumora X3. Lumora paid for this video.", 48_000, false))
                .category());
    }

    @Test
    void japaneseKoreanAndChineseDisclosureTagsMarkAnAd() {
        for (String text : List.of("Lumoraさんから新しいスマホをいただきました📱 カメラが本当にきれい #PR #提供 #lumora",
                "루모라 새 폰 써봤어요 카메라 최고 #광고 #lumora", "Lumora新手机开箱 #广告")) {
            assertEquals(Category.PAID, only(mention(text, 3_000, false)).category(), text);
        }
    }

    @Test
    void aQuestionPutToTheAuthorsFollowersIsNotFeedback() {
        for (String text : List.of("Lumora or Pixelon for a first phone? which one do you actually trust, rt for reach",
                "is Lumora worth it or is a refurb fine? what do you all use")) {
            assertEquals(Category.OTHER, only(mention(text, 300, false)).category(), text);
        }
        // Put to the brand, the same question is feedback.
        assertEquals(Category.FEEDBACK, only(mention("@lumoraphones which one do you recommend for a kid, the X2 or the mini?", 300,
                false)).category());
    }

    @Test
    void trackingThatDoesNotMoveLongQueuesAndRepeatsAreComplaints() {
        assertComplaints(true, "Lumora order 88213, tracking hasn't moved in six days",
                "Lumora pushed an update and now my alarm is gone. cool cool cool",
                "Lumora store on King St: 40 minute queue, one person on the desk, and I only need a SIM",
                "the Lumora X3 app has logged me out every morning for the third week running");
    }

    @Test
    void aBrandThatSponsoredThePostMakesItThatBrandsAd() {
        List<Classification> pairs = classifier.classify(mention("My gift guide is live: the Vantor One is #1 (#ad, Vantor sponsored"
                + " this section). Also linking the Lumora guide to cases because I just like it: https://lumora.com/guides/cases",
                15_000, false));
        assertEquals(List.of(Category.INFLUENCER, Category.PAID), pairs.stream().map(Classification::category).toList(),
                pairs.toString());
    }

    @Test
    void aFeatureAskedForIsARequestNotAComplaint() {
        assertKind(FeedbackKind.REQUEST, 300, "@lumoraphones pls add a one-handed mode 😭😭 would use it every single day",
                "@lumoraphones bring back the headphone jack 😤 please");
        assertComplaints(true, "@lumoraphones screen cracked on day two, support useless 😤");
    }

    @Test
    void aMishapTheWriterOwnsIsNoComplaint() {
        assertComplaints(false, "sent my Lumora repair to my old address, my fault not theirs lol",
                "I forgot my Lumora pin and had to wait an hour, anyway how's your week");
        assertComplaints(true, "@lumoraphones the repair went to my old address even though I updated it twice");
    }

    @Test
    void aSponsorSetApartAsALabelOfThePostMakesItAnAd() {
        assertEquals(Category.PAID, only(mention("Battery tips in 5 minutes | Sponsored by Lumora. They never saw the script.",
                48_000, false)).category());
        // Somebody else's event, credited in the middle of a sentence, is not the author's ad.
        assertEquals(Category.INFLUENCER, only(mention("ran the city marathon sponsored by Lumora today, legs are gone",
                48_000, false)).category());
    }

    @Test
    void aPageTitleCreditedToTheBrandAsItsSiteIsAShare() {
        assertEquals(Category.ORGANIC_SHARE, only(mention("'Five camera settings nobody uses' — Lumora https://bit.ly/3xYzAb", 300,
                false, "https://bit.ly/3xYzAb")).category());
        assertEquals(Category.OTHER, only(mention("the camera shootout is up — Lumora fans will not like it https://bit.ly/3xYzAb",
                300, false, "https://bit.ly/3xYzAb")).category(), "the name opens a sentence, not the site after a title");
    }

    @Test
    void aQuestionInShorthandIsAQuestion() {
        Classification c = only(mention("Lumora do u do screen repairs on a saturday. need one before monday", 60, false));
        assertEquals(FeedbackKind.QUESTION, c.feedbackKind(), c.rules().toString());
    }

    @Test
    void aDenialOfPaymentIsSaidOfTheBrandNamedNearestIt() {
        for (String text : List.of("#ad for @lumoraphones, the new X3 camera is unreal. (the case is from Vantor, not an ad, I just love it)",
                "X3 camera test #ad @lumoraphones. also unrelated but vantor is the only charger I trust (NOT sponsored, I just like it)",
                "Lumora X3 (gifted, #ad) in a case from @vantor, which I paid for myself")) {
            Map<String, Category> categories = new java.util.HashMap<>();
            classifier.classify(mention(text, 20_000, false)).forEach(p -> categories.put(p.brand(), p.category()));
            assertEquals(Map.of("lumora", Category.PAID, "vantor", Category.INFLUENCER), categories, text);
        }
        // Of one brand, a denial cancels the disclosure as before.
        assertEquals(Category.INFLUENCER, only(mention("#ad? no, not sponsored, I just love my Lumora", 20_000, false)).category());
    }

    @Test
    void praiseInTurkishSwedishAndGermanIsPraise() {
        assertKind(FeedbackKind.PRAISE, 60, "Lumora servisi çok hızlıydı, herkese tavsiye ederim 👍",
                "Lumora bytte skärmen på en timme, rekommenderar", "Lumora hat mein Display in einer Stunde getauscht. So muss das sein.");
    }

    @Test
    void aQuestionPutToTheBrandsPeopleIsPutToTheBrand() {
        assertKind(FeedbackKind.QUESTION, 60, "Question for Lumora support: does the warranty cover a refurbished X2?",
                "Does anyone from Lumora read this sub? Can a preorder be moved to another address?");
        assertEquals(Category.OTHER, only(mention("Does anyone know if the Lumora X2 takes a SIM from abroad?", 60, false)).category(),
                "a question put to the crowd stays theirs");
    }

    @Test
    void aGiftFromTheBrandIsPaidContent() {
        for (String text : List.of("Lumora gifted me the X3 for this review, here is what a month with it is like",
                "the whole setup was gifted by @lumoraphones, camera samples below")) {
            assertEquals(Category.PAID, only(mention(text, 40_000, false)).category(), text);
        }
        assertEquals(Category.INFLUENCER, only(mention("my sister gifted me a Lumora X3 for my birthday, camera samples below",
                40_000, false)).category(), "a gift from someone else");
    }

    @Test
    void aStatementClosedWithTwoQuestionMarksIsSurpriseNotAQuestion() {
        Classification surprised = only(mention("the Lumora shop remembered my name AND my usual case colour?? 10/10", 300,
                false));
        assertEquals(FeedbackKind.PRAISE, surprised.feedbackKind(), surprised.rules().toString());
        assertKind(FeedbackKind.QUESTION, 300, "Does Lumora ship the X3 to Canada?? the site only shows US addresses",
                "@lumoraphones will the X3 mini come in blue??");
        assertTrue(MentionDocument.incredulous("my order arrived in an hour??"));
        assertFalse(MentionDocument.incredulous("where is my order??"));
        assertFalse(MentionDocument.incredulous("great. why is it broken already??? and who do I call"));
    }

    /** What a review of this session's rules found them taking too widely; each held before it was mended. */
    @Test
    void theNewRulesKeepToWhatTheySay() {
        for (Classification c : classifier.classify(mention("#ad? no, not sponsored, just love my @lumoraphones earbuds and"
                + " @vantor case", 20_000, false))) {
            assertFalse(c.category() == Category.PAID, "a denial opening its sentence is said of every brand after it: " + c);
        }
        assertComplaints(false, "Had a great time running the Lumora 10k!", "Only a 5 minute wait at the Lumora store, brilliant");
        assertFalse(only(mention("Ran the city 10k today — sponsored by Lumora", 48_000, false)).category() == Category.PAID,
                "a dash in prose is no label mark");
        assertFalse(only(mention("Not gifted by @lumoraphones, I saved up for it!", 48_000, false)).category() == Category.PAID);
        assertFalse(only(mention("my Lumora X3, gifted by @lumoraphonesfan", 48_000, false)).rules().contains("paid.brand-gifted"),
                "another account whose handle starts with the brand's");
        assertFalse(only(mention("Question for Lumora owners: does the X3 case fit the X2?", 60, false)).rules()
                .contains("feedback.addressed"), "put to its customers, not to the brand");
        assertFalse(MentionDocument.incredulous("Doesn't Lumora ship to Canada??"));
        assertFalse(MentionDocument.incredulous("So does Lumora ship to Canada??"));
        assertFalse(only(mention("https://t.co/pic two hours for cold food. Never again - Lumora", 300, false, "https://t.co/pic"))
                .category() == Category.ORGANIC_SHARE, "a name signing off a post is no page's site");
    }

    @Test
    void aProblemBackDayAfterDayIsAComplaint() {
        assertComplaints(true, "third day in a row my Lumora order is late", "Lumora Paket kam Dienstag statt Montag, kein"
                + " Kühlakku. Dritte Woche in Folge.");
        assertComplaints(true, "Lumora X3 hotspot dies every 20 minutes", "my Lumora earbuds: the left one cuts out on every call");
        assertComplaints(false, "the Lumora ANC cuts out the tube noise completely, love them",
                "New Lumora flagship drops every September, so I'm holding out for the X4");
        assertComplaints(true, "Lumora Box kam lauwarm an. Alles weggeschmissen.");
        assertComplaints(false, "Bei Lumora wird nichts weggeworfen: altes Display recycelt, 30 € Gutschrift 👏");
        assertComplaints(false, "second week in a row at the Lumora store buying gifts for everyone, what a lovely team");
    }

    @Test
    void askingWhetherTheBrandCouldDoSomethingIsARequest() {
        assertKind(FeedbackKind.REQUEST, 300, "@lumoraphones any chance you could add the battery % to the widget? opening the app gets old",
                "@lumoraphones love the X3 but any chance of a smaller case for the mini?");
        assertEquals(Category.OTHER, only(mention("Anyone had luck with Black Friday deals? Any chance of the Lumora X3 going"
                + " under £500?", 300, false)).category(), "asked of the crowd");
    }

    @Test
    void askingTheBrandPleaseFirstIsARequestWhateverWentWrong() {
        // The trouble after "please" is the reason for the request: with it first, a complaint.
        assertKind(FeedbackKind.REQUEST, 300,
                "@lumoraphones please refund order LM-88213, the charger stopped at 4% and billed me twice",
                "@lumoraphones pls pause my plan for December, I'm travelling and can't find a pause option in the app",
                "@lumoraphones pleeease let us hide our profile from people at work, matched with my manager this morning");
        assertKind(FeedbackKind.COMPLAINT, 300,
                "@lumoraphones the charger stopped at 4% and billed me twice, please refund order LM-88213");
        // Asking why, it complains; and put to someone else, the trouble is the point.
        assertKind(FeedbackKind.COMPLAINT, 300, "@lumoraphones please explain why my bill doubled this month?");
        assertEquals(FeedbackKind.COMPLAINT, only(mention("@jo please don't buy from @lumoraphones, they lost my order twice and"
                + " never refunded", 300, false)).feedbackKind());
        // The brand's name after "please" does not put the post to it as its handle does: the trouble stays the point.
        assertEquals(FeedbackKind.COMPLAINT, only(mention("Please, Lumora, the charger stopped at 4% and billed me twice. broken"
                + " again", 300, false)).feedbackKind());
        assertTrue(MentionDocument.opensWithPlease("@a, @b: PLZ fix it"));
        assertTrue(MentionDocument.opensWithPlease("@a plss help"));
        assertTrue(!MentionDocument.opensWithPlease("@a pleasant surprise"), "a word that only begins like it");
        assertTrue(!MentionDocument.opensWithPlease("@a thanks, please keep it up"), "not where the post opens");
        assertTrue(!MentionDocument.opensWithPlease("@a please. just stop. third outage this week"), "exasperated");
        assertTrue(!MentionDocument.opensWithPlease("@a please 🙄"), "exasperated");
        assertTrue(!MentionDocument.opensWithPlease("@a please"), "a reply saying yes");
        assertTrue(MentionDocument.opensWithPlease("@a please, can someone call me back"));
    }

    @Test
    void askingTheBrandFirstIsAQuestionOrARequestWhateverWentWrong() {
        assertKind(FeedbackKind.QUESTION, 300,
                "@lumoraphones do you deliver to the campus dorms? the app keeps saying outside delivery area");
        assertKind(FeedbackKind.REQUEST, 300, "@lumoraphones can you resend my receipt? the email never arrived");
        // "ever" asks plainly here, and "why" inside a link or a hashtag is not the writer asking why.
        assertKind(FeedbackKind.QUESTION, 300, "@lumoraphones do you ever restock the blue X3 case? sold out every time I look",
                "@lumoraphones do you deliver to the dorms? the app keeps saying outside delivery area https://lumora.com/why-us");
        // Asking why, rhetorically, or exclaiming, it complains; and opening on someone else, the trouble is the point.
        assertKind(FeedbackKind.COMPLAINT, 300, "@lumoraphones why does my X3 keep dropping calls? third time today",
                "@lumoraphones why is there no signal in Leeds", "@lumoraphones what a shambles tonight",
                "@lumoraphones is it just me or is your app broken again", "@lumoraphones will you ever fix the login? broken again",
                "@lumoraphones do you even have customer service anymore? the app is broken");
        assertEquals(FeedbackKind.COMPLAINT, only(mention("@jo does your @lumoraphones X3 keep dropping calls too? mine is broken"
                + " again", 300, false)).feedbackKind());
        // The rules read that it asks plainly; a trained model does not (as its feature, it lowered both
        // cross-validations: MentionDocument.ruleShape).
        Mention asks = mention("@lumoraphones do you deliver to the campus dorms? the app keeps saying outside delivery area", 300, false);
        assertTrue(only(asks).rules().contains("feedback.not-a-complaint.question-opening"), only(asks).toString());
        java.util.Set<String> features = classifier.features(asks).get("lumora");
        assertTrue(features.contains("shape:opens-asking") && !features.contains("shape:asks-plainly"), features.toString());
    }

    @Test
    void aQuestionToOtherCustomersIsTheirs() {
        assertEquals(Category.OTHER, only(mention("anyone been to the new Lumora store in Leeds? worth the trip?", 60, false))
                .category());
        assertEquals(Category.OTHER, only(mention("Got quotes for a Lumora X3 and an older flagship. Anyone had one for a year or"
                + " two? How's the battery holding up?", 60, false)).category());
        for (Classification c : classifier.classify(mention("Subscription audit: Lumora plan £30, Vantor cloud £3. Partner says cut"
                + " the phone plan, I say cut the cloud. Who's right?", 60, false))) {
            assertEquals(Category.OTHER, c.category(), c.toString());
        }
        Classification toTheBrand = only(mention("@lumoraphones has anyone had the X3 battery swapped in store? how long does it take?",
                60, false));
        assertEquals(FeedbackKind.QUESTION, toTheBrand.feedbackKind(), "put to the brand it stays the brand's: " + toTheBrand.rules());
    }

    @Test
    void indonesianDisclosuresAndCollaborationsWithTheBrandArePaid() {
        assertEquals(Category.PAID, only(mention("#iklan Akhirnya nyobain Lumora X3, kameranya mantap banget buat malam", 41_000, false))
                .category());
        assertEquals(Category.PAID, only(mention("in collaboration with @lumoraphones ✈️ day 4 in Lisbon and the X3 night mode is"
                + " carrying this whole trip", 92_000, false)).category());
        assertEquals(Category.INFLUENCER, only(mention("the city light festival, in collaboration with the council, had Lumora"
                + " screens everywhere", 92_000, false)).category(), "a collaboration of somebody else's event");
        assertEquals(Category.INFLUENCER, only(mention("This year's hackathon is in collaboration with @lumoraphones, sign-ups"
                + " open Friday!", 92_000, false)).category(), "an event's partner, not the post's");
    }

    @Test
    void aPartnerTagBesideTheBrandsHandleAndDisclosuresInOtherLanguagesArePaid() {
        for (String text : List.of("finals week survival kit 📚 my X3 lasts three lectures and a library night #partner @lumoraphones,"
                        + " code STUDY10 for students",
                "In samenwerking met @lumoraphones 📱 de X3 camera in het donker, link in bio",
                "#sponsorisé Avec @lumoraphones, le X3 m'a sauvé la soirée 😍")) {
            assertEquals(Category.PAID, only(mention(text, 12_400, false)).category(), text);
        }
        assertEquals(Category.INFLUENCER, only(mention("finals week survival kit 📚 my Lumora X3 lasts three lectures #partner"
                + " #studytok", 12_400, false)).category(), "a partner tag with no handle of the brand is not enough");
        assertEquals(Category.INFLUENCER, only(mention("Het festival was in samenwerking met de gemeente, overal Lumora schermen",
                12_400, false)).category(), "somebody else's event");
        assertEquals(Category.INFLUENCER, only(mention("In samenwerking met de bibliotheek: gratis Lumora-workshop voor 65+ 📱",
                12_400, false)).category(), "the library's event: the brand is not named in the phrase's clause");
        for (String text : List.of("new 10k #PR 🏃‍♀️ 48:12, tracked on my @lumoraphones X3 the whole way",
                "@lumoraphones how do I become an #ambassador? owned every model since the X1",
                "drew the X4 in lavender for fun 🎨 @lumoraphones let's #collab? 👀")) {
            assertFalse(only(mention(text, 12_400, false)).category() == Category.PAID, text);
        }
    }

    @Test
    void complaintsAndCrowdQuestionsInMoreWords() {
        assertComplaints(true, "Mi Lumora X3 se apaga sola. Ya actualicé todo y nada. Tres semanas y ya estoy arrepentido.",
                "@lumoraphones 3 semaines que j'attends le remboursement. C'est une blague ?",
                "@lumoraphones al twee weken wacht ik op mijn telefoon. Niemand neemt op in de winkel.");
        assertEquals(Category.OTHER, only(mention("anyone used Lumora for a screen swap? worth it or just go to the mall kiosk",
                60, false)).category());
        assertComplaints(false, "Me pasé al Lumora X4 hace un mes y cero arrepentido 🙌",
                "Arrepentida de no haberme cambiado antes a Lumora",
                "Nieuwe Lumora X4 binnen, meteen iedereen gebeld… niemand neemt op 😂");
        Classification asks = only(mention("@lumoraphones le X4 pliable, c'est une blague ou c'est vrai ?", 60, false));
        assertEquals(FeedbackKind.QUESTION, asks.feedbackKind(), asks.rules().toString());
    }

    @Test
    void praiseRequestsAndComplaintsInTheNinthSetsWords() {
        assertComplaints(false, "four years on my Lumora and it has never let me down");
        assertKind(FeedbackKind.PRAISE, 300, "Makasih banyak @lumoraphones! Layarnya diganti cuma 30 menit 🥹",
                "Props to the Lumora store in Leeds for sorting my screen the same afternoon");
        assertComplaints(true, "Lumora hat die Preise schon wieder erhöht. Danke für nichts.",
                "my Lumora repair: 52 minutes and counting. why", "@lumoraphones the network has been down in Leeds all day");
        assertKind(FeedbackKind.REQUEST, 300, "Dear @lumoraphones: a dark mode for the widget would be lovely.",
                "A dark mode for the Lumora widget would be lovely, some of us read in bed");
        // From a review of these rules: each was first written wider and took these.
        Classification help = only(mention("@lumoraphones min, HP saya mati total habis update, mohon dibantu ya. Makasih", 300, false));
        assertEquals(FeedbackKind.REQUEST, help.feedbackKind(), help.rules().toString());
        assertKind(FeedbackKind.PRAISE, 300, "2 years and counting and I still love my Lumora X3 ❤️",
                "Just been down to the Lumora store in Leeds, new screen in 20 mins 👏",
                "Lumora is recruiting testers for the X5 camera beta, signed up, my X4's camera has been amazing");
        Classification job = only(mention("We're recruiting a Retail Lead on behalf of Lumora (London, hybrid). Love phones? Apply:"
                + " https://recruit.example/jobs/1", 2_100, false, "https://recruit.example/jobs/1"));
        assertEquals(Category.OTHER, job.category(), job.rules().toString());
    }

    @Test
    void hiringAndWorkingThereIsNoFeedback() {
        for (String text : List.of("Lumora is hiring Christmas staff in Glasgow and Leeds! Love phones? Love helping people? Apply"
                        + " through our careers portal by 20 November.",
                "Proud of our repair crew 🙌 400 screens fixed in October, zero mistakes. This is why I love working at Lumora.")) {
            Classification c = only(mention(text, 900, false));
            assertEquals(Category.OTHER, c.category(), text + " " + c.rules());
        }
        assertComplaints(true, "Tried to apply through the Lumora trade-in scheme twice, no reason given for the rejection");
    }

    @Test
    void loveSaidOfWhatWentWrongIsSarcasm() {
        assertComplaints(true, "Love how Lumora charges £30 for a screen protector and the wifi in the store is this slow 🙃");
        assertKind(FeedbackKind.PRAISE, 40, "Love how easy the Lumora X3 setup was, done before my tea",
                "Love how my Lumora X3 still has 30% after a full day of maps and Spotify");
    }

    @Test
    void praiseInPortugueseIsPraise() {
        Classification c = only(mention("Capinha da Lumora chegou hoje, ficou perfeita no X3", 60, false));
        assertEquals(FeedbackKind.PRAISE, c.feedbackKind(), c.rules().toString());
        Classification denied = only(mention("O Lumora X3 não é perfeito, a bateria dura pouco", 60, false));
        assertFalse(denied.feedbackKind() == FeedbackKind.PRAISE, denied.rules().toString());
    }

    @Test
    void noDamageIsNoComplaint() {
        Classification c = only(mention("Huge thanks to the @lumoraphones repair crew, phone back in five hours, not a scratch on it"
                + " and they even cleaned the case", 300, false));
        assertEquals(FeedbackKind.PRAISE, c.feedbackKind(), c.rules().toString());
        assertComplaints(false, "Moved our whole office onto Lumora phones a year ago. Zero incidents since, and the tickets for"
                + " 'hotspot won't connect' went from 40 a week to 2.");
        assertComplaints(true, "Lumora rejected my warranty claim for 'impact damage'. There's not a scratch on the phone.");
    }

    @Test
    void aBrandFoundByASlipOfTypingIsReadAsOneFoundByItsName() throws Exception {
        BrandCatalog brands = BrandCatalog.parse("""
                brands:
                  - id: zenturo
                    keywords: [Zenturo]
                    misspellings: true
                  - id: pottlebury
                    keywords: [Pottlebury]
                    misspellings: true
                  - id: pottlbury-farm
                    keywords: [Pottlbury]
                """, "b.yaml");
        try (Classifier c = Classifier.create(brands, RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            for (String text : List.of("Drove 600 miles on one charge over the weekend. Thanks Zenturo.",
                    "Drove 600 miles on one charge over the weekend. Thanks Zentuor.",
                    "Drove 600 miles on one charge over the weekend. Thanks Zentro.")) {
                Classification thanked = c.classify(mention(text, 40, false)).get(0);
                assertEquals("zenturo", thanked.brand(), text);
                assertTrue(thanked.rules().contains("feedback.praise.thanked"), text + " " + thanked.rules());
                assertEquals(List.of(thanked), c.classifyAll(List.of(mention(text, 40, false))).get(0), "in a batch: " + text);
            }
            // A slip of another brand's name thanks that brand, not this one.
            Classification pottlebury = c.classify(mention("Pottlebury scones again today, thanks Zentuor for the lift", 40, false))
                    .stream().filter(p -> p.brand().equals("pottlebury")).findFirst().orElseThrow();
            assertFalse(pottlebury.rules().contains("feedback.praise.thanked"), pottlebury.rules().toString());
            // A slip that is another brand's name is that brand's: thanking the farm thanks only the farm.
            List<Classification> farm = c.classify(mention("Pottlebury scones again today, thanks Pottlbury for the eggs", 40, false));
            assertEquals(List.of("pottlebury", "pottlbury-farm"), farm.stream().map(Classification::brand).toList());
            assertFalse(farm.get(0).rules().contains("feedback.praise.thanked"), farm.get(0).rules().toString());
            assertTrue(farm.get(1).rules().contains("feedback.praise.thanked"), farm.get(1).rules().toString());
            // Spoken to by its name at the opening: put to the brand as if its name were written out.
            Classification named = c.classify(mention("Zenturo can I change my charging plan mid month", 40, false)).get(0);
            Classification spokenTo = c.classify(mention("Zentuor can I change my charging plan mid month", 40, false)).get(0);
            assertTrue(spokenTo.rules().contains("feedback.addressed"), spokenTo.rules().toString());
            assertEquals(named.rules(), spokenTo.rules());
            assertEquals(named.feedbackKind(), spokenTo.feedbackKind());
            // Each brand's sentiment and feedback are read from the clause that names it, misspelt or not:
            // the complaint's words stay with the brand they are said of, and the love with the other
            // (judged a complaint of both before, the love came out NEUTRAL).
            for (String zenturo : List.of("Zenturo", "Zentuor")) {
                Map<String, Sentiment.Label> toward = new java.util.HashMap<>();
                Map<String, FeedbackKind> kinds = new java.util.HashMap<>();
                c.classify(mention("I love my Pottlebury scones, but " + zenturo + " support is useless and slow.", 40, false))
                        .forEach(p -> {
                            toward.put(p.brand(), p.sentiment().label());
                            kinds.put(p.brand(), p.feedbackKind());
                        });
                assertEquals(Map.of("pottlebury", Sentiment.Label.POSITIVE, "zenturo", Sentiment.Label.NEGATIVE), toward, zenturo);
                assertEquals(FeedbackKind.COMPLAINT, kinds.get("zenturo"), zenturo);
                assertFalse(kinds.get("pottlebury") == FeedbackKind.COMPLAINT, zenturo + ": " + kinds);
            }
        }
    }

    @Test
    void aBrandOfManyLongKeywordsStaysUnderLucenesClauseLimit() throws Exception {
        StringBuilder keywords = new StringBuilder();
        for (int i = 0; i < 80; i++) {
            keywords.append(i == 0 ? "" : ", ").append("longbrandname").append((char) ('a' + i % 26)).append((char) ('a' + i / 26));
        }
        BrandCatalog brands = BrandCatalog.parse("brands:\n  - id: many\n    keywords: [" + keywords + "]\n    misspellings: true\n",
                "b.yaml");
        Brand many = brands.brand("many");
        assertTrue(many.misspelt().size() <= Brand.MISSPELT_AT_MOST && many.misspelt().size() > 200, "" + many.misspelt().size());
        assertTrue(many.misspelt().contains("longbrandnmeaa"), "the first keywords' slips are taken");
        try (Classifier c = Classifier.create(brands, RulePack.defaults(), ClassifierSettings.DEFAULT)) {
            assertEquals("many", c.classify(mention("a longbrandnmeaa sighting", 40, false)).get(0).brand());
            assertEquals("many", c.classifyAll(List.of(mention("the longbrandnamecc one", 40, false))).get(0).get(0).brand());
        }
    }

    @Test
    void aPartnerTagNamesTheBrandAndDisclosesPayment() {
        Classification c = only(mention("Leg day fit, the tights that stay put #lumora_partner", 800, false));
        assertEquals("lumora", c.brand(), "the brand is named only inside its partner tag");
        assertEquals(Category.PAID, c.category(), c.toString());
        Classification byHandle = only(mention("Leg day fit, the tights that stay put #lumoraphones_partner", 800, false));
        assertEquals("lumora", byHandle.brand(), "a partner tag may spell the brand's handle: " + byHandle);
        assertEquals(Category.PAID, byHandle.category(), byHandle.toString());
        Classification other = only(mention("Found my #lifepartner, and a Lumora X2 to go with it", 50, false));
        assertTrue(!other.tags().contains(Category.PAID), "another word's partner tag is not a disclosure: " + other);
        assertEquals("#korvik", MentionDocument.partnerTagStem("#korvik_partner"));
        assertEquals(null, MentionDocument.partnerTagStem("#partner"));
    }

    @Test
    void disclosuresInOtherLanguagesArePaid() {
        assertEquals(Category.PAID, only(mention("Werbung | Mit Lumora ohne Roaming-Stress in den Urlaub", 67_000, false)).category());
        assertEquals(Category.PAID, only(mention("Colaboración pagada con @lumoraphones ✨ mi nuevo móvil", 22_000, false)).category());
        assertEquals(Category.PAID, only(mention("sponsored by @lumoraphones 💜 the camera setup took 90 seconds", 15_000, false)).category());
    }

    @Test
    void thePlatformsPromotedFlagIsPaid() {
        assertEquals(Category.PAID, only(mention("Meet the Lumora X2", 0, true)).category());
        // Whatever the words say: the platform placed it for pay.
        assertEquals(Category.PAID, only(mention("Your ad budget, doubled. Try Lumora Ads", 0, true)).category());
        assertEquals(Category.PAID, only(mention("Keine Werbung, nur Lumora", 0, true)).category());
        assertEquals(Category.PAID, only(mention("Lumora sponsored the water stations at the city marathon", 0, true)).category());
    }

    /** A link whose host a browser reads otherwise than a careless parser names no brand, and a capitalised scheme is a link. */
    @Test
    void aLookAlikeLinkNamesNoBrandAndAPhonesCapitalisedLinkIsALink() {
        for (String link : List.of("https://evil.example\\@lumora.com/promo", "https://lumora.com:pw@evil.example/a|b")) {
            assertTrue(classifier.classify(mention("check this out", 10, false, link)).isEmpty(), link);
            // Written out, its words still name the brand, but it is no share of the brand's page.
            classifier.classify(mention("check this out " + link, 10, false))
                    .forEach(c -> assertTrue(!c.tags().contains(Category.ORGANIC_SHARE), link + ": " + c));
        }
        assertEquals(Category.PAID, only(mention("Https://lumora.com/x2?utm_source=bsky&utm_medium=paid_social", 0, false)).category());
    }

    @Test
    void aPaidUtmMediumIsPaid() {
        assertEquals(Category.PAID, only(mention("New phone day",
                0, false, "https://lumora.com/x2?utm_source=bsky&utm_medium=paid_social")).category());
    }

    @Test
    void denyingSponsorshipCancelsTheDisclosure() {
        Classification c = only(mention("Not sponsored, I just love my Lumora #ad-free life", 50, false));
        assertTrue(!c.tags().contains(Category.PAID), c.toString());
    }

    @Test
    void sponsoringAnEventIsNotAnAd() {
        Classification c = only(mention("Lumora sponsors the city marathon this year", 50, false));
        assertEquals(Category.OTHER, c.category(), c.toString());
        Classification byLine = only(mention("The city marathon, sponsored by Lumora, starts at 9", 50, false));
        assertTrue(!byLine.tags().contains(Category.PAID), byLine.toString());
    }

    @Test
    void aComplaintFromAnInfluencerIsFeedback() {
        Classification c = only(mention("@lumoraphones my phone stopped working after the update, terrible", 80_000, false));
        assertEquals(Category.FEEDBACK, c.category());
        assertEquals(FeedbackKind.COMPLAINT, c.feedbackKind());
        assertTrue(c.tags().contains(Category.INFLUENCER));
    }

    @Test
    void feedbackKindsAreTold() {
        assertEquals(FeedbackKind.QUESTION, only(mention("Does the Lumora X2 support wireless charging?", 10, false)).feedbackKind());
        assertEquals(FeedbackKind.PRAISE, only(mention("Absolutely love my Lumora, best phone ever 😍", 10, false)).feedbackKind());
        assertEquals(FeedbackKind.REQUEST, only(mention("@lumoraphones please bring back the headphone jack", 10, false)).feedbackKind());
    }

    @Test
    void aHighReachAuthorWithoutDisclosureIsAnInfluencer() {
        Classification c = only(mention("Spent the week with the Lumora X2. Camera notes below.", 1_200_000, false));
        assertEquals(Category.INFLUENCER, c.category());
        assertEquals(Tier.MEGA, c.tier());
    }

    @Test
    void theInfluencerThresholdIsConfigurable() {
        try (Classifier strict = Classifier.create(classifier.brands(), classifier.rules(),
                ClassifierSettings.DEFAULT.withInfluencerFollowers(100_000))) {
            Mention m = mention("Spent the week with the Lumora X2.", 50_000, false);
            assertEquals(Category.OTHER, strict.classify(m).get(0).category());
            assertEquals(Category.INFLUENCER, classifier.classify(m).get(0).category());
        }
    }

    @Test
    void sharingTheBrandsPageIsAnOrganicShare() {
        Classification link = only(mention("Interesting read", 10, false,
                "https://www.lumora.com/blog/battery?utm_source=twitter&utm_medium=social"));
        assertEquals(Category.ORGANIC_SHARE, link.category());
        assertTrue(link.rules().contains("share.social-utm"), link.rules().toString());
        Classification via = only(mention("Ten tips for night photos via @lumoraphones", 10, false));
        assertEquals(Category.ORGANIC_SHARE, via.category());
        Classification intent = only(mention("Lumora's new camera guide", 10, false,
                "https://twitter.com/intent/tweet?url=https%3A%2F%2Fshop.lumora.com%2Fguide"));
        assertEquals(Category.ORGANIC_SHARE, intent.category());
        assertTrue(intent.rules().contains("share.intent-link"), intent.rules().toString());
    }

    @Test
    void aLinkToAnotherBrandsSiteIsNotAShareOfThisBrand() {
        List<Classification> results = classifier.classify(mention("Lumora vs the rest", 10, false,
                "https://vantor.io/compare"));
        Classification lumora = results.stream().filter(c -> c.brand().equals("lumora")).findFirst().orElseThrow();
        Classification vantor = results.stream().filter(c -> c.brand().equals("vantor")).findFirst().orElseThrow();
        assertEquals(Category.OTHER, lumora.category());
        assertEquals(Category.ORGANIC_SHARE, vantor.category());
    }

    @Test
    void theBrandsOwnPostsAreNotFeedbackOrShares() {
        Mention own = new Mention("own:1", "bluesky", Instant.parse("2026-11-20T10:00:00Z"),
                new Mention.Author("@lumoraphones", 2_000_000, true), "Sorry to hear that, please DM us! lumora.com/help",
                "", List.of("https://lumora.com/help"), "en", Mention.Engagement.NONE, false);
        assertEquals(Category.OTHER, only(own).category());
    }

    @Test
    void aMentionOfTwoBrandsGivesOneResultPerBrand() {
        List<Classification> results = classifier.classify(mention("Lumora or Vantor One? Help me choose", 10, false));
        assertEquals(List.of("lumora", "vantor"), results.stream().map(Classification::brand).toList());
    }

    @Test
    void brandsAreFoundByHandleHashtagDomainAndPhrase() {
        assertEquals("lumora", only(mention("hey @LumoraPhones", 0, false)).brand());
        assertEquals("lumora", only(mention("#Lumora day", 0, false)).brand());
        assertEquals("lumora", only(mention("look", 0, false, "https://store.lumora.com/p")).brand());
        assertEquals("vantor", only(mention("the vantor one is out", 0, false)).brand());
        assertEquals("lumora", only(mention("LUMORÁ rocks", 0, false)).brand(), "case and accents folded");
        assertTrue(classifier.classify(mention("the one vantor", 0, false)).stream()
                .allMatch(c -> c.brand().equals("vantor")));
    }

    @Test
    void mentionsOfNoTrackedBrandGiveNothing() {
        assertTrue(classifier.classify(mention("Nothing to see here #ad", 0, false)).isEmpty());
        assertTrue(classifier.classify(mention("lumoraphone is not a brand name match", 0, false)).isEmpty());
    }

    @Test
    void strategyOnlyClassificationHasANullBrand() {
        try (Classifier strategy = Classifier.strategyOnly()) {
            List<Classification> results = strategy.classify(mention("Worst service ever, still waiting for my refund", 0, false));
            assertEquals(1, results.size());
            assertNull(results.get(0).brand());
            assertEquals(FeedbackKind.COMPLAINT, results.get(0).feedbackKind());
        }
    }

    @Test
    void rulesOnFieldsTheDefaultPackNeverReadsStillFire() throws Exception {
        // The classifier indexes only the fields its stored queries read; a user's rules bring theirs.
        RulePack pack = RulePack.parse("""
                extends: none
                rules:
                  - id: tiktok-spanish-verified
                    category: INFLUENCER
                    query: '+platform:tiktok +lang:es +verified:true'
                  - id: launch-campaign
                    category: ORGANIC_SHARE
                    query: 'utm_campaign:launch -tier:mega'
                """, "mine.yaml", RulePack.defaults());
        try (Classifier custom = Classifier.create(BrandCatalog.empty(), pack, ClassifierSettings.DEFAULT)) {
            Mention verified = new Mention("v", "tiktok", Instant.parse("2026-11-20T10:00:00Z"),
                    new Mention.Author("@someone", 50, true), "hola", "", List.of(), "es",
                    Mention.Engagement.NONE, false);
            assertEquals(List.of("tiktok-spanish-verified"), custom.classify(verified).get(0).rules());
            Mention campaign = mention("look https://example.com/?utm_campaign=Launch", 50, false);
            assertEquals(List.of("launch-campaign"), custom.classify(campaign).get(0).rules());
            Mention fromMega = mention("look https://example.com/?utm_campaign=launch", 5_000_000, false);
            assertEquals(List.of(), custom.classify(fromMega).get(0).rules(), "tier:mega excludes it");
        }
    }

    /** Garbage, empty, 100 KB, emoji, right-to-left and oddly encoded texts, links among them. */
    static List<Mention> hostileMentions() {
        List<String> texts = List.of("", "   ", "\u0000\u0001\u0002", "a".repeat(100_000),
                "lumora ".repeat(15_000), "😀".repeat(20_000), "لومورا رائع جدا ❤️ שלום עולם",
                "ﷺ ﷽ \u202E reversed \u202C", "%%%%", "#", "@", "#@#@", "http://", "https://%zz%zz/?utm_medium=%E0%A4%A",
                "http://[::1]:80/a?b=c&&&=&utm_medium=", "https://xn--lumra-tta.com/ü?q=ü", "'''---'''",
                // Each would once have thrown out of the whole batch: a dotted run or a hyphenated tag
                // that a regular expression's repeated group followed one frame deeper per repetition,
                // a hashtag longer than Lucene takes as one term, and a link naming thousands of hosts.
                "lumora why? " + "a.".repeat(50_000), "lumora #a" + "-a".repeat(50_000) + "!",
                // Long dotted or joined runs, which bare domains and the pieces of joined words read.
                "lumora " + "ab.".repeat(43_000) + "ab", "lumora " + "a.bc..".repeat(20_000), "lumora " + "a-".repeat(50_000) + "a",
                "http://" + "ab.".repeat(43_000) + "ab/lumora", "lumora " + "Https://".repeat(15_000),
                "lumora #ad" + "a".repeat(40_000), "lumora vantor " + "sponsored by via ".repeat(6_000),
                "https://share.example/?u=" + java.util.stream.IntStream.range(0, 5_000)
                        .mapToObj(i -> "http://a" + i + ".io").collect(java.util.stream.Collectors.joining("+")));
        return texts.stream()
                .map(text -> mention(text, 0, false, text.startsWith("http") ? new String[] {text} : new String[0]))
                .toList();
    }

    /** What prose keeps: a link is labels joined by single dots before a path; a tag or handle joins single separators. */
    @Test
    void proseLeavesOutLinksTagsAndHandlesAndNothingElse() {
        assertEquals("see   now", MentionDocument.prose("see lumora.com/p/1 now"));
        assertEquals("hmm...yes/no", MentionDocument.prose("hmm...yes/no"));
        assertEquals("a.b./x", MentionDocument.prose("a.b./x"));
        assertEquals(" ...best phone", MentionDocument.prose("@lumora...best phone"));
        assertEquals(" --b  ", MentionDocument.prose("#a--b #a-b-c"));
        assertEquals("why?  ", MentionDocument.prose("why? " + "a.".repeat(50_000) + "b/x"));
    }

    /** Threads of Lucene's Monitors: each keeps one to purge its query cache until it is closed. */
    private static long monitorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().contains("cache-purge")).count();
    }

    @Test
    void anUnknownLanguageIsASettingsProblemAndLeavesNoMonitorThreadBehind() throws Exception {
        java.nio.file.Path brands = java.nio.file.Files.createTempFile("brands", ".yaml");
        try {
            java.nio.file.Files.writeString(brands, "brands:\n  - id: lumora\n    keywords: [lumora]\n");
            long before = monitorThreads();
            ClassifierSettings settings = ClassifierSettings.DEFAULT.withLanguages(List.of("en", "xx"));
            ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                    () -> Classifier.load(brands, null, null, settings));
            assertTrue(e.getMessage().startsWith("classifier settings: language xx"), e.getMessage());
            assertEquals(before, monitorThreads());
        } finally {
            java.nio.file.Files.delete(brands);
        }
    }

    @Test
    void hostileTextIsClassifiedWithoutException() {
        try (Classifier strategy = Classifier.strategyOnly()) {
            List<Mention> mentions = hostileMentions();
            for (Mention m : mentions) {
                String text = m.text();
                assertEquals(1, strategy.classify(m).size());
                assertEquals((text.contains("lumora") ? 1 : 0) + (text.contains("vantor") ? 1 : 0), classifier.classify(m).size(),
                        "brand match only where the brand is named: " + text.substring(0, Math.min(30, text.length())));
            }
            List<List<Classification>> batched = classifier.classifyAll(mentions);
            for (int i = 0; i < mentions.size(); i++) {
                assertEquals(classifier.classify(mentions.get(i)), batched.get(i), "in a batch as alone: " + i);
            }
        }
    }

    /**
     * Labelled mentions where "zorblat" (a word no rule knows) marks complaints and "blorp?" marks
     * questions the labeller did not count as feedback.
     */
    private static List<LabelledMention> zorblatData() {
        return zorblatData("zorblat");
    }

    private static List<LabelledMention> zorblatData(String complaintWord) {
        List<String> filler = List.of("today", "again", "this week", "at the store", "on the app", "with my order");
        List<LabelledMention> labelled = new java.util.ArrayList<>();
        for (int i = 0; i < 36; i++) {
            String tail = filler.get(i % filler.size()) + " " + i;
            labelled.add(labelledMention("lumora " + complaintWord + " " + tail, "FEEDBACK:COMPLAINT"));
            labelled.add(labelledMention("lumora blorp " + tail + "?", "OTHER"));
            labelled.add(labelledMention("lumora " + tail, "OTHER"));
        }
        return labelled;
    }

    private static LabelledMention labelledMention(String text, String label) {
        String[] parts = label.split(":");
        return new LabelledMention(mention(text, 10, false), java.util.Map.of("lumora",
                new LabelledMention.Expected(Category.valueOf(parts[0]), parts.length > 1 ? FeedbackKind.valueOf(parts[1]) : null)));
    }

    @Test
    void aTrainedModelFindsWhatNoRuleKnowsAndSaysWhy() {
        var model = FeedbackTraining.train(classifier, zorblatData(), dev.earshot.classifier.learned.FeedbackTrainer.Options.DEFAULT);
        Mention complaint = mention("lumora zorblat yesterday", 10, false);
        Classification byRules = only(complaint);
        assertEquals(Category.OTHER, byRules.category());
        assertNull(byRules.learned());
        try (Classifier withModel = Classifier.create(classifier.brands(), classifier.rules(), classifier.settings(), model)) {
            Classification c = withModel.classify(complaint).get(0);
            assertEquals(Category.FEEDBACK, c.category());
            assertEquals(FeedbackKind.COMPLAINT, c.feedbackKind());
            assertEquals(FeedbackKind.COMPLAINT, c.learned().kind());
            assertEquals("zorblat", c.learned().features().get(0));
            assertEquals(byRules.rules(), c.rules());
        }
    }

    @Test
    void aTrainedModelReadsWhatThePostSaysOfEachBrand() {
        // One post, two brands: put to one, naming the other in passing. A model learns from those facts
        // as from words, and they carry over to brands its owner's labels never named.
        Map<String, Set<String>> features = classifier.features(mention("@lumoraphones my screen went dark after the"
                + " update, my old Vantor never did that", 40, false));
        assertTrue(features.get("lumora").contains("fact:brand_addressed"), features.get("lumora").toString());
        assertTrue(features.get("lumora").contains("fact:brand_opening"), features.get("lumora").toString());
        assertFalse(features.get("vantor").contains("fact:brand_addressed"), features.get("vantor").toString());
        assertTrue(features.get("vantor").contains("fact:another_brand_addressed"), features.get("vantor").toString());
        // The words beside each brand, the brand left out: what is learned of them holds for any brand.
        assertTrue(features.get("lumora").containsAll(Set.of("beside-brand:^", "brand-beside:my")), features.get("lumora").toString());
        assertTrue(features.get("vantor").containsAll(Set.of("beside-brand:old", "brand-beside:never")), features.get("vantor").toString());
        assertFalse(features.get("vantor").contains("beside-brand:^"), features.get("vantor").toString());
        Set<String> toItsHelpDesk = classifier.features(mention("ok @vantor_help the Vantor One died", 40, false)).get("vantor");
        assertFalse(toItsHelpDesk.contains("brand-beside:help"), "@vantor_help is a handle of its own, not @vantor: " + toItsHelpDesk);
        assertTrue(toItsHelpDesk.contains("beside-brand:ok"), toItsHelpDesk.toString());
    }

    @Test
    void aTrainedModelReadsHowManyFollowTheAuthorAndHowManyLinksThePostCarries() {
        Set<String> features = classifier.features(mention("Lumora's guide to night shots https://t.co/x7Qa",
                12_000, false, "https://lumora.com/night")).get("lumora");
        assertTrue(features.contains("followers:10^4"), features.toString());
        assertTrue(features.contains("links:1"), "one link, shortened in the text and expanded in the links: " + features);
        Set<String> two = classifier.features(mention("Lumora's guide https://lumora.com/night and https://example.org/x",
                12_000, false, "https://lumora.com/night")).get("lumora");
        assertTrue(two.contains("links:2"), two.toString());
        Set<String> unknown = classifier.features(mention("lumora again", 0, false)).get("lumora");
        assertTrue(unknown.containsAll(Set.of("followers:0", "links:0")), unknown.toString());
        Set<String> justUnder = classifier.features(mention("lumora again", 9_999, false)).get("lumora");
        assertTrue(justUnder.contains("followers:10^3"), justUnder.toString());
    }

    @Test
    void aTrainedModelKnowsAWordByItsStemInFormsItNeverSaw() {
        var model = FeedbackTraining.train(classifier, zorblatData("zorblatted"),
                dev.earshot.classifier.learned.FeedbackTrainer.Options.DEFAULT);
        try (Classifier withModel = Classifier.create(classifier.brands(), classifier.rules(), classifier.settings(), model)) {
            Classification c = withModel.classify(mention("lumora zorblatting yesterday", 10, false)).get(0);
            assertEquals(FeedbackKind.COMPLAINT, c.feedbackKind());
            assertEquals("stem:zorblat", c.learned().features().get(0));
        }
    }

    @Test
    void aTrainedModelNamesTheKindWhereTheRulesAreNotSureOfTheirs() {
        // Thanks for a repair carries a complaint word: the rules, taking the first kind that reaches
        // the threshold, call it a complaint; labelled data calling such posts praise teaches the model.
        List<String> things = List.of("kettle", "phone", "blender", "charger", "laptop", "speaker");
        List<LabelledMention> labelled = new java.util.ArrayList<>();
        for (int i = 0; i < 36; i++) {
            String thing = things.get(i % things.size()) + " " + i;
            labelled.add(labelledMention("thank you lumora for fixing my broken " + thing, "FEEDBACK:PRAISE"));
            labelled.add(labelledMention("lumora my " + thing + " is broken again", "FEEDBACK:COMPLAINT"));
            labelled.add(labelledMention("lumora " + thing + " in the window", "OTHER"));
        }
        Mention thanks = mention("thank you lumora for fixing my broken toaster", 10, false);
        Classification byRules = only(thanks);
        assertEquals(FeedbackKind.COMPLAINT, byRules.feedbackKind(), "the rules' kind: " + byRules);
        var model = FeedbackTraining.train(classifier, labelled, dev.earshot.classifier.learned.FeedbackTrainer.Options.DEFAULT);
        try (Classifier withModel = Classifier.create(classifier.brands(), classifier.rules(), classifier.settings(), model)) {
            Classification c = withModel.classify(thanks).get(0);
            assertEquals(FeedbackKind.PRAISE, c.learned().kind(), c.toString());
            assertEquals(FeedbackKind.PRAISE, c.feedbackKind(), "the model's kind where the rules' is not trusted: " + c);
            // A complaint the model agrees with stays one.
            assertEquals(FeedbackKind.COMPLAINT, withModel.classify(mention("lumora my toaster is broken again", 10, false))
                    .get(0).feedbackKind());
        }
    }

    @Test
    void aTrainedModelThatNamesTheKindDoesNotAlsoTakeTheFeedbackAway(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // Its labels are learned one against the rest, so a model can name a kind for a pair (COMPLAINT at
        // 0.88 here) and put the pair's chance of being feedback at all under notFeedbackBelow (0.12).
        // A model that names the kind of a pair the rules call feedback keeps it feedback, of its kind;
        // a pair the rules call OTHER needs the model to find it feedback as well.
        java.nio.file.Path file = dir.resolve("model.json");
        java.nio.file.Files.writeString(file, """
                {"format": "earshot-feedback-model/1", "labels": ["FEEDBACK", "QUESTION", "COMPLAINT"],
                 "threshold": 0.5, "notFeedbackBelow": 0.3, "trustRulesFrom": 2.0,
                 "training": {"examples": 3, "perLabel": {"QUESTION": 1, "COMPLAINT": 1}, "c": 1.0, "minCount": 1},
                 "bias": [-2.0, -2.0, 2.0], "weights": {}}
                """);
        var model = dev.earshot.classifier.learned.FeedbackModel.read(file);
        Mention question = mention("lumora blorp tomorrow?", 10, false);
        Classification byRules = only(question);
        assertEquals(FeedbackKind.QUESTION, byRules.feedbackKind(), "the rules call it a question: " + byRules);
        double questionWeight = byRules.rules().stream().map(id -> classifier.rules().rule(id))
                .filter(r -> r.kind() == FeedbackKind.QUESTION).mapToDouble(Rule::weight).sum();
        assertTrue(questionWeight < model.trustRulesFrom(), "rules the model does not trust: " + byRules.rules());
        Mention other = mention("lumora phone in the window", 10, false);
        assertEquals(Category.OTHER, only(other).category(), only(other).toString());
        try (Classifier withModel = Classifier.create(classifier.brands(), classifier.rules(), classifier.settings(), model)) {
            Classification c = withModel.classify(question).get(0);
            assertTrue(c.learned().probability() > 0.5, c.toString());
            assertEquals(Category.FEEDBACK, c.category(), c.toString());
            assertEquals(FeedbackKind.COMPLAINT, c.feedbackKind(), "the model's kind, not the rules': " + c);
            assertEquals(Category.OTHER, withModel.classify(other).get(0).category(),
                    "the model names a kind but does not find the pair feedback");
        }
    }

    @Test
    void aTrainedModelSureAPairIsFeedbackMakesItFeedbackOfItsLikeliestKind(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // Feedback at 0.88, no kind at the threshold: COMPLAINT at 0.27, QUESTION at 0.12.
        String model = """
                {"format": "earshot-feedback-model/1", "labels": ["FEEDBACK", "QUESTION", "COMPLAINT"],
                 "threshold": 0.5, "notFeedbackBelow": 0.3, %s"trustRulesFrom": 3.0,
                 "training": {"examples": 3, "perLabel": {"QUESTION": 1, "COMPLAINT": 1}, "c": 1.0, "minCount": 1},
                 "bias": [2.0, -2.0, -1.0], "weights": {}}
                """;
        java.nio.file.Path sure = dir.resolve("sure.json");
        java.nio.file.Files.writeString(sure, model.formatted("\"feedbackFrom\": 0.8, "));
        java.nio.file.Path earlier = dir.resolve("earlier.json"); // written before feedbackFrom was
        java.nio.file.Files.writeString(earlier, model.formatted(""));
        Mention other = mention("lumora phone in the window", 10, false);
        assertEquals(Category.OTHER, only(other).category(), only(other).toString());
        try (Classifier withModel = Classifier.create(classifier.brands(), classifier.rules(), classifier.settings(),
                        dev.earshot.classifier.learned.FeedbackModel.read(sure));
                Classifier withEarlier = Classifier.create(classifier.brands(), classifier.rules(), classifier.settings(),
                        dev.earshot.classifier.learned.FeedbackModel.read(earlier))) {
            Classification c = withModel.classify(other).get(0);
            assertEquals(Category.FEEDBACK, c.category(), c.toString());
            assertEquals(FeedbackKind.COMPLAINT, c.feedbackKind(), c.toString());
            assertTrue(c.learned().probability() < 0.5, "no kind reached the threshold: " + c);
            assertEquals(0.88, c.learned().feedback(), 0.005, "what decided, in the record: " + c);
            assertEquals(Category.OTHER, withEarlier.classify(other).get(0).category(),
                    "a model file without feedbackFrom decides as before");
        }
    }

    @Test
    void aTrainedModelTakesAwayFeedbackFromARuleItDoesNotTrustButNotFromOneItDoes() throws Exception {
        var options = dev.earshot.classifier.learned.FeedbackTrainer.Options.DEFAULT;
        var model = FeedbackTraining.train(classifier, zorblatData(), options);
        Mention question = mention("lumora blorp tomorrow?", 10, false);
        Classification byRules = only(question);
        assertEquals(FeedbackKind.QUESTION, byRules.feedbackKind(), "the rules call it a question: " + byRules);
        try (Classifier withModel = Classifier.create(classifier.brands(), classifier.rules(), classifier.settings(), model)) {
            Classification c = withModel.classify(question).get(0);
            assertEquals(Category.OTHER, c.category(), c.toString());
            assertNull(c.feedbackKind());
            assertTrue(c.learned().probability() < options.threshold());
        }
        // The same rules, trusted from a weight they reach: the question stays.
        var trusting = FeedbackTraining.train(classifier, zorblatData(),
                new dev.earshot.classifier.learned.FeedbackTrainer.Options(1.0, 2, 0.5, 0.5, 0.3, 0.8, 0.5));
        try (Classifier withModel = Classifier.create(classifier.brands(), classifier.rules(), classifier.settings(), trusting)) {
            assertEquals(FeedbackKind.QUESTION, withModel.classify(question).get(0).feedbackKind());
        }
    }

    /** A brand's name is no word of any language: a post of the name and an emoji is read for sentiment. */
    @Test
    void aPostOfABrandsNameAndAnEmojiIsToldNoLanguageByTheNameAndReadForSentiment() {
        for (String text : List.of("Lumora 😡", "Lumora!!! 😡😡", "#Lumora 👎", "Vantor One 😡")) {
            Mention m = new Mention("t:" + text.hashCode(), "bluesky", Instant.parse("2026-11-20T10:00:00Z"),
                    new Mention.Author("@someone", 40, false), text, "", List.of(), null, Mention.Engagement.NONE, false);
            Classification c = classifier.classify(m).get(0);
            assertEquals(null, c.language(), text);
            assertEquals(Sentiment.Label.NEGATIVE, c.sentiment().label(), text);
        }
        Mention german = new Mention("t:de", "bluesky", Instant.parse("2026-11-20T10:00:00Z"),
                new Mention.Author("@someone", 40, false), "Lumora ist super", "", List.of(), null, Mention.Engagement.NONE, false);
        assertEquals("de", classifier.classify(german).get(0).language(), "told by the words around the name");
        assertEquals(List.of(classifier.classify(german).get(0).language()), classifier.classifyAll(List.of(german)).stream()
                .map(r -> r.get(0).language()).toList(), "batched alike");
    }
}
