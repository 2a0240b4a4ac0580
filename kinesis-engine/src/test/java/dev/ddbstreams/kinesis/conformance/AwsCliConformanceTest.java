package dev.ddbstreams.kinesis.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.kinesis.junit.KinesisEngineExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The AWS CLI as a client: it speaks JSON 1.1 (never CBOR). Skipped, with the reason, where {@code aws} is not on
 * the PATH. Dummy credentials; the config file is empty so no developer profile leaks in.
 *
 * @see <a href="https://docs.aws.amazon.com/cli/latest/reference/kinesis/">AWS CLI kinesis commands</a>
 */
class AwsCliConformanceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final KinesisEngineExtension KINESIS = KinesisEngineExtension.inMemory().withStatusTransitionDelay(Duration.ZERO);

    private static Path awsCli;

    @BeforeAll
    static void findCli() {
        awsCli = List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).stream()
                .map(dir -> Path.of(dir, "aws")).filter(Files::isExecutable).findFirst().orElse(null);
    }

    private record Result(int exitCode, String stdout, String stderr) {
        JsonNode json() throws Exception {
            return MAPPER.readTree(stdout);
        }
    }

    private static Result aws(String... args) throws Exception {
        assumeTrue(awsCli != null, "the AWS CLI (aws) is not on PATH");
        List<String> command = new ArrayList<>(List.of(awsCli.toString(), "kinesis"));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", KINESIS.endpoint().toString(), "--region", "us-east-1", "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command);
        Path config = Files.createTempFile("aws-config", "");
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        builder.environment().put("AWS_CONFIG_FILE", config.toString());
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", config.toString());
        builder.environment().remove("AWS_PROFILE");
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        Files.deleteIfExists(config);
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html and API_DescribeStreamSummary.html */
    @Test
    void createStream_thenDescribeStreamSummary() throws Exception {
        assertEquals(0, aws("create-stream", "--stream-name", "cli-created", "--shard-count", "2").exitCode());
        JsonNode summary = aws("describe-stream-summary", "--stream-name", "cli-created").json().get("StreamDescriptionSummary");
        assertEquals("arn:aws:kinesis:us-east-1:000000000000:stream/cli-created", summary.get("StreamARN").asText());
        assertEquals(2, summary.get("OpenShardCount").asInt());
        assertTrue(summary.get("StreamCreationTimestamp").isNumber() || summary.get("StreamCreationTimestamp").isTextual());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html and API_GetRecords.html : the CLI base64-encodes Data for the wire */
    @Test
    void putRecord_thenGetRecords_roundTripsTheData() throws Exception {
        aws("create-stream", "--stream-name", "cli-records", "--shard-count", "1");
        Result put = aws("put-record", "--stream-name", "cli-records", "--partition-key", "k", "--data", "hello from the cli");
        assertEquals(0, put.exitCode(), put.stderr());
        assertEquals("shardId-000000000000", put.json().get("ShardId").asText());
        String iterator = aws("get-shard-iterator", "--stream-name", "cli-records", "--shard-id", "shardId-000000000000",
                "--shard-iterator-type", "TRIM_HORIZON").json().get("ShardIterator").asText();
        JsonNode record = aws("get-records", "--shard-iterator", iterator).json().get("Records").get(0);
        assertEquals("hello from the cli", new String(Base64.getDecoder().decode(record.get("Data").asText()), StandardCharsets.UTF_8));
        assertEquals(put.json().get("SequenceNumber").asText(), record.get("SequenceNumber").asText());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html */
    @Test
    void listStreams_includesCreatedStreams() throws Exception {
        aws("create-stream", "--stream-name", "cli-listed", "--shard-count", "1");
        Result list = aws("list-streams");
        assertEquals(0, list.exitCode(), list.stderr());
        List<String> names = new ArrayList<>();
        list.json().get("StreamNames").forEach(n -> names.add(n.asText()));
        assertTrue(names.contains("cli-listed"), names.toString());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeStream.html : ResourceNotFoundException reaches the CLI by name */
    @Test
    void describeStream_ofAMissingStream_failsWithResourceNotFound() throws Exception {
        Result result = aws("describe-stream", "--stream-name", "cli-missing");
        assertNotEquals(0, result.exitCode());
        assertTrue(result.stderr().contains("ResourceNotFoundException"), result.stderr());
        assertTrue(result.stderr().contains("Stream cli-missing under account 000000000000 not found."), result.stderr());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecords.html : the CLI's put-records */
    @Test
    void putRecords_answersEachRecord() throws Exception {
        aws("create-stream", "--stream-name", "cli-batch", "--shard-count", "1");
        Result result = aws("put-records", "--stream-name", "cli-batch", "--records",
                "Data=b25l,PartitionKey=a", "Data=dHdv,PartitionKey=b");
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(0, result.json().get("FailedRecordCount").asInt());
        assertEquals(2, result.json().get("Records").size());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DescribeLimits.html : what the Terraform provider calls during plan */
    @Test
    void describeLimits_answers() throws Exception {
        Result result = aws("describe-limits");
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(500, result.json().get("ShardLimit").asInt());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_SplitShard.html and API_ListShards.html */
    @Test
    void splitShard_thenListShards_showsParentAndChildren() throws Exception {
        aws("create-stream", "--stream-name", "cli-split", "--shard-count", "1");
        Result split = aws("split-shard", "--stream-name", "cli-split", "--shard-to-split", "shardId-000000000000",
                "--new-starting-hash-key", "170141183460469231731687303715884105728");
        assertEquals(0, split.exitCode(), split.stderr());
        JsonNode shards = aws("list-shards", "--stream-name", "cli-split").json().get("Shards");
        assertEquals(3, shards.size());
        assertEquals("shardId-000000000000", shards.get(2).get("ParentShardId").asText());
    }
}
