package dev.earshot.ingest.live;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The ids a feed handled lately, the oldest forgotten first once there are more than it keeps. */
final class LastSeen {
    private LastSeen() {
    }

    /** A set holding at most {@code capacity} ids, the first put forgotten first. Not thread-safe. */
    static Set<String> of(int capacity) {
        return Collections.newSetFromMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        });
    }
}
