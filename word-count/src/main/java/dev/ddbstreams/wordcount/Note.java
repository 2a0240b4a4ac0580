package dev.ddbstreams.wordcount;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The part of a {@code notes} item the word count reads: its id, its content and the word count stored on
 * it, if any.
 *
 * @param id the note's partition key {@code id} (S)
 * @param content the note's {@code content} (S); may be empty
 * @param storedWordCount the {@code wordCount} (N) on the item, empty when there is none or it is not a number
 */
public record Note(String id, String content, Optional<BigDecimal> storedWordCount) {

    static final String ID = "id";
    static final String CONTENT = "content";
    static final String WORD_COUNT = "wordCount";

    /**
     * Reads a note from an item or a stream image.
     *
     * @param id the note id, taken from the record's keys (or the request) rather than the image
     * @throws MalformedNoteException when {@code content} is missing or not a string
     */
    public static Note fromItem(String id, Map<String, AttributeValue> item) {
        AttributeValue content = item.get(CONTENT);
        if (content == null) {
            throw new MalformedNoteException("note " + id + " has no '" + CONTENT + "' attribute");
        }
        if (content.type() != AttributeValue.Type.S) {
            throw new MalformedNoteException("note " + id + " has '" + CONTENT + "' of type " + content.type()
                    + ", expected S");
        }
        return new Note(id, content.s(), storedCount(item.get(WORD_COUNT)));
    }

    /**
     * The write this note needs, or empty when the stored count already matches its content. This is the
     * loop guard: the word count's own {@code UpdateItem} produces a MODIFY record whose new image carries
     * the right count, and that record must not cause another write (and another MODIFY, forever).
     */
    public Optional<WordCountUpdate> pendingUpdate() {
        int words = WordCounter.count(content);
        boolean counted = storedWordCount.map(stored -> stored.compareTo(BigDecimal.valueOf(words)) == 0).orElse(false);
        return counted ? Optional.empty() : Optional.of(new WordCountUpdate(id, content, words));
    }

    private static Optional<BigDecimal> storedCount(AttributeValue value) {
        if (value == null || value.type() != AttributeValue.Type.N) {
            // A missing or foreign-typed wordCount is simply "not counted yet": the update overwrites it.
            return Optional.empty();
        }
        try {
            return Optional.of(new BigDecimal(value.n()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
