package dev.ddbstreams.endpoint.routing;

import java.util.Optional;

/**
 * What the edge learnt from a request's addressing.
 *
 * @param service     the service, if the request names one the edge knows
 * @param signingName the service named by the SigV4 scope (also when the edge does not know it), for messages
 * @param protocol    the protocol the request speaks, which decides the shape of any error
 */
public record ResolvedRequest(Optional<AwsService> service, Optional<String> signingName, AwsService.Protocol protocol) {
}
