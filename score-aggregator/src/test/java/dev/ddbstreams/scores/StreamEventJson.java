package dev.ddbstreams.scores;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.ddbstreams.lambda.testing.LambdaEvents;

/** Builds one-record DynamoDB stream events from JSON fragments, for tables of hostile variations. */
final class StreamEventJson {

    private StreamEventJson() {
    }

    /**
     * @param eventName     the record's eventName, or null to leave it out
     * @param dynamodbFields the members of the record's {@code dynamodb} object, as JSON without braces
     */
    static DynamodbEvent oneRecord(String table, String eventName, String dynamodbFields) {
        String name = eventName == null ? "" : "\"eventName\": \"" + eventName + "\", ";
        String json = "{\"Records\": [{\"eventID\": \"e1\", " + name
                + "\"eventVersion\": \"1.1\", \"eventSource\": \"aws:dynamodb\", \"awsRegion\": \"us-east-1\", "
                + "\"eventSourceARN\": \"arn:aws:dynamodb:us-east-1:123456789012:table/" + table
                + "/stream/2024-05-01T00:00:00.000\", \"dynamodb\": {" + dynamodbFields + "}}]}";
        return LambdaEvents.fromJson(json, DynamodbEvent.class);
    }
}
