package dev.ddbstreams.dynamodb.conformance.tables;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.assertAwsError;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/**
 * UpdateContinuousBackups and DescribeContinuousBackups: point-in-time recovery settings.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeContinuousBackups.html">DescribeContinuousBackups</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html">UpdateContinuousBackups</a>
 */
class ContinuousBackupsConformanceTest {

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

    private static ContinuousBackupsDescription describe(String table) {
        return client().describeContinuousBackups(b -> b.tableName(table)).continuousBackupsDescription();
    }

    private static ContinuousBackupsDescription setRecovery(String table, boolean enabled) {
        return client().updateContinuousBackups(b -> b.tableName(table)
                .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(enabled))).continuousBackupsDescription();
    }

    /** API_ContinuousBackupsDescription: continuous backups are ENABLED on every table; PITR starts DISABLED. */
    @Test
    void newTableHasContinuousBackupsEnabledAndRecoveryDisabled() {
        ContinuousBackupsDescription description = describe(activeTable("pitr-new"));
        assertEquals(ContinuousBackupsStatus.ENABLED, description.continuousBackupsStatus());
        assertEquals(PointInTimeRecoveryStatus.DISABLED,
                description.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus());
    }

    /** API_UpdateContinuousBackups: the answer describes recovery ENABLED. */
    @Test
    void enablingRecoveryAnswersEnabled() {
        ContinuousBackupsDescription answer = setRecovery(activeTable("pitr-enable"), true);
        assertEquals(PointInTimeRecoveryStatus.ENABLED, answer.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus());
    }

    /** API_PointInTimeRecoveryDescription: once enabled, the earliest and latest restorable times are given. */
    @Test
    void enabledRecoveryIsDescribedWithRestorableTimes() {
        String table = activeTable("pitr-times");
        setRecovery(table, true);
        PointInTimeRecoveryDescription recovery = describe(table).pointInTimeRecoveryDescription();
        assertEquals(PointInTimeRecoveryStatus.ENABLED, recovery.pointInTimeRecoveryStatus());
        assertNotNull(recovery.earliestRestorableDateTime());
        assertNotNull(recovery.latestRestorableDateTime());
        // "LatestRestorableDateTime is typically 5 minutes before the current time": never in the future.
        assertTrue(!recovery.latestRestorableDateTime().isAfter(java.time.Instant.now().plusSeconds(1)),
                recovery.latestRestorableDateTime().toString());
    }

    /** API_UpdateContinuousBackups: recovery can be turned off again. */
    @Test
    void disablingRecoveryIsDescribedDisabled() {
        String table = activeTable("pitr-disable");
        setRecovery(table, true);
        setRecovery(table, false);
        assertEquals(PointInTimeRecoveryStatus.DISABLED,
                describe(table).pointInTimeRecoveryDescription().pointInTimeRecoveryStatus());
    }

    /** API_PointInTimeRecoveryDescription, RecoveryPeriodInDays: 35 days unless set otherwise. */
    @Test
    void enabledRecoveryHasTheDefaultPeriodOfThirtyFiveDays() {
        String table = activeTable("pitr-period");
        setRecovery(table, true);
        assertEquals(35, describe(table).pointInTimeRecoveryDescription().recoveryPeriodInDays());
    }

    /** API_DescribeContinuousBackups, errors: TableNotFoundException for a table that does not exist. */
    @Test
    void describingBackupsOfAMissingTableAnswersTableNotFound() {
        assertAwsError(TableNotFoundException.class, "TableNotFoundException",
                () -> client().describeContinuousBackups(b -> b.tableName(uniqueName("pitr-missing"))));
    }

    /** API_UpdateContinuousBackups, errors: TableNotFoundException for a table that does not exist. */
    @Test
    void updatingBackupsOfAMissingTableAnswersTableNotFound() {
        assertAwsError(TableNotFoundException.class, "TableNotFoundException",
                () -> setRecovery(uniqueName("pitr-missing-update"), true));
    }
}
