package dev.ddbstreams.kinesis.stream;

/**
 * Kinesis Data Streams quotas and API limits, in one place.
 *
 * @see <a href="https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html">Quotas and limits</a>
 */
public final class KinesisLimits {

    /** "The maximum size of the data payload of a record before base-64 encoding is up to 1 MiB." */
    public static final int MAX_RECORD_DATA_BYTES = 1024 * 1024;
    /** PutRecords: "Each PutRecords request can support up to 500 records." */
    public static final int MAX_PUT_RECORDS_ENTRIES = 500;
    /** PutRecords: "up to a limit of 5 MiB for the entire request, including partition keys." */
    public static final long MAX_PUT_RECORDS_BYTES = 5L * 1024 * 1024;
    /** GetRecords: "can retrieve up to 10 MiB of data per call from a single shard, and up to 10,000 records per call." */
    public static final long MAX_GET_RECORDS_BYTES = 10L * 1024 * 1024;
    public static final int MAX_GET_RECORDS_LIMIT = 10_000;
    /** GetShardIterator: "A shard iterator expires 5 minutes after it is returned to the requester." */
    public static final long ITERATOR_TTL_MILLIS = 300_000;
    /** "The default retention period of a stream is 24 hours"; it can be raised to 8760 hours (365 days). */
    public static final int DEFAULT_RETENTION_HOURS = 24;
    public static final int MIN_RETENTION_HOURS = 24;
    public static final int MAX_RETENTION_HOURS = 8760;
    /** On-demand streams start with 4 MB/s of write capacity: four shards. */
    public static final int ON_DEMAND_INITIAL_SHARDS = 4;
    /** "The default on-demand stream count quota is 50 per account per Region." */
    public static final int ON_DEMAND_STREAM_COUNT_LIMIT = 50;
    /** "The maximum number of tags that you can assign to a stream is 50." */
    public static final int MAX_TAGS_PER_STREAM = 50;
    /** UpdateShardCount: "Scale up to more than 10000 shards in a stream" is refused. */
    public static final int MAX_SHARDS_PER_STREAM = 10_000;

    private KinesisLimits() {
    }

    /**
     * The account's shard quota: 500 in US East (N. Virginia), US West (Oregon) and Europe (Ireland), 200 elsewhere.
     *
     * @see <a href="https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html">Quotas and limits: shards per Region</a>
     */
    public static int shardLimit(String region) {
        return switch (region) {
            case "us-east-1", "us-west-2", "eu-west-1" -> 500;
            default -> 200;
        };
    }
}
