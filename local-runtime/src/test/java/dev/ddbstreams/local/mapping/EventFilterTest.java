package dev.ddbstreams.local.mapping;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventFilterTest {

    private final JsonNode insert = Fixtures.record("dynamodb-insert-record.json");
    private final JsonNode remove = Fixtures.record("dynamodb-remove-record.json");
    private final JsonNode sqs = EventRecords.sqsFilterView(Fixtures.record("sqs-record.json"));
    private final JsonNode kinesis = EventRecords.kinesisFilterView(Fixtures.record("kinesis-record.json"));

    private static EventFilter filter(String... patterns) {
        return EventFilter.of(java.util.Arrays.stream(patterns).map(Fixtures::json).toList());
    }

    @Test
    void noFilters_deliverEveryRecord() {
        assertTrue(EventFilter.of(List.of()).matches(insert));
        assertTrue(EventFilter.of(null).matches(remove));
    }

    @Test
    void eventName_matchesOnlyListedNames() {
        EventFilter removals = filter("{\"eventName\":[\"REMOVE\"]}");
        assertTrue(removals.matches(remove));
        assertFalse(removals.matches(insert));
    }

    @Test
    void nestedNewImageValue_matchesTheAttributeInDynamoDbJson() {
        EventFilter coffee = filter("{\"dynamodb\":{\"NewImage\":{\"item\":{\"S\":[\"coffee-beans\"]}}}}");
        assertTrue(coffee.matches(insert));
        assertFalse(coffee.matches(remove), "REMOVE has no NewImage");
        assertFalse(filter("{\"dynamodb\":{\"NewImage\":{\"item\":{\"S\":[\"tea\"]}}}}").matches(insert));
    }

    @Test
    void dynamoDbNumbers_areStrings_soTheyMatchAsStrings_notNumerically() {
        assertTrue(filter("{\"dynamodb\":{\"NewImage\":{\"quantity\":{\"N\":[\"3\"]}}}}").matches(insert));
        assertFalse(filter("{\"dynamodb\":{\"NewImage\":{\"quantity\":{\"N\":[{\"numeric\":[\">\",1]}]}}}}")
                .matches(insert));
    }

    @Test
    void booleanAndNull_matchExactly() {
        assertTrue(filter("{\"dynamodb\":{\"NewImage\":{\"gift\":{\"BOOL\":[true]}}}}").matches(insert));
        assertFalse(filter("{\"dynamodb\":{\"NewImage\":{\"gift\":{\"BOOL\":[false]}}}}").matches(insert));
        assertTrue(filter("{\"dynamodb\":{\"NewImage\":{\"note\":{\"NULL\":[true]}}}}").matches(insert));
        assertTrue(filter("{\"body\":{\"missing\":[null]}}").matches(Fixtures.json("{\"body\":{\"missing\":null}}")));
        assertFalse(filter("{\"body\":{\"missing\":[null]}}").matches(Fixtures.json("{\"body\":{}}")),
                "null matches an explicit null, not an absent field");
    }

    @Test
    void prefixAndSuffix_matchStrings_alsoIgnoringCase() {
        assertTrue(filter("{\"dynamodb\":{\"Keys\":{\"id\":{\"S\":[{\"prefix\":\"order-\"}]}}}}").matches(insert));
        assertFalse(filter("{\"dynamodb\":{\"Keys\":{\"id\":{\"S\":[{\"prefix\":\"user-\"}]}}}}").matches(insert));
        assertTrue(filter("{\"dynamodb\":{\"OldImage\":{\"email\":{\"S\":[{\"suffix\":\"@example.com\"}]}}}}")
                .matches(remove));
        assertTrue(filter("{\"dynamodb\":{\"Keys\":{\"id\":{\"S\":[{\"prefix\":{\"equals-ignore-case\":\"ORDER\"}}]}}}}")
                .matches(insert));
        assertTrue(filter("{\"eventName\":[{\"equals-ignore-case\":\"remove\"}]}").matches(remove));
    }

    @Test
    void exists_testsPresence() {
        EventFilter hasOldImage = filter("{\"dynamodb\":{\"OldImage\":{\"email\":[{\"exists\":true}]}}}");
        assertTrue(hasOldImage.matches(remove));
        assertFalse(hasOldImage.matches(insert));
        EventFilter noNewImage = filter("{\"dynamodb\":{\"NewImage\":[{\"exists\":false}]}}");
        assertTrue(noNewImage.matches(remove));
        assertFalse(noNewImage.matches(insert));
    }

    @Test
    void anythingBut_excludesValuesListsAndPrefixes_butNeedsTheField() {
        assertTrue(filter("{\"eventName\":[{\"anything-but\":\"INSERT\"}]}").matches(remove));
        assertFalse(filter("{\"eventName\":[{\"anything-but\":[\"INSERT\",\"MODIFY\"]}]}").matches(insert));
        assertTrue(filter("{\"eventName\":[{\"anything-but\":[\"INSERT\",\"MODIFY\"]}]}").matches(remove));
        assertFalse(filter("{\"dynamodb\":{\"Keys\":{\"id\":{\"S\":[{\"anything-but\":{\"prefix\":\"order\"}}]}}}}")
                .matches(insert));
        assertFalse(filter("{\"missing\":[{\"anything-but\":\"x\"}]}").matches(insert), "absent field");
    }

    @Test
    void numeric_comparesJsonNumbersInTheSqsBody() {
        assertTrue(filter("{\"body\":{\"RecordNumber\":[{\"numeric\":[\">\",1000,\"<=\",1234]}]}}").matches(sqs));
        assertFalse(filter("{\"body\":{\"RecordNumber\":[{\"numeric\":[\">\",1234]}]}}").matches(sqs));
        assertTrue(filter("{\"body\":{\"RecordNumber\":[{\"numeric\":[\"=\",1234.0]}]}}").matches(sqs));
        assertTrue(filter("{\"body\":{\"RecordNumber\":[1234]}}").matches(sqs), "numbers compare by value");
    }

    @Test
    void sqsBody_isParsedAsJson_andListsMatchAnyElement() {
        assertTrue(filter("{\"body\":{\"RequestCode\":[\"AAAA\"]}}").matches(sqs));
        assertFalse(filter("{\"body\":{\"RequestCode\":[\"BBBB\"]}}").matches(sqs));
        assertTrue(filter("{\"body\":{\"tags\":[\"b\"]}}").matches(sqs));
    }

    @Test
    void plainTextSqsBody_matchesStringRules_butNeverObjectPatterns() {
        JsonNode plain = EventRecords.sqsFilterView(Fixtures.record("sqs-record.json").put("body", "hello world"));
        assertTrue(filter("{\"body\":[{\"prefix\":\"hello\"}]}").matches(plain));
        assertFalse(filter("{\"body\":{\"RequestCode\":[\"AAAA\"]}}").matches(plain));
    }

    @Test
    void kinesisData_isDecodedAndParsed() {
        assertTrue(filter("{\"data\":{\"order\":{\"type\":[\"buy\"]}}}").matches(kinesis));
        assertTrue(filter("{\"data\":{\"record\":[{\"numeric\":[\">=\",12345]}]}}").matches(kinesis));
        assertFalse(filter("{\"data\":{\"order\":{\"type\":[\"sell\"]}}}").matches(kinesis));
    }

    @Test
    void patterns_areOred_andKeysWithinAPattern_areAnded() {
        EventFilter either = filter("{\"eventName\":[\"MODIFY\"]}", "{\"eventName\":[\"REMOVE\"]}");
        assertTrue(either.matches(remove));
        assertFalse(either.matches(insert));
        EventFilter both = filter("{\"eventName\":[\"INSERT\"],\"dynamodb\":{\"Keys\":{\"id\":{\"S\":[\"user-7\"]}}}}");
        assertFalse(both.matches(insert));
        assertFalse(both.matches(remove));
    }

    @Test
    void orOperator_matchesAnyAlternative() {
        EventFilter or = filter("{\"$or\":[{\"eventName\":[\"REMOVE\"]},"
                + "{\"dynamodb\":{\"NewImage\":{\"item\":{\"S\":[\"coffee-beans\"]}}}}]}");
        assertTrue(or.matches(insert));
        assertTrue(or.matches(remove));
    }

    @Test
    void wildcard_matchesGlobs() {
        assertTrue(filter("{\"eventSourceARN\":[{\"wildcard\":\"*table/Users/stream/*\"}]}").matches(remove));
        assertFalse(filter("{\"eventSourceARN\":[{\"wildcard\":\"*table/Orders/stream/*\"}]}").matches(remove));
    }

    @Test
    void invalidPatterns_areRejectedWithTheReason() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> filter("{\"eventName\":[{\"cidr\":\"10.0.0.0/24\"}]}"));
        assertTrue(unknown.getMessage().contains("cidr"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> filter("{\"eventName\":\"REMOVE\"}"));
        assertThrows(IllegalArgumentException.class, () -> filter("{\"eventName\":[]}"));
        assertThrows(IllegalArgumentException.class, () -> filter("{\"n\":[{\"numeric\":[\"!\",1]}]}"));
        assertThrows(IllegalArgumentException.class, () -> filter("[\"REMOVE\"]"));
        assertThrows(IllegalArgumentException.class, () -> filter("{}"));
    }
}
