package dev.ddbstreams.wordcount;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The {@code notes} table. The word count is written with one conditional {@code UpdateItem}:
 *
 * <pre>
 * SET #wordCount = :wordCount
 * IF attribute_exists(#id) AND #content = :content AND (attribute_not_exists(#wordCount) OR #wordCount &lt;&gt; :wordCount)
 * </pre>
 *
 * <ul>
 *   <li>{@code attribute_exists(id)}: {@code UpdateItem} is an upsert. The seed's unconditional update
 *       recreates a note deleted after its INSERT record was written, as a ghost item holding only
 *       {@code id} and {@code wordCount}.</li>
 *   <li>{@code content = :content}: a retried or late record must not overwrite the count of newer
 *       content with the count of older content. The newer content has its own, later record.</li>
 *   <li>{@code wordCount <> :wordCount}: a redelivered record writes nothing, so it produces no further
 *       stream record.</li>
 * </ul>
 *
 * A failed condition is not an error: the item returned with it ({@code ALL_OLD}) says which of the three
 * it was.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html">Condition expressions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html#DDB-UpdateItem-request-ReturnValuesOnConditionCheckFailure">UpdateItem ReturnValuesOnConditionCheckFailure</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html">DynamoDB Streams: no record when an update changes nothing</a>
 */
public final class DynamoDbNoteStore implements NoteStore {

    private static final String CONDITION = "attribute_exists(#id) AND #content = :content"
            + " AND (attribute_not_exists(#wordCount) OR #wordCount <> :wordCount)";
    private static final Map<String, String> NAMES = Map.of(
            "#id", Note.ID, "#content", Note.CONTENT, "#wordCount", Note.WORD_COUNT);

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbNoteStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    @Override
    public Optional<Note> find(String noteId) {
        GetItemResponse response = dynamoDb.getItem(b -> b.tableName(tableName)
                .key(key(noteId))
                // The queue message may arrive right after the write that caused it: read what is there now.
                .consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Note.fromItem(noteId, response.item()));
    }

    @Override
    public WordCountOutcome writeWordCount(WordCountUpdate update) {
        try {
            dynamoDb.updateItem(b -> b.tableName(tableName)
                    .key(key(update.noteId()))
                    .updateExpression("SET #wordCount = :wordCount")
                    .conditionExpression(CONDITION)
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(Map.of(
                            ":wordCount", AttributeValue.fromN(Integer.toString(update.wordCount())),
                            ":content", AttributeValue.fromS(update.content())))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return WordCountOutcome.WRITTEN;
        } catch (ConditionalCheckFailedException e) {
            return whyNotWritten(update, e.hasItem() ? e.item() : Map.of());
        }
    }

    private static WordCountOutcome whyNotWritten(WordCountUpdate update, Map<String, AttributeValue> current) {
        if (current.isEmpty()) {
            return WordCountOutcome.NOTE_DELETED;
        }
        AttributeValue content = current.get(Note.CONTENT);
        if (content == null || content.type() != AttributeValue.Type.S || !content.s().equals(update.content())) {
            return WordCountOutcome.SUPERSEDED;
        }
        return WordCountOutcome.ALREADY_COUNTED;
    }

    private static Map<String, AttributeValue> key(String noteId) {
        return Map.of(Note.ID, AttributeValue.fromS(noteId));
    }
}
