package dev.ddbstreams.emulators.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

/**
 * Renders DynamoDB Streams records, as GetRecords returns them, in the JSON of the event Lambda delivers
 * to a function, member for member and in AWS's order.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html">Using Lambda with DynamoDB (example event)</a>
 */
final class DynamoDbEventJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DynamoDbEventJson() {
    }

    static String render(List<Record> records, String streamArn, String awsRegion) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (Record record : records) {
            ObjectNode json = array.addObject();
            json.put("eventID", record.eventID());
            json.put("eventName", record.eventNameAsString());
            json.put("eventVersion", record.eventVersion());
            json.put("eventSource", "aws:dynamodb");
            // Lambda puts the function's region here, whatever the stream answered.
            json.put("awsRegion", awsRegion);
            StreamRecord change = record.dynamodb();
            ObjectNode dynamodb = json.putObject("dynamodb");
            dynamodb.put("ApproximateCreationDateTime", change.approximateCreationDateTime().getEpochSecond());
            dynamodb.set("Keys", image(change.keys()));
            if (change.hasNewImage()) {
                dynamodb.set("NewImage", image(change.newImage()));
            }
            if (change.hasOldImage()) {
                dynamodb.set("OldImage", image(change.oldImage()));
            }
            dynamodb.put("SequenceNumber", change.sequenceNumber());
            dynamodb.put("SizeBytes", change.sizeBytes());
            dynamodb.put("StreamViewType", change.streamViewTypeAsString());
            json.put("eventSourceARN", streamArn);
        }
        return event.toString();
    }

    private static ObjectNode image(Map<String, AttributeValue> item) {
        ObjectNode json = JSON.createObjectNode();
        item.forEach((name, value) -> json.set(name, attribute(value)));
        return json;
    }

    private static ObjectNode attribute(AttributeValue value) {
        ObjectNode json = JSON.createObjectNode();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case B -> json.put("B", base64(value.b()));
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case SS -> value.ss().forEach(json.putArray("SS")::add);
            case NS -> value.ns().forEach(json.putArray("NS")::add);
            case BS -> {
                ArrayNode set = json.putArray("BS");
                value.bs().forEach(b -> set.add(base64(b)));
            }
            case L -> {
                // Put first: an empty list is still {"L": []}.
                ArrayNode list = json.putArray("L");
                value.l().forEach(v -> list.add(attribute(v)));
            }
            case M -> json.set("M", image(value.m()));
            default -> throw new IllegalArgumentException("Unknown attribute type in " + value);
        }
        return json;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
