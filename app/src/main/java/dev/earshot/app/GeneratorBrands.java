package dev.earshot.app;

import dev.earshot.classifier.BrandCatalog;
import dev.earshot.ingest.MentionGenerator;
import java.util.List;

/** The brands of a brand file as the generator names them: display name, first handle, hashtag, domain. */
final class GeneratorBrands {
    private GeneratorBrands() {
    }

    static List<MentionGenerator.BrandName> of(BrandCatalog catalog) {
        return catalog.brands().stream().map(b -> new MentionGenerator.BrandName(b.id(), b.name(),
                b.handles().isEmpty() ? null : b.handles().get(0),
                b.hashtags().isEmpty() ? null : b.hashtags().get(0),
                b.domains().isEmpty() ? null : b.domains().get(0))).toList();
    }
}
