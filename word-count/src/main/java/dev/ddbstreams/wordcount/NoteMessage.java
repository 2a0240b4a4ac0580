package dev.ddbstreams.wordcount;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code word-count} queue message, {@code {"noteId": "<id>"}} as in the seed. Only the id travels:
 * the queue handler reads the note itself, so a message never carries stale content.
 *
 * @param noteId the note's {@code id}
 */
public record NoteMessage(String noteId) {

    /** DynamoDB's limit for a partition key value; a longer id cannot name a note. */
    static final int MAX_NOTE_ID_BYTES = 2048;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /**
     * @throws MalformedNoteException for a body that is not a JSON object with one non-empty string
     *         {@code noteId} of at most 2048 UTF-8 bytes
     */
    public static NoteMessage parse(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedNoteException("message body is empty");
        }
        JsonNode json;
        try {
            json = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedNoteException("message body is not valid JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new MalformedNoteException("message body must be a JSON object like {\"noteId\": \"...\"}");
        }
        JsonNode noteId = json.get("noteId");
        if (noteId == null || noteId.isNull()) {
            throw new MalformedNoteException("message body has no noteId");
        }
        if (!noteId.isTextual()) {
            throw new MalformedNoteException("noteId must be a string, was " + noteId.getNodeType());
        }
        String id = noteId.textValue();
        if (id.isEmpty()) {
            throw new MalformedNoteException("noteId must not be empty");
        }
        if (id.getBytes(StandardCharsets.UTF_8).length > MAX_NOTE_ID_BYTES) {
            throw new MalformedNoteException("noteId is longer than " + MAX_NOTE_ID_BYTES + " bytes");
        }
        return new NoteMessage(id);
    }

    /** @return the message body */
    public String toJson() {
        try {
            return MAPPER.writeValueAsString(Map.of("noteId", noteId));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
