package dev.ddbstreams.dynamodb.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One API operation: its request body in, its response body out, or a {@link dev.ddbstreams.dynamodb.errors.DynamoDbException}. */
@FunctionalInterface
public interface Operation {

    ObjectNode handle(Params request);
}
