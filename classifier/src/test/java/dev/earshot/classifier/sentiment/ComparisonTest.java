package dev.earshot.classifier.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.earshot.classifier.sentiment.Comparison.Role;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    private static final List<String> LUMORA = List.of("lumora", "@lumoraphones", "#lumora", "lumora one");
    private static final List<String> VANTOR = List.of("vantor", "@vantor");

    private static Role lumora(String clause) {
        return Comparison.roleOf(words(clause), LUMORA, VANTOR);
    }

    private static Role vantor(String clause) {
        return Comparison.roleOf(words(clause), VANTOR, LUMORA);
    }

    private static List<String> words(String clause) {
        return Arrays.stream(clause.split("\\s+")).map(Comparison::word).filter(w -> !w.isEmpty()).toList();
    }

    @Test
    void whatAClauseIsMeasuredAgainstIsItsObject() {
        assertEquals(Role.SUBJECT, lumora("Lumora is way better than Vantor."));
        assertEquals(Role.OBJECT, vantor("Lumora is way better than Vantor."));
        assertEquals(Role.OBJECT, lumora("vantor's screen is worse than my old Lumora's"), "a few words between, a possessive");
        assertEquals(Role.OBJECT, vantor("Compared to Vantor, Lumora is a dream"));
        assertEquals(Role.SUBJECT, lumora("Compared to Vantor, Lumora is a dream"), "the marker is the nearer name's");
        assertEquals(Role.OBJECT, vantor("@LumoraPhones unlike vantor, you actually refund"));
        assertEquals(Role.OBJECT, vantor("lumora's app is not as good as vantor's"));
        assertEquals(Role.OBJECT, lumora("Vantor One is nowhere near as bad as Lumora One"), "a name of two words");
        assertEquals(Role.SUBJECT, vantor("Lumora is just as good as Vantor"), "as good as: no measure");
        assertEquals(Role.SUBJECT, vantor("Lumora as well as Vantor keep losing my orders"));
    }

    @Test
    void aRankingHasAWinnerAndALoser() {
        assertEquals(Role.WINNER, lumora("honestly lumora > vantor for late night orders"));
        assertEquals(Role.LOSER, vantor("honestly lumora > vantor for late night orders"));
        assertEquals(Role.LOSER, vantor("#lumora beats @vantor on price every time"));
        assertEquals(Role.WINNER, lumora("#lumora beats @vantor on price every time"));
        assertEquals(Role.LOSER, vantor("prefer lumora over vantor tbh"));
        assertEquals(Role.SUBJECT, vantor("lumora > vantor > acme"), "between two in a ranking: neither");
        assertEquals(Role.WINNER, lumora("lumora > vantor > acme"), "above the one between");
        assertEquals(Role.SUBJECT, vantor("> Vantor is better than Lumora"), "a quote's sign ranks nothing");
        assertEquals(Role.SUBJECT, vantor("Nothing beats Vantor, Lumora is meh"), "no rival before the ranking word");
        assertEquals(Role.SUBJECT, vantor("Lumora doesn't beat Vantor"), "a denied ranking");
        assertEquals(Role.SUBJECT, vantor("don't prefer lumora over vantor"));
        assertEquals(Role.SUBJECT, vantor("vantor >:( lumora"), "a face is no ranking");
        assertEquals(Role.SUBJECT, vantor("I went Lumora -> Vantor"), "nor an arrow");
        assertEquals(Role.SUBJECT, vantor("moved over to vantor with lumora's help"), "over without a preference");
    }

    @Test
    void aSwitchHasABrandLeftAndOneChosen() {
        String text = "Switched from Vantor to Lumora after Vantor charged me twice";
        assertEquals(Role.LEFT, vantor(text));
        assertEquals(Role.CHOSEN, lumora(text));
        assertEquals(Role.LEFT, vantor("ditched @vantor for @LumoraPhones"));
        assertEquals(Role.CHOSEN, lumora("ditched @vantor for @LumoraPhones"));
        assertEquals(Role.SUBJECT, vantor("left vantor at home and took the lumora"), "leaving a thing is no switch");
        assertEquals(Role.SUBJECT, lumora("Been on Lumora for a year after leaving Vantor"));
        assertEquals(Role.SUBJECT, lumora("Vantor dropped the fee for Lumora members"), "no brand left before 'for'");
        assertEquals(Role.SUBJECT, lumora("moved from the city to Lumora after Vantor closed"), "no brand left before 'to'");
        assertEquals(Role.CHOSEN, lumora("moved from my old Vantor to Lumora"));
    }

    @Test
    void aClauseOfThreeBrandsRanksEach() {
        List<String> acme = List.of("acme");
        List<String> words = words("lumora > vantor > acme");
        assertEquals(Role.WINNER, Comparison.roleOf(words, LUMORA, List.of("vantor", "acme")));
        assertEquals(Role.SUBJECT, Comparison.roleOf(words, VANTOR, List.of("lumora", "acme")), "between: neither");
        assertEquals(Role.LOSER, Comparison.roleOf(words, acme, List.of("lumora", "vantor")));
    }

    @Test
    void aTokenOfNothingIsNoRankingSign() {
        assertEquals("", Comparison.word(""));
        assertEquals(">", Comparison.word(">>"));
        assertEquals("", Comparison.word(">:("));
        assertEquals("vantor", Comparison.word("Vantor's,"));
    }

    @Test
    void aNameWithAHyphenOrAnApostropheIsFoundAsTheClauseReadsIt() {
        List<String> tmobile = List.of("t-mobile");
        List<String> mcdonalds = List.of("mcdonald's");
        List<String> words = List.of("t", "mobile", "is", "better", "than", "mcdonald");
        assertEquals(Role.SUBJECT, Comparison.roleOf(words, tmobile, mcdonalds));
        assertEquals(Role.OBJECT, Comparison.roleOf(words, mcdonalds, tmobile));
    }

    @Test
    void aClauseWithOneBrandComparesNothing() {
        assertEquals(Role.SUBJECT, lumora("Lumora is better than ever"));
        assertEquals(Role.SUBJECT, lumora("Lumora and Vantor both lost my order"));
        assertEquals(Role.SUBJECT, vantor("Lumora and Vantor both lost my order"));
    }
}
