package dev.ddbstreams.local.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.local.LocalRuntime;
import dev.ddbstreams.local.LocalRuntimeOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * A producer any Java user writes: an SDK v2 KinesisClient in its default configuration (CBOR, the default HTTP
 * client), writing to the local runtime's Lab-Stream. Every record (text, binary, Unicode, a 1 MiB record, and a
 * PutRecords of 500) reaches {@code lab-stream-logger} through the real mapping and function JVM, and is logged
 * as the event-logger README says ({@code kinesis record} with {@code data}, {@code binary}, {@code sizeBytes},
 * {@code truncated}). kinesalite could not serve such a producer's records at all.
 */
class KinesisProducerEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static LocalRuntime runtime;
    private static KinesisClient producer;

    @BeforeAll
    static void start() {
        runtime = LocalRuntime.start(LocalRuntimeOptions.forTests(RepositoryRoot.find()), System.out::println);
        // Deliberately default: CBOR on, no protocol settings; only the endpoint and dummy credentials are ours.
        producer = KinesisClient.builder().endpointOverride(runtime.kinesisEndpoint().orElseThrow()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    /** The logger's "kinesis record" lines, parsed. */
    private static List<JsonNode> loggedRecords() {
        List<JsonNode> records = new ArrayList<>();
        for (String line : runtime.functionLog("lab-stream-logger")) {
            int start = line.indexOf('{');
            if (start < 0) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line.substring(start));
                if ("kinesis record".equals(node.path("message").asText())) {
                    records.add(node);
                }
            } catch (java.io.IOException notJson) {
                // other output of the function JVM
            }
        }
        return records;
    }

    private static JsonNode awaitLogged(Predicate<JsonNode> wanted, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode record : loggedRecords()) {
                if (wanted.test(record)) {
                    return record;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("lab-stream-logger never logged " + what);
    }

    private static String put(String partitionKey, byte[] data) {
        return producer.putRecord(b -> b.streamName("Lab-Stream").partitionKey(partitionKey)
                .data(SdkBytes.fromByteArray(data))).sequenceNumber();
    }

    @Test
    void text_isDeliveredAndLoggedAsText() throws Exception {
        String text = "plain text " + UUID.randomUUID();
        String sequence = put("text", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        JsonNode logged = awaitLogged(r -> text.equals(r.path("data").asText()), "the text record");
        assertEquals(sequence, logged.path("sequenceNumber").asText());
        assertEquals("Lab-Stream", logged.path("stream").asText());
        assertEquals("text", logged.path("partitionKey").asText());
        assertEquals(false, logged.path("binary").asBoolean());
    }

    /**
     * The function's output also reaches CloudWatch Logs on the local endpoint, as Lambda sends it: group
     * {@code /aws/lambda/<function>}, Lambda's START and REPORT lines around the invocation.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html">Sending Lambda function logs to CloudWatch Logs</a>
     */
    @Test
    void theFunctionsOutput_reachesCloudWatchLogs_betweenLambdasStartAndReportLines() throws Exception {
        String text = "to cloudwatch " + UUID.randomUUID();
        put("logs", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        awaitLogged(r -> text.equals(r.path("data").asText()), "the record");
        try (CloudWatchLogsClient logs = CloudWatchLogsClient.builder().endpointOverride(runtime.awsEndpoint())
                .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .build()) {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            List<String> messages = List.of();
            while (Instant.now().isBefore(deadline)) {
                messages = logs.filterLogEvents(b -> b.logGroupName("/aws/lambda/lab-stream-logger")).events()
                        .stream().map(FilteredLogEvent::message).toList();
                List<String> now = messages;
                int at = now.indexOf(now.stream().filter(message -> message.contains(text)).findFirst().orElse(null));
                // Lines are written in batches: the REPORT line may come a flush after the function's own line.
                if (at >= 0 && now.subList(at, now.size()).stream().anyMatch(message -> message.startsWith("REPORT "))) {
                    break;
                }
                Thread.sleep(100);
            }
            List<String> found = messages;
            int line = found.indexOf(found.stream().filter(message -> message.contains(text)).findFirst()
                    .orElseThrow(() -> new AssertionError("not in CloudWatch Logs: " + found)));
            assertTrue(found.subList(0, line).stream().anyMatch(message -> message.startsWith("START RequestId: ")),
                    found.toString());
            assertTrue(found.subList(line, found.size()).stream().anyMatch(message -> message.startsWith("REPORT RequestId: ")
                    && message.contains("\tBilled Duration: ") && message.contains("\tMemory Size: 256 MB")), found.toString());
            assertTrue(logs.describeLogStreams(b -> b.logGroupName("/aws/lambda/lab-stream-logger")).logStreams().stream()
                    .allMatch(stream -> stream.logStreamName().matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST\\][0-9a-f]{32}")));
        }
    }

    @Test
    void binary_isDeliveredAndLoggedAsBase64() throws Exception {
        byte[] data = new byte[300];
        new java.util.Random().nextBytes(data);
        data[0] = (byte) 0xff; // never valid UTF-8
        String key = "binary-" + UUID.randomUUID();
        put(key, data);
        JsonNode logged = awaitLogged(r -> key.equals(r.path("partitionKey").asText()), "the binary record");
        assertEquals(true, logged.path("binary").asBoolean());
        assertEquals(Base64.getEncoder().encodeToString(data), logged.path("data").asText());
        assertEquals(300, logged.path("sizeBytes").asInt());
    }

    @Test
    void unicode_isDeliveredUnchanged() throws Exception {
        String text = "Grüße aus Köln — 東京 🚀 " + UUID.randomUUID();
        put("unicode-ключ", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        JsonNode logged = awaitLogged(r -> text.equals(r.path("data").asText()), "the Unicode record");
        assertEquals("unicode-ключ", logged.path("partitionKey").asText());
    }

    @Test
    void aOneMebibyteRecord_isDeliveredWhole_andLoggedTruncated() throws Exception {
        byte[] data = new byte[1024 * 1024];
        java.util.Arrays.fill(data, (byte) 'x');
        String key = "big-" + UUID.randomUUID();
        put(key, data);
        JsonNode logged = awaitLogged(r -> key.equals(r.path("partitionKey").asText()), "the 1 MiB record");
        assertEquals(1024 * 1024, logged.path("sizeBytes").asInt(), "the function received every byte");
        assertEquals(true, logged.path("truncated").asBoolean());
    }

    @Test
    void putRecordsOf500_areAllDelivered_inOrderPerPartitionKey() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("batch-" + (i % 5))
                    .data(SdkBytes.fromUtf8String(run + ":" + i)).build());
        }
        assertEquals(0, producer.putRecords(b -> b.streamName("Lab-Stream").records(entries)).failedRecordCount());
        Instant deadline = Instant.now().plus(WAIT);
        List<JsonNode> ours;
        do {
            ours = loggedRecords().stream().filter(r -> r.path("data").asText().startsWith(run + ":")).toList();
            if (ours.size() >= 500) {
                break;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        assertEquals(500, ours.stream().map(r -> r.path("data").asText()).distinct().count(), "all 500 records logged");
        Map<String, Integer> lastPerKey = new HashMap<>();
        for (JsonNode record : ours) {
            int number = Integer.parseInt(record.path("data").asText().substring(run.length() + 1));
            Integer previous = lastPerKey.put(record.path("partitionKey").asText(), number);
            assertTrue(previous == null || previous < number, "out of order for " + record.path("partitionKey").asText());
        }
    }
}
