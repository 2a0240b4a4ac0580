package dev.ddbstreams.aggregate;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * An {@link AggregateStore} in memory with the same commit semantics as DynamoDB's transaction (all or
 * nothing, conditioned on the ledger entry read), for testing the engine's arithmetic and idempotency
 * without DynamoDB. Faults can be scripted: contention, a concurrent writer, a refused write.
 */
public final class InMemoryAggregateStore implements AggregateStore {

    private final AggregateView view;
    private final Map<String, LedgerEntry> ledger = new HashMap<>();
    private final Map<String, Map<String, BigDecimal>> rows = new TreeMap<>();
    private final Deque<Runnable> beforeCommit = new ArrayDeque<>();
    private final List<String> deletedRows = new ArrayList<>();
    private final List<Integer> transactionSizes = new ArrayList<>();
    private int commits;
    private int singleReads;
    private int bulkReads;

    public InMemoryAggregateStore(AggregateView view) {
        this.view = view;
    }

    /** Runs {@code action} just before the next commit attempt, as if another writer got there first. */
    public InMemoryAggregateStore beforeNextCommit(Runnable action) {
        beforeCommit.add(action);
        return this;
    }

    /** The next commit attempt reports a transaction conflict without writing. */
    public InMemoryAggregateStore contendNextCommit() {
        return beforeNextCommit(() -> {
            throw new Contended();
        });
    }

    /** The next commit attempt is refused as DynamoDB refuses a throttled transaction. */
    public InMemoryAggregateStore refuseNextCommit() {
        return beforeNextCommit(() -> {
            throw new AggregateWriteException("Transaction cancelled, reasons [ThrottlingError]");
        });
    }

    @Override
    public synchronized Optional<LedgerEntry> readLedger(String recordKey) {
        singleReads++;
        return Optional.ofNullable(ledger.get(recordKey));
    }

    @Override
    public synchronized Map<String, Optional<LedgerEntry>> readLedgers(Collection<String> recordKeys) {
        bulkReads++;
        Map<String, Optional<LedgerEntry>> entries = new HashMap<>();
        recordKeys.forEach(key -> entries.put(key, Optional.ofNullable(ledger.get(key))));
        return entries;
    }

    @Override
    public synchronized CommitOutcome commitAll(List<LedgerWrite> ledgerWrites, List<GroupDelta> deltas) {
        commits++;
        List<LedgerWrite> writes = List.copyOf(ledgerWrites);
        checkTransactionRules(writes, deltas);
        transactionSizes.add(writes.size() + (int) deltas.stream().filter(d -> !d.amounts().isEmpty()).count());
        Runnable hook = beforeCommit.poll();
        if (hook != null) {
            try {
                hook.run();
            } catch (Contended e) {
                return CommitOutcome.CONTENDED;
            }
        }
        for (LedgerWrite write : writes) {
            LedgerEntry current = ledger.get(write.next().recordKey());
            boolean unchanged = write.expected().isEmpty() ? current == null
                    : current != null && current.sequenceNumber().compareTo(write.expected().get().sequenceNumber()) == 0;
            if (!unchanged) {
                return CommitOutcome.LEDGER_CHANGED;
            }
        }
        writes.forEach(write -> ledger.put(write.next().recordKey(), write.next()));
        for (GroupDelta delta : deltas) {
            add(delta.group(), delta.amounts());
        }
        return CommitOutcome.COMMITTED;
    }

    /** DynamoDB's transaction rules, so that a caller breaking them fails here as it would on DynamoDB. */
    private static void checkTransactionRules(List<LedgerWrite> writes, List<GroupDelta> deltas) {
        Set<String> ledgerKeys = new HashSet<>();
        writes.forEach(write -> {
            if (!ledgerKeys.add(write.next().recordKey())) {
                throw new IllegalArgumentException("Transaction touches ledger entry " + write.next().recordKey() + " twice");
            }
        });
        Set<String> groups = new HashSet<>();
        int actions = writes.size();
        for (GroupDelta delta : deltas) {
            if (!delta.amounts().isEmpty()) {
                actions++;
                if (!groups.add(delta.group())) {
                    throw new IllegalArgumentException("Transaction touches row " + delta.group() + " twice");
                }
            }
        }
        if (actions > MAX_TRANSACTION_ACTIONS) {
            throw new IllegalArgumentException("Transaction has " + actions + " actions, more than " + MAX_TRANSACTION_ACTIONS);
        }
    }

    @Override
    public synchronized boolean deleteIfEmpty(String group) {
        Map<String, BigDecimal> row = rows.get(group);
        if (row == null || view.amountAttributes().stream()
                .anyMatch(name -> row.getOrDefault(name, BigDecimal.ONE).signum() != 0)) {
            return false;
        }
        rows.remove(group);
        deletedRows.add(group);
        return true;
    }

    /** Adds to a row the way DynamoDB's ADD does, for tests that simulate another writer. */
    public synchronized void add(String group, Map<String, BigDecimal> amounts) {
        Map<String, BigDecimal> row = rows.computeIfAbsent(group, g -> new TreeMap<>());
        amounts.forEach((name, amount) -> row.merge(name, amount, BigDecimal::add));
    }

    /** Writes a ledger entry directly, as another writer would. */
    public synchronized void putLedger(LedgerEntry entry) {
        ledger.put(entry.recordKey(), entry);
    }

    public synchronized Map<String, Map<String, BigDecimal>> rows() {
        Map<String, Map<String, BigDecimal>> copy = new TreeMap<>();
        rows.forEach((group, row) -> copy.put(group, Map.copyOf(row)));
        return copy;
    }

    /** @return the amount of {@code attribute} in the row of {@code group}, zero when there is no row */
    public synchronized BigDecimal amount(String group, String attribute) {
        return rows.getOrDefault(group, Map.of()).getOrDefault(attribute, BigDecimal.ZERO);
    }

    public synchronized Optional<LedgerEntry> ledgerEntry(String recordKey) {
        return Optional.ofNullable(ledger.get(recordKey));
    }

    public synchronized int commits() {
        return commits;
    }

    /** @return the number of actions of every commit attempted, in order */
    public synchronized List<Integer> transactionSizes() {
        return List.copyOf(transactionSizes);
    }

    public synchronized int singleReads() {
        return singleReads;
    }

    public synchronized int bulkReads() {
        return bulkReads;
    }

    public synchronized List<String> deletedRows() {
        return List.copyOf(deletedRows);
    }

    private static final class Contended extends RuntimeException {
        Contended() {
            super(null, null, false, false);
        }
    }
}
