package dev.ddbstreams.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {

    private static final List<String> BATCH = List.of("100", "200", "300", "400");

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "{}", "{\"batchItemFailures\":null}", "{\"batchItemFailures\":[]}", "\"text\"",
        "[1,2]", "not json"})
    void acknowledgedBy_acknowledgesTheWholeBatch_whenTheResponseReportsNoFailure(String response) {
        assertEquals(BATCH, DeliveryTracker.acknowledgedBy(BATCH, response));
        assertEquals(BATCH, DeliveryTracker.acknowledgedBy(BATCH, null));
    }

    @Test
    void acknowledgedBy_acknowledgesTheRecordsBeforeTheFirstReportedOne() {
        String response = "{\"batchItemFailures\":[{\"itemIdentifier\":\"400\"},{\"itemIdentifier\":\"300\"}]}";
        assertEquals(List.of("100", "200"), DeliveryTracker.acknowledgedBy(BATCH, response));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"batchItemFailures\":[{\"itemIdentifier\":\"999\"}]}",
        "{\"batchItemFailures\":[{\"itemIdentifier\":null}]}", "{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}",
        "{\"batchItemFailures\":[{\"id\":\"100\"}]}", "{\"batchItemFailures\":[{\"itemIdentifier\":100}]}",
        "{\"batchItemFailures\":\"100\"}"})
    void acknowledgedBy_acknowledgesNothing_whenTheReportIsInvalid(String response) {
        assertEquals(List.of(), DeliveryTracker.acknowledgedBy(BATCH, response));
    }

    @Test
    void tracker_comparesSequenceNumbersAsNumbers_andCountsRedeliveries() {
        DeliveryTracker tracker = new DeliveryTracker();
        tracker.delivered("m", List.of("000100", "200"));
        tracker.delivered("m", List.of("100"));
        tracker.acknowledged("m", List.of("100"));

        assertTrue(tracker.wasDelivered("m", "100"));
        assertTrue(tracker.wasAcknowledged("m", "0000100"));
        assertFalse(tracker.wasAcknowledged("m", "200"));
        assertEquals(new DeliveryTracker.Figures(2, 2, 3, 1, 1, 0), tracker.figures().get("m"));
    }
}
