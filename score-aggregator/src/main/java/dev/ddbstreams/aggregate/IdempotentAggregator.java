package dev.ddbstreams.aggregate;

import dev.ddbstreams.lambda.StructuredLog;
import dev.ddbstreams.aggregate.AggregateStore.CommitOutcome;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Maintains one materialised view from a NEW_IMAGE stream, exactly once per change although every record
 * may arrive many times.
 *
 * <p>For each change: derive the item's new contribution from its new image (none for REMOVE), read the
 * item's ledger entry (what it contributed so far and the sequence number of the last change applied),
 * and, if this change is newer, write the new ledger entry and the deltas to the aggregate rows in one
 * DynamoDB transaction conditioned on the ledger entry being unchanged since it was read. A record whose
 * sequence number is not newer than the ledger's is a duplicate or an older redelivery: nothing to do.
 *
 * <p>Removals leave a tombstone (no contribution, the sequence number kept) that outlives the stream's
 * 24-hour retention, so no older record of the item can be delivered after it expires.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html">DynamoDB transactions</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html">Lambda with DynamoDB streams: at-least-once delivery</a>
 */
public final class IdempotentAggregator {

    /** Tombstones outlive the 24 h stream retention by a day: no record older than them can still arrive. */
    public static final Duration TOMBSTONE_LIFETIME = Duration.ofHours(48);

    private static final StructuredLog LOG = StructuredLog.of(IdempotentAggregator.class);
    private static final int DEFAULT_ATTEMPTS = 4;
    private static final Duration DEFAULT_BACKOFF = Duration.ofMillis(25);

    private final AggregateView view;
    private final AggregateStore store;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration contentionBackoff;

    public IdempotentAggregator(AggregateView view, AggregateStore store, Clock clock) {
        this(view, store, clock, DEFAULT_ATTEMPTS, DEFAULT_BACKOFF);
    }

    /**
     * The aggregator a handler runs: {@code view} kept in {@code aggregateTable}, its ledger in
     * {@code ledgerTable}, on the system clock. Engine and store share the one view instance, so they can
     * never disagree on the group attribute or the amounts.
     */
    public static IdempotentAggregator onDynamoDb(AggregateView view, DynamoDbClient dynamoDb, String aggregateTable,
            String ledgerTable) {
        return new IdempotentAggregator(view, new DynamoDbAggregateStore(dynamoDb, view, aggregateTable, ledgerTable),
                Clock.systemUTC());
    }

    IdempotentAggregator(AggregateView view, AggregateStore store, Clock clock, int maxAttempts,
            Duration contentionBackoff) {
        this.view = Objects.requireNonNull(view, "view");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxAttempts = maxAttempts;
        this.contentionBackoff = contentionBackoff;
    }

    public AggregateView view() {
        return view;
    }

    /**
     * Applies {@code change} unless it (or a later change of the same item) was applied before.
     *
     * @throws MalformedRecordException when the record cannot be interpreted (never retried into success)
     * @throws AggregateWriteException  when DynamoDB did not apply a valid change (a retry may succeed)
     */
    public ApplyOutcome apply(SourceChange change) {
        return apply(change, LedgerSnapshot.empty());
    }

    /**
     * Reads the ledger entries of {@code changes} in bulk, for {@link #apply(SourceChange, LedgerSnapshot)}.
     * Changes whose keys are malformed are left out: they fail on their own when applied.
     */
    public LedgerSnapshot readAhead(List<SourceChange> changes) {
        Set<String> recordKeys = new LinkedHashSet<>();
        for (SourceChange change : changes) {
            recordKeyOf(change).ifPresent(recordKeys::add);
        }
        return recordKeys.isEmpty() ? LedgerSnapshot.empty() : new LedgerSnapshot(store.readLedgers(recordKeys));
    }

