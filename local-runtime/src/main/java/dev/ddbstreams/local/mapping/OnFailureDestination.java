package dev.ddbstreams.local.mapping;

import java.time.Duration;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A stream mapping's on-failure destination: an SQS queue that receives one on-failure record per batch given
 * up on. Sending is retried until it succeeds (or the poller stops): the shard is checkpointed past the given-up
 * records only once their description is safely in the queue.
 */
final class OnFailureDestination {

    private final String queue;
    private final SqsClient sqs;
    private final SourceResolver resolver;
    private final Lifecycle lifecycle;
    private final MappingCounters counters;
    private final Duration backoff;
    private volatile String queueUrl;

    OnFailureDestination(String queue, SqsClient sqs, SourceResolver resolver, Lifecycle lifecycle,
            MappingCounters counters, Duration backoff) {
        this.queue = queue;
        this.sqs = sqs;
        this.resolver = resolver;
        this.lifecycle = lifecycle;
        this.counters = counters;
        this.backoff = backoff;
    }

    String queue() {
        return queue;
    }

    /** Sends {@code body}; blocks until SQS accepted it, or throws {@link Lifecycle.Stopped}. */
    void send(String body) {
        while (true) {
            lifecycle.ensureRunning();
            try {
                if (sqs == null) {
                    throw new IllegalStateException("no SqsClient was given to the mapping engine");
                }
                if (queueUrl == null) {
                    queueUrl = resolver.queueUrl(queue);
                }
                String url = queueUrl;
                sqs.sendMessage(b -> b.queueUrl(url).messageBody(body));
                return;
            } catch (Lifecycle.Stopped e) {
                throw e;
            } catch (RuntimeException e) {
                if (!lifecycle.running()) {
                    throw new Lifecycle.Stopped();
                }
                counters.error("cannot send an on-failure record to queue " + queue + " (will retry; the shard waits)", e);
                queueUrl = null;
                lifecycle.pause(backoff);
            }
        }
    }
}
