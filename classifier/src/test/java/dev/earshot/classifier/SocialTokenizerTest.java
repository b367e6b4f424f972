package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.junit.jupiter.api.Test;

class SocialTokenizerTest {

    /** Each token as "term@start-end". */
    static List<String> tokens(String text) throws Exception {
        List<String> out = new ArrayList<>();
        try (SocialTokenizer tokenizer = new SocialTokenizer()) {
            tokenizer.setReader(new StringReader(text));
            CharTermAttribute term = tokenizer.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = tokenizer.addAttribute(OffsetAttribute.class);
            tokenizer.reset();
            while (tokenizer.incrementToken()) {
                out.add(term + "@" + offset.startOffset() + "-" + offset.endOffset());
            }
            tokenizer.end();
        }
        return out;
    }

    @Test
    void keepsSigilsContractionsJoinedWordsAndEmoji() throws Exception {
        assertEquals(List.of("Don't@0-5", "e-mail@6-12", "#Ad@13-16", "via@17-20", "@lumora_hq@21-31", "café@32-36",
                "😡@37-39", "x2@41-43"), tokens("Don’t e-mail #Ad via @lumora_hq café 😡, x2!"));
    }

    @Test
    void aWordEndsWhereItsLettersDoWhateverTheScript() throws Exception {
        assertEquals(List.of("naïve_café2@0-11", "日本語@12-15", "abc@16-19", "مرحبا@22-27"),
                tokens("naïve_café2 日本語 abc-\u0000 مرحبا"));
    }

    @Test
    void aLongRunMakesOneTokenCappedAtTheSameLengthAsciiOrNot() throws Exception {
        List<String> ascii = tokens("a".repeat(10_000) + " end");
        assertEquals(List.of("a".repeat(254) + "@0-10000", "end@10001-10004"), ascii);
        List<String> accented = tokens("é".repeat(10_000) + " end");
        assertEquals(List.of("é".repeat(254) + "@0-10000", "end@10001-10004"), accented);
        List<String> mixed = tokens("aé".repeat(5_000));
        assertEquals(List.of("aé".repeat(127) + "@0-10000"), mixed);
    }
}
