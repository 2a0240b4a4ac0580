package dev.ddbstreams.aggregate;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one source item adds to its aggregate row: the row's key ({@code group}, e.g. a user name) and an
 * exact amount per aggregated attribute (e.g. {@code Score}, {@code recordCount}).
 *
 * @param group   the aggregate row's partition key value
 * @param amounts aggregated attribute name to amount; copied, sorted by name, unmodifiable
 */
public record Contribution(String group, Map<String, BigDecimal> amounts) {

    public Contribution {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(amounts, "amounts");
        amounts.forEach((name, amount) -> {
            Objects.requireNonNull(name, "amount name");
            Objects.requireNonNull(amount, "amount of " + name);
        });
        amounts = Collections.unmodifiableMap(new TreeMap<>(amounts));
    }

    public BigDecimal amount(String attribute) {
        return amounts.getOrDefault(attribute, BigDecimal.ZERO);
    }
}
