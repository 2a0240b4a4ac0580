package dev.ddbstreams.dynamodb.conformance.tables;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.assertAwsError;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;

/**
 * ListTables: names in order, Limit, ExclusiveStartTableName and LastEvaluatedTableName paging.
 *
 * <p>The class's engine holds five tables lt-a-1 .. lt-a-5 created before the tests; tests that create or
 * delete tables use other prefixes, which sort after "lt-a-".
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTables.html">ListTables</a>
 */
class ListTablesConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static final List<String> FIVE = List.of("lt-a-1", "lt-a-2", "lt-a-3", "lt-a-4", "lt-a-5");

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    @BeforeAll
    static void createFiveTables() {
        // Created out of order: the listing order must come from the names, not from creation.
        for (String name : List.of("lt-a-3", "lt-a-1", "lt-a-5", "lt-a-2", "lt-a-4")) {
            client().createTable(hashTable(name).build());
        }
    }

    private static List<String> allNames() {
        List<String> names = new ArrayList<>();
        client().listTablesPaginator(b -> b.limit(100)).tableNames().forEach(names::add);
        return names;
    }

    /** API_ListTables, TableNames: the names of the tables of the account in the region. */
    @Test
    void createdTablesAreListed() {
        assertTrue(allNames().containsAll(FIVE), allNames().toString());
    }

    /** API_ListTables: table names are returned in ascending order (the paging by name relies on it). */
    @Test
    void tableNamesAreListedInAscendingOrder() {
        List<String> names = allNames();
        assertEquals(names.stream().sorted().toList(), names);
    }

    /** API_ListTables, Limit: at most Limit names, and LastEvaluatedTableName is the last one returned. */
    @Test
    void limitCutsThePageAndNamesTheLastTableEvaluated() {
        ListTablesResponse page = client().listTables(b -> b.exclusiveStartTableName("lt-a-0").limit(2));
        assertEquals(List.of("lt-a-1", "lt-a-2"), page.tableNames());
        assertEquals("lt-a-2", page.lastEvaluatedTableName());
    }

    /** API_ListTables, ExclusiveStartTableName: the listing starts after that name. */
    @Test
    void exclusiveStartTableNameStartsAfterThatName() {
        ListTablesResponse page = client().listTables(b -> b.exclusiveStartTableName("lt-a-2").limit(3));
        assertEquals(List.of("lt-a-3", "lt-a-4", "lt-a-5"), page.tableNames());
    }

    /** API_ListTables, LastEvaluatedTableName: fed back as ExclusiveStartTableName, it gives the next page. */
    @Test
    void pagingWithLastEvaluatedTableNameVisitsEveryTableOnce() {
        List<String> seen = new ArrayList<>();
        String start = "lt-a-0";
        for (int page = 0; page < 10; page++) {
            String exclusiveStart = start;
            ListTablesResponse response = client().listTables(b -> b.exclusiveStartTableName(exclusiveStart).limit(2));
            response.tableNames().stream().filter(name -> name.startsWith("lt-a-")).forEach(seen::add);
            start = response.lastEvaluatedTableName();
            if (start == null || !start.startsWith("lt-a-")) {
                break;
            }
        }
        assertEquals(FIVE, seen);
    }

    /** API_ListTables, LastEvaluatedTableName: absent on the last page. */
    @Test
    void lastPageHasNoLastEvaluatedTableName() {
        ListTablesResponse page = client().listTables(b -> b.limit(100));
        assertNull(page.lastEvaluatedTableName(), "every table fits in one page of 100");
    }

    /** API_ListTables, Limit: valid range 1-100 (message as recorded by dynalite, test/listTables.js). */
    @Test
    void limitOfZeroIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value"
                        + " greater than or equal to 1",
                () -> client().listTables(b -> b.limit(0)));
    }

    /** API_ListTables, Limit: valid range 1-100 (message as recorded by dynalite, test/listTables.js). */
    @Test
    void limitAboveOneHundredIsRefused() {
        assertAwsError(DynamoDbException.class, "ValidationException",
                "1 validation error detected: Value '101' at 'limit' failed to satisfy constraint: Member must have value"
                        + " less than or equal to 100",
                () -> client().listTables(b -> b.limit(101)));
    }

    /** API_DeleteTable then API_ListTables: a deleted table is no longer listed. */
    @Test
    void deletedTableIsNoLongerListed() {
        client().createTable(hashTable("lt-b-deleted").build());
        client().waiter().waitUntilTableExists(b -> b.tableName("lt-b-deleted"));
        client().deleteTable(b -> b.tableName("lt-b-deleted"));
        client().waiter().waitUntilTableNotExists(b -> b.tableName("lt-b-deleted"));
        assertFalse(allNames().contains("lt-b-deleted"));
    }
}
