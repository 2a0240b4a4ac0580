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
 * Runs a batch of stream records through an {@link IdempotentAggregator} in stream order and builds the
 * partial batch response: the first record that fails is reported, Lambda checkpoints before it and
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
        List<DynamodbStreamRecord> records = event == null ? null : event.getRecords();
        Map<ApplyOutcome, Integer> outcomes = new EnumMap<>(ApplyOutcome.class);
        LedgerSnapshot snapshot = readAhead(aggregator, records);
        StreamsEventResponse response = BatchResponses.forStream(records, StreamChanges::sequenceNumberOf,
                record -> outcomes.merge(aggregator.apply(StreamChanges.from(record), snapshot), 1, Integer::sum));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("view", aggregator.view().sourceName());
        summary.put("records", records == null ? 0 : records.size());
        for (ApplyOutcome outcome : ApplyOutcome.values()) {
            summary.put(outcome.name().toLowerCase(java.util.Locale.ROOT), outcomes.getOrDefault(outcome, 0));
        }
        summary.put("failedAt", response.getBatchItemFailures().isEmpty() ? null
                : response.getBatchItemFailures().get(0).getItemIdentifier());
        LOG.info("batch aggregated", summary);
        return response;
    }

    private static LedgerSnapshot readAhead(IdempotentAggregator aggregator, List<DynamodbStreamRecord> records) {
        try {
            return aggregator.readAhead(readable(records));
        } catch (RuntimeException e) {
            // An optimisation must never fail the whole batch: each record reads (and fails) on its own.
            LOG.warn("ledger read-ahead skipped", Map.of("errorType", e.getClass().getName(),
                    "errorMessage", String.valueOf(e.getMessage())));
            return LedgerSnapshot.empty();
        }
    }

    /** The records that can be read as changes; the others fail, in order, when their turn comes. */
    private static List<SourceChange> readable(List<DynamodbStreamRecord> records) {
        List<SourceChange> changes = new ArrayList<>();
        if (records != null) {
            for (DynamodbStreamRecord record : records) {
                try {
                    changes.add(StreamChanges.from(record));
                } catch (RuntimeException unreadable) {
                    // Reported with its identifier when the batch reaches it; nothing to read ahead for it.
                }
            }
        }
        return changes;
    }
}
