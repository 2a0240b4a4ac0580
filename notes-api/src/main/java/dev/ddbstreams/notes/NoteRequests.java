package dev.ddbstreams.notes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.http.ErrorCode;
import dev.ddbstreams.http.JsonFields;
import dev.ddbstreams.http.TextField;
import dev.ddbstreams.http.Validated;
import java.util.Set;

/**
 * Validation of note request bodies, and the size limits that keep every note within DynamoDB's 400 KB
 * item limit whatever combination of title and content an update produces.
 *
 * <p>An item's size is the UTF-8 bytes of its attribute names and values. With a 1 KiB title, the fixed
 * attributes ({@code id}, {@code createdAt}, {@code wordCount}: about 120 bytes) and room left for the
 * bookkeeping attributes other functions may add, content gets 396 KiB. Because each field is bounded on
 * its own, an update never has to read the stored note to know the result fits.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items">DynamoDB item size limit</a>
 */
public final class NoteRequests {

    /** DynamoDB's item limit: 400 KB, counted as 400 x 1024 bytes. */
    public static final int ITEM_LIMIT_BYTES = 400 * 1024;
    public static final int TITLE_MAX_BYTES = 1024;
    public static final int CONTENT_MAX_BYTES = ITEM_LIMIT_BYTES - 4 * 1024;

    static final TextField TITLE = new TextField("title", TITLE_MAX_BYTES, false);
    static final TextField CONTENT = new TextField("content", CONTENT_MAX_BYTES, true);

    private static final Set<String> FIELDS = Set.of("title", "content");

    private NoteRequests() {
    }

    /** {@code {"title": "...", "content": "..."}}, both required. */
    public static Validated<NewNote> newNote(ObjectNode body) {
        return JsonFields.onlyKnown(body, FIELDS)
                .flatMap(TITLE::required)
                .flatMap(title -> CONTENT.required(body).map(content -> new NewNote(title, content)));
    }

    /** {@code {"title"?: "...", "content"?: "..."}}, at least one. */
    public static Validated<NoteUpdate> update(ObjectNode body) {
        return JsonFields.onlyKnown(body, FIELDS)
                .flatMap(TITLE::optional)
                .flatMap(title -> CONTENT.optional(body).flatMap(content -> {
                    if (title.isEmpty() && content.isEmpty()) {
                        return Validated.invalid(ErrorCode.MISSING_FIELD,
                                "An update needs \"title\", \"content\" or both.");
                    }
                    return Validated.valid(new NoteUpdate(title, content));
                }));
    }
}
