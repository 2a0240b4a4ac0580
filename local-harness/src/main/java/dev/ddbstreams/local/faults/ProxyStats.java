package dev.ddbstreams.local.faults;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the {@link DynamoDbFaultProxy} saw and did, per client.
 *
 * @param clients by client (function) name
 */
public record ProxyStats(Map<String, ClientStats> clients) {

    /**
     * @param requests              every request forwarded or answered
     * @param writes                the write requests among them
     * @param injected              errors answered instead of DynamoDB's answer, by kind
     * @param injectedByOperation   the same, by operation
     * @param sdkRetries            requests the SDK marked as a retry ({@code amz-sdk-request: attempt>1})
     * @param highestAttempt        the highest attempt number seen
     * @param configuredMaxAttempts the SDK's maximum attempts, as it announces it
     * @param upstreamFailures      requests the DynamoDB engine did not answer (e.g. during a restart), answered 500
     */
    public record ClientStats(long requests, long writes, Map<WriteFault, Long> injected,
            Map<String, Long> injectedByOperation, long sdkRetries, long highestAttempt, long configuredMaxAttempts,
            long upstreamFailures) {

        public long injectedTotal() {
            return injected.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public long writes() {
        return clients.values().stream().mapToLong(ClientStats::writes).sum();
    }

    public long requests() {
        return clients.values().stream().mapToLong(ClientStats::requests).sum();
    }

    public long sdkRetries() {
        return clients.values().stream().mapToLong(ClientStats::sdkRetries).sum();
    }

    public long injectedTotal() {
        return clients.values().stream().mapToLong(ClientStats::injectedTotal).sum();
    }

    public Map<WriteFault, Long> injectedByKind() {
        Map<WriteFault, Long> total = new TreeMap<>();
        clients.values().forEach(client -> client.injected().forEach((kind, count) -> total.merge(kind, count, Long::sum)));
        return total;
    }

    public Map<String, Long> injectedByOperation() {
        Map<String, Long> total = new TreeMap<>();
        clients.values().forEach(client -> client.injectedByOperation()
                .forEach((operation, count) -> total.merge(operation, count, Long::sum)));
        return total;
    }
}
