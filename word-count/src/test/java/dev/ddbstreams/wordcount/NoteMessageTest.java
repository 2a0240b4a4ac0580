package dev.ddbstreams.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoteMessageTest {

    @Test
    void parse_readsTheSeedShape_andIgnoresUnknownFields() {
        assertEquals("abc", NoteMessage.parse("{\"noteId\":\"abc\"}").noteId());
        assertEquals("abc", NoteMessage.parse("{\"noteId\":\"abc\",\"traceId\":1}").noteId());
    }

    @Test
    void toJson_writesTheSeedShape_andEscapesTheId() {
        assertEquals("{\"noteId\":\"abc\"}", new NoteMessage("abc").toJson());
        String hostile = "a\"}\n{\"noteId\":\"b";
        assertEquals(hostile, NoteMessage.parse(new NoteMessage(hostile).toJson()).noteId());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``                                | message body is empty",
            "`   `                             | message body is empty",
            "{\"noteId\": \"abc\"              | message body is not valid JSON",
            "not json                          | message body is not valid JSON",
            "{\"noteId\":\"a\"} trailing        | message body is not valid JSON",
            "{\"noteId\":\"a\",\"noteId\":\"b\"} | message body is not valid JSON",
            "[\"abc\"]                          | message body must be a JSON object",
            "\"abc\"                            | message body must be a JSON object",
            "null                              | message body must be a JSON object",
            "{}                                | message body has no noteId",
            "{\"id\":\"abc\"}                   | message body has no noteId",
            "{\"noteId\":null}                  | message body has no noteId",
            "{\"noteId\":42}                    | noteId must be a string, was NUMBER",
            "{\"noteId\":{\"S\":\"abc\"}}        | noteId must be a string, was OBJECT",
            "{\"noteId\":\"\"}                  | noteId must not be empty",
    })
    void parse_rejectsBodiesThatAreNotANoteMessage(String body, String expectedMessage) {
        MalformedNoteException e = assertThrows(MalformedNoteException.class, () -> NoteMessage.parse(body));
        assertTrue(e.getMessage().startsWith(expectedMessage), e.getMessage());
    }

    @Test
    void parse_rejectsIdsLongerThanTheDynamoDbKeyLimit() {
        assertEquals(2048, NoteMessage.parse("{\"noteId\":\"" + "x".repeat(2048) + "\"}").noteId().length());
        MalformedNoteException e = assertThrows(MalformedNoteException.class,
                () -> NoteMessage.parse("{\"noteId\":\"" + "\u00E9".repeat(1025) + "\"}"));
        assertEquals("noteId is longer than 2048 bytes", e.getMessage());
    }
}
