package dev.ddbstreams.local.mapping;

import static dev.ddbstreams.local.mapping.FakeFunctionInvoker.functionError;
import static dev.ddbstreams.local.mapping.FakeFunctionInvoker.itemFailures;
import static dev.ddbstreams.local.mapping.FakeFunctionInvoker.success;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.local.mapping.FakeFunctionInvoker.Call;
import dev.ddbstreams.local.mapping.TestBed.Spec;
import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.QueueSpec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The SQS mapping semantics against ElasticMQ, with a scripted function. Each test uses its own queues. */
class SqsQueueMappingIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestBed bed;

    private final List<MappingEngine> engines = new ArrayList<>();
    private String queue;

    @BeforeAll
    static void startEmulator() {
        bed = TestBed.sqsOnly();
    }

    @AfterAll
    static void stopEmulator() {
        bed.close();
    }

    @BeforeEach
    void nameQueue(TestInfo test) {
        String method = test.getTestMethod().orElseThrow().getName().replaceAll("[^A-Za-z0-9]", "");
        queue = "q-" + method.substring(0, Math.min(30, method.length())) + "-" + System.nanoTime() % 100000;
    }

    @AfterEach
    void closeEngines() {
        engines.forEach(MappingEngine::close);
        assertEquals(List.of(), TestBed.mappingThreads(), "threads left running after close()");
    }

    private MappingEngine start(MappingSpec spec, Map<String, QueueSpec> queues, FakeFunctionInvoker function) {
        MappingEngine engine = bed.engine(TestBed.wiring(Map.of("m", spec), queues), function,
                new InMemoryCheckpointStore()).build();
        engines.add(engine);
        engine.start();
        return engine;
    }

    private void send(String url, String... bodies) {
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (String body : bodies) {
            entries.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(entries.size())).messageBody(body)
                    .build());
            if (entries.size() == 10) {
                List<SendMessageBatchRequestEntry> batch = List.copyOf(entries);
                bed.sqs.sendMessageBatch(b -> b.queueUrl(url).entries(batch));
                entries.clear();
            }
        }
        if (!entries.isEmpty()) {
            bed.sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries));
        }
    }

    private static List<String> bodies(List<Call> calls) {
        List<String> bodies = new ArrayList<>();
        calls.forEach(call -> call.records().forEach(record -> bodies.add(record.get("body").asText())));
        return bodies;
    }

    private static List<String> bodiesOf(Call call) {
        return call.records().stream().map(record -> record.get("body").asText()).toList();
    }

    @Test
    void batchOfTen_deliversEveryMessageOnce_andDeletesThem() {
        String url = bed.createQueue(queue, Map.of());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sent.add("message-" + i);
        }
        send(url, sent.toArray(String[]::new));
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();

        MappingEngine engine = start(Spec.sqs(queue).batchSize(10).build(), Map.of(), function);

        List<Call> calls = function.await(c -> bodies(c).size() >= 25, WAIT, "25 messages");
        calls.forEach(call -> assertTrue(call.ids().size() <= 10, "at most ten per batch"));
        List<String> delivered = new ArrayList<>(bodies(calls));
        Collections.sort(delivered);
        List<String> expected = new ArrayList<>(sent);
        Collections.sort(expected);
        assertEquals(expected, delivered, "each message exactly once");
        TestBed.await(() -> bed.approximateMessages(url) == 0, WAIT, "the queue to be empty");
        TestBed.await(() -> engine.status("m").orElseThrow().recordsDelivered() == 25, WAIT, "25 delivered");
    }

    @Test
    void events_haveLambdasShape() throws Exception {
        String url = bed.createQueue(queue, Map.of());
        String arn = bed.queueArn(url);
        String body = "{\"noteId\":\"n-1\"}";
        bed.sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageAttributes(Map.of(
                "kind", MessageAttributeValue.builder().dataType("String").stringValue("note").build(),
                "size", MessageAttributeValue.builder().dataType("Number").stringValue("42").build(),
                "raw", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromUtf8String("hi"))
                        .build())));
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();

        start(Spec.sqs(queue).build(), Map.of(), function);

        JsonNode record = function.await(c -> !c.isEmpty(), WAIT, "the message").get(0).records().get(0);
        assertEquals(body, record.get("body").asText());
        assertTrue(record.get("messageId").asText().length() > 0);
        assertTrue(record.get("receiptHandle").asText().length() > 0);
        JsonNode attributes = record.get("attributes");
        assertEquals("1", attributes.get("ApproximateReceiveCount").asText());
        for (String name : List.of("SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp")) {
            assertTrue(attributes.hasNonNull(name), name + " in " + attributes);
        }
        assertEquals(Fixtures.json("{\"stringValue\":\"note\",\"stringListValues\":[],\"binaryListValues\":[],"
                + "\"dataType\":\"String\"}"), record.get("messageAttributes").get("kind"));
        assertEquals("42", record.get("messageAttributes").get("size").get("stringValue").asText());
        assertEquals("Number", record.get("messageAttributes").get("size").get("dataType").asText());
        assertEquals("aGk=", record.get("messageAttributes").get("raw").get("binaryValue").asText());
        String md5 = String.format("%032x", new BigInteger(1,
                MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8))));
        assertEquals(md5, record.get("md5OfBody").asText());
        assertEquals("aws:sqs", record.get("eventSource").asText());
        assertEquals(arn, record.get("eventSourceARN").asText());
        assertEquals(TestBed.REGION, record.get("awsRegion").asText());
    }

    @Test
    void partialFailure_deletesOnlyTheSuccesses_andTheFailedMessageComesBack() {
        String url = bed.createQueue(queue, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
        send(url, "m1", "m2", "m3");
        FakeFunctionInvoker function = new FakeFunctionInvoker(call -> {
            List<String> failed = new ArrayList<>();
            for (JsonNode record : call.records()) {
                if (record.get("body").asText().equals("m2") && record.get("attributes")
                        .get("ApproximateReceiveCount").asInt() == 1) {
                    failed.add(record.get("messageId").asText());
                }
            }
            return itemFailures(failed);
        });

        MappingEngine engine = start(Spec.sqs(queue).build(), Map.of(), function);

        function.await(c -> Collections.frequency(bodies(c), "m2") >= 2, WAIT, "m2 to come back");
        List<String> delivered = bodies(function.calls());
        assertEquals(1, Collections.frequency(delivered, "m1"), "successes deleted, never redelivered");
        assertEquals(1, Collections.frequency(delivered, "m3"));
        Call retry = function.calls().stream().filter(call -> bodiesOf(call).contains("m2")).skip(1).findFirst()
                .orElseThrow();
        assertEquals(List.of("m2"), bodiesOf(retry));
        assertEquals("2", retry.records().get(0).get("attributes").get("ApproximateReceiveCount").asText());
        TestBed.await(() -> bed.approximateMessages(url) == 0, WAIT, "the queue to be empty");
        assertEquals(1, engine.status("m").orElseThrow().failedBatches());
    }

    @Test
    void alwaysFailingMessage_isMovedToTheDeadLetterQueue_afterMaxReceiveCount() {
        String dlqName = queue + "-dlq";
        String dlq = bed.createQueue(dlqName, Map.of());
        String url = bed.createQueue(queue, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY,
                "{\"deadLetterTargetArn\":\"" + bed.queueArn(dlq) + "\",\"maxReceiveCount\":\"2\"}"));
        send(url, "poison");
        FakeFunctionInvoker function = new FakeFunctionInvoker(call -> functionError("always"));

        MappingEngine engine = start(Spec.sqs(queue).build(), Map.of(queue, new QueueSpec(1, dlqName, 2, null)),
                function);

        List<Message> deadLetters = bed.awaitMessages(dlq, 1, WAIT);
        assertEquals("poison", deadLetters.get(0).body());
        assertEquals(2, function.calls().size(), "received (and failed) exactly maxReceiveCount times");
        MappingStatus status = engine.status("m").orElseThrow();
        assertEquals(2, status.failedBatches());
        assertEquals(1, status.recordsToDlq());
        assertEquals(0, status.recordsDelivered());
    }

    @Test
    void unknownItemIdentifier_failsTheWholeBatch_deletingNothing() {
        String url = bed.createQueue(queue, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
        send(url, "u1", "u2");
        FakeFunctionInvoker function = new FakeFunctionInvoker(call -> call.records().get(0).get("attributes")
                .get("ApproximateReceiveCount").asInt() == 1 ? itemFailures(List.of("not-a-message-id")) : success(null));

        start(Spec.sqs(queue).build(), Map.of(), function);

        function.await(c -> Collections.frequency(bodies(c), "u1") >= 2 && Collections.frequency(bodies(c), "u2") >= 2,
                WAIT, "both messages to come back");
        TestBed.await(() -> bed.approximateMessages(url) == 0, WAIT, "the queue to be empty");
    }

    @Test
    void responseThatIsNotJson_failsTheBatch() {
        String url = bed.createQueue(queue, Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"));
        send(url, "x1");
        FakeFunctionInvoker function = new FakeFunctionInvoker(call -> call.records().get(0).get("attributes")
                .get("ApproximateReceiveCount").asInt() == 1 ? success("not json {") : success(null));

        start(Spec.sqs(queue).build(), Map.of(), function);

        function.await(c -> bodies(c).size() >= 2, WAIT, "the message to come back");
        TestBed.await(() -> bed.approximateMessages(url) == 0, WAIT, "the queue to be empty");
    }

    @Test
    void filterCriteria_deliverMatchingBodies_andDeleteTheRest() {
        String url = bed.createQueue(queue, Map.of());
        send(url, "{\"kind\":\"keep\",\"n\":1}", "{\"kind\":\"drop\"}", "plain text", "{\"kind\":\"keep\",\"n\":7}");
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();

        MappingEngine engine = start(Spec.sqs(queue).filter("{\"body\":{\"kind\":[\"keep\"],\"n\":[{\"numeric\":[\"<\",5]}]}}")
                .build(), Map.of(), function);

        TestBed.await(() -> engine.status("m").orElseThrow().recordsFiltered() == 3, WAIT, "three filtered out");
        TestBed.await(() -> bed.approximateMessages(url) == 0, WAIT, "filtered messages deleted too");
        assertEquals(List.of("{\"kind\":\"keep\",\"n\":1}"), bodies(function.calls()));
    }

    @Test
    void batchSizeAboveTen_withAWindow_gathersSeveralReceives_intoOneInvocation() {
        String url = bed.createQueue(queue, Map.of());
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sent.add("w-" + i);
        }
        send(url, sent.toArray(String[]::new));
        FakeFunctionInvoker function = FakeFunctionInvoker.succeeding();

        start(Spec.sqs(queue).batchSize(25).window(5).build(), Map.of(), function);

        List<Call> calls = function.await(c -> bodies(c).size() >= 25, WAIT, "the batch of 25");
        assertEquals(1, calls.size(), "25 messages available: the batch fills before the window ends");
        assertEquals(25, calls.get(0).ids().size());
    }
}
