package dev.ddbstreams.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchResponsesTest {

    private final List<DynamodbStreamRecord> records =
            LambdaEvents.load("/dynamodb/three-inserts.json", DynamodbEvent.class).getRecords();

    @Test
    void forStream_reportsNothing_whenEveryRecordSucceeds() {
        List<String> seen = new ArrayList<>();
        StreamsEventResponse response = BatchResponses.forStream(records,
                r -> r.getDynamodb().getSequenceNumber(), r -> seen.add(r.getEventID()));
        assertEquals(List.of("e1", "e2", "e3"), seen);
        assertTrue(response.getBatchItemFailures().isEmpty());
    }

    @Test
    void forStream_reportsFirstFailureAndStops_becauseLambdaRetriesFromThere() {
        List<String> seen = new ArrayList<>();
        StreamsEventResponse response = BatchResponses.forStream(records,
                r -> r.getDynamodb().getSequenceNumber(), r -> {
                    seen.add(r.getEventID());
                    if (r.getEventID().equals("e2")) {
                        throw new IllegalArgumentException("bad record");
                    }
                });
        assertEquals(List.of("e1", "e2"), seen);
        assertEquals(1, response.getBatchItemFailures().size());
        assertEquals("200", response.getBatchItemFailures().get(0).getItemIdentifier());
    }

    @Test
    void forStream_reportsNullIdentifier_whenRecordHasNoSequenceNumber_soLambdaFailsTheWholeBatch() {
        StreamsEventResponse response = BatchResponses.forStream(records,
                r -> { throw new NullPointerException("no dynamodb"); }, r -> { throw new IllegalStateException(); });
        assertEquals(1, response.getBatchItemFailures().size());
        assertNull(response.getBatchItemFailures().get(0).getItemIdentifier());
    }

    @Test
    void forStream_toleratesNullRecords() {
        assertTrue(BatchResponses.forStream(null, r -> "x", r -> { }).getBatchItemFailures().isEmpty());
    }

    @Test
    void forQueue_reportsEveryFailedMessage_andProcessesTheRest() {
        List<SQSMessage> messages = new ArrayList<>();
        for (String id : List.of("m1", "m2", "m3")) {
            SQSMessage m = new SQSMessage();
            m.setMessageId(id);
            messages.add(m);
        }
        List<String> seen = new ArrayList<>();
        SQSBatchResponse response = BatchResponses.forQueue(messages, SQSMessage::getMessageId, m -> {
            seen.add(m.getMessageId());
            if (!m.getMessageId().equals("m2")) {
                throw new IllegalArgumentException("boom");
            }
        });
        assertEquals(List.of("m1", "m2", "m3"), seen);
        assertEquals(List.of("m1", "m3"),
                response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
    }
}
