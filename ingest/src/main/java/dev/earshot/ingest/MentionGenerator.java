package dev.earshot.ingest;

import dev.earshot.model.Mention;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Synthetic but realistic mentions of given brands: every platform, category and feedback kind,
 * followers and engagement from heavy-tailed (Pareto) distributions, timestamps advancing with
 * exponential gaps like a real stream, and optionally a burst of complaints about one brand (a
 * feedback spike) on a topic its usual complaints never raise, a battery drained by an update, as a
 * real spike is usually about something new: the alert's rising terms name it. The same seed gives
 * the same mentions.
 *
 * <p>It feeds the demo, the benchmarks and the load tests; its texts are written so that the default
 * rule pack sorts them the way a person would.
 */
public final class MentionGenerator implements Iterator<Mention> {
    /** A brand as the generator names it. */
    public record BrandName(String id, String name, String handle, String hashtag, String domain) {
        public BrandName {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * A burst of complaints about one brand, for {@code length}: each mention in it is, with probability
     * {@code share}, a complaint about the spike's topic addressed to that brand.
     */
    public record Spike(String brandId, Instant start, Duration length, double share) {
    }

    private static final String[] PLATFORMS = {"bluesky", "mastodon", "hackernews", "twitter", "instagram",
        "tiktok", "youtube", "reddit", "threads"};
    private static final String[] PAID = {
        "Loving the new {B} collection, link in bio #ad",
        "This video is sponsored by {B}. Use code MAYA15 for 15% off",
        "Paid partnership with {H}: three ways I use it every day",
        "#sponsored My honest week with {B}",
        "Use my code LEO10 for 10% off at {B} #affiliate",
        "Big thanks to {H} for sponsoring today's stream! #ad",
    };
    private static final String[] PROMOTED = {
        "Meet the new {B}. Faster than ever.", "{B}: more for less this season.", "Switching to {B} is easy.",
    };
    private static final String[] SHARE = {
        "Worth a read: {L}", "Great guide {L}", "Saving this for later {L}", "Interesting numbers in here {L}",
        "Ten tips for better mornings via {H}", "Good explainer on how it works via {H}",
    };
    private static final String[] INFLUENCER = {
        "Two weeks with {B}. Full review on the channel tonight.", "Ranking every brand I tried this year, {B} is in the top three.",
        "Live from the {B} launch event, first impressions in the replies.", "My studio setup tour, featuring {B}.",
    };
    private static final String[] COMPLAINT = {
        "{H} my order never arrived and nobody answers. Unacceptable.", "{H} the app keeps crashing since the update",
        "Been on hold with {B} for 40 minutes. Ridiculous.", "{H} charged twice and still waiting for the refund",
        "Worst experience with {B} today, really disappointed", "{H} my new one stopped working after two days",
    };
    /** The spike's topic, in complaints the default rules sort as such, all addressed to the brand. */
    private static final String[] SPIKE_TOPIC = {
        "{H} since the last update the battery drains overnight. Unacceptable.",
        "{H} battery dead by noon after the firmware update, really disappointed",
        "{H} my phone gets hot and the battery drains in two hours since the update",
        "{H} the battery drain after this update is ridiculous",
        "{H} firmware update ruined my battery life, not happy",
    };
    private static final String[] QUESTION = {
        "{H} does it ship to Canada?", "Is {B} open on Sundays?", "{H} how do I change my plan?",
        "Hi {B}, is there a student discount?",
    };
    private static final String[] REQUEST = {
        "{H} please add dark mode", "{H} please bring back the old menu", "{H} can you DM me about my booking",
        "{H} I need help resetting my password",
    };
    private static final String[] PRAISE = {
        "{H} fantastic service today, thank you!", "Absolutely love my {B} ❤️", "{B} never disappoints",
        "Shout out to the team at {B}, brilliant as always",
    };
    private static final String[] OTHER = {
        "{B} reports quarterly results on Thursday", "Walked past the {B} store on the way home",
        "{B} to open new offices next year", "My cousin just started a job at {B}",
    };

    private final List<BrandName> brands;
    private final SplittableRandom random;
    private final long count;
    private final double eventsPerSecond;
    private final Spike spike;
    private Instant clock;
    private long produced;

    /**
     * @param brands          the brands to mention
     * @param seed            makes the sequence reproducible
     * @param count           how many mentions, or -1 for an endless stream
     * @param start           event time of the first mention
     * @param eventsPerSecond mean event-time rate of the stream (not the send rate)
     * @param spike           a feedback spike, or null
     */
    public MentionGenerator(List<BrandName> brands, long seed, long count, Instant start, double eventsPerSecond,
                            Spike spike) {
        if (brands.isEmpty()) {
            throw new IllegalArgumentException("the generator needs at least one brand");
        }
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("eventsPerSecond must be > 0");
        }
        this.brands = List.copyOf(brands);
        this.random = new SplittableRandom(seed);
        this.count = count;
        this.eventsPerSecond = eventsPerSecond;
        this.spike = spike;
        this.clock = start;
    }

