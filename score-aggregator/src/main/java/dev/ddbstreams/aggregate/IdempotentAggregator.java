package dev.ddbstreams.aggregate;

import dev.ddbstreams.lambda.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
                ApplyOutcome outcome = sequence.compareTo(current.get().sequenceNumber()) == 0
                        ? ApplyOutcome.DUPLICATE : ApplyOutcome.SUPERSEDED;
                LOG.info("change already applied", Map.of("recordKey", recordKey, "sequenceNumber", sequence.value(),
                        "outcome", outcome.name(), "ledgerSequenceNumber", current.get().sequenceNumber().value()));
                return outcome;
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
