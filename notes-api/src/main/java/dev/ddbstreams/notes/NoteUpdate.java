package dev.ddbstreams.notes;

import java.util.Objects;
import java.util.Optional;

/**
 * A validated {@code PUT /notes/{id}} body: the fields to replace, at least one of them.
 *
 * @param title the new title, or empty to keep it
 * @param content the new content, or empty to keep it (and the word count)
 */
public record NoteUpdate(Optional<String> title, Optional<String> content) {

    public NoteUpdate {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(content, "content");
        if (title.isEmpty() && content.isEmpty()) {
            throw new IllegalArgumentException("An update changes at least one field");
        }
    }
}
