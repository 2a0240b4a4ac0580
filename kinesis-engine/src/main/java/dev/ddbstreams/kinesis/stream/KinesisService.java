package dev.ddbstreams.kinesis.stream;

import dev.ddbstreams.kinesis.errors.ExpiredIteratorException;
import dev.ddbstreams.kinesis.errors.InvalidArgumentException;
import dev.ddbstreams.kinesis.errors.LimitExceededException;
import dev.ddbstreams.kinesis.errors.ResourceInUseException;
import dev.ddbstreams.kinesis.errors.ResourceNotFoundException;
import dev.ddbstreams.kinesis.errors.ValidationException;
import dev.ddbstreams.kinesis.stream.StreamEvent.EncryptionChanged;
import dev.ddbstreams.kinesis.stream.StreamEvent.MonitoringChanged;
import dev.ddbstreams.kinesis.stream.StreamEvent.RecordsPut;
import dev.ddbstreams.kinesis.stream.StreamEvent.RetentionChanged;
import dev.ddbstreams.kinesis.stream.StreamEvent.ShardCountUpdated;
import dev.ddbstreams.kinesis.stream.StreamEvent.ShardSplit;
import dev.ddbstreams.kinesis.stream.StreamEvent.ShardsMerged;
import dev.ddbstreams.kinesis.stream.StreamEvent.StreamCreated;
import dev.ddbstreams.kinesis.stream.StreamEvent.StreamDeleted;
import dev.ddbstreams.kinesis.stream.StreamEvent.StreamModeChanged;
import dev.ddbstreams.kinesis.stream.StreamEvent.TagsAdded;
import dev.ddbstreams.kinesis.stream.StreamEvent.TagsRemoved;
import dev.ddbstreams.kinesis.stream.Views.ChildShard;
import dev.ddbstreams.kinesis.stream.Views.Limits;
import dev.ddbstreams.kinesis.stream.Views.PutResult;
import dev.ddbstreams.kinesis.stream.Views.RecordBatch;
import dev.ddbstreams.kinesis.stream.Views.ShardCountUpdate;
import dev.ddbstreams.kinesis.stream.Views.ShardList;
import dev.ddbstreams.kinesis.stream.Views.StreamDescription;
import dev.ddbstreams.kinesis.stream.Views.StreamList;
import dev.ddbstreams.kinesis.stream.Views.StreamSummary;
import dev.ddbstreams.kinesis.stream.Views.TagList;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Kinesis Data Streams behaviour: streams, shards, records, iterators and resharding, with AWS's rules and error
 * messages. Knows nothing of HTTP, JSON or CBOR. Every change is an {@link StreamEvent} written to the
 * {@link EventLog} before it is applied and before the caller gets an answer. One lock serialises all calls.
 *
 * <p>Error messages follow what AWS answers; where the API reference gives no text, the message is the one
 * recorded against AWS in kinesalite's and moto's test suites (named at each place).
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_Operations.html">Kinesis Data Streams actions</a>
 */
public final class KinesisService {

