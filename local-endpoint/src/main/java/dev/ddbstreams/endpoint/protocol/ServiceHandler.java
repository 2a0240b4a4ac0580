package dev.ddbstreams.endpoint.protocol;

/**
 * A service the edge serves in-process: reads its wire protocol from the request, calls the service's behaviour
 * and writes the answer (or the error) in the same protocol. It never throws for a bad request: every error
 * leaves as an {@link AwsResponse} in the service's own error shape.
 */
@FunctionalInterface
public interface ServiceHandler {
    AwsResponse handle(AwsRequest request);
}
