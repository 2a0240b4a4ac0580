package dev.ddbstreams.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.http.Validated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NextTokensTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0b9f3c2e-6a51-4e0f-9d47-2f8a1c5b7e31", "note#1 written by another tool", "漢字", "a"})
    void decode_returnsTheIdThatEncodeWrapped_forAnyKeyDynamoDbCanReturn(String id) {
        String token = NextTokens.encode(id);

        assertTrue(token.matches("[A-Za-z0-9_-]+"), "URL-safe without escaping: " + token);
        assertEquals(new Validated.Valid<>(id), NextTokens.decode(token));
    }

    @Test
    void decode_acceptsTheLargestKey() {
        String id = "k".repeat(NextTokens.MAX_KEY_BYTES);

        assertTrue(NextTokens.decode(NextTokens.encode(id)).isValid());
    }

    @Test
    void decode_rejectsAKeyOverDynamoDbsLimit() {
        assertFalse(NextTokens.decode(NextTokens.encode("k".repeat(NextTokens.MAX_KEY_BYTES + 1))).isValid());
    }
}
