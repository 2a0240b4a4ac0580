package dev.ddbstreams.local.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
    void parse_acceptsLiteralEnvironmentValues_andIgnoresTerraformOnlyFields() throws Exception {
        String json = Files.readString(WIRING).replace("\"environment\": {}",
                "\"environment\": {\"LOG_LEVEL\": \"INFO\"}, \"permissions\": {\"x\": 1}");
        Wiring wiring = Wiring.parse(json);
        assertEquals("INFO", wiring.functions().get("orders-keys-logger").environment().get("LOG_LEVEL").value());
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
