package dev.ddbstreams.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AttributeJsonTest {

    @Test
    void toJson_writesNumbersWithTheirExactDigits() {
        assertEquals("{\"a\":0.1,\"b\":-1.50,\"c\":1E+3,\"d\":99999999999999999999999999999999999999}",
                AttributeJson.toJson(Map.of("a", AttributeValue.fromN("0.1"), "b", AttributeValue.fromN("-1.50"),
                        "c", AttributeValue.fromN("1E+3"), "d", AttributeValue.fromN("9".repeat(38)))).toString());
    }

    @Test
    void toJson_sortsMembersByName_atEveryLevel() {
        assertEquals("{\"a\":{\"x\":1,\"y\":2},\"b\":true}", AttributeJson.toJson(Map.of(
                "b", AttributeValue.fromBool(true),
                "a", AttributeValue.fromM(Map.of("y", AttributeValue.fromN("2"), "x", AttributeValue.fromN("1"))))).toString());
    }

    @Test
    void toJson_writesBinaryAsBase64() {
        assertEquals("{\"b\":\"AP8=\",\"bs\":[\"AQ==\"]}", AttributeJson.toJson(Map.of(
                "b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, (byte) 0xFF})),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {1}))))).toString());
    }

    @Test
    void toJson_namesTheNestedAttributeThatIsNotANumber_withoutItsValue() {
        MalformedRecordException e = assertThrows(MalformedRecordException.class, () -> AttributeJson.toJson(Map.of(
                "order", AttributeValue.fromM(Map.of("lines", AttributeValue.fromL(List.of(
                        AttributeValue.fromN("1"), AttributeValue.fromN("secret-42"))))))));
        assertEquals("attribute 'order.lines[1]' is of type N but is not a number", e.getMessage());
    }

    @Test
    void toJson_rejectsAValueOfNoKnownType() {
        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> AttributeJson.toJson(Map.of("x", AttributeValue.builder().build())));
        assertEquals("attribute 'x' has no known DynamoDB type", e.getMessage());
    }
}
