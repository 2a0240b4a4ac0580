package dev.ddbstreams.local.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.mapping.BatchItemFailures.Kind;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchItemFailuresTest {

    private static final Set<String> BATCH = Set.of("101", "102", "103");

    private static BatchItemFailures.Result stream(String response) {
        return BatchItemFailures.parse(response, BATCH, false);
    }

    @Test
    void nullEmptyOrNoList_isCompleteSuccess() {
        assertEquals(Kind.ALL_SUCCEEDED, stream(null).kind());
        assertEquals(Kind.ALL_SUCCEEDED, stream("").kind());
        assertEquals(Kind.ALL_SUCCEEDED, stream("null").kind());
        assertEquals(Kind.ALL_SUCCEEDED, stream("{}").kind());
        assertEquals(Kind.ALL_SUCCEEDED, stream("{\"batchItemFailures\":null}").kind());
        assertEquals(Kind.ALL_SUCCEEDED, stream("{\"batchItemFailures\":[]}").kind());
        assertEquals(Kind.ALL_SUCCEEDED, stream("{\"statusCode\":200}").kind());
    }

    @Test
    void otherJsonValues_areNotFailureReports() {
        assertEquals(Kind.ALL_SUCCEEDED, stream("\"done\"").kind());
        assertEquals(Kind.ALL_SUCCEEDED, stream("42").kind());
        assertEquals(Kind.ALL_SUCCEEDED, stream("[{\"itemIdentifier\":\"101\"}]").kind());
    }

    @Test
    void reportedIdentifiers_areReturned() {
        BatchItemFailures.Result result = stream(
                "{\"batchItemFailures\":[{\"itemIdentifier\":\"103\"},{\"itemIdentifier\":\"102\"}]}");
        assertEquals(Kind.SOME_FAILED, result.kind());
        assertEquals(Set.of("102", "103"), result.failedIds());
    }

    @Test
    void nullEmptyMissingOrUnknownIdentifier_failsTheWholeBatch() {
        assertEquals(Kind.ALL_FAILED, stream("{\"batchItemFailures\":[{\"itemIdentifier\":null}]}").kind());
        assertEquals(Kind.ALL_FAILED, stream("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}").kind());
        assertEquals(Kind.ALL_FAILED, stream("{\"batchItemFailures\":[{\"ItemIdentifier\":\"101\"}]}").kind(),
                "a misspelt key reads as a null identifier");
        assertEquals(Kind.ALL_FAILED, stream("{\"batchItemFailures\":[{\"itemIdentifier\":101}]}").kind());
        assertEquals(Kind.ALL_FAILED, stream("{\"batchItemFailures\":[null]}").kind());
        BatchItemFailures.Result unknown = stream("{\"batchItemFailures\":[{\"itemIdentifier\":\"101\"},"
                + "{\"itemIdentifier\":\"999\"}]}");
        assertEquals(Kind.ALL_FAILED, unknown.kind());
        assertTrue(unknown.reason().contains("999"), unknown.reason());
        assertEquals(Kind.ALL_FAILED, stream("{\"batchItemFailures\":\"101\"}").kind());
    }

    @Test
    void responseThatIsNotJson_failsSqsBatches_butNotStreamBatches() {
        assertEquals(Kind.ALL_SUCCEEDED, stream("not json {").kind());
        assertEquals(Kind.ALL_FAILED, BatchItemFailures.parse("not json {", BATCH, true).kind());
    }
}
