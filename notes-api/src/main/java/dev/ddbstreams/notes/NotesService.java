package dev.ddbstreams.notes;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Notes in the {@code notes} table ({@code id} S hash key): create, read, list, update, delete.
 * Input is validated before it gets here ({@link NoteRequests}); this class only talks to DynamoDB.
 *
 * <ul>
 *   <li>Create is a conditional put ({@code attribute_not_exists(id)}): an id collision can never overwrite
 *       a note.</li>
 *   <li>Update is a conditional update ({@code attribute_exists(id)}), never an upsert; replacing the content
 *       removes {@code wordCount} in the same write, so the stream's MODIFY record carries no count and the
 *       word-count functions count the new text.</li>
 *   <li>Delete needs no condition: {@code ReturnValues=ALL_OLD} tells whether there was a note, and
 *       deleting a missing key writes nothing (and no stream record).</li>
 *   <li>Reads by id are strongly consistent, so a client sees its own write.</li>
 * </ul>
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html">Condition expressions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.Pagination">Paginating scan results</a>
 */
public final class NotesService {

    static final String ID = "id";
    static final String TITLE = "title";
    static final String CONTENT = "content";
    static final String CREATED_AT = "createdAt";
    static final String WORD_COUNT = "wordCount";

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    /** wordCount is a non-negative integer; anything else in the item is not ours to return. */
    private static final Pattern COUNT = Pattern.compile("\\d{1,18}");

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Clock clock;
    private final Supplier<String> ids;

    /**
     * @param ids generates note ids (UUIDs in production, predictable ones in tests)
     */
    public NotesService(DynamoDbClient dynamoDb, String tableName, Clock clock, Supplier<String> ids) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    public Note create(NewNote newNote) {
        Note note = new Note(ids.get(), newNote.title(), newNote.content(), ISO_MILLIS.format(clock.instant()), null);
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(ID, AttributeValue.fromS(note.id()));
        item.put(TITLE, AttributeValue.fromS(note.title()));
        item.put(CONTENT, AttributeValue.fromS(note.content()));
        item.put(CREATED_AT, AttributeValue.fromS(note.createdAt()));
        dynamoDb.putItem(b -> b.tableName(tableName)
                .item(item)
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", ID)));
        return note;
    }

    public Optional<Note> find(String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(tableName).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toNote(item));
    }

    /**
     * One page of at most {@code limit} notes, starting after {@code startAfterId} (exclusive). DynamoDB
     * may return fewer than {@code limit} (1 MB per call) and may report a next page that turns out empty.
     */
    public NotesPage list(int limit, Optional<String> startAfterId) {
        ScanResponse response = dynamoDb.scan(b -> {
            b.tableName(tableName).limit(limit);
            startAfterId.ifPresent(id -> b.exclusiveStartKey(key(id)));
        });
        List<Note> notes = new ArrayList<>(response.count());
        response.items().forEach(item -> notes.add(toNote(item)));
        Optional<String> next = response.hasLastEvaluatedKey() && response.lastEvaluatedKey().containsKey(ID)
                ? Optional.ofNullable(response.lastEvaluatedKey().get(ID).s())
                : Optional.empty();
        return new NotesPage(notes, next);
    }

    /** The updated note, or empty when there is no note {@code id} (nothing is written then). */
    public Optional<Note> update(String id, NoteUpdate update) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        List<String> sets = new ArrayList<>();
        names.put("#id", ID);
        update.title().ifPresent(title -> {
            names.put("#title", TITLE);
            values.put(":title", AttributeValue.fromS(title));
            sets.add("#title = :title");
        });
        update.content().ifPresent(content -> {
            names.put("#content", CONTENT);
            names.put("#wordCount", WORD_COUNT);
            values.put(":content", AttributeValue.fromS(content));
            sets.add("#content = :content");
        });
        String expression = "SET " + String.join(", ", sets)
                + (update.content().isPresent() ? " REMOVE #wordCount" : "");
        UpdateItemResponse response;
        try {
            response = dynamoDb.updateItem(b -> b.tableName(tableName)
                    .key(key(id))
                    .updateExpression(expression)
                    .conditionExpression("attribute_exists(#id)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW));
        } catch (ConditionalCheckFailedException noSuchNote) {
            // The SDK reports a failed condition only by exception; here it simply means "not found".
            return Optional.empty();
        }
        return Optional.of(toNote(response.attributes()));
    }

    /** Whether there was a note {@code id} to delete. */
    public boolean delete(String id) {
        DeleteItemResponse response = dynamoDb.deleteItem(b -> b.tableName(tableName)
                .key(key(id))
                .returnValues(ReturnValue.ALL_OLD));
        return response.hasAttributes() && !response.attributes().isEmpty();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, AttributeValue.fromS(id));
    }

    /** Items written by other tools may lack attributes or have other types: return what is valid. */
    static Note toNote(Map<String, AttributeValue> item) {
        return new Note(string(item, ID), string(item, TITLE), string(item, CONTENT), string(item, CREATED_AT),
                count(item.get(WORD_COUNT)));
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static Long count(AttributeValue value) {
        return value != null && value.n() != null && COUNT.matcher(value.n()).matches() ? Long.valueOf(value.n()) : null;
    }
}