    @Override
    public boolean hasNext() {
        return count < 0 || produced < count;
    }

    @Override
    public Mention next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        produced++;
        // Exponential gaps between events: a Poisson stream at the configured mean rate.
        long gapMicros = (long) (-Math.log(1 - random.nextDouble()) / eventsPerSecond * 1_000_000);
        clock = clock.plusNanos(gapMicros * 1000);
        BrandName brand = brands.get(random.nextInt(brands.size()));
        boolean inSpike = spike != null && !clock.isBefore(spike.start())
                && clock.isBefore(spike.start().plus(spike.length()));
        if (inSpike && random.nextDouble() < spike.share()) {
            brand = brands.stream().filter(b -> b.id().equals(spike.brandId())).findFirst().orElse(brand);
            return mention(brand, pick(SPIKE_TOPIC), pareto(40, 1.3), false);
        }
        double roll = random.nextDouble();
        if (roll < 0.10) {
            return mention(brand, pick(PAID), pareto(2_000, 1.1), false);
        } else if (roll < 0.14) {
            return mention(brand, pick(PROMOTED), 0, true);
        } else if (roll < 0.28) {
            return mention(brand, pick(SHARE), pareto(60, 1.3), false);
        } else if (roll < 0.38) {
            return mention(brand, pick(INFLUENCER), 10_000 + pareto(5_000, 1.2), false);
        } else if (roll < 0.48) {
            return mention(brand, pick(COMPLAINT), pareto(40, 1.3), false);
        } else if (roll < 0.56) {
            return mention(brand, pick(QUESTION), pareto(40, 1.3), false);
        } else if (roll < 0.62) {
            return mention(brand, pick(REQUEST), pareto(40, 1.3), false);
        } else if (roll < 0.72) {
            return mention(brand, pick(PRAISE), pareto(40, 1.3), false);
        }
        return mention(brand, pick(OTHER), pareto(30, 1.3), false);
    }

    private String pick(String[] texts) {
        return texts[random.nextInt(texts.length)];
    }

    /** Pareto-distributed count with the given minimum scale and tail index, capped at 50 million. */
    private long pareto(double scale, double alpha) {
        double u = 1 - random.nextDouble();
        return (long) Math.min(50_000_000, scale * Math.pow(u, -1 / alpha) - scale);
    }

    private Mention mention(BrandName brand, String template, long followers, boolean promoted) {
        String platform = PLATFORMS[random.nextInt(PLATFORMS.length)];
        String link = brand.domain() == null ? "" : "https://" + brand.domain() + "/blog/" + random.nextInt(500)
                + "?utm_source=" + platform + "&utm_medium=social";
        String handle = brand.handle() == null ? brand.name() : brand.handle();
        String text = template.replace("{B}", brand.name()).replace("{H}", handle).replace("{L}", link);
        List<String> links = template.contains("{L}") && !link.isEmpty() ? List.of(link) : List.of();
        long likes = pareto(3, 1.1) + followers / 2000;
        Mention.Engagement engagement = new Mention.Engagement(likes, pareto(1, 1.2) + likes / 20,
                pareto(1, 1.3), likes * 20 + pareto(50, 1.1));
        String id = platform + ":gen-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
        return new Mention(id, platform, clock.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), new Mention.Author("@" + platform.charAt(0) + "user"
                + random.nextInt(100_000), followers, followers > 100_000 && random.nextBoolean()),
                text, "https://" + platform + ".example/p/" + id.substring(id.indexOf(':') + 1), links, "en",
                engagement, promoted);
    }
}
