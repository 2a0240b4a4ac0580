package dev.ddbstreams.endpoint.routing;

import dev.ddbstreams.endpoint.protocol.ServiceHandler;

import java.net.URI;

/** Where the edge sends a service's requests: to another server on loopback, or to an in-process handler. */
public sealed interface Route {

    /** Forwarded, unchanged, to {@code backend} (scheme, host and port; the request's own path and query are kept). */
    record Forward(URI backend) implements Route {
    }

    /** Served in this process. */
    record InProcess(ServiceHandler handler) implements Route {
    }
}
