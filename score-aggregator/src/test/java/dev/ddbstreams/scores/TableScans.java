package dev.ddbstreams.scores;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Whole tables read back for assertions: the source items and the aggregate rows. */
final class TableScans {

    private TableScans() {
    }

    /** Every item of {@code table} (a full scan, following pages). */
    static List<Map<String, AttributeValue>> scan(DynamoDbClient dynamoDb, String table) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(b -> b.tableName(table).consistentRead(true)).items().forEach(items::add);
        return items;
    }

    /** The rows of an aggregate table by partition key value. */
    static Map<String, Map<String, AttributeValue>> rows(DynamoDbClient dynamoDb, String table, String key) {
        Map<String, Map<String, AttributeValue>> rows = new HashMap<>();
        scan(dynamoDb, table).forEach(item -> rows.put(item.get(key).s(), item));
        return rows;
    }
}
