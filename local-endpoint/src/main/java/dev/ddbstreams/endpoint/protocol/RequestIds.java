package dev.ddbstreams.endpoint.protocol;

import java.util.UUID;

/** Request ids in AWS's form (a UUID), as {@code x-amzn-RequestId} and {@code <RequestId>} carry them. */
public final class RequestIds {
    private RequestIds() {
    }

    public static String next() {
        return UUID.randomUUID().toString();
    }
}