    /** Tag keys and values: "Unicode letters, digits, white space, _ . / = + - % @" (kinesalite, recorded against AWS). */
    private static final Pattern TAG_CHARACTERS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@%]*");
    private static final Pattern STREAM_ARN = Pattern.compile("arn:aws[a-z-]*:kinesis:([a-z0-9-]+):(\\d{12}):stream/([a-zA-Z0-9_.-]+)");

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Duration transitionDelay;
    private final EventLog eventLog;
    private final Map<String, Stream> streams = new TreeMap<>();

    /**
     * @param transitionDelay how long CREATING, UPDATING and DELETING last
     * @param eventLog        replayed now; every later change is appended to it before it is applied
     */
    public KinesisService(String region, String accountId, Clock clock, Duration transitionDelay, EventLog eventLog) {
        this.region = region;
        this.accountId = accountId;
        this.clock = clock;
        this.transitionDelay = transitionDelay;
        this.eventLog = eventLog;
        for (StreamEvent event : eventLog.replay()) {
            apply(event);
        }
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** How a request names its stream: by StreamName, by StreamARN, or both (newer API versions). */
    public record StreamRef(String streamName, String streamArn) {
        public static StreamRef named(String streamName) {
            return new StreamRef(streamName, null);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Streams

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html">CreateStream</a>
     */
    public synchronized void createStream(String streamName, Integer shardCount, StreamMode mode, Map<String, String> tags) {
        Instant now = now();
        Stream existing = streams.get(streamName);
        if (existing != null && !existing.isGone(now)) {
            // kinesalite createStream test, recorded against AWS
            throw new ResourceInUseException("Stream " + streamName + " under account " + accountId + " already exists.");
        }
        StreamMode effectiveMode = mode == null ? StreamMode.PROVISIONED : mode;
        int shards;
        if (effectiveMode == StreamMode.ON_DEMAND) {
            // CreateStream: "you don't need to specify the number of shards" for on-demand; AWS refuses a count with it.
            if (shardCount != null) {
                throw new ValidationException("ShardCount is not supported for stream mode ON_DEMAND.");
            }
            long onDemand = streams.values().stream().filter(s -> !s.isGone(now) && s.mode == StreamMode.ON_DEMAND).count();
            if (onDemand >= KinesisLimits.ON_DEMAND_STREAM_COUNT_LIMIT) {
                throw new LimitExceededException("This request would exceed the on-demand stream count limit of "
                        + KinesisLimits.ON_DEMAND_STREAM_COUNT_LIMIT + " for the account " + accountId + " in " + region + ".");
            }
            shards = KinesisLimits.ON_DEMAND_INITIAL_SHARDS;
        } else {
            if (shardCount == null) {
                // CreateStream: "ShardCount ... is required for provisioned mode" (API reference, ShardCount)
                throw new ValidationException("1 validation error detected: Value null at 'shardCount' failed to satisfy "
                        + "constraint: Member must not be null");
            }
            shards = shardCount;
        }
        checkShardLimit(shards, now);
        if (tags != null) {
            checkTags(streamName, tags, Map.of(), "add");
        }
        record(new StreamCreated(streamName, now.toEpochMilli(), shards, effectiveMode, tags == null ? Map.of() : tags));
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html">DeleteStream</a>
     */
    public synchronized void deleteStream(StreamRef ref) {
        Stream stream = stream(ref);
        if (stream.status(now()) == StreamStatus.DELETING) {
            throw notActive(stream, now());
        }
        record(new StreamDeleted(stream.name, now().toEpochMilli()));
    }

    /**
     * @param limit                 shards per page, 1 to 10,000 (default 100)
     * @param exclusiveStartShardId the last shard of the previous page
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html">DescribeStream</a>
     */
    public synchronized StreamDescription describeStream(StreamRef ref, Integer limit, String exclusiveStartShardId) {
        Instant now = now();
        Stream stream = stream(ref);
        int pageSize = limit == null ? 100 : limit;
        List<Shard> visible = stream.visibleShards(now);
        List<ShardView> page = new ArrayList<>();
        boolean more = false;
        for (Shard shard : visible) {
            if (exclusiveStartShardId != null && shard.id.compareTo(exclusiveStartShardId) <= 0) {
                continue;
            }
            if (page.size() == pageSize) {
                more = true;
                break;
            }
            page.add(shard.view());
        }
        return description(stream, now, page, more);
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStreamSummary.html">DescribeStreamSummary</a>
     */
    public synchronized StreamDescription describeStreamSummary(StreamRef ref) {
        Instant now = now();
        return description(stream(ref), now, List.of(), false);
    }

    private StreamDescription description(Stream stream, Instant now, List<ShardView> shards, boolean more) {
        return new StreamDescription(stream.name, stream.arn, stream.status(now), stream.mode, stream.retentionPeriodHours,
                stream.createdAt, stream.encryptionType, stream.keyId, stream.shardLevelMetrics, shards, more,
                stream.openShards().size());
    }

    /**
     * @param nextToken a token from a previous page (it names the last stream listed)
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html">ListStreams</a>
     */
    public synchronized StreamList listStreams(Integer limit, String exclusiveStartStreamName, String nextToken) {
        Instant now = now();
        String after = exclusiveStartStreamName;
        if (nextToken != null) {
            after = decodeToken(nextToken, "NextToken");
        }
        int pageSize = limit == null ? 100 : limit;
        List<StreamSummary> page = new ArrayList<>();
        boolean more = false;
        for (Stream stream : streams.values()) {
            if (stream.isGone(now) || (after != null && stream.name.compareTo(after) <= 0)) {
                continue;
            }
            if (page.size() == pageSize) {
                more = true;
                break;
            }
            page.add(new StreamSummary(stream.name, stream.arn, stream.status(now), stream.mode, stream.createdAt));
        }
        String token = more ? encodeToken(page.get(page.size() - 1).streamName()) : null;
        return new StreamList(page, more, token);
    }

    /**
     * @param filterType AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP or FROM_TIMESTAMP
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListShards.html">ListShards</a>
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ShardFilter.html">ShardFilter</a>
     */
    public synchronized ShardList listShards(StreamRef ref, String nextToken, String exclusiveStartShardId, Integer maxResults,
                                             String filterType, String filterShardId, Instant filterTimestamp) {
        Instant now = now();
        boolean named = ref.streamName() != null || ref.streamArn() != null;
        // kinesalite listShards tests, recorded against AWS
        if (!named && nextToken == null) {
            throw new InvalidArgumentException("Either NextToken or StreamName should be provided.");
        }
        if (named && nextToken != null) {
            throw new InvalidArgumentException("NextToken and StreamName cannot be provided together.");
        }
        String after = exclusiveStartShardId;
        Stream stream;
        if (nextToken != null) {
            String[] token = decodeToken(nextToken, "NextToken").split("\n", -1);
            if (token.length != 2) {
                throw new InvalidArgumentException("Invalid NextToken.");
            }
            stream = stream(StreamRef.named(token[0]));
            after = token[1];
        } else {
            stream = stream(ref);
        }
        List<Shard> candidates = new ArrayList<>();
        for (Shard shard : stream.visibleShards(now)) {
            if (filterType != null && !matchesFilter(shard, stream, now, filterType, filterShardId, filterTimestamp)) {
                continue;
            }
            candidates.add(shard);
        }
        int pageSize = maxResults == null ? 1000 : maxResults;
        List<ShardView> page = new ArrayList<>();
        boolean more = false;
        for (Shard shard : candidates) {
            if (after != null && shard.id.compareTo(after) <= 0) {
                continue;
            }
            if (page.size() == pageSize) {
                more = true;
                break;
            }
            page.add(shard.view());
        }
        String token = more ? encodeToken(stream.name + "\n" + page.get(page.size() - 1).shardId()) : null;
        return new ShardList(page, token);
    }

    private boolean matchesFilter(Shard shard, Stream stream, Instant now, String type, String shardId, Instant timestamp) {
        return switch (type) {
            case "AT_LATEST" -> shard.isOpen();
            case "AT_TRIM_HORIZON", "FROM_TRIM_HORIZON" -> true;
            case "AFTER_SHARD_ID" -> {
                if (shardId == null) {
                    throw new InvalidArgumentException("Must specify ShardId for ShardFilter of type AFTER_SHARD_ID.");
                }
                yield shard.id.compareTo(shardId) > 0;
            }
            case "AT_TIMESTAMP", "FROM_TIMESTAMP" -> {
                if (timestamp == null) {
                    throw new InvalidArgumentException("Must specify Timestamp for ShardFilter of type " + type + ".");
                }
                boolean openAfter = shard.isOpen() || shard.closedAt.isAfter(timestamp);
                yield "FROM_TIMESTAMP".equals(type) ? openAfter : openAfter && !shard.createdAt.isAfter(timestamp);
            }
            default -> throw new InvalidArgumentException("Invalid ShardFilter type " + type + ".");
        };
    }

    // ---------------------------------------------------------------------------------------------------------
    // Records

    /** One record to put, as PutRecord or a PutRecords entry gives it. */
    public record NewRecord(String partitionKey, byte[] data, String explicitHashKey) {
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html">PutRecord</a>
     */
    public synchronized PutResult putRecord(StreamRef ref, NewRecord record, String sequenceNumberForOrdering) {
        Stream stream = writableStream(ref);
        if (sequenceNumberForOrdering != null && !sequenceNumberForOrdering.chars().allMatch(Character::isDigit)) {
            // kinesalite putRecord, recorded against AWS
            throw new InvalidArgumentException("ExclusiveMinimumSequenceNumber " + sequenceNumberForOrdering
                    + " used in PutRecord on stream " + stream.name + " under account " + accountId + " is invalid.");
        }
        return put(stream, List.of(record)).get(0);
    }

    /**
     * Every entry is written or the call fails as a whole: this engine does not throttle, so no entry fails alone
     * ({@code FailedRecordCount} is 0).
     *
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html">PutRecords</a>
     */
    public synchronized List<PutResult> putRecords(StreamRef ref, List<NewRecord> records) {
        Stream stream = writableStream(ref);
        long total = 0;
        for (NewRecord record : records) {
            total += record.data().length + record.partitionKey().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > KinesisLimits.MAX_PUT_RECORDS_BYTES) {
            // moto's TotalRecordsSizeExceedsLimit, recorded against AWS
            throw new InvalidArgumentException("Records size exceeds 5 MB limit");
        }
        return put(stream, records);
    }

    private List<PutResult> put(Stream stream, List<NewRecord> records) {
        List<RecordsPut.Entry> entries = new ArrayList<>(records.size());
        for (NewRecord record : records) {
            BigInteger hashKey = hashKeyOf(record);
            Shard target = null;
            for (Shard shard : stream.shards) {
                if (shard.isOpen() && shard.hashKeyRange.contains(hashKey)) {
                    target = shard;
                    break;
                }
            }
            if (target == null) {
                throw new IllegalStateException("Open shards of " + stream.name + " do not cover hash key " + hashKey);
            }
            entries.add(new RecordsPut.Entry(target.index, record.partitionKey(), record.data()));
        }
        int[] sizesBefore = stream.shards.stream().mapToInt(s -> s.records.size()).toArray();
        record(new RecordsPut(stream.name, now().toEpochMilli(), entries));
        // Results in request order: the i-th entry for a shard got that shard's i-th new record.
        int[] taken = new int[sizesBefore.length];
        List<PutResult> results = new ArrayList<>(entries.size());
        for (RecordsPut.Entry entry : entries) {
            Shard shard = stream.shards.get(entry.shardIndex());
            KinesisRecord stored = shard.records.get(sizesBefore[entry.shardIndex()] + taken[entry.shardIndex()]++);
            results.add(new PutResult(shard.id, stored.sequenceNumber(), stored.encryptionType()));
        }
        return results;
    }

    private BigInteger hashKeyOf(NewRecord record) {
        if (record.explicitHashKey() == null) {
            return PartitionKeys.hashKey(record.partitionKey());
        }
        BigInteger key = new BigInteger(record.explicitHashKey());
        if (key.compareTo(HashKeyRange.MAX_HASH_KEY) > 0) {
            // kinesalite putRecord, recorded against AWS
            throw new InvalidArgumentException("Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. "
                    + "Specified value was " + record.explicitHashKey());
        }
        return key;
    }

    /**
     * @param type TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER or AT_TIMESTAMP
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetShardIterator.html">GetShardIterator</a>
     */
    public synchronized String getShardIterator(StreamRef ref, String shardId, String type, String startingSequenceNumber,
                                                Instant timestamp) {
        Instant now = now();
        String streamName = ref.streamName() != null ? ref.streamName() : nameFromArn(ref.streamArn());
        OptionalInt index = ShardIds.indexOf(shardId);
        if (index.isEmpty()) {
            // kinesalite getShardIterator, recorded against AWS
            throw new ResourceNotFoundException("Could not find shard " + shardId + " in stream " + streamName
                    + " under account " + accountId + ".");
        }
        Stream stream = readableStream(ref, shardId);
        Shard shard = stream.shard(index.getAsInt());
        if (shard == null || !stream.visibleShards(now).contains(shard)) {
            throw shardDoesNotExist(ShardIds.of(index.getAsInt()), stream.name);
        }
        boolean bySequence = "AT_SEQUENCE_NUMBER".equals(type) || "AFTER_SEQUENCE_NUMBER".equals(type);
        if (bySequence != (startingSequenceNumber != null)) {
            // kinesalite getShardIterator, recorded against AWS
            throw new InvalidArgumentException("Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and "
                    + "StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. Request specified "
                    + type + (bySequence ? " and no StartingSequenceNumber." : " and also a StartingSequenceNumber."));
        }
        int trimHorizon = shard.firstIndexAtOrAfter(stream.retentionHorizon(now));
        int position = switch (type) {
            case "TRIM_HORIZON" -> trimHorizon;
            case "LATEST" -> shard.records.size();
            case "AT_TIMESTAMP" -> {
                if (timestamp == null) {
                    throw new InvalidArgumentException("Must specify timestampInMillis parameter for iterator of type "
                            + "AT_TIMESTAMP. Current request has no timestamp parameter.");
                }
                if (timestamp.isAfter(now)) {
                    throw new InvalidArgumentException("The timestampInMillis parameter cannot be greater than the "
                            + "currentTimestampInMillis. timestampInMillis: " + timestamp.toEpochMilli()
                            + ", currentTimestampInMillis: " + now.toEpochMilli());
                }
                yield Math.max(trimHorizon, shard.firstIndexAtOrAfter(timestamp));
            }
            default -> {
                long counter = sequenceCounter(stream, shard, startingSequenceNumber);
                long recordIndex = "AT_SEQUENCE_NUMBER".equals(type) ? Math.max(0, counter - 1) : counter;
                yield Math.max(trimHorizon, (int) recordIndex);
            }
        };
        return ShardIterators.encode(new ShardIterators.Position(stream.name, stream.createdMillis, shard.index, position,
                now.toEpochMilli()));
    }

    private long sequenceCounter(Stream stream, Shard shard, String sequenceNumber) {
        SequenceNumbers.Parts parts = SequenceNumbers.parse(sequenceNumber).orElseThrow(() -> invalidSequence(sequenceNumber, shard, stream));
        if (parts.shardIndex() != shard.index && parts.streamCreatedMillis() == stream.createdMillis) {
            // kinesalite getShardIterator, recorded against AWS
            throw new InvalidArgumentException("Invalid StartingSequenceNumber. It encodes " + ShardIds.of(parts.shardIndex())
                    + ", while it was used in a call to a shard with " + shard.id);
        }
        if (parts.streamCreatedMillis() != stream.createdMillis) {
            throw new InvalidArgumentException("StartingSequenceNumber " + sequenceNumber + " used in GetShardIterator on shard "
                    + shard.id + " in stream " + stream.name + " under account " + accountId
                    + " is invalid because it did not come from this stream.");
        }
        if (parts.counter() > shard.records.size()) {
            throw invalidSequence(sequenceNumber, shard, stream);
        }
        return parts.counter();
    }

    private InvalidArgumentException invalidSequence(String sequenceNumber, Shard shard, Stream stream) {
        return new InvalidArgumentException("StartingSequenceNumber " + sequenceNumber + " used in GetShardIterator on shard "
                + shard.id + " in stream " + stream.name + " under account " + accountId + " is invalid.");
    }

    /**
     * Reads up to {@code limit} records (and at most 10 MB; always at least one record when one is there).
     * MillisBehindLatest is 0 once the reader has caught up, else the age of the oldest record not yet returned.
     *
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html">GetRecords</a>
     */
    public synchronized RecordBatch getRecords(String shardIterator, Integer limit) {
        Instant now = now();
        ShardIterators.Position position = ShardIterators.decode(shardIterator);
        if (position.issuedMillis() > now.toEpochMilli()) {
            throw new InvalidArgumentException("Invalid ShardIterator.");
        }
        if (now.toEpochMilli() - position.issuedMillis() > KinesisLimits.ITERATOR_TTL_MILLIS) {
            // kinesalite getRecords, recorded against AWS
            throw new ExpiredIteratorException("Iterator expired. The iterator was created at time "
                    + awsTime(position.issuedMillis()) + " while right now it is " + awsTime(now.toEpochMilli())
                    + " which is further in the future than the tolerated delay of "
                    + KinesisLimits.ITERATOR_TTL_MILLIS + " milliseconds.");
        }
        String shardId = ShardIds.of(position.shardIndex());
        Stream stream = streams.get(position.streamName());
        if (stream == null || stream.isGone(now) || stream.createdMillis != position.streamCreatedMillis()) {
            throw shardDoesNotExist(shardId, position.streamName());
        }
        Shard shard = stream.shard(position.shardIndex());
        if (shard == null) {
            throw shardDoesNotExist(shardId, stream.name);
        }
        int start = Math.max(position.recordIndex(), shard.firstIndexAtOrAfter(stream.retentionHorizon(now)));
        int max = limit == null ? KinesisLimits.MAX_GET_RECORDS_LIMIT : limit;
        List<KinesisRecord> batch = new ArrayList<>();
        long bytes = 0;
        int next = start;
        while (next < shard.records.size() && batch.size() < max) {
            KinesisRecord record = shard.records.get(next);
            if (!batch.isEmpty() && bytes + record.size() > KinesisLimits.MAX_GET_RECORDS_BYTES) {
                break;
            }
            batch.add(record);
            bytes += record.size();
            next++;
        }
        boolean atEnd = next >= shard.records.size();
        long behind = atEnd ? 0 : Math.max(0, now.toEpochMilli() - shard.records.get(next).approximateArrivalTimestamp().toEpochMilli());
        if (atEnd && !shard.isOpen()) {
            // The end of a closed shard: no next iterator; ChildShards tells the reader where to go on.
            return new RecordBatch(batch, null, 0, childShards(stream, shard));
        }
        String nextIterator = ShardIterators.encode(new ShardIterators.Position(stream.name, stream.createdMillis, shard.index,
                next, now.toEpochMilli()));
        return new RecordBatch(batch, nextIterator, behind, List.of());
    }

    private List<ChildShard> childShards(Stream stream, Shard parent) {
        List<ChildShard> children = new ArrayList<>();
        for (Shard shard : stream.shards) {
            if (parent.id.equals(shard.parentShardId) || parent.id.equals(shard.adjacentParentShardId)) {
                List<String> parents = shard.adjacentParentShardId == null ? List.of(shard.parentShardId)
                        : List.of(shard.parentShardId, shard.adjacentParentShardId);
                children.add(new ChildShard(shard.id, parents, shard.hashKeyRange));
            }
        }
        return children;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Resharding

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html">SplitShard</a>
     */
    public synchronized void splitShard(StreamRef ref, String shardToSplit, String newStartingHashKey) {
        Instant now = now();
        Stream stream = activeProvisionedStream(ref, now);
        Shard shard = existingShard(stream, shardToSplit);
        BigInteger key = new BigInteger(newStartingHashKey);
        if (!shard.isOpen()) {
            throw alreadyResharded(stream, shard);
        }
        if (key.compareTo(shard.hashKeyRange.start()) <= 0 || key.compareTo(shard.hashKeyRange.end()) >= 0) {
            // kinesalite splitShard / moto, recorded against AWS
            throw new InvalidArgumentException("NewStartingHashKey " + newStartingHashKey + " used in SplitShard() on shard "
                    + shard.id + " in stream " + stream.name + " under account " + accountId
                    + " is not both greater than one plus the shard's StartingHashKey " + shard.hashKeyRange.start()
                    + " and less than the shard's EndingHashKey " + shard.hashKeyRange.end().subtract(BigInteger.ONE) + ".");
        }
        checkShardLimit(1, now);
        record(new ShardSplit(stream.name, now.toEpochMilli(), shard.index, newStartingHashKey));
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_MergeShards.html">MergeShards</a>
     */
    public synchronized void mergeShards(StreamRef ref, String shardToMerge, String adjacentShardToMerge) {
        Instant now = now();
        Stream stream = activeProvisionedStream(ref, now);
        Shard first = existingShard(stream, shardToMerge);
        Shard second = existingShard(stream, adjacentShardToMerge);
        for (Shard shard : List.of(first, second)) {
            if (!shard.isOpen()) {
                throw alreadyResharded(stream, shard);
            }
        }
        if (!adjacent(first, second)) {
            // kinesalite mergeShards, recorded against AWS
            throw new InvalidArgumentException("Shards " + first.id + " and " + second.id + " in stream " + stream.name
                    + " under account " + accountId + " are not an adjacent pair of shards eligible for merging");
        }
        record(new ShardsMerged(stream.name, now.toEpochMilli(), first.index, second.index));
    }

    /**
     * Uniform scaling: open shards are split (widest first) or adjacent pairs merged (narrowest first) until the
     * target count is open. AWS refuses more than doubling or less than halving in one call.
     *
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateShardCount.html">UpdateShardCount</a>
     */
    public synchronized ShardCountUpdate updateShardCount(StreamRef ref, int targetShardCount) {
        Instant now = now();
        Stream stream = activeProvisionedStream(ref, now);
        int current = stream.openShards().size();
        if (targetShardCount > current * 2) {
            throw new LimitExceededException("UpdateShardCount cannot scale up over double your current open shard count. "
                    + "Current open shard count: " + current + " Target shard count: " + targetShardCount);
        }
        if (targetShardCount * 2 < current) {
            throw new LimitExceededException("UpdateShardCount cannot scale down below half your current open shard count. "
                    + "Current open shard count: " + current + " Target shard count: " + targetShardCount);
        }
        if (targetShardCount > current) {
            checkShardLimit(targetShardCount - current, now);
        }
        record(new ShardCountUpdated(stream.name, now.toEpochMilli(), targetShardCount));
        return new ShardCountUpdate(stream.name, stream.arn, current, targetShardCount);
    }

    private static boolean adjacent(Shard a, Shard b) {
        return a.hashKeyRange.end().add(BigInteger.ONE).equals(b.hashKeyRange.start())
                || b.hashKeyRange.end().add(BigInteger.ONE).equals(a.hashKeyRange.start());
    }

    private InvalidArgumentException alreadyResharded(Stream stream, Shard shard) {
        // moto, recorded against AWS
        return new InvalidArgumentException("Shard " + shard.id + " in stream " + stream.name + " under account " + accountId
                + " has already been merged or split, and thus is not eligible for merging or splitting.");
    }

    private Shard existingShard(Stream stream, String shardId) {
        OptionalInt index = ShardIds.indexOf(shardId);
        Shard shard = index.isPresent() ? stream.shard(index.getAsInt()) : null;
        if (shard == null) {
            // kinesalite splitShard / mergeShards, recorded against AWS
            throw new ResourceNotFoundException("Could not find shard " + shardId + " in stream " + stream.name
                    + " under account " + accountId + ".");
        }
        return shard;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Stream settings

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_IncreaseStreamRetentionPeriod.html">IncreaseStreamRetentionPeriod</a>
     */
    public synchronized void increaseRetentionPeriod(StreamRef ref, int hours) {
        Instant now = now();
        Stream stream = activeStream(ref, now);
        checkRetentionBounds(hours);
        if (hours < stream.retentionPeriodHours) {
            // moto InvalidIncreaseRetention, recorded against AWS
            throw new InvalidArgumentException("Requested retention period (" + hours + " hours) for stream " + stream.name
                    + " can not be shorter than existing retention period (" + stream.retentionPeriodHours
                    + " hours). Use DecreaseRetentionPeriod API.");
        }
        record(new RetentionChanged(stream.name, now.toEpochMilli(), hours));
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DecreaseStreamRetentionPeriod.html">DecreaseStreamRetentionPeriod</a>
     */
    public synchronized void decreaseRetentionPeriod(StreamRef ref, int hours) {
        Instant now = now();
        Stream stream = activeStream(ref, now);
        checkRetentionBounds(hours);
        if (hours > stream.retentionPeriodHours) {
            throw new InvalidArgumentException("Requested retention period (" + hours + " hours) for stream " + stream.name
                    + " can not be longer than existing retention period (" + stream.retentionPeriodHours
                    + " hours). Use IncreaseRetentionPeriod API.");
        }
        record(new RetentionChanged(stream.name, now.toEpochMilli(), hours));
    }

    private static void checkRetentionBounds(int hours) {
        // moto InvalidRetentionPeriod, recorded against AWS
        if (hours < KinesisLimits.MIN_RETENTION_HOURS) {
            throw new InvalidArgumentException("Minimum allowed retention period is 24 hours. Requested retention period ("
                    + hours + " hours) is too short.");
        }
        if (hours > KinesisLimits.MAX_RETENTION_HOURS) {
            throw new InvalidArgumentException("Maximum allowed retention period is 8760 hours. Requested retention period ("
                    + hours + " hours) is too long.");
        }
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StartStreamEncryption.html">StartStreamEncryption</a>
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_StopStreamEncryption.html">StopStreamEncryption</a>
     */
    public synchronized void changeEncryption(StreamRef ref, boolean start, String encryptionType, String keyId) {
        Instant now = now();
        Stream stream = activeStream(ref, now);
        if (!"KMS".equals(encryptionType)) {
            throw new InvalidArgumentException("Invalid EncryptionType " + encryptionType + ". Valid value: KMS.");
        }
        record(new EncryptionChanged(stream.name, now.toEpochMilli(), start ? "KMS" : "NONE", start ? keyId : null));
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_UpdateStreamMode.html">UpdateStreamMode</a>
     */
    public synchronized void updateStreamMode(String streamArn, StreamMode mode) {
        Instant now = now();
        Stream stream = activeStream(new StreamRef(null, streamArn), now);
        if (stream.mode == mode) {
            throw new InvalidArgumentException("Stream " + stream.name + " under account " + accountId
                    + " is already in " + mode + " mode.");
        }
        record(new StreamModeChanged(stream.name, now.toEpochMilli(), mode));
    }

    /**
     * Enhanced (shard-level) monitoring: the setting is kept and reported; no metrics are published.
     *
     * @return the metrics enabled before and after
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_EnableEnhancedMonitoring.html">EnableEnhancedMonitoring</a>
     */
    public synchronized List<List<String>> changeMonitoring(StreamRef ref, List<String> metrics, boolean enable) {
        Instant now = now();
        Stream stream = activeStream(ref, now);
        List<String> all = List.of("IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords",
                "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds");
        List<String> requested = metrics.contains("ALL") ? all : metrics;
        List<String> before = stream.shardLevelMetrics;
        List<String> after = new ArrayList<>();
        for (String metric : all) {
            boolean had = before.contains(metric);
            boolean wanted = requested.contains(metric);
            if (enable ? had || wanted : had && !wanted) {
                after.add(metric);
            }
        }
        record(new MonitoringChanged(stream.name, now.toEpochMilli(), after));
        return List.of(before, List.copyOf(after));
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_AddTagsToStream.html">AddTagsToStream</a>
     */
    public synchronized void addTags(StreamRef ref, Map<String, String> tags) {
        Instant now = now();
        Stream stream = activeStream(ref, now);
        checkTags(stream.name, tags, stream.tags, "add");
        record(new TagsAdded(stream.name, now.toEpochMilli(), tags));
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_RemoveTagsFromStream.html">RemoveTagsFromStream</a>
     */
    public synchronized void removeTags(StreamRef ref, List<String> keys) {
        Instant now = now();
        Stream stream = activeStream(ref, now);
        for (String key : keys) {
            if (!TAG_CHARACTERS.matcher(key).matches()) {
                throw illegalTag(stream.name, "remove");
            }
        }
        record(new TagsRemoved(stream.name, now.toEpochMilli(), keys));
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListTagsForStream.html">ListTagsForStream</a>
     */
    public synchronized TagList listTags(StreamRef ref, String exclusiveStartTagKey, Integer limit) {
        Stream stream = stream(ref);
        int max = limit == null ? 50 : limit;
        Map<String, String> page = new LinkedHashMap<>();
        boolean more = false;
        List<String> keys = new ArrayList<>(stream.tags.keySet());
        keys.sort(Comparator.naturalOrder());
        for (String key : keys) {
            if (exclusiveStartTagKey != null && key.compareTo(exclusiveStartTagKey) <= 0) {
                continue;
            }
            if (page.size() == max) {
                more = true;
                break;
            }
            page.put(key, stream.tags.get(key));
        }
        return new TagList(page, more);
    }

    private void checkTags(String streamName, Map<String, String> tags, Map<String, String> existing, String verb) {
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            if (!TAG_CHARACTERS.matcher(tag.getKey()).matches() || !TAG_CHARACTERS.matcher(tag.getValue()).matches()) {
                throw illegalTag(streamName, verb);
            }
        }
        Map<String, String> merged = new LinkedHashMap<>(existing);
        merged.putAll(tags);
        if (merged.size() > KinesisLimits.MAX_TAGS_PER_STREAM) {
            // kinesalite addTagsToStream (recorded when the quota was 10; the quota is now 50)
            throw new InvalidArgumentException("Failed to add tags to stream " + streamName + " under account " + accountId
                    + " because a given stream cannot have more than " + KinesisLimits.MAX_TAGS_PER_STREAM
                    + " tags associated with it.");
        }
    }

    private InvalidArgumentException illegalTag(String streamName, String verb) {
        // kinesalite addTagsToStream / removeTagsFromStream, recorded against AWS
        return new InvalidArgumentException("Failed to " + verb + " tags " + ("add".equals(verb) ? "to" : "from") + " stream "
                + streamName + " under account " + accountId + " because some tags contained illegal characters. The allowed "
                + "characters are Unicode letters, white-spaces, '_',',','/','=','+','-','@'.");
    }

    /**
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html">DescribeLimits</a>
     */
    public synchronized Limits describeLimits() {
        Instant now = now();
        int open = openShardCount(now);
        int onDemand = (int) streams.values().stream().filter(s -> !s.isGone(now) && s.mode == StreamMode.ON_DEMAND).count();
        return new Limits(KinesisLimits.shardLimit(region), open, onDemand, KinesisLimits.ON_DEMAND_STREAM_COUNT_LIMIT);
    }

    /** The ARN AWS gives a stream: {@code arn:aws:kinesis:<region>:<account>:stream/<name>}. */
    public String streamArn(String streamName) {
        return "arn:aws:kinesis:" + region + ":" + accountId + ":stream/" + streamName;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lookups and checks

    private Stream stream(StreamRef ref) {
        Instant now = now();
        String name = ref.streamName();
        if (name == null) {
            if (ref.streamArn() == null) {
                // Modelled on ListShards' "Either NextToken or StreamName should be provided." (kinesalite)
                throw new InvalidArgumentException("Either StreamName or StreamARN should be provided.");
            }
            name = nameFromArn(ref.streamArn());
        } else if (ref.streamArn() != null && !streamArn(name).equals(ref.streamArn())) {
            throw new InvalidArgumentException("StreamARN " + ref.streamArn() + " does not match StreamName " + name + ".");
        }
        Stream stream = streams.get(name);
        if (stream == null || stream.isGone(now)) {
            // kinesalite db.getStream / moto StreamNotFoundError, recorded against AWS
            throw new ResourceNotFoundException("Stream " + name + " under account " + accountId + " not found.");
        }
        return stream;
    }

    private String nameFromArn(String arn) {
        if (arn == null) {
            throw new InvalidArgumentException("Either StreamName or StreamARN should be provided.");
        }
        var matcher = STREAM_ARN.matcher(arn);
        if (!matcher.matches()) {
            throw new InvalidArgumentException("Invalid StreamARN " + arn + ".");
        }
        if (!matcher.group(1).equals(region) || !matcher.group(2).equals(accountId)) {
            throw new ResourceNotFoundException("Stream " + matcher.group(3) + " under account " + matcher.group(2) + " not found.");
        }
        return matcher.group(3);
    }

    /** PutRecord(s) need an ACTIVE or UPDATING stream; else AWS says the stream is not found (kinesalite putRecord). */
    private Stream writableStream(StreamRef ref) {
        Stream stream = stream(ref);
        StreamStatus status = stream.status(now());
        if (status != StreamStatus.ACTIVE && status != StreamStatus.UPDATING) {
            throw new ResourceNotFoundException("Stream " + stream.name + " under account " + accountId + " not found.");
        }
        return stream;
    }

    private Stream readableStream(StreamRef ref, String shardId) {
        Stream stream;
        try {
            stream = stream(ref);
        } catch (ResourceNotFoundException e) {
            String name = ref.streamName() != null ? ref.streamName() : nameFromArn(ref.streamArn());
            throw shardDoesNotExist(ShardIds.indexOf(shardId).stream().mapToObj(ShardIds::of).findFirst().orElse(shardId), name);
        }
        StreamStatus status = stream.status(now());
        if (status != StreamStatus.ACTIVE && status != StreamStatus.UPDATING) {
            throw new ResourceNotFoundException("Stream " + stream.name + " under account " + accountId + " not found.");
        }
        return stream;
    }

    private ResourceNotFoundException shardDoesNotExist(String shardId, String streamName) {
        // kinesalite getShardIterator / getRecords, recorded against AWS
        return new ResourceNotFoundException("Shard " + shardId + " in stream " + streamName + " under account " + accountId
                + " does not exist");
    }

    private Stream activeStream(StreamRef ref, Instant now) {
        Stream stream = stream(ref);
        if (stream.status(now) != StreamStatus.ACTIVE) {
            throw notActive(stream, now);
        }
        return stream;
    }

    private Stream activeProvisionedStream(StreamRef ref, Instant now) {
        Stream stream = activeStream(ref, now);
        if (stream.mode == StreamMode.ON_DEMAND) {
            // moto StreamCannotBeUpdatedError, recorded against AWS
            throw new ValidationException("Request is invalid. Stream " + stream.name + " under account " + accountId
                    + " is in On-Demand mode.");
        }
        return stream;
    }

    private ResourceInUseException notActive(Stream stream, Instant now) {
        // kinesalite splitShard / mergeShards, recorded against AWS
        return new ResourceInUseException("Stream " + stream.name + " under account " + accountId
                + " not ACTIVE, instead in state " + stream.status(now));
    }

    private void checkShardLimit(int additional, Instant now) {
        int limit = KinesisLimits.shardLimit(region);
        int open = openShardCount(now);
        if (open + additional > limit) {
            // kinesalite createStream test, recorded against AWS
            throw new LimitExceededException("This request would exceed the shard limit for the account " + accountId + " in "
                    + region + ". Current shard count for the account: " + open + ". Limit: " + limit + ". Number of "
                    + "additional shards that would have resulted from this request: " + additional + ". Refer to the AWS "
                    + "Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for "
                    + "current limits and how to request higher limits.");
        }
    }

    private int openShardCount(Instant now) {
        return streams.values().stream().filter(s -> !s.isGone(now)).mapToInt(s -> s.openShards().size()).sum();
    }

    private Instant now() {
        return clock.instant();
    }

    private static String encodeToken(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token, String name) {
        try {
            return new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("Invalid " + name + ".");
        }
    }

    /** AWS's date form in the expired-iterator message: "Thu Jan 22 01:22:02 UTC 2015" (kinesalite getRecords). */
    private static String awsTime(long epochMillis) {
        return java.time.format.DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss 'UTC' yyyy", java.util.Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(Instant.ofEpochMilli(epochMillis));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Events: the only place state changes

    private void record(StreamEvent event) {
        eventLog.append(event);
        apply(event);
    }

    private void apply(StreamEvent event) {
        Instant at = Instant.ofEpochMilli(event.at());
        if (event instanceof StreamCreated created) {
            Stream stream = new Stream(created.streamName(), streamArn(created.streamName()), at, created.mode(),
                    transitionDelay);
            for (int i = 0; i < created.shardCount(); i++) {
                stream.shards.add(new Shard(i, HashKeyRange.evenShare(i, created.shardCount()), null, null, at,
                        stream.createdMillis));
            }
            stream.tags.putAll(created.tags());
            streams.put(stream.name, stream);
        } else if (event instanceof StreamDeleted deleted) {
            Stream stream = streams.get(deleted.streamName());
            stream.deletingAt = at;
            stream.goneAt = at.plus(transitionDelay);
        } else if (event instanceof RecordsPut put) {
            Stream stream = streams.get(put.streamName());
            for (RecordsPut.Entry entry : put.entries()) {
                Shard shard = stream.shards.get(entry.shardIndex());
                long counter = shard.records.size() + 1L;
                Instant arrival = shard.records.isEmpty() ? at
                        : latest(at, shard.records.get(shard.records.size() - 1).approximateArrivalTimestamp());
                shard.records.add(new KinesisRecord(SequenceNumbers.format(stream.createdMillis, shard.index, counter),
                        counter, entry.partitionKey(), entry.data(), arrival, stream.encryptionType));
            }
        } else if (event instanceof ShardSplit split) {
            Stream stream = streams.get(split.streamName());
            split(stream, stream.shards.get(split.shardIndex()), new BigInteger(split.newStartingHashKey()), at);
            stream.updatingUntil = at.plus(transitionDelay);
        } else if (event instanceof ShardsMerged merged) {
            Stream stream = streams.get(merged.streamName());
            merge(stream, stream.shards.get(merged.shardIndex()), stream.shards.get(merged.adjacentShardIndex()), at);
            stream.updatingUntil = at.plus(transitionDelay);
        } else if (event instanceof ShardCountUpdated update) {
            Stream stream = streams.get(update.streamName());
            scale(stream, update.targetShardCount(), at);
            stream.updatingUntil = at.plus(transitionDelay);
        } else if (event instanceof TagsAdded added) {
            streams.get(added.streamName()).tags.putAll(added.tags());
        } else if (event instanceof TagsRemoved removed) {
            removed.tagKeys().forEach(streams.get(removed.streamName()).tags::remove);
        } else if (event instanceof RetentionChanged changed) {
            streams.get(changed.streamName()).retentionPeriodHours = changed.retentionPeriodHours();
        } else if (event instanceof EncryptionChanged changed) {
            Stream stream = streams.get(changed.streamName());
            stream.encryptionType = changed.encryptionType();
            stream.keyId = changed.keyId();
            stream.updatingUntil = at.plus(transitionDelay);
        } else if (event instanceof StreamModeChanged changed) {
            Stream stream = streams.get(changed.streamName());
            stream.mode = changed.mode();
            stream.updatingUntil = at.plus(transitionDelay);
        } else if (event instanceof MonitoringChanged changed) {
            streams.get(changed.streamName()).shardLevelMetrics = List.copyOf(changed.shardLevelMetrics());
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private void split(Stream stream, Shard parent, BigInteger newStartingHashKey, Instant at) {
        close(parent, at);
        HashKeyRange range = parent.hashKeyRange;
        stream.shards.add(new Shard(stream.shards.size(), new HashKeyRange(range.start(), newStartingHashKey.subtract(BigInteger.ONE)),
                parent.id, null, at, stream.createdMillis));
        stream.shards.add(new Shard(stream.shards.size(), new HashKeyRange(newStartingHashKey, range.end()), parent.id, null, at,
                stream.createdMillis));
    }

    private void merge(Stream stream, Shard parent, Shard adjacentParent, Instant at) {
        close(parent, at);
        close(adjacentParent, at);
        BigInteger start = parent.hashKeyRange.start().min(adjacentParent.hashKeyRange.start());
        BigInteger end = parent.hashKeyRange.end().max(adjacentParent.hashKeyRange.end());
        stream.shards.add(new Shard(stream.shards.size(), new HashKeyRange(start, end), parent.id, adjacentParent.id, at,
                stream.createdMillis));
    }

    private static void close(Shard shard, Instant at) {
        shard.endingSequenceNumber = shard.lastSequenceNumber();
        shard.closedAt = at;
    }

    private void scale(Stream stream, int target, Instant at) {
        while (stream.openShards().size() < target) {
            Shard widest = stream.openShards().stream().max(Comparator.comparing((Shard s) -> s.hashKeyRange.width())
                    .thenComparing(s -> -s.index)).orElseThrow();
            split(stream, widest, widest.hashKeyRange.midpoint(), at);
        }
        while (stream.openShards().size() > target) {
            List<Shard> open = new ArrayList<>(stream.openShards());
            open.sort(Comparator.comparing(s -> s.hashKeyRange.start()));
            Shard bestLeft = null;
            BigInteger bestWidth = null;
            for (int i = 0; i + 1 < open.size(); i++) {
                BigInteger width = open.get(i).hashKeyRange.width().add(open.get(i + 1).hashKeyRange.width());
                if (bestWidth == null || width.compareTo(bestWidth) < 0) {
                    bestWidth = width;
                    bestLeft = open.get(i);
                }
            }
            merge(stream, bestLeft, open.get(open.indexOf(bestLeft) + 1), at);
        }
    }
}
