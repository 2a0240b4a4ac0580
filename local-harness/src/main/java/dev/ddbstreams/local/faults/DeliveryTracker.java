package dev.ddbstreams.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each stream mapping delivered and what its function acknowledged, record by record (by sequence
 * number), as seen between the mapping engine and the functions. A record is acknowledged when an invocation
 * holding it succeeded and its partial batch response did not retry it: that is the record Lambda would
 * checkpoint past. Kept outside the runtime, so it survives the runtime's restarts.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html">Partial batch responses</a>
 */
public final class DeliveryTracker {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Deliveries> mappings = new ConcurrentHashMap<>();

    private static final class Deliveries {
        final Map<String, AtomicInteger> delivered = new ConcurrentHashMap<>();
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<String> poisoned = ConcurrentHashMap.newKeySet();
        final AtomicLong invocations = new AtomicLong();
    }

    private Deliveries of(String mapping) {
        return mappings.computeIfAbsent(mapping, name -> new Deliveries());
    }

    /** Normalises a sequence number (DynamoDB's are decimal strings; compare them as numbers). */
    static String normalize(String sequenceNumber) {
        try {
            return new BigInteger(sequenceNumber).toString();
        } catch (NumberFormatException | NullPointerException e) {
            return String.valueOf(sequenceNumber);
        }
    }

    void delivered(String mapping, Collection<String> sequenceNumbers) {
        Deliveries deliveries = of(mapping);
        deliveries.invocations.incrementAndGet();
        for (String sequenceNumber : sequenceNumbers) {
            deliveries.delivered.computeIfAbsent(normalize(sequenceNumber), key -> new AtomicInteger()).incrementAndGet();
        }
    }

    void acknowledged(String mapping, Collection<String> sequenceNumbers) {
        Deliveries deliveries = of(mapping);
        sequenceNumbers.forEach(sequenceNumber -> deliveries.acknowledged.add(normalize(sequenceNumber)));
    }

    void poisoned(String mapping, String sequenceNumber) {
        of(mapping).poisoned.add(normalize(sequenceNumber));
    }

    public Set<String> mappings() {
        return Set.copyOf(mappings.keySet());
    }

    public boolean wasDelivered(String mapping, String sequenceNumber) {
        Deliveries deliveries = mappings.get(mapping);
        return deliveries != null && deliveries.delivered.containsKey(normalize(sequenceNumber));
    }

    public boolean wasAcknowledged(String mapping, String sequenceNumber) {
        Deliveries deliveries = mappings.get(mapping);
        return deliveries != null && deliveries.acknowledged.contains(normalize(sequenceNumber));
    }

    /** The records of {@code mapping} that a poison rule failed. */
    public Set<String> poisoned(String mapping) {
        Deliveries deliveries = mappings.get(mapping);
        return deliveries == null ? Set.of() : Set.copyOf(deliveries.poisoned);
    }

    /** Per mapping: distinct records delivered, deliveries, records delivered more than once, acknowledged. */
    public Map<String, Figures> figures() {
        Map<String, Figures> figures = new TreeMap<>();
        mappings.forEach((name, deliveries) -> {
            long deliveriesTotal = 0;
            long redelivered = 0;
            for (AtomicInteger count : deliveries.delivered.values()) {
                deliveriesTotal += count.get();
                if (count.get() > 1) {
                    redelivered++;
                }
            }
            figures.put(name, new Figures(deliveries.invocations.get(), deliveries.delivered.size(), deliveriesTotal,
                    redelivered, deliveries.acknowledged.size(), deliveries.poisoned.size()));
        });
        return figures;
    }

    /**
     * @param invocations        invocations seen
     * @param distinctRecords    records delivered at least once
     * @param recordDeliveries   record deliveries in all (a record in three invocations counts three)
     * @param redeliveredRecords records delivered more than once (retries, bisected halves, restarts, kills)
     * @param acknowledged       records acknowledged
     * @param poisoned           records a poison rule failed
     */
    public record Figures(long invocations, long distinctRecords, long recordDeliveries, long redeliveredRecords,
            long acknowledged, long poisoned) {
    }

    /**
     * The records of a stream batch that a successful invocation's response acknowledges, read the way Lambda
     * reads a partial batch response: no response, a non-object, no or an empty {@code batchItemFailures}
     * acknowledge all; a failure entry without a usable identifier, or one naming no record of the batch, fails
     * the whole batch; otherwise everything before the first reported record (in batch order) is acknowledged.
     *
     * @param batch    the batch's sequence numbers, in delivery order
     * @param response the function's response payload
     */
    static List<String> acknowledgedBy(List<String> batch, String response) {
        if (response == null || response.isBlank()) {
            return batch;
        }
        JsonNode root;
        try {
            root = JSON.readTree(response);
        } catch (IOException e) {
            return batch; // streams: a response that is not JSON is not a failure report
        }
        if (root == null || !root.isObject()) {
            return batch;
        }
        JsonNode failures = root.get("batchItemFailures");
        if (failures == null || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return batch;
        }
        if (!failures.isArray()) {
            return List.of();
        }
        Set<String> failed = new HashSet<>();
        for (JsonNode failure : failures) {
            JsonNode identifier = failure == null ? null : failure.get("itemIdentifier");
            if (identifier == null || !identifier.isTextual() || identifier.asText().isEmpty()
                    || !batch.contains(identifier.asText())) {
                return List.of();
            }
            failed.add(identifier.asText());
        }
        List<String> acknowledged = new ArrayList<>();
        for (String sequenceNumber : batch) {
            if (failed.contains(sequenceNumber)) {
                break;
            }
            acknowledged.add(sequenceNumber);
        }
        return acknowledged;
    }
}
