package dev.ddbstreams.local.provision;

import java.util.List;
import java.util.Map;

/**
 * What {@link Provisioner} created or found: stream ARNs per table, queues, Kinesis stream ARNs, and the
 * resources that could not be provisioned (with the reason), e.g. Kinesis without Node.js.
 */
public record ProvisionedResources(Map<String, String> streamArnsByTable, Map<String, QueueRef> queues,
        Map<String, String> kinesisStreamArns, List<String> unavailable) {

    public ProvisionedResources {
        streamArnsByTable = Map.copyOf(streamArnsByTable);
        queues = Map.copyOf(queues);
        kinesisStreamArns = Map.copyOf(kinesisStreamArns);
        unavailable = List.copyOf(unavailable);
    }

    public QueueRef queue(String name) {
        QueueRef queue = queues.get(name);
        if (queue == null) {
            throw new IllegalArgumentException("Queue " + name + " was not provisioned");
        }
        return queue;
    }
}
