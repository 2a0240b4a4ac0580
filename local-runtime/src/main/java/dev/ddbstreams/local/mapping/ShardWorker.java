package dev.ddbstreams.local.mapping;

import dev.ddbstreams.endpoint.lambda.AliasRouting;
import dev.ddbstreams.local.lambda.Invocation;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Polls one shard and delivers its records in order, one batch in flight, the way Lambda's stream event source
 * mappings do:
 * <ul>
 * <li>a batch holds up to BatchSize records and at most 6 MB of event; with a batching window the worker keeps
 * reading until the batch is full or the window has passed since the first record;</li>
 * <li>records no filter matches are skipped and checkpointed, never delivered;</li>
 * <li>success (or an empty failure report) checkpoints after the batch; a report of batch item failures
 * checkpoints before the lowest reported record and retries from it; a function error retries the batch, or
 * with BisectBatchOnFunctionError splits it in two and retries the halves in order (splitting does not count as
 * a retry);</li>
 * <li>after MaximumRetryAttempts retries, or once records are older than MaximumRecordAgeInSeconds (else the
 * stream's retention), the records are given up on: an on-failure record describing them goes to the mapping's
 * destination, and only then is the shard checkpointed past them.</li>
 * </ul>
 * The shard blocks while a batch is retried. Stopping never checkpoints a batch that did not finish: after a
 * restart it is delivered again (at-least-once).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html">Error handling for DynamoDB event sources</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-batchfailurereporting.html">Partial batch responses</a>
 */
final class ShardWorker {

    private static final System.Logger LOG = System.getLogger(MappingEngine.class.getName());
    private static final int MAX_GET_RECORDS = 1000;
    /** Consecutive failures to get an iterator at the checkpoint before checking whether it was trimmed. */
    private static final int ITERATOR_FAILURES_BEFORE_TRIM_CHECK = 3;

    private final StreamMappingPoller mapping;
    private final ShardSource.ShardInfo shard;
    private final ShardSource source;
    private final Lifecycle lifecycle;
    private final MappingCounters counters;
    private final int batchSize;
    private final Duration window;

    private final Deque<Pending> buffer = new ArrayDeque<>();
    private int deliverableBuffered;
    private long bufferedBytes;
    /** Records read and not yet checkpointed (buffered or in the batch being delivered): this shard's lag. */
    private int uncommitted;
    private Instant windowStart;

    private Checkpoint committed;
    /** The last record read into the buffer: where a new iterator continues. */
    private String readPosition;
    private String iterator;
    private boolean closed;
    private boolean restartAtTrimHorizon;
    private int iteratorFailures;
    /** Failed attempts to read past the current position (an unreadable answer or record); 0 once a read works. */
    private int unreadableAttempts;
    private Instant unreadableSince;
    /** After an unreadable answer, records are read one at a time for a while to find the record that is at fault. */
    private int isolatedReadsLeft;

    ShardWorker(StreamMappingPoller mapping, ShardSource.ShardInfo shard, Checkpoint committed) {
        this.mapping = mapping;
        this.shard = shard;
        this.source = mapping.source();
        this.lifecycle = mapping.lifecycle;
        this.counters = mapping.counters;
        this.batchSize = mapping.spec.batchSize();
        this.window = Duration.ofSeconds(Math.max(0, mapping.spec.maximumBatchingWindowInSeconds()));
        this.committed = committed;
    }

    /** A record read from the shard and not yet checkpointed. */
    record Pending(ShardSource.SourceRecord record, byte[] json, boolean deliver) {

        String sequenceNumber() {
            return record.sequenceNumber();
        }
    }

    void run() {
        try {
            while (lifecycle.running()) {
                try {
                    if (!step()) {
                        return;
                    }
                } catch (Lifecycle.Stopped e) {
                    return;
                } catch (ShardReadException e) {
                    if (!handle(e)) {
                        return;
                    }
                } catch (RuntimeException e) {
                    if (!lifecycle.running()) {
                        return;
                    }
                    counters.error("shard " + shard.shardId(), e);
                    iterator = null;
                    lifecycle.pause(mapping.settings.errorBackoff());
                }
            }
        } catch (Lifecycle.Stopped e) {
            // stopping
        } finally {
            counters.lag.addAndGet(-uncommitted);
            buffer.clear();
        }
    }

    /** One round: read if the batch is not full, invoke when it is due. @return false when the shard is done */
    private boolean step() {
        boolean fullPage = false;
        if (!closed && deliverableBuffered < batchSize && bufferedBytes < EventRecords.MAX_PAYLOAD_BYTES) {
            if (iterator == null) {
                iterator = acquireIterator();
                if (iterator == null) {
                    return finishGone();
                }
            }
            int limit = isolatedReadsLeft > 0 ? 1 : Math.min(MAX_GET_RECORDS, Math.max(1, batchSize - deliverableBuffered));
            ShardSource.Page page = source.read(shard.shardId(), iterator, limit);
            counters.readSucceeded();
            iteratorFailures = 0;
            unreadableAttempts = 0;
            unreadableSince = null;
            if (isolatedReadsLeft > 0) {
                isolatedReadsLeft = page.records().isEmpty() ? 0 : isolatedReadsLeft - 1;
            }
            iterator = page.nextIterator();
            closed = iterator == null;
            for (ShardSource.SourceRecord record : page.records()) {
                add(record);
            }
            fullPage = page.records().size() >= limit;
        }
        if (!buffer.isEmpty() && deliverableBuffered == 0) {
            // A whole read filtered out: advance past it without invoking.
            List<Pending> skipped = new ArrayList<>(buffer);
            clearBuffer();
            commit(skipped);
            return true;
        }
        if (deliverableBuffered > 0 && batchDue(fullPage)) {
            process(takeBatch());
            return true;
        }
        if (closed && buffer.isEmpty()) {
            mapping.checkpoints.save(mapping.name, shard.shardId(), Checkpoint.shardEnd(lastHandledSequence()));
            mapping.shardFinished(shard.shardId());
            LOG.log(Level.INFO, "mapping " + mapping.name + ": shard " + shard.shardId() + " is closed and drained");
            return false;
        }
        if (!fullPage) {
            lifecycle.pause(nextPause());
        }
        return true;
    }

    private String lastHandledSequence() {
        return committed == null ? null : committed.sequenceNumber();
    }

    private boolean finishGone() {
        LOG.log(Level.INFO, "mapping " + mapping.name + ": shard " + shard.shardId() + " no longer exists");
        mapping.shardFinished(shard.shardId());
        return false;
    }

    private Duration nextPause() {
        Duration pause = mapping.settings.pollInterval();
        if (deliverableBuffered > 0 && windowStart != null) {
            Duration left = Duration.between(mapping.settings.clock().instant(), windowStart.plus(window));
            if (left.compareTo(pause) < 0) {
                pause = left.isNegative() ? Duration.ZERO : left;
            }
        }
        return pause;
    }

    private boolean batchDue(boolean fullPage) {
        if (deliverableBuffered >= batchSize || bufferedBytes >= EventRecords.MAX_PAYLOAD_BYTES || closed) {
            return true;
        }
        if (window.isZero()) {
            // Invoke with what one read returned, unless the read was cut short by its limit.
            return !fullPage;
        }
        return !mapping.settings.clock().instant().isBefore(windowStart.plus(window));
    }

    private void add(ShardSource.SourceRecord record) {
        boolean deliver = mapping.filter.matches(source.filterView(record.event()));
        Pending pending = new Pending(record, EventRecords.bytes(record.event()), deliver);
        buffer.addLast(pending);
        readPosition = record.sequenceNumber();
        uncommitted++;
        counters.lag.incrementAndGet();
        if (deliver) {
            if (deliverableBuffered == 0) {
                windowStart = mapping.settings.clock().instant();
            }
            deliverableBuffered++;
            bufferedBytes += pending.json().length + 1;
        } else {
            counters.filtered.incrementAndGet();
        }
    }

    private void clearBuffer() {
        buffer.clear();
        deliverableBuffered = 0;
        bufferedBytes = 0;
        windowStart = null;
    }

    /** Up to BatchSize deliverable records and 6 MB, with the skipped records between them. */
    private Span takeBatch() {
        List<Pending> elements = new ArrayList<>();
        int deliverables = 0;
        long bytes = EventRecords.ENVELOPE_BYTES;
        while (!buffer.isEmpty()) {
            Pending next = buffer.peekFirst();
            if (next.deliver()) {
                if (deliverables == batchSize
                        || (deliverables > 0 && bytes + next.json().length + 1 > EventRecords.MAX_PAYLOAD_BYTES)) {
                    break;
                }
                deliverables++;
                bytes += next.json().length + 1;
                deliverableBuffered--;
                bufferedBytes -= next.json().length + 1;
            } else if (deliverables == batchSize) {
                break;
            }
            elements.add(buffer.pollFirst());
        }
        windowStart = deliverableBuffered > 0 ? mapping.settings.clock().instant() : null;
        return new Span(elements, 0, false);
    }

    /** Delivers one batch until it succeeded, or was given up on, bisecting and retrying as configured. */
    private void process(Span batch) {
        Deque<Span> work = new ArrayDeque<>();
        work.add(batch);
        while (!work.isEmpty()) {
            lifecycle.ensureRunning();
            Span span = work.pollFirst();
            int expired = expiredPrefix(span);
            if (expired > 0) {
                Span old = span.head(expired);
                giveUp(old, "RecordAgeExceeded");
                commit(old.elements);
                Span rest = span.tail(expired);
                if (rest.deliverableCount() > 0) {
                    work.addFirst(rest);
                } else if (!rest.elements.isEmpty()) {
                    commit(rest.elements);
                }
                continue;
            }
            Attempt attempt = invoke(span);
            // Stopped during the invocation: leave the batch unacknowledged; it is delivered again after a restart.
            lifecycle.ensureRunning();
            switch (attempt.kind) {
                case SUCCEEDED -> {
                    counters.delivered.addAndGet(span.deliverableCount());
                    commit(span.elements);
                }
                case PARTIALLY_FAILED -> {
                    counters.failedBatches.incrementAndGet();
                    Span handled = span.head(attempt.firstFailedElement);
                    counters.delivered.addAndGet(handled.deliverableCount());
                    if (!handled.elements.isEmpty()) {
                        commit(handled.elements);
                    }
                    retryOrGiveUp(span.tail(attempt.firstFailedElement).retried(span), work);
                }
                case FAILED -> {
                    counters.failedBatches.incrementAndGet();
                    if (mapping.spec.bisectBatchOnFunctionError() && span.deliverableCount() > 1) {
                        Span[] halves = span.bisect();
                        work.addFirst(halves[1]);
                        work.addFirst(halves[0]);
                    } else {
                        retryOrGiveUp(span.retried(span), work);
                    }
                }
                default -> throw new IllegalStateException(attempt.kind.toString());
            }
        }
    }

    private void retryOrGiveUp(Span retry, Deque<Span> work) {
        int maximum = mapping.spec.maximumRetryAttempts();
        if (maximum >= 0 && retry.retries > maximum) {
            giveUp(retry, "RetryAttemptsExhausted");
            commit(retry.elements);
            return;
        }
        work.addFirst(retry);
        lifecycle.pause(mapping.settings.retryBackoff(retry.retries));
    }

    /** Elements up to the last deliverable record, among the leading ones, that is older than the age limit. */
    private int expiredPrefix(Span span) {
        Instant now = mapping.settings.clock().instant();
        Duration limit = mapping.maximumRecordAge();
        int expiredThrough = 0;
        for (int i = 0; i < span.elements.size(); i++) {
            Pending pending = span.elements.get(i);
            if (!pending.deliver()) {
                continue;
            }
            if (Duration.between(pending.record().arrival(), now).compareTo(limit) > 0) {
                expiredThrough = i + 1;
            } else {
                break;
            }
        }
        return expiredThrough;
    }

    private enum AttemptKind { SUCCEEDED, PARTIALLY_FAILED, FAILED }

    private record Attempt(AttemptKind kind, int firstFailedElement) {
    }

    private Attempt invoke(Span span) {
        List<Pending> records = span.deliverables();
        List<byte[]> json = new ArrayList<>(records.size());
        Set<String> ids = new HashSet<>();
        for (Pending pending : records) {
            json.add(pending.json());
            ids.add(pending.sequenceNumber());
        }
        if (span.derived) {
            counters.retries.incrementAndGet();
        }
        String payload = EventRecords.envelope(json);
        counters.inFlight.addAndGet(records.size());
        Instant started = Instant.now();
        Invocation invocation;
        String failure = null;
        try {
            // Through a weighted alias, each batch runs the version the alias's routing picks for it.
            String function = AliasRouting.pick(mapping.spec.function(), mapping.spec.additionalFunctionWeights());
            invocation = lifecycle.interruptibly(() -> mapping.invoker.invoke(function,
                    mapping.spec.invokedFunctionArn(), payload, mapping.name));
        } catch (Lifecycle.Stopped e) {
            throw e;
        } catch (RuntimeException e) {
            invocation = null;
            failure = "the invoker failed: " + MappingCounters.describe(e);
            if (lifecycle.running()) {
                counters.error("invoking " + mapping.spec.function(), e);
            }
        } finally {
            counters.inFlight.addAndGet(-records.size());
        }
        span.invocations++;
        Duration duration = invocation != null && invocation.duration() != null ? invocation.duration()
                : Duration.between(started, Instant.now());
        if (invocation != null) {
            span.lastRequestId = invocation.requestId();
        }
        Attempt attempt;
        if (invocation == null || !invocation.succeeded()) {
            if (invocation != null) {
                failure = invocation.outcome() + (invocation.errorType() == null ? "" : " " + invocation.errorType())
                        + (invocation.errorMessage() == null ? "" : ": " + invocation.errorMessage());
            } else if (failure == null) {
                failure = "no invocation result";
            }
            attempt = new Attempt(AttemptKind.FAILED, 0);
        } else {
            BatchItemFailures.Result result = mapping.spec.reportBatchItemFailures()
                ? BatchItemFailures.parse(invocation.responseJson(), ids, false)
                // Without ReportBatchItemFailures, Lambda does not read the response: a successful call handled all.
                : BatchItemFailures.Result.SUCCESS;
            attempt = switch (result.kind()) {
                case ALL_SUCCEEDED -> new Attempt(AttemptKind.SUCCEEDED, 0);
                case ALL_FAILED -> {
                    failure = "invalid batch item failure report: " + result.reason();
                    yield new Attempt(AttemptKind.FAILED, 0);
                }
                case SOME_FAILED -> {
                    failure = result.failedIds().size() + " batch item failure(s) reported";
                    yield new Attempt(AttemptKind.PARTIALLY_FAILED, span.indexOfLowest(result.failedIds()));
                }
            };
        }
        BatchReport.Outcome outcome = switch (attempt.kind) {
            case SUCCEEDED -> BatchReport.Outcome.SUCCEEDED;
            case PARTIALLY_FAILED -> BatchReport.Outcome.PARTIALLY_FAILED;
            case FAILED -> BatchReport.Outcome.FAILED;
        };
        report(records.size(), outcome, duration, failure);
        return attempt;
    }

    private void giveUp(Span span, String condition) {
        List<Pending> records = span.deliverables();
        if (records.isEmpty()) {
            return;
        }
        Pending first = records.get(0);
        Pending last = records.get(records.size() - 1);
        String destination = mapping.onFailure == null ? "no on-failure destination: records discarded"
                : "described in queue " + mapping.onFailure.queue();
        if (mapping.onFailure != null) {
            EventRecords.OnFailure failure = new EventRecords.OnFailure(
                    span.lastRequestId != null ? span.lastRequestId : UUID.randomUUID().toString(),
                    mapping.functionArn, condition, span.invocations, mapping.settings.clock().instant(),
                    source.isKinesis(), shard.shardId(), first.sequenceNumber(), last.sequenceNumber(),
                    first.record().arrival(), last.record().arrival(), records.size(), source.arn());
            mapping.onFailure.send(EventRecords.JSON.valueToTree(EventRecords.onFailure(failure)).toString());
        }
        counters.toDlq.addAndGet(records.size());
        LOG.log(Level.WARNING, "mapping " + mapping.name + ": gave up on " + records.size() + " record(s) of shard "
                + shard.shardId() + " (" + first.sequenceNumber() + ".." + last.sequenceNumber() + "), " + condition
                + " after " + span.invocations + " invocation(s); " + destination);
        report(records.size(), BatchReport.Outcome.GIVEN_UP, Duration.ZERO, condition + "; " + destination);
    }

    private void report(int records, BatchReport.Outcome outcome, Duration duration, String detail) {
        mapping.counters.lastOutcome(outcome);
        BatchListener listener = mapping.listener;
        if (listener == null) {
            return;
        }
        try {
            listener.onBatch(new BatchReport(mapping.name, mapping.spec.function(), shard.shardId(), records, outcome,
                    duration, detail));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "batch listener failed", e);
        }
    }

    /** Checkpoints after the last of {@code elements}; retried until stored (or stopped): skipping is worse. */
    private void commit(List<Pending> elements) {
        if (elements.isEmpty()) {
            return;
        }
        Checkpoint checkpoint = Checkpoint.after(elements.get(elements.size() - 1).sequenceNumber());
        while (true) {
            lifecycle.ensureRunning();
            try {
                mapping.checkpoints.save(mapping.name, shard.shardId(), checkpoint);
                committed = checkpoint;
                uncommitted -= elements.size();
                counters.lag.addAndGet(-elements.size());
                return;
            } catch (RuntimeException e) {
                counters.error("cannot store the checkpoint of shard " + shard.shardId() + " (will retry)", e);
                lifecycle.pause(mapping.settings.errorBackoff());
            }
        }
    }

    /** Where reading continues: after the last record read, else after the checkpoint. */
    private ShardSource.Position currentPosition() {
        if (restartAtTrimHorizon) {
            return ShardSource.Position.TRIM_HORIZON;
        } else if (readPosition != null) {
            return ShardSource.Position.after(readPosition);
        } else if (committed == null || committed.type() == Checkpoint.Type.TRIM_HORIZON) {
            return ShardSource.Position.TRIM_HORIZON;
        }
        return ShardSource.Position.after(committed.sequenceNumber());
    }

    private String acquireIterator() {
        ShardSource.Position position = currentPosition();
        try {
            String acquired = source.iterator(shard.shardId(), position);
            restartAtTrimHorizon = false;
            iteratorFailures = 0;
            return acquired;
        } catch (ShardReadException e) {
            if (e.kind() == ShardReadException.Kind.SHARD_NOT_FOUND) {
                return null;
            }
            throw e;
        } catch (RuntimeException e) {
            // A stream that answers a sequence number it no longer has with an error other than TrimmedDataAccess.
            iteratorFailures++;
            if (position.type() == ShardSource.Position.Type.AFTER_SEQUENCE_NUMBER
                    && iteratorFailures >= ITERATOR_FAILURES_BEFORE_TRIM_CHECK && isBeforeShardStart(position)) {
                throw new ShardReadException(ShardReadException.Kind.TRIMMED,
                        "sequence number " + position.sequenceNumber() + " is before the shard's oldest record", e);
            }
            throw e;
        }
    }

    private boolean isBeforeShardStart(ShardSource.Position position) {
        String start = shard.startingSequenceNumber();
        if (start == null) {
            return false;
        }
        try {
            return new BigInteger(position.sequenceNumber()).compareTo(new BigInteger(start)) < 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** @return false when the shard is gone */
    private boolean handle(ShardReadException e) {
        switch (e.kind()) {
            case EXPIRED_ITERATOR, INVALID_ITERATOR -> {
                LOG.log(Level.DEBUG, "mapping " + mapping.name + ": new iterator for " + shard.shardId() + " after "
                        + e.getMessage());
                iterator = null;
                lifecycle.pause(mapping.settings.pollInterval());
            }
            case TRIMMED -> {
                if (currentPosition().type() == ShardSource.Position.Type.TRIM_HORIZON) {
                    // Read from the oldest record (a fresh shard, or just after a restart there): the horizon moved
                    // under the iterator, but nothing this mapping had a position in was skipped, so nothing was lost.
                    LOG.log(Level.DEBUG, "mapping " + mapping.name + ": new TRIM_HORIZON iterator for " + shard.shardId()
                            + " after " + e.getMessage());
                } else {
                    counters.iteratorResets.incrementAndGet();
                    counters.error("shard " + shard.shardId() + ": position trimmed, restarting at TRIM_HORIZON; records "
                            + "older than the stream's retention were lost", e);
                }
                iterator = null;
                restartAtTrimHorizon = true;
                readPosition = null;
                // Whatever is buffered is read again from the new start (if it is still there).
                counters.lag.addAndGet(-buffer.size());
                uncommitted -= buffer.size();
                clearBuffer();
            }
            case SHARD_NOT_FOUND -> {
                return finishGone();
            }
            case THROTTLED -> {
                counters.error("shard " + shard.shardId() + " (backing off)", e);
                lifecycle.pause(mapping.settings.errorBackoff());
            }
            case UNREADABLE -> handleUnreadable(e);
        }
        return true;
    }

    /**
     * An answer (or a record in it) that cannot be read is a failed batch of the record at the read position: the
     * records already read are delivered first, then reads go one record at a time; each failed read is a retry with
     * the mapping's backoff, and once MaximumRetryAttempts is used up, or the record is older than
     * MaximumRecordAgeInSeconds (else the stream's retention) counting from the first failure, it is given up on:
     * reported to the on-failure destination and skipped. It is in the status and the log all along.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/kinesis-on-failure-destination.html">Kinesis on-failure destinations</a>
     */
    private void handleUnreadable(ShardReadException e) {
        while (deliverableBuffered > 0) {
            process(takeBatch());
        }
        if (!buffer.isEmpty()) {
            List<Pending> skipped = new ArrayList<>(buffer);
            clearBuffer();
            commit(skipped);
        }
        iterator = null;
        Instant now = mapping.settings.clock().instant();
        if (unreadableSince == null) {
            unreadableSince = now;
        }
        unreadableAttempts++;
        isolatedReadsLeft = Math.min(MAX_GET_RECORDS, Math.max(1, batchSize));
        counters.failedBatches.incrementAndGet();
        String where = shard.shardId() + " after " + (readPosition != null ? readPosition
                : committed == null ? "TRIM_HORIZON" : String.valueOf(committed.sequenceNumber()));
        int maximum = mapping.spec.maximumRetryAttempts();
        String condition = maximum >= 0 && unreadableAttempts > maximum ? "RetryAttemptsExhausted"
                : Duration.between(unreadableSince, now).compareTo(mapping.maximumRecordAge()) > 0 ? "RecordAgeExceeded" : null;
        if (condition == null) {
            counters.error("shard " + where + ": unreadable answer, attempt " + unreadableAttempts
                    + " (retried as a failed batch)", e);
            report(1, BatchReport.Outcome.FAILED, Duration.ZERO, "unreadable: " + MappingCounters.describe(e));
            if (unreadableAttempts > 1) {
                counters.retries.incrementAndGet();
            }
            lifecycle.pause(mapping.settings.retryBackoff(unreadableAttempts));
            return;
        }
        java.util.Optional<String> skipped = source.sequenceNumberAfter(shard.shardId(), currentPosition());
        if (skipped.isEmpty()) {
            counters.error("shard " + where + ": unreadable record given up on (" + condition + ") but its sequence number "
                    + "cannot be found to skip it; retrying", e);
            lifecycle.pause(mapping.settings.errorBackoff());
            return;
        }
        String sequence = skipped.get();
        String destination = mapping.onFailure == null ? "no on-failure destination: record discarded"
                : "described in queue " + mapping.onFailure.queue();
        if (mapping.onFailure != null) {
            EventRecords.OnFailure failure = new EventRecords.OnFailure(UUID.randomUUID().toString(), mapping.functionArn,
                    condition, 0, now, source.isKinesis(), shard.shardId(), sequence, sequence, unreadableSince,
                    unreadableSince, 1, source.arn());
            mapping.onFailure.send(EventRecords.JSON.valueToTree(EventRecords.onFailure(failure)).toString());
        }
        counters.toDlq.incrementAndGet();
        counters.error("shard " + shard.shardId() + ": gave up on unreadable record " + sequence + " (" + condition + " after "
                + unreadableAttempts + " attempt(s)); " + destination, e);
        report(1, BatchReport.Outcome.GIVEN_UP, Duration.ZERO, condition + " (unreadable record); " + destination);
        Checkpoint past = Checkpoint.after(sequence);
        while (true) {
            lifecycle.ensureRunning();
            try {
                mapping.checkpoints.save(mapping.name, shard.shardId(), past);
                break;
            } catch (RuntimeException storeFailure) {
                counters.error("cannot store the checkpoint of shard " + shard.shardId() + " (will retry)", storeFailure);
                lifecycle.pause(mapping.settings.errorBackoff());
            }
        }
        committed = past;
        readPosition = sequence;
        unreadableAttempts = 0;
        unreadableSince = null;
    }

    /**
     * Consecutive records of the shard (deliverable ones and the filtered-out ones between them) that are
     * retried, bisected or given up on together.
     */
    static final class Span {
        final List<Pending> elements;
        /** Retries used so far (bisected halves inherit their parent's). */
        final int retries;
        /** Whether these records were in an earlier, failed invocation. */
        final boolean derived;
        int invocations;
        String lastRequestId;

        Span(List<Pending> elements, int retries, boolean derived) {
            this.elements = List.copyOf(elements);
            this.retries = retries;
            this.derived = derived;
        }

        List<Pending> deliverables() {
            return elements.stream().filter(Pending::deliver).toList();
        }

        int deliverableCount() {
            int count = 0;
            for (Pending pending : elements) {
                if (pending.deliver()) {
                    count++;
                }
            }
            return count;
        }

        Span head(int count) {
            Span head = new Span(elements.subList(0, count), retries, derived);
            head.invocations = invocations;
            head.lastRequestId = lastRequestId;
            return head;
        }

        Span tail(int from) {
            Span tail = new Span(elements.subList(from, elements.size()), retries, derived);
            tail.invocations = invocations;
            tail.lastRequestId = lastRequestId;
            return tail;
        }

        /** The same records, one retry further on. */
        Span retried(Span failed) {
            Span retry = new Span(elements, failed.retries + 1, true);
            retry.invocations = failed.invocations;
            retry.lastRequestId = failed.lastRequestId;
            return retry;
        }

        /** Two halves by deliverable records; they keep the parent's retry count (a split is not a retry). */
        Span[] bisect() {
            int half = (deliverableCount() + 1) / 2;
            int seen = 0;
            int cut = 0;
            for (int i = 0; i < elements.size(); i++) {
                if (elements.get(i).deliver()) {
                    seen++;
                    if (seen == half) {
                        cut = i + 1;
                        break;
                    }
                }
            }
            return new Span[] {
                new Span(elements.subList(0, cut), retries, true),
                new Span(elements.subList(cut, elements.size()), retries, true)
            };
        }

        /** The element index of the reported record with the lowest sequence number. */
        int indexOfLowest(Set<String> sequenceNumbers) {
            for (int i = 0; i < elements.size(); i++) {
                if (elements.get(i).deliver() && sequenceNumbers.contains(elements.get(i).sequenceNumber())) {
                    return i;
                }
            }
            throw new IllegalStateException("no reported record in the batch");
        }
    }
}
