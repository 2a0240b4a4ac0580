package dev.ddbstreams.aggregate;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A signed change to one aggregate row, applied with DynamoDB's {@code ADD} so that concurrent changes to
 * the same row from other shards never overwrite each other.
 *
 * @param group            the aggregate row's partition key value
 * @param amounts          attribute name to signed, non-zero amount
 * @param groupLosesSource true when the source item leaves this row (removed, or moved to another group):
 *                         the row may have no contributors left afterwards
 */
public record GroupDelta(String group, Map<String, BigDecimal> amounts, boolean groupLosesSource) {

    public GroupDelta {
        Objects.requireNonNull(group, "group");
        amounts = Collections.unmodifiableMap(new TreeMap<>(amounts));
    }
}
