package dev.ddbstreams.endpoint.lambda;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event source mappings through the SDK v2 client: defaults per source kind, states, the host told, validation and
 * duplicate detection, with AWS's texts (LocalStack's AWS-validated event_source_mapping snapshots).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html">CreateEventSourceMapping</a>
 */
class LambdaEventSourceMappingTest {
    private static final String STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/notes/stream/2026-01-01T00:00:00.000";
    private static final String KINESIS = "arn:aws:kinesis:us-east-1:000000000000:stream/events";
    private static final String QUEUE = "arn:aws:sqs:us-east-1:000000000000:jobs";
    private static LambdaFixture fixture;
    private static LambdaClient lambda;

    @BeforeAll
    static void start() {
        fixture = new LambdaFixture();
        lambda = fixture.lambda;
        fixture.createJavaFunction("consumer", "c");
        fixture.createJavaFunction("other", "o");
    }

    @AfterAll
    static void stop() throws Exception {
        fixture.close();
    }

    private EventSourceMappingConfiguration awaitState(String uuid, String state) throws InterruptedException {
        LambdaFixture.await(() -> state.equals(lambda.getEventSourceMapping(r -> r.uuid(uuid)).state()), "state " + state);
        var got = lambda.getEventSourceMapping(r -> r.uuid(uuid));
        return EventSourceMappingConfiguration.builder().uuid(got.uuid()).state(got.state()).batchSize(got.batchSize())
                .stateTransitionReason(got.stateTransitionReason()).lastProcessingResult(got.lastProcessingResult()).build();
    }

    /** A DynamoDB stream mapping: stream defaults, Creating then Enabled once the host applied it, then Deleting. */
    @Test
    @SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... varargs: a generic array javac warns about
    void streamMapping_lifecycle() throws Exception {
        CreateEventSourceMappingResponse created = lambda.createEventSourceMapping(r -> r.eventSourceArn(STREAM)
                .functionName("consumer").startingPosition(EventSourcePosition.TRIM_HORIZON)
                .destinationConfig(d -> d.onFailure(f -> f.destination("arn:aws:sqs:us-east-1:000000000000:dlq")))
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)
                .filterCriteria(f -> f.filters(x -> x.pattern("{\"eventName\":[\"INSERT\"]}")))
                .tags(Map.of(EventSourceMappingDefinition.WIRING_NAME_TAG, "notes-to-consumer")));
        assertEquals("Creating", created.state());
        assertEquals("User action", created.stateTransitionReason());
        assertEquals(100, created.batchSize());
        assertEquals(0, created.maximumBatchingWindowInSeconds());
        assertEquals(-1, created.maximumRetryAttempts());
        assertEquals(-1, created.maximumRecordAgeInSeconds());
        assertEquals(1, created.parallelizationFactor());
        assertEquals(0, created.tumblingWindowInSeconds());
        assertFalse(created.bisectBatchOnFunctionError());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:function:consumer", created.functionArn());
        assertEquals("arn:aws:lambda:us-east-1:000000000000:event-source-mapping:" + created.uuid(), created.eventSourceMappingArn());

        EventSourceMappingConfiguration enabled = awaitState(created.uuid(), "Enabled");
        assertEquals("OK", enabled.lastProcessingResult(), "LastProcessingResult comes from the host");
        EventSourceMappingDefinition applied = fixture.mappings.applied.get(created.uuid());
        assertEquals("TRIM_HORIZON", applied.startingPosition());
        assertEquals("arn:aws:sqs:us-east-1:000000000000:dlq", applied.onFailureDestinationArn());
        assertEquals(Set.of("ReportBatchItemFailures"), applied.functionResponseTypes());
        assertEquals(List.of("{\"eventName\":[\"INSERT\"]}"), applied.filterPatterns());
        assertEquals("notes-to-consumer", applied.tags().get(EventSourceMappingDefinition.WIRING_NAME_TAG));
        assertEquals(Map.of(EventSourceMappingDefinition.WIRING_NAME_TAG, "notes-to-consumer"),
                lambda.listTags(r -> r.resource(created.eventSourceMappingArn())).tags());

        var disabled = lambda.updateEventSourceMapping(r -> r.uuid(created.uuid()).enabled(false).batchSize(50));
        assertEquals("Disabling", disabled.state());
        awaitState(created.uuid(), "Disabled");
        assertFalse(fixture.mappings.applied.get(created.uuid()).enabled());
        assertEquals(50, fixture.mappings.applied.get(created.uuid()).batchSize());

