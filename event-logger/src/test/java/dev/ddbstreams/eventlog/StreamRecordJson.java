package dev.ddbstreams.eventlog;

/** Single-record DynamoDB stream events in AWS's shape, for malformed cases too small for a fixture file. */
final class StreamRecordJson {

    private StreamRecordJson() {
    }

    /**
     * @param dynamodb the JSON of the record's {@code dynamodb} member, or {@code null} to leave it out
     * @param tableName the table in the event source ARN
     */
    static String event(String eventName, String dynamodb, String tableName) {
        return """
                {"Records": [{
                  "eventID": "f0e1d2c3b4a5968778695a4b3c2d1e0f", "eventName": %s, "eventVersion": "1.1",
                  "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",%s
                  "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/%s/stream/2024-05-01T10:00:00.000"
                }]}
                """.formatted(eventName == null ? "null" : "\"" + eventName + "\"",
                dynamodb == null ? "" : "\n  \"dynamodb\": " + dynamodb + ",", tableName);
    }

    /** A {@code dynamodb} member with sequence number 900; {@code null} images are left out. */
    static String dynamodb(String keys, String newImage, String oldImage) {
        StringBuilder json = new StringBuilder("{\"ApproximateCreationDateTime\": 1714557600");
        if (keys != null) {
            json.append(", \"Keys\": ").append(keys);
        }
        if (newImage != null) {
            json.append(", \"NewImage\": ").append(newImage);
        }
        if (oldImage != null) {
            json.append(", \"OldImage\": ").append(oldImage);
        }
        return json.append(", \"SequenceNumber\": \"900\", \"SizeBytes\": 50, \"StreamViewType\": \"NEW_AND_OLD_IMAGES\"}").toString();
    }
}
