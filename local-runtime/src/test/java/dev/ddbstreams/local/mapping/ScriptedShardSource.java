package dev.ddbstreams.local.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An in-memory stream whose shards, records and failures a test scripts: parent and child shards, closed shards,
 * expired or rejected iterators, throttling, trimming, and plain errors, which a real stream rarely produces on
 * demand. Iterators are {@code shardId|index}; every one is valid until the test says otherwise.
 */
final class ScriptedShardSource implements ShardSource {

    private final Map<String, ShardInfo> shards = new LinkedHashMap<>();
    private final Map<String, List<SourceRecord>> records = new LinkedHashMap<>();
    private final Map<String, Integer> trimmedBefore = new LinkedHashMap<>();
    private final Deque<RuntimeException> readFailures = new ArrayDeque<>();
    private final List<String> iteratorRequests = new ArrayList<>();
    private final java.util.Set<String> unreadable = new java.util.HashSet<>();
    private long nextSequence = 1000;

    synchronized ScriptedShardSource shard(String shardId, String parent, boolean closed, String... keys) {
        shards.put(shardId, new ShardInfo(shardId, parent == null ? List.of() : List.of(parent), closed, null));
        List<SourceRecord> list = records.computeIfAbsent(shardId, id -> new ArrayList<>());
        for (String key : keys) {
            list.add(record(key));
        }
        return this;
    }

    synchronized void close(String shardId) {
        ShardInfo shard = shards.get(shardId);
        shards.put(shardId, new ShardInfo(shardId, shard.parentShardIds(), true, shard.startingSequenceNumber()));
    }

    synchronized void append(String shardId, String... keys) {
        for (String key : keys) {
            records.get(shardId).add(record(key));
        }
    }

    /** The next reads throw these, in order. */
    synchronized void failNextReads(RuntimeException... failures) {
        readFailures.addAll(List.of(failures));
    }

    /** Records before {@code index} are gone; reading them or an iterator after them reports TRIMMED. */
    synchronized void trim(String shardId, int index) {
        trimmedBefore.put(shardId, index);
    }

    /** A read whose page would hold this record fails as UNREADABLE (an answer the SDK cannot unmarshal). */
    synchronized void unreadable(String key) {
        unreadable.add(key);
    }

    synchronized List<String> iteratorRequests() {
        return List.copyOf(iteratorRequests);
    }

    private SourceRecord record(String key) {
        String sequence = Long.toString(nextSequence++);
        ObjectNode event = Fixtures.JSON.createObjectNode();
        event.put("eventID", key);
        event.put("eventName", "INSERT");
        ObjectNode dynamodb = event.putObject("dynamodb");
        dynamodb.putObject("Keys").putObject("id").put("S", key);
        dynamodb.put("SequenceNumber", sequence);
        return new SourceRecord(sequence, new BigInteger(sequence), Instant.now(), event);
    }

    @Override
    public String arn() {
        return "arn:aws:dynamodb:us-east-1:000000000000:table/scripted/stream/1";
    }

    @Override
    public boolean isKinesis() {
        return false;
    }

    @Override
    public Duration retention() {
        return Duration.ofHours(24);
    }

    @Override
    public synchronized List<ShardInfo> listShards() {
        return List.copyOf(shards.values());
    }

    @Override
    public synchronized String iterator(String shardId, Position position) {
        iteratorRequests.add(shardId + ":" + position.type() + (position.sequenceNumber() == null ? ""
                : ":" + position.sequenceNumber()));
        List<SourceRecord> list = records.get(shardId);
        if (list == null) {
            throw new ShardReadException(ShardReadException.Kind.SHARD_NOT_FOUND, shardId, null);
        }
        int trimmed = trimmedBefore.getOrDefault(shardId, 0);
        int index = switch (position.type()) {
            case TRIM_HORIZON -> trimmed;
            case LATEST -> list.size();
            case AFTER_SEQUENCE_NUMBER -> {
                int at = 0;
                while (at < list.size() && !list.get(at).sequenceNumber().equals(position.sequenceNumber())) {
                    at++;
                }
                if (at < trimmed) {
                    throw new ShardReadException(ShardReadException.Kind.TRIMMED, position.sequenceNumber(), null);
                }
                yield at + 1;
            }
        };
        return shardId + "|" + index;
    }

    @Override
    public synchronized Page read(String shardId, String iterator, int limit) {
        if (!readFailures.isEmpty()) {
            throw readFailures.pollFirst();
        }
        String[] parts = iterator.split("\\|");
        List<SourceRecord> list = records.get(parts[0]);
        int from = Integer.parseInt(parts[1]);
        if (from < trimmedBefore.getOrDefault(parts[0], 0)) {
            throw new ShardReadException(ShardReadException.Kind.TRIMMED, iterator, null);
        }
        int to = Math.min(list.size(), from + limit);
        List<SourceRecord> page = List.copyOf(list.subList(from, to));
        for (SourceRecord record : page) {
            if (unreadable.contains(record.event().get("eventID").asText())) {
                throw new ShardReadException(ShardReadException.Kind.UNREADABLE,
                        "Unable to unmarshall response (expecting VALUE_STRING, got START_OBJECT)", null);
            }
        }
        boolean end = to == list.size() && shards.get(parts[0]).closed();
        return new Page(page, end ? null : parts[0] + "|" + to);
    }

    @Override
    public synchronized java.util.Optional<String> sequenceNumberAfter(String shardId, Position position) {
        String[] iterator = iterator(shardId, position).split("\\|");
        List<SourceRecord> list = records.get(shardId);
        int index = Integer.parseInt(iterator[1]);
        return index < list.size() ? java.util.Optional.of(list.get(index).sequenceNumber()) : java.util.Optional.empty();
    }

    @Override
    public JsonNode filterView(ObjectNode event) {
        return event;
    }

    Supplier<ShardSource> supplier() {
        return () -> this;
    }
}
