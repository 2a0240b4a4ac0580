package dev.ddbstreams.aggregate;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.lambda.BatchResponses;
import dev.ddbstreams.lambda.StructuredLog;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a batch of stream records through an {@link IdempotentAggregator} and builds the partial batch
 * response. The batch's changes are applied in as few transactions as possible
 * ({@link IdempotentAggregator#applyInBulk}); from the first record that cannot be read or interpreted on,
 * record by record in stream order. The first record that fails is reported, Lambda checkpoints before it and
 * delivers it and everything after it again (or, once retries are exhausted, sends the batch's metadata
 * to the on-failure destination). The whole batch is never thrown.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html">Partial batch responses for DynamoDB streams</a>
 */
public final class StreamAggregation {

    private static final StructuredLog LOG = StructuredLog.of(StreamAggregation.class);

    private StreamAggregation() {
    }

    public static StreamsEventResponse handle(DynamodbEvent event, IdempotentAggregator aggregator) {
        List<DynamodbStreamRecord> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        Map<ApplyOutcome, Integer> outcomes = new EnumMap<>(ApplyOutcome.class);
        List<SourceChange> readable = readablePrefix(records);
        LedgerSnapshot snapshot = readAhead(aggregator, readable);
        BulkResult bulk = aggregator.applyInBulk(readable, snapshot);
        bulk.outcomes().forEach(outcome -> {
            if (outcome != null) {
                outcomes.merge(outcome, 1, Integer::sum);
            }
        });
        StreamsEventResponse response;
        if (bulk.failed()) {
            // The lowest failed sequence number is the checkpoint: that record and every later one come again.
            DynamodbStreamRecord failed = records.get(bulk.failedAt());
            response = BatchResponses.forStream(List.of(failed), StreamChanges::sequenceNumberOf, record -> {
                throw bulk.failure();
            });
        } else {
            // What the bulk path did not take on (from the first unreadable, malformed or unread record), in order.
            response = BatchResponses.forStream(records.subList(bulk.handled(), records.size()),
                    StreamChanges::sequenceNumberOf,
                    record -> outcomes.merge(aggregator.apply(StreamChanges.from(record), snapshot), 1, Integer::sum));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("view", aggregator.view().sourceName());
        summary.put("records", records.size());
        for (ApplyOutcome outcome : ApplyOutcome.values()) {
            summary.put(outcome.name().toLowerCase(java.util.Locale.ROOT), outcomes.getOrDefault(outcome, 0));
        }
        summary.put("failedAt", response.getBatchItemFailures().isEmpty() ? null
                : response.getBatchItemFailures().get(0).getItemIdentifier());
        LOG.info("batch aggregated", summary);
        return response;
    }

    private static LedgerSnapshot readAhead(IdempotentAggregator aggregator, List<SourceChange> changes) {
        try {
            return aggregator.readAhead(changes);
        } catch (RuntimeException e) {
            // An optimisation must never fail the whole batch: each record reads (and fails) on its own.
            LOG.warn("ledger read-ahead skipped", Map.of("errorType", e.getClass().getName(),
                    "errorMessage", String.valueOf(e.getMessage())));
            return LedgerSnapshot.empty();
        }
    }

    /**
     * The records up to the first one that cannot be read as a change, as changes: position i of the
     * result is record i. From the first unreadable record on, records are left to the per-record path,
     * which reports that record (with its identifier, or null when it has no sequence number).
     */
    private static List<SourceChange> readablePrefix(List<DynamodbStreamRecord> records) {
        List<SourceChange> changes = new ArrayList<>();
        for (DynamodbStreamRecord record : records) {
            try {
                changes.add(StreamChanges.from(record));
            } catch (RuntimeException unreadable) {
                break;
            }
        }
        return changes;
    }
}