    /** As {@link #apply(SourceChange)}, deciding from {@code snapshot} where it knows the entry. */
    public ApplyOutcome apply(SourceChange change, LedgerSnapshot snapshot) {
        String recordKey = LedgerKeys.of(view.sourceName(), view.sourceKey(change.keys()));
        Contribution next = change.kind() == ChangeKind.REMOVE ? null : contributionOf(change);
        SequenceNumber sequence = change.sequenceNumber();

        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Optional<LedgerEntry> known = attempt == 1 ? snapshot.known(recordKey) : null;
            Optional<LedgerEntry> current = known != null ? known : store.readLedger(recordKey);
            if (current.isPresent() && !sequence.isAfter(current.get().sequenceNumber())) {
                return alreadyApplied(recordKey, sequence, current.get());
            }
            Contribution before = current.flatMap(LedgerEntry::currentContribution).orElse(null);
            List<GroupDelta> deltas = AggregateDeltas.between(before, next);
            Instant now = clock.instant();
            LedgerEntry entry = next == null
                    ? LedgerEntry.tombstone(recordKey, sequence, now, now.plus(TOMBSTONE_LIFETIME))
                    : LedgerEntry.live(recordKey, sequence, change.kind(), next, now);

            switch (store.commit(current, entry, deltas)) {
                case COMMITTED -> {
                    snapshot.remember(entry);
                    removeEmptiedRows(deltas);
                    return ApplyOutcome.APPLIED;
                }
                // The entry moved on since it was read (ahead, or by another writer meanwhile): read again, decide again.
                case LEDGER_CHANGED -> snapshot.forget(recordKey);
                case CONTENDED -> pause(attempt);
            }
        }
        throw new AggregateWriteException("Gave up applying " + recordKey + " at sequence number " + sequence
                + " after " + maxAttempts + " attempts: its ledger entry or aggregate rows kept changing concurrently");
    }

    /**
     * Applies the leading changes of a batch with as few transactions as DynamoDB's rules allow, with the
     * same guarantees as {@link #apply(SourceChange, LedgerSnapshot)} record by record.
     *
     * <p>It takes on the longest prefix of {@code changes} that is well-formed and whose ledger entries
     * {@code snapshot} knows; the caller applies the rest one by one (where the first malformed record
     * fails as it always did). Within that prefix:
     * <ol>
     *   <li>the changes of one item fold into its newest: the older ones are superseded by sequence number,
     *       and the newest image is the item's state after all of them ({@link ApplyOutcome#FOLDED});</li>
     *   <li>an item whose newest change is not after its ledger entry is a duplicate or stale redelivery:
     *       nothing is written for it;</li>
     *   <li>the other items are cut into chunks of at most 100 transaction actions: one ledger {@code Put}
     *       per item, conditioned on the entry being as read, plus one {@code ADD} per aggregate row with
     *       the chunk's deltas summed per row (a transaction touches each item once);</li>
     *   <li>a chunk whose transaction is refused (a ledger entry moved on, contention, anything else) is
     *       applied record by record, in stream order, on fresh reads: correctness never depends on the
     *       chunked path.</li>
     * </ol>
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html">TransactWriteItems: 100 actions, one action per item</a>
     */
    public BulkResult applyInBulk(List<SourceChange> changes, LedgerSnapshot snapshot) {
        List<String> recordKeys = new ArrayList<>();
        List<Contribution> contributions = new ArrayList<>();
        for (SourceChange change : changes) {
            Optional<String> recordKey = recordKeyOf(change);
            if (recordKey.isEmpty() || snapshot.known(recordKey.get()) == null) {
                break;
            }
            Contribution next;
            try {
                next = change.kind() == ChangeKind.REMOVE ? null : contributionOf(change);
            } catch (MalformedRecordException malformed) {
                break;
            }
            recordKeys.add(recordKey.get());
            contributions.add(next);
        }
        int handled = recordKeys.size();
        ApplyOutcome[] outcomes = new ApplyOutcome[handled];

        // Each item's newest change, and every position of the item in the batch, in stream order.
        Map<String, Integer> newest = new LinkedHashMap<>();
        Map<String, List<Integer>> positions = new HashMap<>();
        for (int i = 0; i < handled; i++) {
            SequenceNumber sequence = changes.get(i).sequenceNumber();
            int position = i;
            newest.merge(recordKeys.get(i), i,
                    (kept, candidate) -> sequence.isAfter(changes.get(kept).sequenceNumber()) ? position : kept);
            positions.computeIfAbsent(recordKeys.get(i), k -> new ArrayList<>()).add(i);
        }

        List<PendingItem> pending = new ArrayList<>();
        Instant now = clock.instant();
        for (Map.Entry<String, Integer> item : newest.entrySet()) {
            String recordKey = item.getKey();
            SourceChange change = changes.get(item.getValue());
            Optional<LedgerEntry> current = snapshot.known(recordKey);
            List<Integer> itemPositions = positions.get(recordKey);
            boolean newer = current.isEmpty() || change.sequenceNumber().isAfter(current.get().sequenceNumber());
            for (int position : itemPositions) {
                SequenceNumber sequence = changes.get(position).sequenceNumber();
                if (current.isPresent() && !sequence.isAfter(current.get().sequenceNumber())) {
                    outcomes[position] = alreadyApplied(recordKey, sequence, current.get());
                } else if (position != item.getValue()) {
                    outcomes[position] = sequence.compareTo(change.sequenceNumber()) == 0
                            ? ApplyOutcome.DUPLICATE : ApplyOutcome.FOLDED;
                }
            }
            if (!newer) {
                continue;
            }
            Contribution next = contributions.get(item.getValue());
            Contribution before = current.flatMap(LedgerEntry::currentContribution).orElse(null);
            LedgerEntry entry = next == null
                    ? LedgerEntry.tombstone(recordKey, change.sequenceNumber(), now, now.plus(TOMBSTONE_LIFETIME))
                    : LedgerEntry.live(recordKey, change.sequenceNumber(), change.kind(), next, now);
            pending.add(new PendingItem(new LedgerWrite(current, entry), AggregateDeltas.between(before, next),
                    item.getValue(), itemPositions));
        }

        int failedAt = -1;
        RuntimeException failure = null;
        for (List<PendingItem> chunk : chunks(pending)) {
            ChunkFailure chunkFailure = commitChunk(chunk, changes, snapshot, outcomes);
            if (chunkFailure != null && (failedAt < 0 || chunkFailure.position() < failedAt)) {
                failedAt = chunkFailure.position();
                failure = chunkFailure.cause();
            }
        }
        return new BulkResult(java.util.Arrays.asList(outcomes), handled, failedAt, failure);
    }

    /** One item's write in a chunk: its ledger write, its deltas, its newest and all its positions. */
    private record PendingItem(LedgerWrite write, List<GroupDelta> deltas, int newestPosition, List<Integer> positions) {
    }

    private record ChunkFailure(int position, RuntimeException cause) {
    }

    /** Greedy cut into transactions of at most 100 actions: one per item plus one per row it touches. */
    private static List<List<PendingItem>> chunks(List<PendingItem> pending) {
        List<List<PendingItem>> chunks = new ArrayList<>();
        List<PendingItem> chunk = new ArrayList<>();
        Set<String> groups = new HashSet<>();
        for (PendingItem item : pending) {
            Set<String> itemGroups = new HashSet<>();
            item.deltas().forEach(delta -> itemGroups.add(delta.group()));
            Set<String> afterAdding = new HashSet<>(groups);
            afterAdding.addAll(itemGroups);
            if (!chunk.isEmpty() && chunk.size() + 1 + afterAdding.size() > AggregateStore.MAX_TRANSACTION_ACTIONS) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                afterAdding = itemGroups;
            }
            chunk.add(item);
            groups = afterAdding;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    private ChunkFailure commitChunk(List<PendingItem> chunk, List<SourceChange> changes, LedgerSnapshot snapshot,
            ApplyOutcome[] outcomes) {
        // Deltas summed per row: a transaction may touch each row once, and ADD composes.
        Map<String, Map<String, BigDecimal>> sums = new LinkedHashMap<>();
        Set<String> losingGroups = new LinkedHashSet<>();
        for (PendingItem item : chunk) {
            for (GroupDelta delta : item.deltas()) {
                Map<String, BigDecimal> sum = sums.computeIfAbsent(delta.group(), g -> new TreeMap<>());
                delta.amounts().forEach((name, amount) -> sum.merge(name, amount, BigDecimal::add));
                if (delta.groupLosesSource()) {
                    losingGroups.add(delta.group());
                }
            }
        }
        List<GroupDelta> rowDeltas = new ArrayList<>();
        sums.forEach((group, sum) -> {
            sum.values().removeIf(amount -> amount.signum() == 0);
            if (!sum.isEmpty()) {
                rowDeltas.add(new GroupDelta(group, sum, losingGroups.contains(group)));
            }
        });
        CommitOutcome outcome;
        RuntimeException refusal = null;
        try {
            outcome = store.commitAll(chunk.stream().map(PendingItem::write).toList(), rowDeltas);
        } catch (RuntimeException e) {
            outcome = null;
            refusal = e;
        }
        if (outcome == CommitOutcome.COMMITTED) {
            for (PendingItem item : chunk) {
                snapshot.remember(item.write().next());
                outcomes[item.newestPosition()] = ApplyOutcome.APPLIED;
            }
            losingGroups.forEach(store::deleteIfEmpty);
            return null;
        }
        LOG.info("chunk applied record by record", Map.of("items", chunk.size(),
                "reason", outcome != null ? outcome.name() : String.valueOf(refusal)));
        return fallBack(chunk, changes, snapshot, outcomes);
    }

    /** The chunk's changes one by one, in stream order, on fresh reads; stops at the first failure. */
    private ChunkFailure fallBack(List<PendingItem> chunk, List<SourceChange> changes, LedgerSnapshot snapshot,
            ApplyOutcome[] outcomes) {
        List<Integer> positions = new ArrayList<>();
        for (PendingItem item : chunk) {
            snapshot.forget(item.write().next().recordKey());
            positions.addAll(item.positions());
        }
        Collections.sort(positions);
        for (int position : positions) {
            try {
                outcomes[position] = apply(changes.get(position), snapshot);
            } catch (RuntimeException e) {
                // This change and the chunk's later ones are redelivered from here; earlier ones are done.
                for (int later : positions) {
                    if (later >= position) {
                        outcomes[later] = null;
                    }
                }
                return new ChunkFailure(position, e);
            }
        }
        return null;
    }

    private static ApplyOutcome alreadyApplied(String recordKey, SequenceNumber sequence, LedgerEntry current) {
        ApplyOutcome outcome = sequence.compareTo(current.sequenceNumber()) == 0
                ? ApplyOutcome.DUPLICATE : ApplyOutcome.SUPERSEDED;
        LOG.info("change already applied", Map.of("recordKey", recordKey, "sequenceNumber", sequence.value(),
                "outcome", outcome.name(), "ledgerSequenceNumber", current.sequenceNumber().value()));
        return outcome;
    }

    private Optional<String> recordKeyOf(SourceChange change) {
        try {
            return Optional.of(LedgerKeys.of(view.sourceName(), view.sourceKey(change.keys())));
        } catch (MalformedRecordException e) {
            return Optional.empty();
        }
    }

    private Contribution contributionOf(SourceChange change) {
        if (change.newImage().isEmpty()) {
            throw new MalformedRecordException(change.kind() + " record has no NewImage: the "
                    + view.sourceName() + " stream must have view type NEW_IMAGE or NEW_AND_OLD_IMAGES");
        }
        return view.contributionOf(change.newImage());
    }

    private void removeEmptiedRows(List<GroupDelta> deltas) {
        for (GroupDelta delta : deltas) {
            if (delta.groupLosesSource()) {
                store.deleteIfEmpty(delta.group());
            }
        }
    }

    private void pause(int attempt) {
        long base = contentionBackoff.toMillis() << (attempt - 1);
        if (base <= 0) {
            return;
        }
        try {
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AggregateWriteException("Interrupted while backing off from a transaction conflict", e);
        }
    }
}
