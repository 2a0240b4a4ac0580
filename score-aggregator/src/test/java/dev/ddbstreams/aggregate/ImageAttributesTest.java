package dev.ddbstreams.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ImageAttributesTest {

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "-NaN", "Infinity", "-Infinity", "0x10", "", " 1", "1,5", "1e999999999999",
            "12345678901234567890123456789012345678.9", "1E+126", "1E-131", "١٢"})
    void number_rejectsWhatDynamoDbCannotStore(String text) {
        Map<String, AttributeValue> image = Map.of("Score", AttributeValue.fromN(text));

        assertThrows(MalformedRecordException.class, () -> ImageAttributes.number(image, "NewImage", "Score"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "1E+125", "-9.9999999999999999999999999999999999999E+125", "1E-130",
            "12345678901234567890123456789012345678", "0.1", "100.000", "+5"})
    void number_acceptsEveryStorableDecimal(String text) {
        Map<String, AttributeValue> image = Map.of("Score", AttributeValue.fromN(text));

        assertEquals(0, new BigDecimal(text).compareTo(ImageAttributes.number(image, "NewImage", "Score")));
    }

    @Test
    void number_rejectsALongText_beforeParsingIt() {
        Map<String, AttributeValue> image = Map.of("Score", AttributeValue.fromN("1".repeat(100_000)));

        MalformedRecordException e = assertThrows(MalformedRecordException.class,
                () -> ImageAttributes.number(image, "NewImage", "Score"));
        assertEquals(true, e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void keyString_namesTheAttributeAndTheTypeFound() {
        MalformedRecordException wrongType = assertThrows(MalformedRecordException.class, () ->
                ImageAttributes.keyString(Map.of("Username", AttributeValue.fromN("7")), "NewImage", "Username"));
        MalformedRecordException missing = assertThrows(MalformedRecordException.class, () ->
                ImageAttributes.keyString(Map.of(), "NewImage", "Username"));
        MalformedRecordException empty = assertThrows(MalformedRecordException.class, () ->
                ImageAttributes.keyString(Map.of("Username", AttributeValue.fromS("")), "NewImage", "Username"));

        assertEquals("NewImage attribute Username must be of type S, was N", wrongType.getMessage());
        assertEquals("NewImage has no attribute Username", missing.getMessage());
        assertEquals("NewImage attribute Username is an empty string", empty.getMessage());
    }

    @Test
    void keyString_rejectsMoreThanAPartitionKeyHolds_countingUtf8Bytes() {
        Map<String, AttributeValue> fits = Map.of("item", AttributeValue.fromS("€".repeat(682))); // 2046 bytes
        Map<String, AttributeValue> tooLong = Map.of("item", AttributeValue.fromS("€".repeat(683))); // 2049 bytes

        assertEquals(682, ImageAttributes.keyString(fits, "NewImage", "item").length());
        assertThrows(MalformedRecordException.class, () -> ImageAttributes.keyString(tooLong, "NewImage", "item"));
    }

    @Test
    void canonicalNumber_givesOneTextPerDynamoDbNumber() {
        assertEquals("2", ImageAttributes.canonicalNumber(new BigDecimal("2.00")));
        assertEquals("2", ImageAttributes.canonicalNumber(new BigDecimal("2E0")));
        assertEquals("1000", ImageAttributes.canonicalNumber(new BigDecimal("1E+3")));
        assertEquals("0", ImageAttributes.canonicalNumber(new BigDecimal("-0.000")));
    }
}
