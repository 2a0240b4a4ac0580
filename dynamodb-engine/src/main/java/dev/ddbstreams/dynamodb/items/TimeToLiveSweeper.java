package dev.ddbstreams.dynamodb.items;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.storage.Database;
import dev.ddbstreams.dynamodb.storage.PrimaryKey;
import dev.ddbstreams.dynamodb.storage.TableData;
import dev.ddbstreams.dynamodb.tables.TableDefinition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Deletes expired items of tables with TTL enabled: the TTL attribute is a Number of epoch seconds at or
 * before now, and not more than five years in the past (AWS leaves those alone). Each deletion is a REMOVE
 * stream record whose userIdentity is the DynamoDB service.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html">How TTL works</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html">TTL and DynamoDB Streams</a>
 */
public final class TimeToLiveSweeper {

    private static final long FIVE_YEARS_SECONDS = 5L * 365 * 24 * 3600;
    private static final int BATCH = 500;

    private final Database database;

    public TimeToLiveSweeper(Database database) {
        this.database = database;
    }

    public void sweep() {
        for (TableData table : database.tables()) {
            TableDefinition definition = table.definition();
            if (!definition.ttlEnabled()) {
                continue;
            }
            List<PrimaryKey> expired = new ArrayList<>();
            long now = database.clock().millis() / 1000;
            for (Iterator<Map<String, AttributeValue>> it = table.items().all(); it.hasNext();) {
                Map<String, AttributeValue> item = it.next();
                if (isExpired(item.get(definition.ttlAttributeName()), now)) {
                    expired.add(PrimaryKey.of(definition.keySchema(), item));
                }
            }
            for (int from = 0; from < expired.size(); from += BATCH) {
                List<PrimaryKey> batch = expired.subList(from, Math.min(expired.size(), from + BATCH));
                database.write(() -> {
                    TableData current = database.table(definition.name());
                    if (current == null || !current.definition().ttlEnabled()) {
                        return null;
                    }
                    TableDefinition d = current.definition();
                    long nowSeconds = database.clock().millis() / 1000;
                    Database.Commit commit = database.newCommit();
                    for (PrimaryKey key : batch) {
                        Map<String, AttributeValue> item = current.get(key);
                        // Re-checked under the lock: a write since the scan may have extended the expiry.
                        if (item != null && isExpired(item.get(d.ttlAttributeName()), nowSeconds)) {
                            commit.writeItem(d, item, null, true);
                        }
                    }
                    database.commit(commit);
                    return null;
                });
            }
        }
    }

    private static boolean isExpired(AttributeValue value, long nowSeconds) {
        if (!(value instanceof AttributeValue.N number)) {
            return false; // TTL ignores items whose attribute is missing or not a Number
        }
        BigDecimal expiry = number.value();
        return expiry.compareTo(BigDecimal.valueOf(nowSeconds)) <= 0
                && expiry.compareTo(BigDecimal.valueOf(nowSeconds - FIVE_YEARS_SECONDS)) >= 0;
    }
}
