package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertResourceNotFound;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidation;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidationStartingWith;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.l;
import static dev.ddbstreams.dynamodb.conformance.items.Values.m;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.names;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * GetItem: reads, ConsistentRead, ProjectionExpression with nested paths and list indexes, key validation.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GetItem.html">GetItem</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ProjectionExpressions.html">Projection expressions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.Attributes.html">Referring to item attributes (document paths)</a>
 */
class GetItemConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static final String KEY = "doc";
    private static String table;
    private static String rangeTable;

    @BeforeAll
    static void createTablesAndDocument() {
        table = Tables.createHashTable(client(), "get", "pk", ScalarAttributeType.S);
        rangeTable = Tables.createHashRangeTable(client(), "get-range", "pk", ScalarAttributeType.S, "sk",
                ScalarAttributeType.S);
        client().putItem(r -> r.tableName(table).item(item(
                "pk", s(KEY),
                "a", m("b", m("c", n(1), "d", n(2)), "e", n(3)),
                "lst", l(n(10), n(20), l(n(30), n(40)), m("x", n(50))),
                "name", s("the name"),
                "top", s("level"))));
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static Map<String, AttributeValue> project(String projection) {
        return client().getItem(r -> r.tableName(table).key(item("pk", s(KEY))).projectionExpression(projection))
                .item();
    }

    @Test
    void getItem_returnsTheWholeItem_withoutProjection() {
        Map<String, AttributeValue> read = client().getItem(r -> r.tableName(table).key(item("pk", s(KEY)))).item();

        assertEquals(item("pk", s(KEY), "a", m("b", m("c", n(1), "d", n(2)), "e", n(3)),
                "lst", l(n(10), n(20), l(n(30), n(40)), m("x", n(50))),
                "name", s("the name"), "top", s("level")), read);
    }

    /** "If there is no matching item, GetItem does not return any data and there will be no Item element in the response." */
    @Test
    void getItem_returnsNoItemElement_whenNoItemHasTheKey() {
        GetItemResponse response = client().getItem(r -> r.tableName(table).key(item("pk", s("absent"))));

        assertFalse(response.hasItem());
    }

    /** A strongly consistent read returns the result of every write acknowledged before it. */
    @Test
    void getItem_withConsistentRead_seesTheLatestAcknowledgedWrite() {
        for (int version = 1; version <= 5; version++) {
            int v = version;
            client().putItem(r -> r.tableName(table).item(item("pk", s("consistent"), "version", n(v))));
            assertEquals(n(v), client().getItem(r -> r.tableName(table).key(item("pk", s("consistent")))
                    .consistentRead(true)).item().get("version"));
        }
    }

    @Test
    void getItem_returnsOnlyProjectedTopLevelAttributes() {
        assertEquals(item("top", s("level")), project("top"));
    }

    @Test
    void getItem_doesNotAddKeyAttributes_thatTheProjectionDoesNotName() {
        assertEquals(item("top", s("level"), "pk", s(KEY)), project("top, pk"));
        assertFalse(project("top").containsKey("pk"));
    }

    @Test
    void getItem_projectsANestedMapPath_keepingItsEnclosingMaps() {
        assertEquals(item("a", m("b", m("c", n(1)))), project("a.b.c"));
    }

    @Test
    void getItem_projectsSeveralPathsOfTheSameMap_intoOneMap() {
        assertEquals(item("a", m("b", m("c", n(1)), "e", n(3))), project("a.b.c, a.e"));
    }

    @Test
    void getItem_projectsAListElement_asAOneElementList() {
        assertEquals(item("lst", l(n(20))), project("lst[1]"));
    }

    @Test
    void getItem_projectsSeveralListElements_inIndexOrder() {
        assertEquals(item("lst", l(n(10), l(n(30), n(40)))), project("lst[2], lst[0]"));
    }

    @Test
    void getItem_projectsAPathThroughAListElementIntoAMap() {
        assertEquals(item("lst", l(m("x", n(50)))), project("lst[3].x"));
    }

    @Test
    void getItem_projectsNothing_forAnIndexPastTheEndOfTheList() {
        assertEquals(Map.of(), project("lst[9]"));
    }

    @Test
    void getItem_projectsNothing_forAMissingAttribute() {
        assertEquals(Map.of(), project("absent"));
    }

    @Test
    void getItem_projectsAReservedWordAttribute_throughAnExpressionAttributeName() {
        Map<String, AttributeValue> read = client().getItem(r -> r.tableName(table).key(item("pk", s(KEY)))
                .projectionExpression("#n").expressionAttributeNames(names("#n", "name"))).item();

        assertEquals(item("name", s("the name")), read);
    }

    /** "name" is in the list of reserved words; the message is the form dynalite recorded against AWS. */
    @Test
    void getItem_refusesAReservedWordInTheProjection() {
        assertValidation("Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: name",
                () -> project("name"));
    }

    @Test
    void getItem_refusesOverlappingProjectionPaths() {
        assertValidation("Invalid ProjectionExpression: Two document paths overlap with each other; must remove or"
                + " rewrite one of these paths; path one: [a], path two: [a, b]", () -> project("a, a.b"));
    }

    @Test
    void getItem_refusesTheSamePathTwice() {
        assertValidation("Invalid ProjectionExpression: Two document paths overlap with each other; must remove or"
                + " rewrite one of these paths; path one: [top], path two: [top]", () -> project("top, top"));
    }

    @Test
    void getItem_refusesAnUndefinedExpressionAttributeName() {
        assertValidation("Invalid ProjectionExpression: An expression attribute name used in the document path is"
                + " not defined; attribute name: #undefined", () -> project("#undefined"));
    }

    @Test
    void getItem_refusesAnUnusedExpressionAttributeName() {
        assertValidation("Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}",
                () -> client().getItem(r -> r.tableName(table).key(item("pk", s(KEY))).projectionExpression("top")
                        .expressionAttributeNames(names("#unused", "x"))));
    }

    @Test
    void getItem_refusesAProjectionSyntaxError() {
        assertValidationStartingWith("Invalid ProjectionExpression: Syntax error; token:", () -> project("a..b"));
    }

    @Test
    void getItem_refusesAnEmptyProjection() {
        assertValidation("Invalid ProjectionExpression: The expression can not be empty;", () -> project(""));
    }

    /** Message as recorded by dynalite's getItem tests against AWS. */
    @Test
    void getItem_refusesAKeyWithAnAttributeOutsideTheKeySchema() {
        assertValidation("The provided key element does not match the schema",
                () -> client().getItem(r -> r.tableName(table).key(item("pk", s(KEY), "top", s("level")))));
    }

    @Test
    void getItem_refusesAKeyWithoutItsRangeKey() {
        assertValidation("The provided key element does not match the schema",
                () -> client().getItem(r -> r.tableName(rangeTable).key(item("pk", s("a")))));
    }

    @Test
    void getItem_refusesAKeyOfTheWrongType() {
        assertValidation("The provided key element does not match the schema",
                () -> client().getItem(r -> r.tableName(table).key(item("pk", n(1)))));
    }

    @Test
    void getItem_refusesAnEmptyStringKey() {
        assertValidation("One or more parameter values are not valid. The AttributeValue for a key attribute cannot"
                + " contain an empty string value. Key: pk",
                () -> client().getItem(r -> r.tableName(table).key(item("pk", s("")))));
    }

    @Test
    void getItem_failsWithResourceNotFound_whenTheTableDoesNotExist() {
        assertResourceNotFound(() -> client().getItem(GetItemRequest.builder().tableName("no-such-table-get")
                .key(item("pk", s("a"))).build()));
    }
}
