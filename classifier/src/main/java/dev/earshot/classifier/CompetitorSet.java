package dev.earshot.classifier;

import java.util.List;
import java.util.Objects;

/** Brands compared with each other for share of voice. */
public record CompetitorSet(String id, List<String> brands) {
    public CompetitorSet {
        Objects.requireNonNull(id, "id");
        brands = List.copyOf(brands);
    }
}
