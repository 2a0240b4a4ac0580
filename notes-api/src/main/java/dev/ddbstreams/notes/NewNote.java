package dev.ddbstreams.notes;

import java.util.Objects;

/** A validated {@code POST /notes} body. */
public record NewNote(String title, String content) {

    public NewNote {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(content, "content");
    }
}
