package dev.ddbstreams.dynamodb.conformance.tables;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.item;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.n;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.DynamoDbEngine;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Expiry is not deletion: until the TTL process deletes an expired item (the engine's sweeper, here set to
 * run once an hour), the item is still read, queried and scanned.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html">UpdateTimeToLive</a>
 *      ("Items that have expired and not been deleted will still show up in reads, queries, and scans.")
 */
class TimeToLiveLazyDeletionConformanceTest {

    private static final MutableClock CLOCK = MutableClock.startingNow();
    private static final String TABLE = "ttl-lazy";
    private static DynamoDbEngine engine;
    private static DynamoDbClient client;

    @BeforeAll
    static void startEngineWhoseSweeperWaitsAnHour() {
        engine = DynamoDbEngine.builder().port(0).clock(CLOCK).ttlSweepInterval(Duration.ofHours(1)).build();
        client = ConformanceSupport.client(engine.endpoint(), engine.region());
        createActive(client, hashTable(TABLE).build());
        client.updateTimeToLive(b -> b.tableName(TABLE).timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
        client.putItem(b -> b.tableName(TABLE).item(item("pk", "expired", "expiresAt",
                n(Long.toString(CLOCK.instant().getEpochSecond() + 10)))));
        CLOCK.advance(Duration.ofMinutes(5));
    }

    @AfterAll
    static void stopEngine() {
        if (client != null) {
            client.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** An expired item not yet deleted is still returned by GetItem. */
    @Test
    void expiredButUndeletedItemIsStillRead() {
        assertTrue(client.getItem(b -> b.tableName(TABLE).key(item("pk", "expired")).consistentRead(true)).hasItem());
    }

    /** An expired item not yet deleted is still returned by Scan. */
    @Test
    void expiredButUndeletedItemIsStillScanned() {
        assertEquals(1, client.scan(b -> b.tableName(TABLE)).count());
    }
}
