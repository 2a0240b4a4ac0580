package dev.ddbstreams.notes;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A note as the API returns it; the attribute names are the {@code notes} table's item shape.
 *
 * @param id the generated UUID
 * @param title the title
 * @param content the text whose words are counted
 * @param createdAt ISO-8601 UTC instant with milliseconds, e.g. {@code 2024-05-01T12:00:00.000Z}
 * @param wordCount written later by the word-count functions; {@code null} (omitted) until counted again
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Note(String id, String title, String content, String createdAt, Long wordCount) {
}
