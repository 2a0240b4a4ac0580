package dev.ddbstreams.dynamodb.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import dev.ddbstreams.dynamodb.conformance.streams.StreamReader;
import dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * A write the engine acknowledged survives a SIGKILL of its process, and afterwards the stream agrees with
 * the table. Three times over: a child JVM ({@link CrashWriterMain}) runs the engine on a data directory
 * and writes single PutItems, UpdateItems and TransactWriteItems in a loop; the test kills it with SIGKILL
 * mid-run ({@link Process#destroyForcibly()} on Linux), restarts the engine in this JVM on the same
 * directory and checks:
 * <ul>
 *   <li>every acknowledged write is in the table (a transaction's two items both, never one);</li>
 *   <li>the stream holds exactly the acknowledged writes, in order, none twice, plus at most the one write
 *       that was in flight when the child died (it writes one at a time).</li>
 * </ul>
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html">Streams</a>
 *      ("Each stream record appears exactly once in the stream." "For each item that is modified in a
 *      DynamoDB table, the stream records appear in the same sequence as the actual modifications.")
 */
class CrashRecoveryTest {

    private static final String TABLE = "crash-recovery";
    private static final int ROUNDS = 3;
    private static final long IDS_PER_ROUND = 1_000_000;
    /** The children's stderr, kept after the test (the module's target directory is surefire's working directory). */
    private static final Path CHILD_ERRORS = Path.of("target", "crash-child.err");

    @TempDir
    Path dataDirectory;

    /** What one child run acknowledged. */
    private record Round(long firstId, List<Long> acknowledged) {
        /** The write that may have been applied but not acknowledged when the child died. */
        long inFlight() {
            return acknowledged.isEmpty() ? firstId : acknowledged.get(acknowledged.size() - 1) + 1;
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void acknowledgedWritesSurviveSigkillAndTheStreamAgreesWithTheTable() throws Exception {
        List<Round> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            rounds.add(runAndKill(round * IDS_PER_ROUND));
            verify(rounds);
            System.out.printf("crash round %d: %d acknowledged writes before SIGKILL, all recovered%n",
                    round + 1, rounds.get(round).acknowledged().size());
        }
    }

    private Round runAndKill(long firstId) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashWriterMain.class.getName(),
                dataDirectory.toString(), TABLE, Long.toString(firstId))
                .redirectError(ProcessBuilder.Redirect.appendTo(CHILD_ERRORS.toFile()))
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readCompleteLines(child.getInputStream(), lines), "crash-child-stdout");
        reader.start();
        long started = System.nanoTime();
        while (!lines.contains("READY") && child.isAlive() && System.nanoTime() - started < Duration.ofSeconds(30).toNanos()) {
            Thread.sleep(5);
        }
        long ready = System.nanoTime();
        // Kill at a random point of the write loop, after some tens to a couple of hundred acknowledged writes.
        int killAfter = ThreadLocalRandom.current().nextInt(30, 200);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (acks(lines).size() < killAfter && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(child.isAlive(), "the child died by itself; stderr in " + CHILD_ERRORS.toAbsolutePath()
                + "; stdout: " + lines);
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush, no close
        assertTrue(child.waitFor(10, TimeUnit.SECONDS), "the child did not die");
        reader.join(5_000);
        List<Long> acknowledged = acks(lines);
        assertFalse(acknowledged.isEmpty(), "no write was acknowledged before the kill: " + lines);
        System.out.printf("crash child: ready after %d ms, killed %d ms later%n", (ready - started) / 1_000_000,
                (System.nanoTime() - ready) / 1_000_000);
        return new Round(firstId, acknowledged);
    }

    /** Lines ended by '\n' only: a line cut by the kill is not a line. */
    private static void readCompleteLines(InputStream in, List<String> lines) {
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        try {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b == '\n') {
                    lines.add(current.toString(StandardCharsets.US_ASCII));
                    current.reset();
                } else {
                    current.write(b);
                }
            }
        } catch (IOException endOfChild) {
            // the child was killed: what was read is what counts
        }
    }

    private static List<Long> acks(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("ACK ")).map(line -> Long.parseLong(line.substring(4))).toList();
    }

    private void verify(List<Round> rounds) {
        try (DynamoDbEngine engine = DynamoDbEngine.builder().port(0).dataDirectory(dataDirectory).build();
                DynamoDbClient client = ConformanceSupport.client(engine.endpoint(), engine.region());
                DynamoDbStreamsClient streams = ConformanceSupport.streamsClient(engine.endpoint(), engine.region())) {
            List<Long> streamIds = writeIdsInStreamOrder(StreamReader.allRecords(client, streams, TABLE));
            assertEquals(new LinkedHashSet<>(streamIds).size(), streamIds.size(), "a write recorded twice: " + streamIds);
            List<Long> expected = new ArrayList<>();
            Set<Long> allowedExtra = new java.util.HashSet<>();
            for (Round round : rounds) {
                expected.addAll(round.acknowledged());
                allowedExtra.add(round.inFlight());
            }
            List<Long> withoutInFlight = streamIds.stream().filter(id -> !allowedExtra.contains(id)).toList();
            assertEquals(expected.stream().filter(id -> !allowedExtra.contains(id)).toList(), withoutInFlight,
                    "the stream must hold exactly the acknowledged writes, in order");
            for (int i = 1; i < streamIds.size(); i++) {
                assertTrue(streamIds.get(i) > streamIds.get(i - 1), "out of order at " + i + ": " + streamIds);
            }
            for (Round round : rounds) {
                for (long id : round.acknowledged()) {
                    assertTrue(streamIds.contains(id), "acknowledged write " + id + " is missing from the stream");
                    assertInTable(client, id);
                }
                assertTransactionAtomic(client, round.inFlight());
                assertInFlightWriteAgrees(client, round.inFlight(), streamIds.contains(round.inFlight()));
            }
            long lastUpdate = streamIds.stream().filter(id -> id % 3 == 1).mapToLong(Long::longValue).max().orElse(-1);
            if (lastUpdate >= 0) {
                Map<String, AttributeValue> counter = get(client, "counter");
                assertEquals(Long.toString(lastUpdate), counter.get("last").n(), "the counter's last update");
                assertEquals(Long.toString(streamIds.stream().filter(id -> id % 3 == 1).count()), counter.get("n").n(),
                        "the counter counts every recorded update once");
            }
        }
    }

    /**
     * The write id of each record, in stream order; a transaction's two records give one id (they must be
     * next to each other).
     */
    private static List<Long> writeIdsInStreamOrder(List<Record> records) {
        List<Long> ids = new ArrayList<>();
        Map<Long, Integer> transactionRecords = new HashMap<>();
        for (Record record : records) {
            Map<String, AttributeValue> image = record.dynamodb().newImage();
            String pk = record.dynamodb().keys().get("pk").s();
            long id = pk.equals("counter") ? Long.parseLong(image.get("last").n()) : Long.parseLong(image.get("seq").n());
            if (pk.startsWith("t-")) {
                int seen = transactionRecords.merge(id, 1, Integer::sum);
                if (seen == 2) {
                    assertEquals(id, ids.get(ids.size() - 1), "the two records of transaction " + id + " are apart");
                    continue;
                }
                assertTrue(seen == 1, "transaction " + id + " recorded " + seen + " times");
            }
            ids.add(id);
        }
        transactionRecords.forEach((id, count) -> assertEquals(2, count, "transaction " + id + " half recorded"));
        return ids;
    }

    private static Map<String, AttributeValue> get(DynamoDbClient client, String pk) {
        return client.getItem(b -> b.tableName(TABLE).key(Map.of("pk", AttributeValue.fromS(pk))).consistentRead(true)).item();
    }

    private static void assertInTable(DynamoDbClient client, long id) {
        switch ((int) (id % 3)) {
            case 0 -> assertEquals(Long.toString(id), seqOf(client, "p-" + id), "put " + id);
            case 1 -> assertFalse(get(client, "counter").isEmpty(), "update " + id + ": no counter");
            default -> {
                assertEquals(Long.toString(id), seqOf(client, "t-" + id + "-a"), "transaction " + id + " item a");
                assertEquals(Long.toString(id), seqOf(client, "t-" + id + "-b"), "transaction " + id + " item b");
            }
        }
    }

    private static void assertTransactionAtomic(DynamoDbClient client, long id) {
        if (id % 3 == 2) {
            boolean a = !get(client, "t-" + id + "-a").isEmpty();
            boolean b = !get(client, "t-" + id + "-b").isEmpty();
            assertEquals(a, b, "in-flight transaction " + id + " half applied");
        }
    }

    /** The write in flight at the kill is in the table exactly when it is in the stream. */
    private static void assertInFlightWriteAgrees(DynamoDbClient client, long id, boolean inStream) {
        String pk = switch ((int) (id % 3)) {
            case 0 -> "p-" + id;
            case 2 -> "t-" + id + "-a";
            default -> null; // the counter's agreement is checked by its count of updates
        };
        if (pk != null) {
            assertEquals(inStream, !get(client, pk).isEmpty(), "in-flight write " + id + ": table and stream disagree");
        }
    }

    private static String seqOf(DynamoDbClient client, String pk) {
        Map<String, AttributeValue> item = get(client, pk);
        if (item.isEmpty()) {
            fail("item " + pk + " of an acknowledged write is missing");
        }
        return item.get("seq").n();
    }
}
