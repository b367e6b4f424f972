package dev.earshot.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.earshot.model.Category;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierSettingsTest {
    @Test
    void anOrderOfTheFourCategoriesIsTaken() {
        List<Category> order = List.of(Category.FEEDBACK, Category.PAID, Category.ORGANIC_SHARE, Category.INFLUENCER);
        assertEquals(order, new ClassifierSettings(10_000, 1.0, order).precedence());
    }

    @Test
    void aPrecedenceThatMissesRepeatsOrAddsACategoryIsRefused() {
        for (List<Category> wrong : List.of(List.<Category>of(),
                List.of(Category.PAID, Category.FEEDBACK, Category.INFLUENCER),
                List.of(Category.PAID, Category.FEEDBACK, Category.INFLUENCER, Category.INFLUENCER),
                List.of(Category.PAID, Category.FEEDBACK, Category.INFLUENCER, Category.ORGANIC_SHARE, Category.OTHER),
                List.of(Category.PAID, Category.FEEDBACK, Category.INFLUENCER, Category.ORGANIC_SHARE, Category.PAID))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ClassifierSettings(10_000, 1.0, wrong), wrong.toString());
            assertEquals("precedence must list each of [PAID, FEEDBACK, INFLUENCER, ORGANIC_SHARE] once, was " + wrong,
                    e.getMessage());
        }
    }
}
