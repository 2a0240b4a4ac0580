package dev.ddbstreams.local.mapping;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.lambda.AliasRouting;
import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.lambda.Invocation;
import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.QueueSpec;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * An SQS mapping, the way Lambda polls a standard queue: long-polls up to ten messages per ReceiveMessage call,
 * gathers up to BatchSize messages within the batching window, and invokes the function with them.
 * <ul>
 * <li>success (or an empty failure report): every message is deleted;</li>
 * <li>a report of batch item failures deletes only the messages not reported; an invalid report (unknown, empty
 * or missing identifier, or a response that is not JSON) deletes none;</li>
 * <li>a function error deletes none: the messages become visible again after the queue's visibility timeout, and
 * the queue's own redrive policy moves a message to its dead-letter queue after maxReceiveCount receives;</li>
 * <li>messages no filter matches are deleted without an invocation, as Lambda does.</li>
 * </ul>
 * One batch is in flight at a time (Lambda scales SQS pollers out; a local runtime does not need to).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html">Using Lambda with Amazon SQS</a>
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html">Error handling for SQS</a>
 */
final class SqsMappingPoller implements MappingPoller {

    private static final System.Logger LOG = System.getLogger(MappingEngine.class.getName());

    private final String name;
    private final MappingSpec spec;
    private final QueueSpec queue;
    private final SqsClient sqs;
    private final SourceResolver resolver;
    private final FunctionInvoker invoker;
    private final String region;
    private final EngineSettings settings;
    private final MappingCounters counters;
    private final BatchListener listener;
    private final EventFilter filter;
    private final Lifecycle lifecycle = new Lifecycle();
    private volatile Thread thread;

    private String queueUrl;
    private String queueArn;
    private Instant lagReadAt = Instant.EPOCH;

    SqsMappingPoller(String name, MappingSpec spec, QueueSpec queue, SqsClient sqs, SourceResolver resolver,
            FunctionInvoker invoker, String region, EngineSettings settings, MappingCounters counters,
            BatchListener listener, EventFilter filter) {
        this.name = name;
        this.spec = spec;
        this.queue = queue;
        this.sqs = sqs;
        this.resolver = resolver;
        this.invoker = invoker;
        this.region = region;
        this.settings = settings;
        this.counters = counters;
        this.listener = listener;
        this.filter = filter;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        Thread started = new Thread(this::run, "mapping-" + name);
        started.setDaemon(true);
        thread = started;
        started.start();
    }

    @Override
    public void signalStop() {
        lifecycle.stop();
    }

