package dev.ddbstreams.dynamodb.conformance.tables;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.assertAwsError;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * UpdateTimeToLive and DescribeTimeToLive: the settings and AWS's refusals. Expiry itself is in
 * {@link TimeToLiveExpiryConformanceTest}.
 *
 * <p>Messages: the ack-api-quirks DynamoDB catalogue (DDB-TABLE-442, recorded against live DynamoDB, found
 * with the code search); "TimeToLive is already enabled" also appears in many clients that match on it.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html">UpdateTimeToLive</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeTimeToLive.html">DescribeTimeToLive</a>
 */
class TimeToLiveConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static String activeTable(String prefix) {
        String name = uniqueName(prefix);
        createActive(client(), hashTable(name).build());
        return name;
    }

    private static TimeToLiveSpecification ttl(boolean enabled, String attribute) {
        return TimeToLiveSpecification.builder().enabled(enabled).attributeName(attribute).build();
    }

    private static TimeToLiveDescription describeTtl(String table) {
        return client().describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
    }

    /** DescribeTimeToLive answers what it settles on: ENABLING is AWS's passing state before ENABLED. */
    private static TimeToLiveDescription settledTtl(String table) throws InterruptedException {
        TimeToLiveDescription description = describeTtl(table);
        for (int i = 0; i < 100 && description.timeToLiveStatus() == TimeToLiveStatus.ENABLING; i++) {
            Thread.sleep(100);
            description = describeTtl(table);
        }
        return description;
    }

    /** API_TimeToLiveDescription: a table starts with TTL DISABLED and no attribute name (dynalite describeTimeToLive.js). */
    @Test
    void newTableHasTimeToLiveDisabled() {
        TimeToLiveDescription description = describeTtl(activeTable("ttl-new"));
        assertEquals(TimeToLiveStatus.DISABLED, description.timeToLiveStatus());
        assertNull(description.attributeName());
    }

    /** API_UpdateTimeToLive, response: the TimeToLiveSpecification that was set. */
    @Test
    void enablingAnswersWithTheSpecification() {
        String table = activeTable("ttl-enable-answer");
        TimeToLiveSpecification answer = client().updateTimeToLive(b -> b.tableName(table)
                .timeToLiveSpecification(ttl(true, "expiresAt"))).timeToLiveSpecification();
        assertEquals(ttl(true, "expiresAt"), answer);
    }

    /** API_DescribeTimeToLive: once enabled, status ENABLED and the attribute name. */
    @Test
    void enabledTimeToLiveIsDescribedWithItsAttribute() throws InterruptedException {
        String table = activeTable("ttl-enabled");
        client().updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(ttl(true, "expiresAt")));
        TimeToLiveDescription description = settledTtl(table);
        assertEquals(TimeToLiveStatus.ENABLED, description.timeToLiveStatus());
        assertEquals("expiresAt", description.attributeName());
    }

    /**
     * AWS refuses a second UpdateTimeToLive within the hour after one ("Any additional UpdateTimeToLive calls
     * for the same table during this one hour duration result in a ValidationException"), with one of these
     * texts (both recorded against AWS in DDB-TABLE-442).
     */
    private static void assertRefusedSecondChange(String expected, Runnable call) {
        DynamoDbException error = assertAwsError(DynamoDbException.class, "ValidationException", call::run);
        String message = error.awsErrorDetails().errorMessage();
        assertTrue(message.equals(expected)
                || message.equals("Time to live has been modified multiple times within a fixed interval"), message);
    }

    /** Enabling TTL a second time: "TimeToLive is already enabled". */
    @Test
    void enablingTwiceIsRefused() {
        String table = activeTable("ttl-twice");
        client().updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(ttl(true, "expiresAt")));
        assertRefusedSecondChange("TimeToLive is already enabled",
                () -> client().updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(ttl(true, "expiresAt"))));
    }

    /** Disabling TTL that was never enabled: "TimeToLive is already disabled". */
    @Test
    void disablingWhenDisabledIsRefused() {
        String table = activeTable("ttl-off-off");
        assertAwsError(DynamoDbException.class, "ValidationException", "TimeToLive is already disabled",
                () -> client().updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(ttl(false, "expiresAt"))));
    }

    /** Enabling TTL on another attribute while enabled: AWS names the current attribute. */
    @Test
    void enablingOnAnotherAttributeWhileEnabledIsRefused() {
        String table = activeTable("ttl-other-attr");
        client().updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(ttl(true, "expiresAt")));
        assertRefusedSecondChange("TimeToLive is active on a different AttributeName: current AttributeName is expiresAt",
                () -> client().updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(ttl(true, "other"))));
    }

    /** API_DescribeTimeToLive, ResourceNotFoundException (dynalite test/describeTimeToLive.js). */
    @Test
    void describingTimeToLiveOfAMissingTableAnswersResourceNotFound() {
        String name = uniqueName("ttl-missing");
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFoundException",
                "Requested resource not found: Table: " + name + " not found",
                () -> client().describeTimeToLive(b -> b.tableName(name)));
    }

    /** API_UpdateTimeToLive, ResourceNotFoundException. */
    @Test
    void updatingTimeToLiveOfAMissingTableAnswersResourceNotFound() {
        String name = uniqueName("ttl-missing-update");
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFoundException",
                () -> client().updateTimeToLive(b -> b.tableName(name).timeToLiveSpecification(ttl(true, "expiresAt"))));
    }

    /** API_TimeToLiveSpecification, AttributeName: 1 to 255 characters. */
    @Test
    void emptyAttributeNameIsRefused() {
        String table = activeTable("ttl-empty-attr");
        DynamoDbException error = assertAwsError(DynamoDbException.class, "ValidationException",
                () -> client().updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(ttl(true, ""))));
        assertTrue(error.awsErrorDetails().errorMessage().contains("timeToLiveSpecification.attributeName"),
                error.awsErrorDetails().errorMessage());
    }
}
