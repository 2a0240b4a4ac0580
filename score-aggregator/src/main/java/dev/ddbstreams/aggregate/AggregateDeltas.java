package dev.ddbstreams.aggregate;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The arithmetic of a materialised view: what to add to which aggregate rows when a source item's
 * contribution changes from {@code before} to {@code after}. Pure and exact (BigDecimal).
 *
 * <ul>
 *   <li>insert (nothing before): add {@code after} to its group;</li>
 *   <li>remove (nothing after): subtract {@code before} from its group;</li>
 *   <li>same group: one change, the difference (none at all when nothing aggregated changed);</li>
 *   <li>moved to another group: subtract from the old row and add to the new one, two rows.</li>
 * </ul>
 */
public final class AggregateDeltas {

    private AggregateDeltas() {
    }

    /**
     * @param before what the item contributed until now, or null for none
     * @param after  what it contributes from now on, or null for none
     * @return at most two deltas, never two for the same group (a transaction may touch an item once)
     */
    public static List<GroupDelta> between(Contribution before, Contribution after) {
        if (before == null && after == null) {
            return List.of();
        }
        if (before == null) {
            return nonEmpty(after.group(), after.amounts(), false);
        }
        if (after == null) {
            return nonEmpty(before.group(), negated(before.amounts()), true);
        }
        if (before.group().equals(after.group())) {
            Map<String, BigDecimal> difference = new TreeMap<>(after.amounts());
            before.amounts().forEach((name, amount) -> difference.merge(name, amount.negate(), BigDecimal::add));
            return nonEmpty(after.group(), difference, false);
        }
        List<GroupDelta> leave = nonEmpty(before.group(), negated(before.amounts()), true);
        List<GroupDelta> join = nonEmpty(after.group(), after.amounts(), false);
        return concat(leave, join);
    }

    private static List<GroupDelta> nonEmpty(String group, Map<String, BigDecimal> amounts, boolean losesSource) {
        Map<String, BigDecimal> nonZero = new TreeMap<>();
        amounts.forEach((name, amount) -> {
            if (amount.signum() != 0) {
                nonZero.put(name, amount);
            }
        });
        // A leaving item still matters for the empty-row check even when all it carried was zero.
        if (nonZero.isEmpty() && !losesSource) {
            return List.of();
        }
        return List.of(new GroupDelta(group, nonZero, losesSource));
    }

    private static Map<String, BigDecimal> negated(Map<String, BigDecimal> amounts) {
        return map(amounts, BigDecimal::negate);
    }

    private static Map<String, BigDecimal> map(Map<String, BigDecimal> amounts, UnaryOperator<BigDecimal> f) {
        Map<String, BigDecimal> result = new TreeMap<>();
        amounts.forEach((name, amount) -> result.put(name, f.apply(amount)));
        return result;
    }

    private static List<GroupDelta> concat(List<GroupDelta> first, List<GroupDelta> second) {
        if (first.isEmpty()) {
            return second;
        }
        if (second.isEmpty()) {
            return first;
        }
        return List.of(first.get(0), second.get(0));
    }
}
