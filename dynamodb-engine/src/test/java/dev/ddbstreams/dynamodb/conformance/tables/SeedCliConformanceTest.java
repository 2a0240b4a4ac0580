package dev.ddbstreams.dynamodb.conformance.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.dynamodb.conformance.streams.StreamReader;
import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Seed 001's AWS CLI commands, run with the real {@code aws} CLI against the engine, in the seed's order:
 * create-table (KEYS_ONLY stream, provisioned throughput 1/1), put-item with
 * {@code {"Id": {"N": "1.0"}, "Amount": {"N": "1000.0"}}}, get-item, scan, delete-table. Skipped, with the
 * reason, where the CLI is not on the PATH.
 *
 * @see <a href="https://docs.aws.amazon.com/cli/latest/reference/dynamodb/index.html">AWS CLI: dynamodb</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html#HowItWorks.DataTypes.Number">Number data type</a>
 *      ("Leading and trailing zeroes are trimmed.")
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedCliConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ORDERS = "Orders";
    private static Path aws;

    @TempDir
    static Path workDirectory;

    @BeforeAll
    static void findTheCli() {
        aws = onPath("aws");
        assumeTrue(aws != null, "the AWS CLI (aws) is not on the PATH: seed 001's CLI commands cannot be run");
    }

    private static Path onPath(String command) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, command);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** Runs {@code aws --endpoint-url <engine> dynamodb <args>} with dummy credentials; answers its JSON output. */
    private static JsonNode dynamodb(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(aws.toString(), "--endpoint-url", DYNAMODB.endpoint().toString(),
                "--output", "json", "dynamodb"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("AWS_ACCESS_KEY_ID", "local");
        environment.put("AWS_SECRET_ACCESS_KEY", "local");
        environment.put("AWS_DEFAULT_REGION", "us-east-1");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
        environment.put("AWS_PAGER", "");
        environment.remove("AWS_PROFILE");
        environment.put("AWS_CONFIG_FILE", workDirectory.resolve("no-config").toString());
        environment.put("AWS_SHARED_CREDENTIALS_FILE", workDirectory.resolve("no-credentials").toString());
        Path output = workDirectory.resolve("cli.out");
        Path errors = workDirectory.resolve("cli.err");
        Process process = builder.redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the CLI did not finish: " + command);
        String stdout = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + "\n" + stdout
                + Files.readString(errors, StandardCharsets.UTF_8));
        return stdout.isBlank() ? JSON.createObjectNode() : JSON.readTree(stdout);
    }

    /** Seed 001 (1.1): create-table with a KEYS_ONLY stream and provisioned throughput of 1 and 1. */
    @Test
    @Order(1)
    void createTableAnswersLikeTheSeed() throws Exception {
        JsonNode description = dynamodb("create-table", "--table-name", ORDERS,
                "--attribute-definitions", "AttributeName=Id,AttributeType=N", "AttributeName=Amount,AttributeType=N",
                "--key-schema", "AttributeName=Id,KeyType=HASH", "AttributeName=Amount,KeyType=RANGE",
                "--provisioned-throughput", "ReadCapacityUnits=1,WriteCapacityUnits=1",
                "--stream-specification", "StreamEnabled=true,StreamViewType=KEYS_ONLY").path("TableDescription");
        assertEquals(ORDERS, description.path("TableName").asText());
        assertEquals("KEYS_ONLY", description.path("StreamSpecification").path("StreamViewType").asText());
        assertEquals(1, description.path("ProvisionedThroughput").path("ReadCapacityUnits").asInt());
        assertEquals(1, description.path("ProvisionedThroughput").path("WriteCapacityUnits").asInt());
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/"
                + description.path("LatestStreamLabel").asText(), description.path("LatestStreamArn").asText());
    }

    /** AWS CLI: wait table-exists polls DescribeTable until the table is ACTIVE. */
    @Test
    @Order(2)
    void waitTableExistsReturnsOnceActive() throws Exception {
        dynamodb("wait", "table-exists", "--table-name", ORDERS);
        assertEquals("ACTIVE", dynamodb("describe-table", "--table-name", ORDERS).path("Table").path("TableStatus").asText());
    }

    /** Seed 001 (4.1): put-item --item file://newOrder.json with numbers written 1.0 and 1000.0. */
    @Test
    @Order(3)
    void putItemFromAFileSucceeds() throws Exception {
        Files.writeString(workDirectory.resolve("newOrder.json"),
                "{\n     \"Id\": {\"N\": \"1.0\"},\n     \"Amount\": {\"N\": \"1000.0\"}\n }\n");
        assertTrue(dynamodb("put-item", "--table-name", ORDERS, "--item", "file://newOrder.json").isObject());
    }

    /** get-item finds the item; numbers come back normalised (1.0 is 1, 1000.0 is 1000). */
    @Test
    @Order(4)
    void getItemAnswersTheItemWithNormalisedNumbers() throws Exception {
        JsonNode item = dynamodb("get-item", "--table-name", ORDERS, "--key",
                "{\"Id\": {\"N\": \"1\"}, \"Amount\": {\"N\": \"1000\"}}").path("Item");
        assertEquals("1", item.path("Id").path("N").asText());
        assertEquals("1000", item.path("Amount").path("N").asText());
    }

    /** scan answers the one item, Count 1 and ScannedCount 1. */
    @Test
    @Order(5)
    void scanAnswersTheOneItem() throws Exception {
        JsonNode scan = dynamodb("scan", "--table-name", ORDERS);
        assertEquals(1, scan.path("Count").asInt());
        assertEquals(1, scan.path("ScannedCount").asInt());
        assertEquals("1000", scan.path("Items").get(0).path("Amount").path("N").asText());
    }

    /** Seed 001 (2.1): the stream record of the put carries only the keys (KEYS_ONLY), "1" and "1000". */
    @Test
    @Order(6)
    void streamHoldsAKeysOnlyInsertOfThePut() {
        List<Record> records = StreamReader.allRecords(DYNAMODB.client(), DYNAMODB.streamsClient(), ORDERS);
        assertEquals(1, records.size());
        assertEquals("INSERT", records.get(0).eventNameAsString());
        assertEquals("1", records.get(0).dynamodb().keys().get("Id").n());
        assertEquals("1000", records.get(0).dynamodb().keys().get("Amount").n());
        assertTrue(!records.get(0).dynamodb().hasNewImage() || records.get(0).dynamodb().newImage().isEmpty());
    }

    /** Seed 001 (5): delete-table answers the table DELETING; afterwards it is gone. */
    @Test
    @Order(7)
    void deleteTableRemovesTheTable() throws Exception {
        assertEquals("DELETING", dynamodb("delete-table", "--table-name", ORDERS)
                .path("TableDescription").path("TableStatus").asText());
        dynamodb("wait", "table-not-exists", "--table-name", ORDERS);
        assertTrue(!dynamodb("list-tables").path("TableNames").toString().contains("\"Orders\""));
    }
}