        var deleting = lambda.deleteEventSourceMapping(r -> r.uuid(created.uuid()));
        assertEquals("Deleting", deleting.state());
        LambdaFixture.await(() -> fixture.mappings.calls.contains("remove " + created.uuid()), "the host to remove the mapping");
        LambdaFixture.await(() -> lambda.listEventSourceMappings(r -> r.functionName("consumer")).eventSourceMappings().stream()
                .noneMatch(m -> m.uuid().equals(created.uuid())), "the mapping to be gone");
        ResourceNotFoundException gone = assertThrows(ResourceNotFoundException.class,
                () -> lambda.getEventSourceMapping(r -> r.uuid(created.uuid())));
        assertTrue(gone.getMessage().startsWith("The resource you requested does not exist."));
    }

    /** SQS: batch size 10, no stream settings, StateTransitionReason USER_INITIATED; duplicate refused with AWS's text. */
    @Test
    void queueMapping_defaultsAndDuplicates() throws Exception {
        var created = lambda.createEventSourceMapping(r -> r.eventSourceArn(QUEUE).functionName("consumer"));
        assertEquals(10, created.batchSize());
        assertEquals("USER_INITIATED", created.stateTransitionReason());
        assertNull(created.startingPosition());
        assertNull(created.maximumRetryAttempts());
        assertNull(created.lastProcessingResult());
        awaitState(created.uuid(), "Enabled");
        ResourceConflictException duplicate = assertThrows(ResourceConflictException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(QUEUE).functionName("consumer")));
        assertEquals("An event source mapping with SQS arn (\" " + QUEUE + " \") and function (\" consumer \") already exists. "
                + "Please update or delete the existing mapping with UUID " + created.uuid(), duplicate.awsErrorDetails().errorMessage());
        // The same queue may feed another function.
        lambda.createEventSourceMapping(r -> r.eventSourceArn(QUEUE).functionName("other"));

        var kinesis = lambda.createEventSourceMapping(r -> r.eventSourceArn(KINESIS).functionName("consumer")
                .startingPosition(EventSourcePosition.LATEST));
        ResourceConflictException streamDuplicate = assertThrows(ResourceConflictException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(KINESIS).functionName("consumer")
                        .startingPosition(EventSourcePosition.LATEST)));
        assertEquals("The event source arn (\" " + KINESIS + " \") and function (\" consumer \") provided mapping already exists. "
                + "Please update or delete the existing mapping with UUID " + kinesis.uuid(), streamDuplicate.awsErrorDetails().errorMessage());
        assertEquals(2, lambda.listEventSourceMappings(r -> r.eventSourceArn(QUEUE)).eventSourceMappings().size());
    }

    /** What CreateEventSourceMapping refuses, per source kind. */
    @Test
    @SuppressWarnings("unchecked") // the SDK's Consumer<Builder>... varargs: a generic array javac warns about
    void invalidMappings_areRefused() {
        InvalidParameterValueException noPosition = assertThrows(InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(KINESIS).functionName("other")));
        assertTrue(noPosition.getMessage().startsWith("1 validation error detected: Value null at 'startingPosition'"));
        InvalidParameterValueException sqsPosition = assertThrows(InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(QUEUE + "2").functionName("other")
                        .startingPosition(EventSourcePosition.LATEST)));
        assertTrue(sqsPosition.getMessage().startsWith("Unsupported starting position for arn type: " + QUEUE + "2"));
        InvalidParameterValueException ddbTimestamp = assertThrows(InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(STREAM).functionName("other")
                        .startingPosition(EventSourcePosition.AT_TIMESTAMP).startingPositionTimestamp(java.time.Instant.now())));
        assertTrue(ddbTimestamp.getMessage().startsWith("Unsupported starting position for arn type"));
        InvalidParameterValueException sqsDestination = assertThrows(InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(QUEUE + "3").functionName("other")
                        .destinationConfig(d -> d.onFailure(f -> f.destination(QUEUE)))));
        assertTrue(sqsDestination.getMessage().startsWith("Unsupported DestinationConfig parameter for given event source mapping type."));
        LambdaException batch = assertThrows(LambdaException.class, () -> lambda.createEventSourceMapping(r -> r
                .eventSourceArn(KINESIS + "2").functionName("other").startingPosition(EventSourcePosition.LATEST).batchSize(10001)));
        assertTrue(batch.getMessage().contains("at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000"));
        InvalidParameterValueException window = assertThrows(InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(QUEUE + "4").functionName("other").batchSize(100)));
        assertTrue(window.getMessage().startsWith("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10"));
        InvalidParameterValueException filter = assertThrows(InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(QUEUE + "5").functionName("other")
                        .filterCriteria(f -> f.filters(x -> x.pattern("{\"eventName\": [\"INSERT\"=123}")))));
        assertTrue(filter.getMessage().startsWith("Invalid filter pattern definition."));
        LambdaException responseType = assertThrows(LambdaException.class, () -> lambda.createEventSourceMapping(r -> r
                .eventSourceArn(QUEUE + "6").functionName("other").functionResponseTypesWithStrings("Everything")));
        assertEquals(400, responseType.statusCode());
        ResourceNotFoundException noFunction = assertThrows(ResourceNotFoundException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn(QUEUE + "7").functionName("ghost")));
        assertTrue(noFunction.getMessage().startsWith("Function does not exist"));
        InvalidParameterValueException unknownSource = assertThrows(InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn("arn:aws:sns:us-east-1:000000000000:topic").functionName("other")));
        assertTrue(unknownSource.getMessage().startsWith("Unrecognized event source."));
        InvalidParameterValueException hostProblem = assertThrows(InvalidParameterValueException.class,
                () -> lambda.createEventSourceMapping(r -> r.eventSourceArn("arn:aws:kinesis:us-east-1:000000000000:stream/missing")
                        .functionName("other").startingPosition(EventSourcePosition.LATEST)));
        assertTrue(hostProblem.getMessage().startsWith("Stream not found: "), "the host's eventSourceProblem text");
        assertTrue(lambda.listEventSourceMappings(r -> r.functionName("other")).eventSourceMappings().stream()
                .noneMatch(m -> m.eventSourceArn().contains("missing") || m.eventSourceArn().equals(KINESIS + "2")));
    }
}
