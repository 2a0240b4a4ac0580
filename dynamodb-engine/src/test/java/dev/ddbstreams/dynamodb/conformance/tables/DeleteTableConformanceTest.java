package dev.ddbstreams.dynamodb.conformance.tables;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.assertAwsError;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.item;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * DeleteTable: the DELETING description, then ResourceNotFoundException.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteTable.html">DeleteTable</a>
 */
class DeleteTableConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    /** API_DeleteTable: "DynamoDB sets the TableStatus to DELETING until it has completed the deletion". */
    @Test
    void deleteTableAnswersWithTableStatusDeleting() {
        String name = uniqueName("delete-status");
        createActive(client(), hashTable(name).build());
        TableDescription description = client().deleteTable(b -> b.tableName(name)).tableDescription();
        assertEquals(TableStatus.DELETING, description.tableStatus());
    }

    /** API_DeleteTable, TableDescription: the deleted table's name and ARN. */
    @Test
    void deleteTableDescribesTheDeletedTable() {
        String name = uniqueName("delete-describe");
        createActive(client(), hashTable(name).build());
        TableDescription description = client().deleteTable(b -> b.tableName(name)).tableDescription();
        assertEquals(name, description.tableName());
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/" + name, description.tableArn());
    }

    /** API_DeleteTable: once deleted, the table is gone: DescribeTable answers ResourceNotFoundException. */
    @Test
    void deletedTableIsNotFound() {
        String name = uniqueName("delete-gone");
        createActive(client(), hashTable(name).build());
        client().deleteTable(b -> b.tableName(name));
        client().waiter().waitUntilTableNotExists(b -> b.tableName(name));
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFoundException",
                "Requested resource not found: Table: " + name + " not found",
                () -> client().describeTable(b -> b.tableName(name)));
    }

    /** API_DeleteTable, ResourceNotFoundException (message recorded by dynalite, test/deleteTable.js). */
    @Test
    void deletingAMissingTableAnswersResourceNotFound() {
        String name = uniqueName("delete-missing");
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFoundException",
                "Requested resource not found: Table: " + name + " not found",
                () -> client().deleteTable(b -> b.tableName(name)));
    }

    /** API_DeleteTable: writes to a deleted table find no table. */
    @Test
    void writingToADeletedTableAnswersResourceNotFound() {
        String name = uniqueName("delete-write");
        createActive(client(), hashTable(name).build());
        client().deleteTable(b -> b.tableName(name));
        client().waiter().waitUntilTableNotExists(b -> b.tableName(name));
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFoundException",
                () -> client().putItem(b -> b.tableName(name).item(item("pk", "a"))));
    }

    /** API_DeleteTable: a table of the same name created afterwards is a new, empty table. */
    @Test
    void recreatedTableStartsEmpty() {
        String name = uniqueName("delete-recreate");
        createActive(client(), hashTable(name).build());
        client().putItem(b -> b.tableName(name).item(item("pk", "old")));
        client().deleteTable(b -> b.tableName(name));
        client().waiter().waitUntilTableNotExists(b -> b.tableName(name));
        createActive(client(), hashTable(name).build());
        assertFalse(client().getItem(b -> b.tableName(name).key(item("pk", "old"))).hasItem());
    }

    /** Waiters: waitUntilTableNotExists returns once DescribeTable answers ResourceNotFoundException. */
    @Test
    void tableNotExistsWaiterReturnsAfterDeletion() {
        String name = uniqueName("delete-waiter");
        createActive(client(), hashTable(name).build());
        client().deleteTable(b -> b.tableName(name));
        assertTrue(client().waiter().waitUntilTableNotExists(b -> b.tableName(name)).matched().exception().isPresent());
    }
}
