package dev.ddbstreams.kinesis.crash;

import dev.ddbstreams.kinesis.KinesisEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The child JVM of {@link KinesisCrashRecoveryTest}: runs an engine on a data directory and writes records through
 * the SDK (CBOR) as fast as it can, printing {@code ACK <payload> <shardId> <sequenceNumber>} for each record the
 * engine acknowledged, until it is killed.
 */
public final class CrashingWriter {

    static final String STREAM = "crash-stream";

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDirectory = Path.of(args[0]);
        String round = args[1];
        KinesisEngine engine = KinesisEngine.builder().port(0).dataDirectory(dataDirectory).build();
        KinesisClient kinesis = KinesisClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        try {
            kinesis.createStream(r -> r.streamName(STREAM).shardCount(2));
        } catch (ResourceInUseException alreadyThere) {
            // a later round: the stream came back from the log
        }
        while (kinesis.describeStreamSummary(r -> r.streamName(STREAM)).streamDescriptionSummary().streamStatus() != StreamStatus.ACTIVE) {
            Thread.sleep(20);
        }
        System.out.println("READY");
        System.out.flush();
        for (int i = 0; i < 1_000_000; i++) {
            if (i % 3 == 0) {
                List<PutRecordsRequestEntry> batch = new ArrayList<>();
                for (int j = 0; j < 5; j++) {
                    batch.add(PutRecordsRequestEntry.builder().partitionKey("key-" + (i + j) % 7)
                            .data(SdkBytes.fromUtf8String(round + "-" + i + "." + j)).build());
                }
                PutRecordsResponse response = kinesis.putRecords(r -> r.streamName(STREAM).records(batch));
                for (int j = 0; j < 5; j++) {
                    System.out.println("ACK " + round + "-" + i + "." + j + " " + response.records().get(j).shardId() + " "
                            + response.records().get(j).sequenceNumber());
                }
            } else {
                String payload = round + "-" + i;
                var response = kinesis.putRecord(r -> r.streamName(STREAM).partitionKey("key-" + payload.length() % 7)
                        .data(SdkBytes.fromUtf8String(payload)));
                System.out.println("ACK " + payload + " " + response.shardId() + " " + response.sequenceNumber());
            }
            System.out.flush();
        }
    }
}
