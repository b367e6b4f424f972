package dev.earshot.ingest.live;

import dev.earshot.model.Mention;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what a connector sends, in order. */
class RecordingSink implements MentionSink {
    final List<Mention> mentions = new CopyOnWriteArrayList<>();
    volatile int flushes;

    @Override
    public void accept(Mention mention) {
        mentions.add(mention);
    }

    @Override
    public void flush() {
        flushes++;
    }

    List<String> ids() {
        return mentions.stream().map(Mention::id).toList();
    }
}
