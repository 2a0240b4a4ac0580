package dev.ddbstreams.local.wiring;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where an event source mapping reads from. */
public enum SourceType {
    DYNAMODB("dynamodb"), KINESIS("kinesis"), SQS("sqs");

    private final String json;

    SourceType(String json) {
        this.json = json;
    }

    @JsonValue
    public String json() {
        return json;
    }

    /** Streams (DynamoDB, Kinesis) are polled per shard in order; queues are not. */
    public boolean isStream() {
        return this != SQS;
    }
}
