package dev.ddbstreams.notes;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items the notes of this page, in table order (unspecified, not by date)
 * @param lastEvaluatedId where the next page starts, or empty when this is the last page
 */
public record NotesPage(List<Note> items, Optional<String> lastEvaluatedId) {

    public NotesPage {
        items = List.copyOf(items);
        Objects.requireNonNull(lastEvaluatedId, "lastEvaluatedId");
    }
}