    @Override
    public boolean awaitStopped(long millis) {
        Thread current = thread;
        if (current != null) {
            try {
                current.join(Math.max(1, millis));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        counters.state("STOPPED");
        return current == null || !current.isAlive();
    }

    @Override
    public MappingStatus status() {
        return counters.snapshot();
    }

    @Override
    public MappingCounters counters() {
        return counters;
    }

    private void run() {
        while (lifecycle.running()) {
            try {
                if (queueUrl == null) {
                    counters.state("STARTING");
                    String queueName = spec.source().queue();
                    String url = resolver.queueUrl(queueName);
                    queueArn = resolver.queueArn(queueName);
                    queueUrl = url;
                    counters.source("sqs " + queueArn);
                }
                counters.state("POLLING");
                refreshLag();
                List<Message> messages = receive();
                counters.readSucceeded();
                if (!messages.isEmpty()) {
                    handle(messages);
                }
            } catch (Lifecycle.Stopped e) {
                return;
            } catch (RuntimeException e) {
                if (!lifecycle.running()) {
                    return;
                }
                counters.state(queueUrl == null ? "STARTING" : "BACKING_OFF");
                counters.error(queueUrl == null ? "cannot resolve the queue" : "polling failed", e);
                try {
                    lifecycle.pause(settings.errorBackoff());
                } catch (Lifecycle.Stopped stopped) {
                    return;
                }
            }
        }
    }

    private void refreshLag() {
        Instant now = Instant.now();
        if (now.isBefore(lagReadAt.plus(settings.queueLagInterval()))) {
            return;
        }
        lagReadAt = now;
        try {
            String value = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            if (value != null) {
                counters.lag.set(Long.parseLong(value));
            }
        } catch (RuntimeException e) {
            if (lifecycle.running()) {
                counters.error("cannot read the queue's ApproximateNumberOfMessages", e);
            }
        }
    }

    /** Up to BatchSize messages: one receive without a window, else as many as arrive within it. */
    private List<Message> receive() {
        Duration window = Duration.ofSeconds(Math.max(0, spec.maximumBatchingWindowInSeconds()));
        Instant deadline = Instant.now().plus(window);
        List<Message> messages = new ArrayList<>();
        long bytes = 0;
        do {
            lifecycle.ensureRunning();
            int wanted = Math.min(10, spec.batchSize() - messages.size());
            long waitSeconds = settings.sqsWaitTime().toSeconds();
            if (!window.isZero()) {
                long left = Duration.between(Instant.now(), deadline).toSeconds();
                waitSeconds = Math.max(0, Math.min(waitSeconds, left));
            }
            int wait = (int) waitSeconds;
            ReceiveMessageResponse response = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                    .maxNumberOfMessages(wanted)
                    .waitTimeSeconds(wait)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All"));
            for (Message message : response.messages()) {
                messages.add(message);
                bytes += message.body() == null ? 0 : message.body().length();
            }
            if (window.isZero()) {
                break;
            }
            if (response.messages().isEmpty() && wait == 0) {
                // Less than a second of window left and nothing arrived: do not spin.
                lifecycle.pause(Duration.ofMillis(Math.min(200, Math.max(1,
                        Duration.between(Instant.now(), deadline).toMillis()))));
            }
        } while (messages.size() < spec.batchSize() && bytes < EventRecords.MAX_PAYLOAD_BYTES
                && Instant.now().isBefore(deadline));
        return messages;
    }

    private void handle(List<Message> messages) {
        List<Message> matching = new ArrayList<>();
        List<Message> unmatched = new ArrayList<>();
        List<byte[]> json = new ArrayList<>();
        for (Message message : messages) {
            ObjectNode record = EventRecords.sqs(message, region, queueArn);
            if (filter.matches(EventRecords.sqsFilterView(record))) {
                matching.add(message);
                json.add(EventRecords.bytes(record));
            } else {
                unmatched.add(message);
            }
        }
        if (!unmatched.isEmpty()) {
            counters.filtered.addAndGet(unmatched.size());
            delete(unmatched);
        }
        // Split only when the messages would not fit one 6 MB invocation.
        int from = 0;
        while (from < matching.size()) {
            int to = from;
            long size = EventRecords.ENVELOPE_BYTES;
            while (to < matching.size() && (to == from || size + json.get(to).length + 1 <= EventRecords.MAX_PAYLOAD_BYTES)) {
                size += json.get(to).length + 1;
                to++;
            }
            invoke(matching.subList(from, to), json.subList(from, to));
            from = to;
        }
    }

    private void invoke(List<Message> messages, List<byte[]> json) {
        Set<String> ids = new HashSet<>();
        messages.forEach(message -> ids.add(message.messageId()));
        counters.inFlight.addAndGet(messages.size());
        Instant started = Instant.now();
        Invocation invocation = null;
        String failure = null;
        try {
            String payload = EventRecords.envelope(json);
            // Through a weighted alias, each batch runs the version the alias's routing picks for it.
            String function = AliasRouting.pick(spec.function(), spec.additionalFunctionWeights());
            invocation = lifecycle.interruptibly(() -> invoker.invoke(function, spec.invokedFunctionArn(), payload, name));
        } catch (Lifecycle.Stopped e) {
            throw e;
        } catch (RuntimeException e) {
            failure = "the invoker failed: " + MappingCounters.describe(e);
            if (lifecycle.running()) {
                counters.error("invoking " + spec.function(), e);
            }
        } finally {
            counters.inFlight.addAndGet(-messages.size());
        }
        // Stopped during the invocation: delete nothing; the messages come back after their visibility timeout.
        lifecycle.ensureRunning();
        Duration duration = invocation != null && invocation.duration() != null ? invocation.duration()
                : Duration.between(started, Instant.now());
        if (invocation == null || !invocation.succeeded()) {
            if (invocation != null) {
                failure = invocation.outcome() + (invocation.errorType() == null ? "" : " " + invocation.errorType())
                        + (invocation.errorMessage() == null ? "" : ": " + invocation.errorMessage());
            }
            failed(messages, messages, duration, failure);
            return;
        }
        BatchItemFailures.Result result = spec.reportBatchItemFailures()
                ? BatchItemFailures.parse(invocation.responseJson(), ids, true)
                // Without ReportBatchItemFailures, Lambda does not read the response: a successful call handled all.
                : BatchItemFailures.Result.SUCCESS;
        switch (result.kind()) {
            case ALL_SUCCEEDED -> {
                delete(messages);
                counters.delivered.addAndGet(messages.size());
                report(messages.size(), BatchReport.Outcome.SUCCEEDED, duration, null);
            }
            case ALL_FAILED -> failed(messages, messages, duration, "invalid batch item failure report: "
                    + result.reason());
            case SOME_FAILED -> {
                List<Message> succeeded = new ArrayList<>();
                List<Message> failedMessages = new ArrayList<>();
                for (Message message : messages) {
                    (result.failedIds().contains(message.messageId()) ? failedMessages : succeeded).add(message);
                }
                delete(succeeded);
                counters.delivered.addAndGet(succeeded.size());
                counters.failedBatches.incrementAndGet();
                countRedrives(failedMessages);
                report(messages.size(), BatchReport.Outcome.PARTIALLY_FAILED, duration,
                        failedMessages.size() + " batch item failure(s) reported");
            }
        }
    }

    private void failed(List<Message> batch, List<Message> failedMessages, Duration duration, String failure) {
        counters.failedBatches.incrementAndGet();
        countRedrives(failedMessages);
        report(batch.size(), BatchReport.Outcome.FAILED, duration, failure);
    }

    /**
     * Counts the failed messages the queue's redrive policy will move to its dead-letter queue: those already
     * received maxReceiveCount times (SQS moves them on their next receive).
     */
    private void countRedrives(List<Message> failedMessages) {
        if (queue == null || queue.deadLetterQueue() == null || queue.maxReceiveCount() == null) {
            return;
        }
        for (Message message : failedMessages) {
            String count = message.attributesAsStrings().get("ApproximateReceiveCount");
            try {
                if (count != null && Integer.parseInt(count) >= queue.maxReceiveCount()) {
                    counters.toDlq.incrementAndGet();
                }
            } catch (NumberFormatException e) {
                // Not a number: nothing to count.
            }
        }
    }

    /** Deletes in batches of ten; entries that fail are retried once, then logged (the message comes back). */
    private void delete(List<Message> messages) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            for (int attempt = 1; attempt <= 2 && !entries.isEmpty(); attempt++) {
                List<DeleteMessageBatchRequestEntry> toDelete = entries;
                try {
                    DeleteMessageBatchResponse response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl)
                            .entries(toDelete));
                    Set<String> failedIds = new HashSet<>();
                    response.failed().forEach(entry -> failedIds.add(entry.id()));
                    entries = toDelete.stream().filter(entry -> failedIds.contains(entry.id())).toList();
                } catch (RuntimeException e) {
                    if (!lifecycle.running()) {
                        throw new Lifecycle.Stopped();
                    }
                    counters.error("DeleteMessageBatch failed", e);
                }
            }
            if (!entries.isEmpty()) {
                LOG.log(Level.WARNING, "mapping " + name + ": " + entries.size() + " message(s) could not be deleted; "
                        + "they will be delivered again after the visibility timeout");
            }
        }
    }

    private void report(int records, BatchReport.Outcome outcome, Duration duration, String detail) {
        counters.lastOutcome(outcome);
        if (listener == null) {
            return;
        }
        try {
            listener.onBatch(new BatchReport(name, spec.function(), null, records, outcome, duration, detail));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "batch listener failed", e);
        }
    }
}
