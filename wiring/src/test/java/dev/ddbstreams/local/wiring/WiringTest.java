package dev.ddbstreams.local.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WiringTest {

    private static final Path WIRING = Path.of("..", "terraform", "wiring.json");

    @Test
    void load_readsTheProjectWiring_andEveryReferenceResolves() {
        Wiring wiring = Wiring.load(WIRING);
        assertEquals(9, wiring.mappings().size());
        MappingSpec echo = wiring.mappings().get("store-orders-echo");
        assertEquals(5, echo.batchSize());
        assertTrue(echo.bisectBatchOnFunctionError());
        assertEquals(10, echo.maximumRetryAttempts());
        assertEquals(SourceType.DYNAMODB, echo.source().type());
        assertEquals("notes", wiring.functions().get("notes-api").environment().get("NOTES_TABLE").table());
        assertEquals("word-count",
                wiring.functions().get("word-count-forwarder").environment().get("WORD_COUNT_QUEUE_URL").queueUrl());
        assertEquals("REMOVE",
                wiring.mappings().get("user-removal-logger").filters().get(0).get("eventName").get(0).asText());
        assertEquals("KEYS_ONLY", wiring.tables().get("Orders").streamViewType());
    }

    @Test
    void load_readsTheTerraformOnlyFields_permissionsGroupsAndBilling() {
        Wiring wiring = Wiring.load(WIRING);
        FunctionSpec notesApi = wiring.functions().get("notes-api");
        assertEquals("notes", notesApi.group());
        assertTrue(notesApi.permissions().tables().get("notes").contains("dynamodb:Scan"));
        assertEquals(List.of("sqs:SendMessage"), wiring.functions().get("word-count-forwarder").permissions().queues().get("word-count"));
        assertEquals(Permissions.NONE, wiring.functions().get("orders-keys-logger").permissions());
        assertEquals("PAY_PER_REQUEST", wiring.tables().get("notes").billingMode());
        assertEquals("lab-stream", wiring.kinesisStreams().get("Lab-Stream").group());
        assertEquals("notes", wiring.queues().get("word-count").group());
    }

    @Test
    void parse_acceptsLiteralEnvironmentValues() throws Exception {
        String json = Files.readString(WIRING).replace("\"environment\": {}", "\"environment\": {\"LOG_LEVEL\": \"INFO\"}");
        Wiring wiring = Wiring.parse(json);
        assertEquals("INFO", wiring.functions().get("orders-keys-logger").environment().get("LOG_LEVEL").value());
    }

    /** A field one reader would use and the other ignore is how Terraform and the local runtime drift apart. */
    @Test
    void parse_refusesReportBatchItemFailures_whichEveryWiringMappingHas() throws Exception {
        String json = Files.readString(WIRING).replace("\"batchSize\": 5,", "\"batchSize\": 5, \"reportBatchItemFailures\": false,");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Wiring.parse(json));
        assertTrue(error.getMessage().contains("\"reportBatchItemFailures\" of mappings.store-orders-echo"), error.getMessage());
        assertTrue(Wiring.load(WIRING).mappings().values().stream().allMatch(MappingSpec::reportBatchItemFailures));
        assertTrue(!Wiring.declarableFields().get("mappings").contains("reportBatchItemFailures"));
    }

    @Test
    void parse_refusesAnUnknownField_namingItAndWhereItIs() throws Exception {
        String json = Files.readString(WIRING).replace("\"batchSize\": 5,", "\"batchSize\": 5, \"maximumConcurrency\": 2,");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Wiring.parse(json));
        assertTrue(error.getMessage().contains("\"maximumConcurrency\""), error.getMessage());
        assertTrue(error.getMessage().contains("store-orders-echo"), error.getMessage());

        String permissionKind = Files.readString(WIRING).replace("\"permissions\": { \"queues\"", "\"permissions\": { \"streams\"");
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> Wiring.parse(permissionKind));
        assertTrue(kind.getMessage().contains("\"streams\""), kind.getMessage());
    }

    @Test
    void parse_refusesPermissionsOnUndeclaredResources() throws Exception {
        String json = Files.readString(WIRING).replace("\"permissions\": { \"queues\": { \"word-count\"",
                "\"permissions\": { \"queues\": { \"no-such-queue\"");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Wiring.parse(json));
        assertTrue(error.getMessage().contains("permissions on undeclared queue no-such-queue"), error.getMessage());
    }

    @Test
    void declarableFields_areTheRecordsFields_perCollection() {
        Map<String, List<String>> fields = Wiring.declarableFields();
        assertEquals(List.of("tables", "kinesisStreams", "queues", "functions", "mappings", "httpApi"), List.copyOf(fields.keySet()));
        assertTrue(fields.get("functions").containsAll(List.of("module", "handler", "environment", "permissions", "group")), fields.toString());
        assertTrue(fields.get("httpApi").containsAll(List.of("throttlingBurstLimit", "throttlingRateLimit", "routes")), fields.toString());
    }

    @Test
    void parse_listsEveryBrokenReference() throws Exception {
        String json = Files.readString(WIRING)
                .replace("\"function\": \"game-scores\"", "\"function\": \"no-such-function\"")
                .replace("\"onFailureQueue\": \"store-orders-echo-dlq\"", "\"onFailureQueue\": \"missing-queue\"");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Wiring.parse(json));
        assertTrue(error.getMessage().contains("no-such-function"), error.getMessage());
        assertTrue(error.getMessage().contains("missing-queue"), error.getMessage());
    }

    @Test
    void parse_rejectsMalformedJson_withAClearMessage() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Wiring.parse("{\"tables\": ["));
        assertFalse(error.getMessage().isBlank());
    }

    @Test
    void parse_rejectsSqsBatchOverTen_withoutABatchingWindow() throws Exception {
        String json = Files.readString(WIRING).replace(
                "\"source\": { \"type\": \"sqs\", \"queue\": \"word-count\" },\n      \"batchSize\": 10",
                "\"source\": { \"type\": \"sqs\", \"queue\": \"word-count\" },\n      \"batchSize\": 50");
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Wiring.parse(json));
        assertTrue(error.getMessage().contains("SQS batchSize"), error.getMessage());
    }
}
