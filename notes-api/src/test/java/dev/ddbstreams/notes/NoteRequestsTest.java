package dev.ddbstreams.notes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.http.Json;
import dev.ddbstreams.http.Validated;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NoteRequestsTest {

    /** id (UUID), createdAt (24 characters) and the largest wordCount (N of up to 21 bytes), names included. */
    private static final int FIXED_ATTRIBUTES_BYTES = ("id".length() + 36) + ("createdAt".length() + 24)
            + ("wordCount".length() + 21) + "title".length() + "content".length();

    @Test
    void limits_keepTheLargestNoteWithinTheDynamoDbItemLimit_withRoomForBookkeeping() {
        int largestNote = FIXED_ATTRIBUTES_BYTES + NoteRequests.TITLE_MAX_BYTES + NoteRequests.CONTENT_MAX_BYTES;

        assertTrue(largestNote <= NoteRequests.ITEM_LIMIT_BYTES - 2048,
                "largest note " + largestNote + " bytes leaves at least 2 KiB for other functions' attributes");
    }

    @Test
    void newNote_keepsTitleAndContentExactlyAsSent() {
        ObjectNode body = Json.mapper().createObjectNode().put("title", "  padded  ").put("content", "line\r\nbreaks\t");

        assertEquals(new Validated.Valid<>(new NewNote("  padded  ", "line\r\nbreaks\t")), NoteRequests.newNote(body));
    }

    @Test
    void update_takesEitherFieldAlone() {
        ObjectNode titleOnly = Json.mapper().createObjectNode().put("title", "t");
        ObjectNode contentOnly = Json.mapper().createObjectNode().put("content", "c");

        assertEquals(new Validated.Valid<>(new NoteUpdate(Optional.of("t"), Optional.empty())), NoteRequests.update(titleOnly));
        assertEquals(new Validated.Valid<>(new NoteUpdate(Optional.empty(), Optional.of("c"))), NoteRequests.update(contentOnly));
    }
}
