package dev.ddbstreams.wordcount;

/** Single-record DynamoDB stream events in AWS's shape, for malformed-record cases too small for a fixture file. */
final class StreamRecordJson {

    private StreamRecordJson() {
    }

    /** @param dynamodb the JSON of the record's {@code dynamodb} member, or {@code null} to leave it out */
    static String event(String eventName, String dynamodb) {
        return """
                {"Records": [{
                  "eventID": "f0e1d2c3b4a5968778695a4b3c2d1e0f", "eventName": %s, "eventVersion": "1.1",
                  "eventSource": "aws:dynamodb", "awsRegion": "eu-central-1",%s
                  "eventSourceARN": "arn:aws:dynamodb:eu-central-1:123456789012:table/notes/stream/2024-05-01T10:00:00.000"
                }]}
                """.formatted(eventName == null ? "null" : "\"" + eventName + "\"",
                dynamodb == null ? "" : "\n  \"dynamodb\": " + dynamodb + ",");
    }

    static String dynamodb(String keys, String newImage) {
        return """
                {"ApproximateCreationDateTime": 1714557600, "Keys": %s,%s "SequenceNumber": "900", "SizeBytes": 50, "StreamViewType": "NEW_IMAGE"}
                """.formatted(keys, newImage == null ? "" : " \"NewImage\": " + newImage + ",").strip();
    }
}
