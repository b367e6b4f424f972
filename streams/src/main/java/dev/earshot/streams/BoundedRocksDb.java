package dev.earshot.streams;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the memory of every RocksDB store of an instance together: one LRU block cache shared by
 * all stores, with memtables counted against it, so adding stores or partitions does not grow the
 * process without limit. The bound is {@code rocksdb.memory.bytes}.
 *
 * <p>Memtables are small and allocate in small blocks. The write buffer manager counts every
 * memtable's allocated arena against its budget, and once the total is over budget it flushes the
 * memtable of whichever store is being written. An instance has about ten RocksDB stores per
 * partition, and a window store opens a new one for each segment as event time moves on. With
 * RocksDB's own arena block of 1 MiB, thirty mostly idle memtables filled a 16 MiB budget. From then
 * on nearly every write flushed a memtable of a few entries: thousands of 1 KiB SST files, and the
 * drain benchmark fell from 7,000 to about 250 mentions/s after 600,000 mentions. With 64 KiB blocks,
 * an idle memtable holds 64 KiB, and the budget goes to the stores being written.
 */
public final class BoundedRocksDb implements RocksDBConfigSetter {
    static final String MEMORY_BYTES = "earshot.rocksdb.memory.bytes";
    private static final long ARENA_BLOCK_BYTES = 64 << 10;

    private static Cache cache;
    private static WriteBufferManager writeBuffers;

    private static synchronized void init(long bytes) {
        if (cache == null) {
            // A quarter for memtables, counted inside the cache; index and filter blocks too.
            cache = new LRUCache(bytes, -1, false, 0.1);
            writeBuffers = new WriteBufferManager(bytes / 4, cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(MEMORY_BYTES);
        long bytes = configured == null ? 64L << 20 : Long.parseLong(configured.toString());
        init(bytes);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBuffers);
        options.setTableFormatConfig(table);
        options.setMaxWriteBufferNumber(2);
        // A memtable is flushed at an eighth of the budget: a store being written flushes a few MiB per
        // SST file, while the budget still holds the memtables of the other busy stores.
        options.setWriteBufferSize(Math.max(1L << 20, bytes / 32));
        options.setArenaBlockSize(ARENA_BLOCK_BYTES);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write buffer manager are shared and live as long as the process.
    }
}
