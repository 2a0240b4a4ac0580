package dev.ddbstreams.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregateDeltasTest {

    @Test
    void between_addsTheWholeContribution_onInsert() {
        assertEquals(List.of(delta("alice", false, "Score", "100", "count", "1")),
                AggregateDeltas.between(null, contribution("alice", "100")));
    }

    @Test
    void between_subtractsTheWholeContribution_onRemove() {
        assertEquals(List.of(delta("alice", true, "Score", "-100", "count", "-1")),
                AggregateDeltas.between(contribution("alice", "100"), null));
    }

    @Test
    void between_appliesOnlyTheDifference_whenTheGroupStays() {
        assertEquals(List.of(delta("alice", false, "Score", "-0.75")),
                AggregateDeltas.between(contribution("alice", "100.25"), contribution("alice", "99.5")));
    }

    @Test
    void between_changesNothing_whenNoAmountChanged() {
        assertEquals(List.of(), AggregateDeltas.between(contribution("alice", "10"), contribution("alice", "10.00")));
        assertEquals(List.of(), AggregateDeltas.between(null, null));
    }

    @Test
    void between_subtractsFromTheOldGroupAndAddsToTheNew_whenTheGroupChanges() {
        assertEquals(List.of(delta("alice", true, "Score", "-100", "count", "-1"),
                        delta("bob", false, "Score", "40", "count", "1")),
                AggregateDeltas.between(contribution("alice", "100"), contribution("bob", "40")));
    }

    @Test
    void between_stillMarksTheOldGroup_whenTheLeavingItemCarriedOnlyZeros() {
        Contribution zero = new Contribution("alice", Map.of("Score", BigDecimal.ZERO));

        assertEquals(List.of(new GroupDelta("alice", Map.of(), true)), AggregateDeltas.between(zero, null));
    }

    @Test
    void between_isExact_forDecimalsThatBinaryFloatingPointCannotHold() {
        List<GroupDelta> deltas = AggregateDeltas.between(contribution("alice", "0.1"), contribution("alice", "0.3"));

        assertEquals(0, new BigDecimal("0.2").compareTo(deltas.get(0).amounts().get("Score")));
    }

    private static Contribution contribution(String group, String score) {
        return new Contribution(group, Map.of("Score", new BigDecimal(score), "count", BigDecimal.ONE));
    }

    private static GroupDelta delta(String group, boolean loses, String... amounts) {
        Map<String, BigDecimal> map = new java.util.TreeMap<>();
        for (int i = 0; i < amounts.length; i += 2) {
            map.put(amounts[i], new BigDecimal(amounts[i + 1]));
        }
        return new GroupDelta(group, map, loses);
    }
}
