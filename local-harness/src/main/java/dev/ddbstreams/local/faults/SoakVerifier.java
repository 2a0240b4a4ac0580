package dev.ddbstreams.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.mapping.BatchReport;
import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.SourceType;
import dev.ddbstreams.local.wiring.Wiring;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The soak's checks, each against an independent reference: the views against the truth recomputed by
 * scanning the source tables, notes against a word count computed here with the same definition, deliveries
 * against the streams read by a {@link StreamCatalog}, and the on-failure queues against the batches the
 * mapping engine reported as given up.
 */
public final class SoakVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A word is a maximal run of code points that are not Unicode White_Space (the word-count module's rule). */
    private static final Pattern WORD = Pattern.compile("\\P{IsWhite_Space}+");
    private static final int LISTED = 10;

    private SoakVerifier() {
    }

    /**
     * @param view        the view's table
     * @param groups      groups in the truth or the view
     * @param sourceItems items in the source table
     * @param mismatches  the groups whose row differs from the truth (first {@value #LISTED}), and how
     * @param mismatchCount all of them
     */
    public record AggregateCheck(String view, int groups, int sourceItems, List<String> mismatches, int mismatchCount) {
    }

    /**
     * @param notes      notes in the table
     * @param correct    notes whose {@code wordCount} is right
     * @param wrong      notes with a wrong count (first few, with expected and actual)
     * @param uncounted  notes without a count
     * @param missing    notes the API created and did not delete, absent from the table
     * @param undeleted  notes the API deleted, still in the table
     */
    public record NotesCheck(int notes, int correct, int wrongCount, List<String> wrong, int uncountedCount,
            List<String> uncounted, int missingCount, List<String> missing, int undeletedCount, List<String> undeleted) {

        public boolean passed() {
            return wrongCount == 0 && uncountedCount == 0 && missingCount == 0 && undeletedCount == 0;
        }
    }

    /**
     * One stream mapping's deliveries against its stream.
     *
     * @param streamRecords  records in the source stream
     * @param acknowledged   records acknowledged by a successful invocation
     * @param givenUp        records covered by an on-failure record of this mapping (and not acknowledged)
     * @param lost           records neither acknowledged nor described in the on-failure queue (first few)
     */
    public record DeliveryCheck(String mapping, long streamRecords, long acknowledged, long givenUp, long lostCount,
            List<String> lost) {
    }

    /**
     * One mapping's on-failure queue against the batches given up on.
     *
     * @param messages          messages in the queue
     * @param givenUpReports    GIVEN_UP batches the engine reported
     * @param malformed         messages not in AWS's on-failure format, or describing records not in the stream
     *                          (first few, with the reason)
     * @param unmatchedMessages messages without a GIVEN_UP report (by shard and batch size)
     * @param unmatchedReports  GIVEN_UP reports without a message
     * @param poisonRecords     poison records the injector failed for this mapping
     * @param poisonNotInQueue  poison records not described by any message
     * @param otherGivenUp      messages describing no poison record (given up for other reasons)
     */
    public record DeadLetterCheck(String mapping, String queue, int messages, int givenUpReports, List<String> malformed,
            int unmatchedMessages, int unmatchedReports, int poisonRecords, int poisonNotInQueue, int otherGivenUp) {

        public boolean passed() {
            return malformed.isEmpty() && unmatchedMessages == 0 && unmatchedReports == 0 && poisonNotInQueue == 0;
        }
    }

    /** A queue that must stay empty (a redrive DLQ, or the on-failure queue of a mapping the soak does not feed). */
    public record EmptyQueueCheck(String queue, int messages) {
    }

    /** The expected word count of {@code content}. */
    public static long expectedWordCount(String content) {
        Matcher words = WORD.matcher(content);
        long count = 0;
        while (words.find()) {
            count++;
        }
        return count;
    }

    static void scan(DynamoDbClient dynamoDb, String table, Consumer<Map<String, AttributeValue>> each) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> exclusiveStart = start;
            ScanResponse page = dynamoDb.scan(b -> b.tableName(table).consistentRead(true)
                    .exclusiveStartKey(exclusiveStart));
            page.items().forEach(each);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }

    /** {@code GameScoresByUser} against the sums over {@code GameScoreRecords}: {@code Score} and {@code recordCount}. */
    public static AggregateCheck gameScores(DynamoDbClient dynamoDb) {
        return aggregate(dynamoDb, "GameScoreRecords", "GameScoresByUser", "Username", "Username",
                item -> Map.of("Score", number(item.get("Score")), "recordCount", BigDecimal.ONE));
    }

    /** {@code OrderTotals} against the sums over {@code StoreOrders}: {@code quantity}, {@code revenue}, {@code orders}. */
    public static AggregateCheck orderTotals(DynamoDbClient dynamoDb) {
        return aggregate(dynamoDb, "StoreOrders", "OrderTotals", "item", "item", item -> {
            BigDecimal quantity = number(item.get("quantity"));
            BigDecimal price = number(item.get("price"));
            return Map.of("quantity", quantity, "revenue", quantity.multiply(price), "orders", BigDecimal.ONE);
        });
    }

    private static AggregateCheck aggregate(DynamoDbClient dynamoDb, String source, String view, String groupAttribute,
            String viewKey, Function<Map<String, AttributeValue>, Map<String, BigDecimal>> contribution) {
        Map<String, Map<String, BigDecimal>> truth = new TreeMap<>();
        int[] sourceItems = {0};
        scan(dynamoDb, source, item -> {
            sourceItems[0]++;
            Map<String, BigDecimal> sums = truth.computeIfAbsent(item.get(groupAttribute).s(), key -> new HashMap<>());
            contribution.apply(item).forEach((name, amount) -> sums.merge(name, amount, BigDecimal::add));
        });
        Set<String> attributes = new TreeSet<>();
        truth.values().forEach(sums -> attributes.addAll(sums.keySet()));
        if (attributes.isEmpty()) {
            attributes.addAll(contribution.apply(sampleItem(source)).keySet());
        }
        Map<String, Map<String, AttributeValue>> rows = new TreeMap<>();
        scan(dynamoDb, view, row -> rows.put(row.get(viewKey).s(), row));
        Set<String> groups = new TreeSet<>(truth.keySet());
        groups.addAll(rows.keySet());
        List<String> mismatches = new ArrayList<>();
        int count = 0;
        for (String group : groups) {
            Map<String, BigDecimal> expected = truth.getOrDefault(group, Map.of());
            Map<String, AttributeValue> row = rows.getOrDefault(group, Map.of());
            List<String> differences = new ArrayList<>();
            for (String attribute : attributes) {
                BigDecimal want = expected.getOrDefault(attribute, BigDecimal.ZERO);
                BigDecimal got = row.containsKey(attribute) ? number(row.get(attribute)) : BigDecimal.ZERO;
                if (want.compareTo(got) != 0) {
                    differences.add(attribute + " " + got.toPlainString() + " != " + want.toPlainString());
                }
            }
            if (!differences.isEmpty()) {
                count++;
                if (mismatches.size() < LISTED) {
                    mismatches.add(view + "[" + group + "]: " + String.join(", ", differences));
                }
            }
        }
        return new AggregateCheck(view, groups.size(), sourceItems[0], mismatches, count);
    }

    private static Map<String, AttributeValue> sampleItem(String source) {
        AttributeValue zero = AttributeValue.builder().n("0").build();
        return Map.of("Score", zero, "quantity", zero, "price", zero);
    }

    private static BigDecimal number(AttributeValue value) {
        return value == null || value.n() == null ? BigDecimal.ZERO : new BigDecimal(value.n());
    }

    /**
     * Every note in the table carries the count of its content; every note the API created and did not delete
     * is there; every deleted one is gone.
     *
     * @param created the ids of the notes created, by note index
     * @param deleted the indexes of the notes deleted
     */
    public static NotesCheck notes(DynamoDbClient dynamoDb, Map<Integer, String> created, Set<Integer> deleted) {
        Map<String, Map<String, AttributeValue>> notes = new HashMap<>();
        scan(dynamoDb, "notes", item -> notes.put(item.get("id").s(), item));
        int correct = 0;
        List<String> wrong = new ArrayList<>();
        List<String> uncounted = new ArrayList<>();
        int wrongCount = 0;
        int uncountedCount = 0;
        for (Map<String, AttributeValue> note : notes.values()) {
            String id = note.get("id").s();
            AttributeValue content = note.get("content");
            long expected = content == null || content.s() == null ? 0 : expectedWordCount(content.s());
            AttributeValue count = note.get("wordCount");
            if (count == null || count.n() == null) {
                uncountedCount++;
                if (uncounted.size() < LISTED) {
                    uncounted.add(id + " (expected " + expected + ")");
                }
            } else if (new BigDecimal(count.n()).compareTo(BigDecimal.valueOf(expected)) != 0) {
                wrongCount++;
                if (wrong.size() < LISTED) {
                    wrong.add(id + ": wordCount " + count.n() + ", expected " + expected);
                }
            } else {
                correct++;
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> undeleted = new ArrayList<>();
        int missingCount = 0;
        int undeletedCount = 0;
        for (Map.Entry<Integer, String> note : created.entrySet()) {
            boolean present = notes.containsKey(note.getValue());
            if (deleted.contains(note.getKey()) && present) {
                undeletedCount++;
                if (undeleted.size() < LISTED) {
                    undeleted.add(note.getValue());
                }
            } else if (!deleted.contains(note.getKey()) && !present) {
                missingCount++;
                if (missing.size() < LISTED) {
                    missing.add(note.getValue());
                }
            }
        }
        return new NotesCheck(notes.size(), correct, wrongCount, wrong, uncountedCount, uncounted, missingCount, missing,
                undeletedCount, undeleted);
    }

    /** A message read from an on-failure queue. */
    public record QueueMessage(String messageId, String body) {
    }

    /** Reads every message of {@code queue} (hiding them for 10 minutes), for a drained system. */
    public static List<QueueMessage> readAll(SqsClient sqs, String queue) {
        String url = sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
        Map<String, QueueMessage> messages = new LinkedHashMap<>();
        int emptyReceives = 0;
        while (emptyReceives < 2) {
            int wait = emptyReceives == 0 ? 0 : 1;
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(wait).visibilityTimeout(600)).messages();
            if (received.isEmpty()) {
                emptyReceives++;
            } else {
                emptyReceives = 0;
                received.forEach(message -> messages.putIfAbsent(message.messageId(),
                        new QueueMessage(message.messageId(), message.body())));
            }
        }
        return List.copyOf(messages.values());
    }

    /** A given-up range described by a well-formed on-failure record. */
    record GivenUpRange(String shardId, BigInteger first, BigInteger last) {

        boolean covers(String shard, BigInteger sequenceNumber) {
            return shardId.equals(shard) && first.compareTo(sequenceNumber) <= 0 && last.compareTo(sequenceNumber) >= 0;
        }
    }

    /**
     * Checks one stream mapping's on-failure queue: each message in AWS's on-failure format for this function and
     * stream, describing consecutive records that exist in the stream, and the messages matching the GIVEN_UP
     * reports one to one (by shard and batch size).
     *
     * @param ranges receives the ranges of the well-formed messages, for the delivery check
     */
    static DeadLetterCheck deadLetters(String mapping, MappingSpec spec, String queue, String functionArn, String table,
            StreamCatalog catalog, List<QueueMessage> messages, List<BatchReport> givenUp, Set<String> poisoned,
            List<GivenUpRange> ranges) {
        List<String> malformed = new ArrayList<>();
        Map<String, Integer> unmatched = new HashMap<>();
        for (BatchReport report : givenUp) {
            unmatched.merge(report.shardId() + "/" + report.records(), 1, Integer::sum);
        }
        int unmatchedMessages = 0;
        int otherGivenUp = 0;
        String streamArn = catalog.streamArn(table).orElse(null);
        boolean filtered = spec.filters() != null && !spec.filters().isEmpty();
        Set<String> poisonLeft = new HashSet<>(poisoned);
        for (QueueMessage message : messages) {
            String problem;
            GivenUpRange range = null;
            int batchSize = -1;
            try {
                JsonNode body = JSON.readTree(message.body());
                problem = onFailureProblem(body, functionArn, streamArn);
                if (problem == null) {
                    JsonNode info = body.get("DDBStreamBatchInfo");
                    range = new GivenUpRange(info.get("shardId").asText(),
                            new BigInteger(info.get("startSequenceNumber").asText()),
                            new BigInteger(info.get("endSequenceNumber").asText()));
                    batchSize = info.get("batchSize").asInt();
                    List<StreamCatalog.Entry> inStream = catalog.range(table, range.shardId(), range.first(), range.last());
                    if (inStream.isEmpty() || !inStream.get(0).sequenceNumber().equals(range.first())
                            || !inStream.get(inStream.size() - 1).sequenceNumber().equals(range.last())) {
                        problem = "its first or last sequence number is not a record of the stream";
                    } else if (!filtered && inStream.size() != batchSize) {
                        problem = "batchSize " + batchSize + " but the stream has " + inStream.size()
                                + " records in that range";
                    }
                }
            } catch (IOException | RuntimeException e) {
                problem = "not JSON or unreadable: " + e.getMessage();
            }
            if (problem != null) {
                if (malformed.size() < LISTED) {
                    malformed.add(message.messageId() + ": " + problem);
                }
                continue;
            }
            ranges.add(range);
            String key = range.shardId() + "/" + batchSize;
            Integer left = unmatched.get(key);
            if (left == null || left == 0) {
                unmatchedMessages++;
            } else {
                unmatched.put(key, left - 1);
            }
            GivenUpRange described = range;
            boolean poison = poisoned.stream().anyMatch(sequenceNumber -> described.covers(described.shardId(),
                    new BigInteger(sequenceNumber)));
            if (!poison) {
                otherGivenUp++;
            }
        }
        for (GivenUpRange range : ranges) {
            poisonLeft.removeIf(sequenceNumber -> range.covers(range.shardId(), new BigInteger(sequenceNumber)));
        }
        int unmatchedReports = unmatched.values().stream().mapToInt(Integer::intValue).sum();
        return new DeadLetterCheck(mapping, queue, messages.size(), givenUp.size(), malformed, unmatchedMessages,
                unmatchedReports, poisoned.size(), poisonLeft.size(), otherGivenUp);
    }

    /** Why {@code body} is not the on-failure record Lambda sends for a DynamoDB stream batch, or null. */
    static String onFailureProblem(JsonNode body, String functionArn, String streamArn) {
        if (body == null || !body.isObject()) {
            return "not a JSON object";
        }
        Set<String> fields = new TreeSet<>();
        body.fieldNames().forEachRemaining(fields::add);
        Set<String> expected = new TreeSet<>(List.of("requestContext", "responseContext", "version", "timestamp",
                "DDBStreamBatchInfo"));
        if (!fields.equals(expected)) {
            return "top-level members " + fields + ", expected " + expected;
        }
        JsonNode request = body.get("requestContext");
        if (!text(request, "requestId") || !functionArn.equals(request.path("functionArn").asText())
                || !Set.of("RetryAttemptsExhausted", "RecordAgeExceeded").contains(request.path("condition").asText())
                || !request.path("approximateInvokeCount").isInt() || request.path("approximateInvokeCount").asInt() < 1) {
            return "requestContext " + request + " (expected functionArn " + functionArn + ")";
        }
        JsonNode response = body.get("responseContext");
        if (!response.path("statusCode").isInt() || !"$LATEST".equals(response.path("executedVersion").asText())
                || !response.has("functionError")) {
            return "responseContext " + response;
        }
        if (!"1.0".equals(body.path("version").asText()) || !instant(body.path("timestamp").asText())) {
            return "version or timestamp: " + body.path("version") + " " + body.path("timestamp");
        }
        JsonNode info = body.get("DDBStreamBatchInfo");
        if (!text(info, "shardId") || !digits(info, "startSequenceNumber") || !digits(info, "endSequenceNumber")
                || !instant(info.path("approximateArrivalOfFirstRecord").asText())
                || !instant(info.path("approximateArrivalOfLastRecord").asText())
                || !info.path("batchSize").isInt() || info.path("batchSize").asInt() < 1
                || streamArn == null || !streamArn.equals(info.path("streamArn").asText())) {
            return "DDBStreamBatchInfo " + info + " (expected streamArn " + streamArn + ")";
        }
        if (new BigInteger(info.get("startSequenceNumber").asText())
                .compareTo(new BigInteger(info.get("endSequenceNumber").asText())) > 0) {
            return "startSequenceNumber after endSequenceNumber";
        }
        return null;
    }

    private static boolean text(JsonNode node, String field) {
        return node != null && node.path(field).isTextual() && !node.path(field).asText().isEmpty();
    }

    private static boolean digits(JsonNode node, String field) {
        return text(node, field) && node.path(field).asText().chars().allMatch(Character::isDigit);
    }

    private static boolean instant(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** Records of the mapping's stream neither acknowledged nor described by an on-failure record. */
    static DeliveryCheck deliveries(String mapping, String table, StreamCatalog catalog, DeliveryTracker tracker,
            List<GivenUpRange> ranges) {
        long total = 0;
        long acknowledged = 0;
        long givenUp = 0;
        long lostCount = 0;
        List<String> lost = new ArrayList<>();
        for (Map.Entry<String, List<StreamCatalog.Entry>> shard : catalog.records(table).entrySet()) {
            for (StreamCatalog.Entry entry : shard.getValue()) {
                total++;
                String sequenceNumber = entry.sequenceNumber().toString();
                if (tracker.wasAcknowledged(mapping, sequenceNumber)) {
                    acknowledged++;
                } else if (ranges.stream().anyMatch(range -> range.covers(shard.getKey(), entry.sequenceNumber()))) {
                    givenUp++;
                } else {
                    lostCount++;
                    if (lost.size() < LISTED) {
                        lost.add(shard.getKey() + "/" + sequenceNumber + " " + entry.eventName()
                                + (tracker.wasDelivered(mapping, sequenceNumber) ? " (delivered, never acknowledged)"
                                        : " (never delivered)"));
                    }
                }
            }
        }
        return new DeliveryCheck(mapping, total, acknowledged, givenUp, lostCount, lost);
    }

    /** The DynamoDB stream mappings of the wiring whose source table is one of {@code tables}. */
    static Map<String, MappingSpec> streamMappings(Wiring wiring, Set<String> tables) {
        Map<String, MappingSpec> mappings = new TreeMap<>();
        wiring.mappings().forEach((name, spec) -> {
            if (spec.source().type() == SourceType.DYNAMODB && tables.contains(spec.source().table())) {
                mappings.put(name, spec);
            }
        });
        return mappings;
    }
}
