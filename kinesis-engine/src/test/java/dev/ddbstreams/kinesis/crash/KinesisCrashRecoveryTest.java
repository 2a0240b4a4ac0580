package dev.ddbstreams.kinesis.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.kinesis.KinesisEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Durability under SIGKILL: a child JVM runs the engine on a data directory and writes records, printing each one the
 * engine acknowledged; it is killed mid-run ({@code destroyForcibly}, SIGKILL on Linux). An engine restarted on the
 * same directory must hold every acknowledged record, in order per shard, none twice. Three rounds on one directory,
 * so each restart also replays what earlier rounds left (including any torn tail).
 */
class KinesisCrashRecoveryTest {

    private record Ack(String payload, String shardId, String sequenceNumber) {
    }

    @Test
    void everyAcknowledgedRecordSurvivesSigkill_inOrder_withoutDuplicates(@TempDir Path dataDirectory) throws Exception {
        List<Ack> acknowledged = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            acknowledged.addAll(writeUntilKilled(dataDirectory, "r" + round));
            verify(dataDirectory, acknowledged);
        }
    }

    private static List<Ack> writeUntilKilled(Path dataDirectory, String round) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(),
                dataDirectory.toString(), round).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        int killAfter = ThreadLocalRandom.current().nextInt(300, 1500);
        List<Ack> acks = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    acks.add(new Ack(parts[1], parts[2], parts[3]));
                    if (acks.size() >= killAfter) {
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(acks.size() >= killAfter, "the writer died before it was killed (" + acks.size() + " acks)");
        return acks;
    }

    private static void verify(Path dataDirectory, List<Ack> acknowledged) {
        try (KinesisEngine engine = KinesisEngine.start(0, dataDirectory);
             KinesisClient kinesis = KinesisClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            Map<String, List<Record>> stored = new LinkedHashMap<>();
            for (String shard : List.of("shardId-000000000000", "shardId-000000000001")) {
                stored.put(shard, readShard(kinesis, shard));
            }
            Set<String> seen = new HashSet<>();
            for (List<Record> records : stored.values()) {
                for (Record record : records) {
                    assertTrue(seen.add(record.data().asUtf8String()), "duplicated: " + record.data().asUtf8String());
                }
            }
            for (String shard : stored.keySet()) {
                List<String> storedPayloads = stored.get(shard).stream().map(r -> r.data().asUtf8String()).toList();
                List<String> storedSequences = stored.get(shard).stream().map(Record::sequenceNumber).toList();
                int position = -1;
                for (Ack ack : acknowledged) {
                    if (!ack.shardId().equals(shard)) {
                        continue;
                    }
                    int found = storedPayloads.indexOf(ack.payload());
                    assertTrue(found >= 0, "acknowledged record lost: " + ack);
                    assertTrue(found > position, "acknowledged record out of order: " + ack);
                    assertEquals(ack.sequenceNumber(), storedSequences.get(found), "sequence number changed: " + ack);
                    position = found;
                }
            }
        }
    }

    private static List<Record> readShard(KinesisClient kinesis, String shard) {
        List<Record> records = new ArrayList<>();
        String iterator = kinesis.getShardIterator(r -> r.streamName(CrashingWriter.STREAM).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        while (true) {
            String current = iterator;
            GetRecordsResponse response = kinesis.getRecords(r -> r.shardIterator(current));
            records.addAll(response.records());
            if (response.records().isEmpty() || response.nextShardIterator() == null) {
                return records;
            }
            iterator = response.nextShardIterator();
        }
    }
}
