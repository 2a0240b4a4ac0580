package dev.ddbstreams.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryParametersTest {

    private static final Set<String> ALLOWED = Set.of("limit", "nextToken");

    private static QueryParameters valid(String raw) {
        return ((Validated.Valid<QueryParameters>) QueryParameters.parse(raw, ALLOWED)).value();
    }

    @Test
    void parse_decodesNamesAndValues() {
        QueryParameters query = valid("limit=5&nextToken=a%2Bb+c");

        assertEquals(Optional.of("5"), query.get("limit"));
        assertEquals(Optional.of("a+b c"), query.get("nextToken"));
    }

    @Test
    void parse_treatsANameWithoutValueAsEmpty_andSkipsEmptyPairs() {
        QueryParameters query = valid("&limit&&");

        assertEquals(Optional.of(""), query.get("limit"));
        assertEquals(Optional.empty(), query.get("nextToken"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"limt=5", "limit=1&limit=2", "limit=%zz", "limit=%", "%zz=1", "LIMIT=5"})
    void parse_rejectsUnknownRepeatedAndBrokenParameters(String raw) {
        Validated<QueryParameters> result = QueryParameters.parse(raw, ALLOWED);

        assertFalse(result.isValid(), raw);
        assertEquals(ErrorCode.INVALID_QUERY_PARAMETER, ((Validated.Invalid<QueryParameters>) result).error().code());
    }
}
