package dev.earshot.model;

/**
 * An author's reach band by follower count, shown on every classified mention whatever its
 * category. Authors under 1,000 followers have no tier.
 */
public enum Tier {
    /** 1,000 to 9,999 followers. */
    NANO(1_000),
    /** 10,000 to 99,999 followers. */
    MICRO(10_000),
    /** 100,000 to 999,999 followers. */
    MACRO(100_000),
    /** One million followers or more. */
    MEGA(1_000_000);

    private final long minFollowers;

    Tier(long minFollowers) {
        this.minFollowers = minFollowers;
    }

    public long minFollowers() {
        return minFollowers;
    }

    /** The tier of an author with this many followers, or null below {@link #NANO}. */
    public static Tier of(long followers) {
        Tier tier = null;
        for (Tier t : values()) {
            if (followers >= t.minFollowers) {
                tier = t;
            }
        }
        return tier;
    }
}
