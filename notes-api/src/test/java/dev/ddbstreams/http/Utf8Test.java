package dev.ddbstreams.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {"", "ascii", "é", "€", "\uD83D\uDE00", "漢字かな", "mixed é € \uD83D\uDE00 text"})
    void byteLength_matchesTheEncodedLength_forWellFormedText(String text) {
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.byteLength(text));
        assertFalse(Utf8.hasUnpairedSurrogate(text));
    }

    @ParameterizedTest(name = "[{index}]")
    @ValueSource(strings = {"\uD800", "a\uDC00", "\uDBFF\uDBFF", "\uDE00\uD83D"})
    void hasUnpairedSurrogate_findsSurrogatesWithoutTheirPartner(String text) {
        assertTrue(Utf8.hasUnpairedSurrogate(text));
    }
}
