package dev.ddbstreams.users;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Users in the {@code Users} table ({@code id} S hash key, stream NEW_AND_OLD_IMAGES): create, read, delete.
 *
 * <p>A delete returns the deleted user ({@code ReturnValues=ALL_OLD}) and writes the REMOVE stream record
 * whose old image the user-removal logger reads; deleting an unknown id writes nothing, so it produces no
 * stream record either. E-mail addresses are never logged here.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DeleteItem.html">DeleteItem ReturnValues</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html">Reserved words ("timestamp")</a>
 */
public final class UsersService {

    static final String ID = "id";
    static final String EMAIL = "email";
    /** A DynamoDB reserved word: always used through an expression attribute name. */
    static final String TIMESTAMP = "timestamp";

    private static final Pattern EPOCH_MILLIS = Pattern.compile("-?\\d{1,18}");

    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final Clock clock;
    private final Supplier<String> ids;

    public UsersService(DynamoDbClient dynamoDb, String tableName, Clock clock, Supplier<String> ids) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** Stores a new user; the address must already be validated ({@link UserRequests}). */
    public User create(String email) {
        User user = new User(ids.get(), email, clock.millis());
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put(ID, AttributeValue.fromS(user.id()));
        item.put(EMAIL, AttributeValue.fromS(user.email()));
        item.put(TIMESTAMP, AttributeValue.fromN(Long.toString(user.timestamp())));
        dynamoDb.putItem(b -> b.tableName(tableName)
                .item(item)
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", ID)));
        return user;
    }

    public Optional<User> find(String id) {
        Map<String, AttributeValue> item = dynamoDb.getItem(b -> b.tableName(tableName).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toUser(item));
    }

    /** The deleted user, or empty when there was none. */
    public Optional<User> delete(String id) {
        DeleteItemResponse response = dynamoDb.deleteItem(b -> b.tableName(tableName)
                .key(key(id))
                .returnValues(ReturnValue.ALL_OLD));
        return response.hasAttributes() && !response.attributes().isEmpty()
                ? Optional.of(toUser(response.attributes()))
                : Optional.empty();
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(ID, AttributeValue.fromS(id));
    }

    /** Items written by other tools may lack attributes or have other types: return what is valid. */
    static User toUser(Map<String, AttributeValue> item) {
        AttributeValue id = item.get(ID);
        AttributeValue email = item.get(EMAIL);
        AttributeValue timestamp = item.get(TIMESTAMP);
        return new User(id == null ? null : id.s(), email == null ? null : email.s(),
                timestamp != null && timestamp.n() != null && EPOCH_MILLIS.matcher(timestamp.n()).matches()
                        ? Long.valueOf(timestamp.n()) : null);
    }
}
