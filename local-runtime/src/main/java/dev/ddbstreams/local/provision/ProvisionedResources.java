package dev.ddbstreams.local.provision;

import java.util.List;
import java.util.Map;

/**
 * What {@link Provisioner} created or found: stream ARNs per table, queues, Kinesis stream ARNs, function ARNs, the
 * event source mappings' UUIDs by wiring name, and the resources that could not be provisioned (with the reason),
 * e.g. Kinesis with {@code --no-kinesis}, a function whose jar is not built.
 */
public record ProvisionedResources(Map<String, String> streamArnsByTable, Map<String, QueueRef> queues,
        Map<String, String> kinesisStreamArns, List<String> unavailable, Map<String, String> functionArns,
        Map<String, String> mappingUuids) {

    public ProvisionedResources {
        streamArnsByTable = Map.copyOf(streamArnsByTable);
        queues = Map.copyOf(queues);
        kinesisStreamArns = Map.copyOf(kinesisStreamArns);
        unavailable = List.copyOf(unavailable);
        functionArns = Map.copyOf(functionArns);
        mappingUuids = Map.copyOf(mappingUuids);
    }

    /** Tables, queues and streams only. */
    public ProvisionedResources(Map<String, String> streamArnsByTable, Map<String, QueueRef> queues,
            Map<String, String> kinesisStreamArns, List<String> unavailable) {
        this(streamArnsByTable, queues, kinesisStreamArns, unavailable, Map.of(), Map.of());
    }

    public QueueRef queue(String name) {
        QueueRef queue = queues.get(name);
        if (queue == null) {
            throw new IllegalArgumentException("Queue " + name + " was not provisioned");
        }
        return queue;
    }
}
