package dev.earshot.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AuthorRatesTest {
    /**
     * Once full, a new author takes the place of one with the fewest mentions, whichever slot holds
     * it, and starts from that count as its error: Space-Saving's guarantees rest on that choice.
     */
    @Test
    void aNewAuthorReplacesOneWithTheFewestMentions() {
        AuthorRates rates = AuthorRates.empty();
        Random random = new Random(7);
        int replaced = 0;
        for (int post = 0; post < 60_000; post++) {
            // A few heavy posters among many who post once or twice.
            long author = 1 + (random.nextInt(10) == 0 ? random.nextInt(50) : 100 + random.nextInt(5_000));
            boolean replacing = slotOf(rates, author) < 0 && rates.size() == AuthorRates.CAPACITY;
            int least = Integer.MAX_VALUE;
            for (int i = 0; i < rates.size(); i++) {
                least = Math.min(least, rates.count(i));
            }
            rates.post(author);
            if (replacing) {
                replaced++;
                int now = slotOf(rates, author);
                assertEquals(least, rates.error(now), "post " + post + ": the error is the fewest count there was");
                assertEquals(least + 1, rates.count(now));
            }
        }
        org.junit.jupiter.api.Assertions.assertTrue(replaced > 10_000, replaced + " replacements");
    }

    private static int slotOf(AuthorRates rates, long author) {
        for (int i = 0; i < rates.size(); i++) {
            if (rates.author(i) == author) {
                return i;
            }
        }
        return -1;
    }
}
