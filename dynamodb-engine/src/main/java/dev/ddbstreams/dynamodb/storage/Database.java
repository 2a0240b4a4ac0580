package dev.ddbstreams.dynamodb.storage;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.model.ItemSizes;
import dev.ddbstreams.dynamodb.streams.Shard;
import dev.ddbstreams.dynamodb.streams.StreamRecord;
import dev.ddbstreams.dynamodb.streams.StreamState;
import dev.ddbstreams.dynamodb.tables.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The engine's state: tables, their items and their streams. Writers take one engine-wide lock, build a
 * {@link Commit}, and {@link #commit} it: the commit is appended to the write-ahead log (when persisted)
 * and then applied, so the log and memory never disagree. Readers read the concurrent structures without
 * the lock. The same {@link #apply} rebuilds the state from a snapshot and the log on start.
 */
public final class Database implements AutoCloseable {

    /** DynamoDB Streams keeps records for 24 hours. */
    public static final Duration STREAM_RETENTION = Duration.ofHours(24);
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    /** The default log size at which a snapshot is written and a new log started. */
    public static final long DEFAULT_SNAPSHOT_AFTER_BYTES = 64L * 1024 * 1024;

    private final Clock clock;
    private final String region;
    private final String accountId;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Map<String, TableData> tables = new ConcurrentHashMap<>();
    private final Map<String, StreamState> streams = new ConcurrentSkipListMap<>();
    private long lastSequence;
    private final Path directory;
    private final FsyncPolicy fsyncPolicy;
    private volatile WriteAheadLog log;
    private long generation;
    private final ThreadLocal<Long> lastCommitPosition = new ThreadLocal<>();
    private long snapshotAfterBytes = DEFAULT_SNAPSHOT_AFTER_BYTES;

    private Database(Clock clock, String region, String accountId, Path directory, FsyncPolicy fsyncPolicy) {
        this.clock = clock;
        this.region = region;
        this.accountId = accountId;
        this.directory = directory;
        this.fsyncPolicy = fsyncPolicy;
    }

    public static Database inMemory(Clock clock, String region, String accountId) {
        return new Database(clock, region, accountId, null, FsyncPolicy.NEVER);
    }

    /** Loads the newest snapshot and replays the logs after it; a torn last frame is cut off. */
    public static Database open(Path directory, FsyncPolicy policy, Clock clock, String region, String accountId) {
        return open(directory, policy, DEFAULT_SNAPSHOT_AFTER_BYTES, clock, region, accountId);
    }

    /** @param snapshotAfterBytes log size at which the state is snapshotted and a new log begun */
    public static Database open(Path directory, FsyncPolicy policy, long snapshotAfterBytes, Clock clock,
            String region, String accountId) {
        Database database = new Database(clock, region, accountId, directory, policy);
        database.snapshotAfterBytes = snapshotAfterBytes;
        try {
            database.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data directory " + directory, e);
        }
        return database;
    }

    public Clock clock() {
        return clock;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public TableData table(String name) {
        return tables.get(name);
    }

    public Collection<TableData> tables() {
        return tables.values();
    }

    public StreamState stream(String arn) {
        return streams.get(arn);
    }

    /** All streams, in ARN order, retained ones of deleted tables included. */
    public Collection<StreamState> streams() {
        return streams.values();
    }

    /**
     * Runs {@code work} holding the write lock; it may {@link #commit} once or more. Returns once the
     * commits are in the operating system (and on disk under {@link FsyncPolicy#EVERY_WRITE}).
     */
    public <T> T write(Supplier<T> work) {
        T result;
        Long position;
        writeLock.lock();
        try {
            lastCommitPosition.remove();
            result = work.get();
            position = lastCommitPosition.get();
            if (log != null && log.size() > snapshotAfterBytes) {
                compact();
            }
        } finally {
            writeLock.unlock();
        }
        if (position != null && log != null) {
            log.awaitDurable(position);
        }
        return result;
    }

    public Commit newCommit() {
        return new Commit();
    }

    /** Logs then applies a commit; the caller holds the write lock (inside {@link #write}). */
    public void commit(Commit commit) {
        if (!writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("commit outside write()");
        }
        if (commit.mutations.isEmpty()) {
            return;
        }
        if (log != null) {
            lastCommitPosition.set(log.append(MutationCodec.encode(commit.mutations)));
        }
        commit.mutations.forEach(this::apply);
    }

    private void apply(Mutation mutation) {
        if (mutation instanceof Mutation.TableCreated m) {
            tables.put(m.definition().name(), new TableData(m.definition()));
        } else if (mutation instanceof Mutation.TableRedefined m) {
            tables.get(m.definition().name()).redefine(m.definition());
        } else if (mutation instanceof Mutation.TableDeleted m) {
            tables.remove(m.tableName());
        } else if (mutation instanceof Mutation.StreamCreated m) {
            StreamState stream = new StreamState(m.arn(), m.tableName(), m.label(), m.viewType(), m.createdMillis(),
                    m.keySchema());
            stream.addShard(new Shard(m.shardId(), m.startingSequence(), m.createdMillis()));
            streams.put(m.arn(), stream);
            lastSequence = Math.max(lastSequence, m.startingSequence() - 1);
        } else if (mutation instanceof Mutation.StreamDisabled m) {
            StreamState stream = streams.get(m.arn());
            if (stream != null) {
                stream.disable(clock.millis());
            }
        } else if (mutation instanceof Mutation.ItemPut m) {
            tables.get(m.tableName()).put(m.item());
        } else if (mutation instanceof Mutation.ItemDeleted m) {
            TableData table = tables.get(m.tableName());
            table.delete(PrimaryKey.of(table.definition().keySchema(), m.key()));
        } else if (mutation instanceof Mutation.RecordAdded m) {
            StreamState stream = streams.get(m.streamArn());
            if (stream != null) {
                stream.append(m.record());
            }
            lastSequence = Math.max(lastSequence, m.record().sequence());
        } else if (mutation instanceof Mutation.SequenceFloor m) {
            lastSequence = Math.max(lastSequence, m.sequence());
        }
    }

    /** Drops stream records past the retention and streams of deleted tables with nothing left. */
    public void trimStreams() {
        long horizon = clock.millis() - STREAM_RETENTION.toMillis();
        for (StreamState stream : streams.values()) {
            stream.trim(horizon);
            // A disabled stream stays readable for 24 hours, then goes (its records are past retention too).
            if (!stream.isEnabled() && stream.disabledMillis() < horizon) {
                writeLock.lock();
                try {
                    streams.remove(stream.arn());
                } finally {
                    writeLock.unlock();
                }
            }
        }
    }

    /**
     * The changes of one write request, built under the write lock. Item writes become the item mutation
     * plus, when the table's stream is enabled and the item really changed, its stream record.
     */
    public final class Commit {
        private final List<Mutation> mutations = new ArrayList<>();

        private Commit() {
        }

        public boolean isEmpty() {
            return mutations.isEmpty();
        }

        /** @return the definition as created (with its stream label when it has a stream) */
        public TableDefinition createTable(TableDefinition definition) {
            if (!definition.streamSpecification().enabled()) {
                mutations.add(new Mutation.TableCreated(definition));
                return definition;
            }
            Mutation.StreamCreated stream = newStream(definition, definition.streamSpecification().viewType());
            TableDefinition created = definition.toBuilder().streamSpecification(new TableDefinition.StreamSpecification(
                    true, stream.viewType(), stream.label())).build();
            mutations.add(new Mutation.TableCreated(created));
            mutations.add(stream);
            return created;
        }

        /** A new stream for {@code definition}'s table, with a label never used by that table before. */
        private Mutation.StreamCreated newStream(TableDefinition definition, String viewType) {
            long now = clock.millis();
            String label = LABEL.format(Instant.ofEpochMilli(now));
            String previous = definition.streamSpecification().latestStreamLabel();
            // A new stream needs a new label even when re-enabled within the same millisecond.
            while (label.equals(previous) || streams.containsKey(streamArn(definition.name(), label))) {
                now++;
                label = LABEL.format(Instant.ofEpochMilli(now));
            }
            String shardId = String.format("shardId-%020d-%s", now,
                    HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
            return new Mutation.StreamCreated(definition.name(), streamArn(definition.name(), label), label,
                    viewType, now, shardId, lastSequence + 1, definition.keySchema().names());
        }

        /**
         * Installs a changed definition; when it turns the stream on (or changes it), a new stream starts and
         * the label is written into the definition; when it turns it off, the current stream is disabled.
         *
         * @return the definition as installed (with the stream label filled in)
         */
        public TableDefinition redefine(TableDefinition before, TableDefinition after) {
            TableDefinition installed = after;
            TableDefinition.StreamSpecification was = before.streamSpecification();
            TableDefinition.StreamSpecification now = after.streamSpecification();
            if (was.enabled() && (!now.enabled() || !Objects.equals(was.viewType(), now.viewType()))) {
                mutations.add(new Mutation.StreamDisabled(streamArn(before.name(), was.latestStreamLabel())));
            }
            if (now.enabled() && (!was.enabled() || !Objects.equals(was.viewType(), now.viewType()))) {
                Mutation.StreamCreated stream = newStream(before, now.viewType());
                installed = after.toBuilder().streamSpecification(
                        new TableDefinition.StreamSpecification(true, now.viewType(), stream.label())).build();
                mutations.add(new Mutation.TableRedefined(installed));
                mutations.add(stream);
                return installed;
            }
            mutations.add(new Mutation.TableRedefined(installed));
            return installed;
        }

        public Commit deleteTable(TableDefinition definition) {
            if (definition.streamSpecification().enabled()) {
                mutations.add(new Mutation.StreamDisabled(
                        streamArn(definition.name(), definition.streamSpecification().latestStreamLabel())));
            }
            mutations.add(new Mutation.TableDeleted(definition.name()));
            return this;
        }

        /**
         * Puts {@code newItem} (null: deletes the item) where {@code oldItem} was (null: no item). A write that
         * changes nothing is no mutation and no stream record.
         *
         * @param service true for a deletion by TTL (its record names the DynamoDB service as the user)
         * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html">Change data capture for DynamoDB Streams</a>
         */
        public Commit writeItem(TableDefinition definition, Map<String, AttributeValue> oldItem,
                Map<String, AttributeValue> newItem, boolean service) {
            if (oldItem == null && newItem == null) {
                return this;
            }
            if (oldItem != null && oldItem.equals(newItem)) {
                return this;
            }
            if (newItem != null) {
                mutations.add(new Mutation.ItemPut(definition.name(), newItem));
            } else {
                mutations.add(new Mutation.ItemDeleted(definition.name(),
                        PrimaryKey.of(definition.keySchema(), oldItem).toMap(definition.keySchema())));
            }
            TableDefinition.StreamSpecification spec = definition.streamSpecification();
            if (spec.enabled()) {
                String viewType = spec.viewType();
                Map<String, AttributeValue> keys = PrimaryKey.of(definition.keySchema(),
                        newItem != null ? newItem : oldItem).toMap(definition.keySchema());
                boolean keepNew = newItem != null && ("NEW_IMAGE".equals(viewType)
                        || "NEW_AND_OLD_IMAGES".equals(viewType));
                boolean keepOld = oldItem != null && ("OLD_IMAGE".equals(viewType)
                        || "NEW_AND_OLD_IMAGES".equals(viewType));
                long size = ItemSizes.itemSize(keys) + (keepNew ? ItemSizes.itemSize(newItem) : 0)
                        + (keepOld ? ItemSizes.itemSize(oldItem) : 0);
                String eventName = oldItem == null ? "INSERT" : newItem == null ? "REMOVE" : "MODIFY";
                long sequence = ++pendingSequence()[0];
                StreamRecord record = new StreamRecord(sequence, eventId(), eventName, clock.millis(), keys,
                        keepNew ? newItem : null, keepOld ? oldItem : null, size, viewType, service);
                mutations.add(new Mutation.RecordAdded(streamArn(definition.name(), spec.latestStreamLabel()), record));
            }
            return this;
        }

        private long[] pending;

        /** Sequence numbers are handed out as the commit is built and become real when it is applied. */
        private long[] pendingSequence() {
            if (pending == null) {
                pending = new long[] {lastSequence};
            }
            return pending;
        }
    }

    private String streamArn(String tableName, String label) {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":table/" + tableName + "/stream/" + label;
    }

    /** 32 lowercase hex digits, as AWS's eventIDs are. */
    private static String eventId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HexFormat.of().toHexDigits(random.nextLong()) + HexFormat.of().toHexDigits(random.nextLong());
    }

    // ---- persistence -------------------------------------------------------------------------------

    private void recover() throws IOException {
        Files.createDirectories(directory);
        long snapshotGeneration = -1;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                long g = generationOf(file, "snapshot-", ".dat");
                snapshotGeneration = Math.max(snapshotGeneration, g);
            }
        }
        if (snapshotGeneration >= 0) {
            WriteAheadLog.replay(snapshotFile(snapshotGeneration), frame -> MutationCodec.decode(frame)
                    .forEach(this::apply));
            generation = snapshotGeneration;
        }
        List<Long> logs = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                long g = generationOf(file, "wal-", ".log");
                if (g >= 0 && g >= Math.max(snapshotGeneration, 0)) {
                    logs.add(g);
                }
            }
        }
        logs.sort(null);
        long validLength = 0;
        for (long g : logs) {
            validLength = WriteAheadLog.replay(logFile(g), frame -> MutationCodec.decode(frame).forEach(this::apply));
            generation = Math.max(generation, g);
        }
        if (logs.isEmpty() || logs.get(logs.size() - 1) != generation) {
            validLength = 0;
        }
        log = WriteAheadLog.open(logFile(generation), validLength, fsyncPolicy);
        // Only what the newest snapshot covers may go: later logs are still needed on the next start.
        deleteOlderThan(Math.max(snapshotGeneration, 0));
    }

    /** Writes the whole state as a new snapshot and starts a new log; the caller holds the write lock. */
    private void compact() {
        try {
            long next = generation + 1;
            log.close();
            log = WriteAheadLog.open(logFile(next), 0, fsyncPolicy);
            Path temporary = directory.resolve("snapshot-" + next + ".tmp");
            Files.deleteIfExists(temporary);
            try (WriteAheadLog snapshot = WriteAheadLog.open(temporary, 0, FsyncPolicy.EVERY_WRITE)) {
                for (List<Mutation> chunk : snapshotMutations()) {
                    snapshot.append(MutationCodec.encode(chunk));
                }
            }
            Files.move(temporary, snapshotFile(next), StandardCopyOption.ATOMIC_MOVE);
            generation = next;
            deleteOlderThan(next);
        } catch (IOException e) {
            throw new UncheckedIOException("snapshot failed in " + directory, e);
        }
    }

    private List<List<Mutation>> snapshotMutations() {
        List<List<Mutation>> chunks = new ArrayList<>();
        List<Mutation> chunk = new ArrayList<>();
        chunk.add(new Mutation.SequenceFloor(lastSequence));
        for (TableData table : tables.values()) {
            chunk.add(new Mutation.TableCreated(table.definition()));
            for (var it = table.items().all(); it.hasNext();) {
                chunk.add(new Mutation.ItemPut(table.definition().name(), new LinkedHashMap<>(it.next())));
                if (chunk.size() >= 1000) {
                    chunks.add(chunk);
                    chunk = new ArrayList<>();
                }
            }
        }
        for (StreamState stream : streams.values()) {
            for (Shard shard : stream.shards()) {
                chunk.add(new Mutation.StreamCreated(stream.tableName(), stream.arn(), stream.label(),
                        stream.viewType(), shard.createdMillis(), shard.shardId(), shard.startingSequence(),
                        stream.keySchema()));
                for (StreamRecord record : shard.retained()) {
                    chunk.add(new Mutation.RecordAdded(stream.arn(), record));
                    if (chunk.size() >= 1000) {
                        chunks.add(chunk);
                        chunk = new ArrayList<>();
                    }
                }
                if (!shard.isOpen()) {
                    chunk.add(new Mutation.StreamDisabled(stream.arn()));
                }
            }
        }
        chunks.add(chunk);
        return chunks;
    }

    private void deleteOlderThan(long keep) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                long s = generationOf(file, "snapshot-", ".dat");
                long w = generationOf(file, "wal-", ".log");
                if ((s >= 0 && s < keep) || (w >= 0 && w < keep)
                        || file.getFileName().toString().endsWith(".tmp")) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static long generationOf(Path file, String prefix, String suffix) {
        String name = file.getFileName().toString();
        if (name.startsWith(prefix) && name.endsWith(suffix)) {
            try {
                return Long.parseLong(name.substring(prefix.length(), name.length() - suffix.length()));
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        return -1;
    }

    private Path snapshotFile(long g) {
        return directory.resolve("snapshot-" + g + ".dat");
    }

    private Path logFile(long g) {
        return directory.resolve("wal-" + g + ".log");
    }

    /** Forces the log to disk (the periodic fsync). */
    public void sync() {
        WriteAheadLog current = log;
        if (current != null) {
            try {
                current.force();
            } catch (UncheckedIOException e) {
                // The log was swapped by a compaction (which forced it) or closed: nothing left to sync.
            }
        }
    }

    public FsyncPolicy fsyncPolicy() {
        return fsyncPolicy;
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (log != null) {
                log.close();
                log = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writeLock.unlock();
        }
    }
}
