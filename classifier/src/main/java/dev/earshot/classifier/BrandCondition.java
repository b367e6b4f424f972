package dev.earshot.classifier;

import java.util.Locale;

/**
 * A fact about a mention relative to one brand, which a brand-independent Lucene query cannot see.
 * Rules name them in {@code requires:} and {@code unless:} so that, for example, a link counts as an
 * organic share only when it points at that brand's own domains.
 */
public enum BrandCondition {
    /** A link in the mention points at one of the brand's domains. */
    BRAND_LINK,
    /** The text credits the brand's handle or domain with "via", as share buttons write it. */
    BRAND_VIA,
    /** The text names one of the brand's handles: the post is addressed to the brand. */
    BRAND_ADDRESSED,
    /**
     * The text opens with one of the brand's handles ({@code "@brand …"}, {@code ".@brand …"}), or with
     * its name spoken to ({@code "Brand can I …"}, {@code "Brand please …"}, {@code "Hi Brand, …"}): the post is put to the
     * brand, as a reply or a message to it, not only about it. Also a post that asks the brand's people
     * by name anywhere in it ("Question for Brand support: …", "does anyone from Brand read this?").
     */
    BRAND_OPENING,
    /**
     * The text names the brand's help desk: one of its handles that is its name with "help",
     * "support", "care" or the like after it ({@link Brand#isHelpDesk}: {@code @sprouvel_help},
     * {@code @korvexasupport}). People write to a help desk to be answered, wherever in the post the
     * handle stands ("… smell like a gym bag. lot 2611B. @sprouvel_help").
     */
    BRAND_HELP_DESK,
    /**
     * The text tags one of the brand's handles on its own, to be seen by the brand ("… for a QR code.
     * @stubwhistle", "@thermivo explain yourselves"), not only as the name of a thing after "from",
     * "with", "at", "by" and the like ("rented a minivan from @zarviorentals"): {@link
     * MentionDocument#tags}.
     */
    BRAND_TAGGED,
    /** The brand's own account posted it. */
    BRAND_AUTHOR,
    /**
     * A hashtag joins the brand's hashtag or name with "partner" or "ambassador" ({@code #veloranambassador},
     * {@code #korvik_partner}): the partner tag a brand gives its paid creators.
     */
    BRAND_PARTNER_TAG,
    /**
     * The text credits the brand as sponsor: "sponsored by", "brought to you by", "in partnership
     * with" and the like, followed within a few words by one of its keywords or handles.
     */
    BRAND_SPONSOR,
    /**
     * The text says the brand gave what the post shows: its name or handle right before "gifted me",
     * "gifted us", "gifted this" and the like, or right after "gifted by" ("Lensmarrow gifted me these
     * varifocals for this review", "the set was gifted by @plindletoys"). A gift from the brand is paid
     * content; one from a relative names no brand there.
     */
    BRAND_GIFTED,
    /**
     * The text names the brand as a place others are found by: right after "next to", "opposite",
     * "across from", "near" and the like ("the café next to Brindle Bank on King St"), or as the name of
     * a venue ("2 spare tickets for the Veltel Arena"). The post is about something else.
     */
    BRAND_PLACE,
    /**
     * The post links to something and credits the brand as its source by name: "(from Brand)",
     * "shared from Brand", "Brand's guide to …", "a new video from Brand", or as the site after a page's
     * title ("The 10 best wines under £12 — Vinquaro https://…"). With a shortened link
     * ({@code bit.ly/…}) this is all that tells a share of the brand's content.
     */
    BRAND_SOURCE,
    /**
     * The text thanks the brand by name or handle: right after "thanks", "thank you", "cheers",
     * "kudos to", "shout out to" and the like ("… not one charging problem. Thanks Zenturo."). Not
     * "thanks to", which as often blames ("thanks to Brand my flight was cancelled").
     */
    BRAND_THANKED,
    /**
     * The post credits another brand it names as its sponsor or paid partner ("#ad sponsored by
     * @mingoloapp … grab a picnic from Kestmore", "paid partnership with Tarnbeck Cycles … ended at
     * @mirewoldbrewing's taproom", "Thanks to Lensmarrow for sponsoring today's video … Voltaric chargers"),
     * and not this one: the disclosure is the other brand's ad.
     */
    ANOTHER_BRAND_SPONSOR,
    /**
     * The post is put to another brand it names, by its handle or by its name spoken to ({@link
     * #BRAND_ADDRESSED}, {@link #BRAND_OPENING}), and not to this one: "@medrowecare app said my insulin
     * was in stock … rode 25 min there on my tarnbeck". This brand is named in passing; the complaint,
     * question or request is the other's.
     */
    ANOTHER_BRAND_ADDRESSED,
    /**
     * Of the two or more tracked brands the post names, this is one a denial of payment is said of:
     * named nearest before "not an ad", "not sponsored", "which we paid for ourselves" and the like, in
     * the same sentence ("#ad for @voltipo … (the bottle is from Vinquaro, not an ad)": Vinquaro), or,
     * with none named before it, named after it there ("not sponsored, just love my A and B": both).
     */
    BRAND_DENIED,
    /**
     * The post names two or more tracked brands and denies payment for another of them, not this one
     * ({@link #BRAND_DENIED}): the denial does not cancel this brand's disclosure.
     */
    ANOTHER_BRAND_DENIED;

    /** The spelling used in rule files: {@code brand-link}, {@code brand-via}, … */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static BrandCondition fromKey(String key) {
        for (BrandCondition c : values()) {
            if (c.key().equals(key)) {
                return c;
            }
        }
        return null;
    }
}
