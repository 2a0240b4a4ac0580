package dev.ddbstreams.local.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.endpoint.lambda.EventSourceMappingDefinition;
import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.SourceType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Lambda API's mapping settings as the engine's poller settings. */
class MappingDefinitionsTest {

    private static final String STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/notes/stream/2026-12-06T00:00:00.000";
    private static final String KINESIS = "arn:aws:kinesis:us-east-1:000000000000:stream/Lab-Stream";
    private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:word-count";
    private static final String FAILURES = "arn:aws:sqs:us-east-1:000000000000:notes-word-count-failures";

    @Test
    void aStreamMapping_keepsEverySetting_andNamesItsTableAndOnFailureQueue() {
        MappingSpec spec = MappingDefinitions.toSpec(new EventSourceMappingDefinition("u1", STREAM, "word-count-stream", Map.of(),
                "arn:aws:lambda:us-east-1:000000000000:function:word-count-stream", true, 100, 2, "LATEST", null, 3, 60,
                true, 1, 0, FAILURES, List.of("{\"eventName\":[\"REMOVE\"]}"), Set.of("ReportBatchItemFailures"),
                Map.of()));

        assertEquals(SourceType.DYNAMODB, spec.source().type());
        assertEquals("notes", spec.source().table());
        assertEquals(STREAM, spec.source().arn());
        assertEquals("word-count-stream", spec.function());
        assertEquals("LATEST", spec.startingPosition());
        assertEquals(100, spec.batchSize());
        assertEquals(2, spec.maximumBatchingWindowInSeconds());
        assertEquals(3, spec.maximumRetryAttempts());
        assertEquals(60, spec.maximumRecordAgeInSeconds());
        assertTrue(spec.bisectBatchOnFunctionError());
        assertEquals("notes-word-count-failures", spec.onFailureQueue());
        assertEquals("REMOVE", spec.filters().get(0).get("eventName").get(0).asText());
        assertTrue(spec.reportBatchItemFailures());
    }

    @Test
    void kinesisAndSqsSources_areReadFromTheirArns_andUnsetLimitsAreUnlimited() {
        MappingSpec kinesis = MappingDefinitions.toSpec(definition(KINESIS, "TRIM_HORIZON", null, Map.of()));
        MappingSpec sqs = MappingDefinitions.toSpec(definition(QUEUE, null, null, Map.of()));

        assertEquals(SourceType.KINESIS, kinesis.source().type());
        assertEquals("Lab-Stream", kinesis.source().stream());
        assertEquals(-1, kinesis.maximumRetryAttempts());
        assertEquals(-1, kinesis.maximumRecordAgeInSeconds());
        assertFalse(kinesis.reportBatchItemFailures(), "not asked for: the response is not read");
        assertEquals(SourceType.SQS, sqs.source().type());
        assertEquals("word-count", sqs.source().queue());
        assertNull(sqs.startingPosition());
    }

    @Test
    void theName_isTheWiringTag_elseTheUuid() {
        assertEquals("notes-word-count", MappingDefinitions.name(definition(STREAM, "LATEST", null,
                Map.of(EventSourceMappingDefinition.WIRING_NAME_TAG, "notes-word-count"))));
        assertEquals("u1", MappingDefinitions.name(definition(STREAM, "LATEST", null, Map.of("team", "x"))));
    }

    @Test
    void whatThisRuntimeCannotPoll_isRefused_withTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MappingDefinitions.toSpec(definition(
                "arn:aws:kafka:us-east-1:000000000000:cluster/c/1", "LATEST", null, Map.of()))).getMessage()
                .contains("not a DynamoDB stream, Kinesis stream or SQS queue ARN"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MappingDefinitions.toSpec(definition(
                STREAM, "LATEST", "arn:aws:sns:us-east-1:000000000000:failures", Map.of()))).getMessage()
                .contains("not an SQS queue"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MappingDefinitions.toSpec(definition(
                STREAM, "AT_TIMESTAMP", null, Map.of()))).getMessage().contains("AT_TIMESTAMP"));
    }

    private static EventSourceMappingDefinition definition(String source, String startingPosition, String onFailure,
            Map<String, String> tags) {
        return new EventSourceMappingDefinition("u1", source, "fn", Map.of(), "arn:aws:lambda:us-east-1:000000000000:function:fn",
                true, 10, 0, startingPosition, null, null, null, null, null, null, onFailure, List.of(), Set.of(), tags);
    }
}
