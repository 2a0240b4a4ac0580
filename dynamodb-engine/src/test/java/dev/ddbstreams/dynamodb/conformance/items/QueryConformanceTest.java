package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.VALIDATION;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertErrorContaining;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertResourceNotFound;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidation;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidationStartingWith;
import static dev.ddbstreams.dynamodb.conformance.items.Tables.attribute;
import static dev.ddbstreams.dynamodb.conformance.items.Tables.hash;
import static dev.ddbstreams.dynamodb.conformance.items.Tables.range;
import static dev.ddbstreams.dynamodb.conformance.items.Values.b;
import static dev.ddbstreams.dynamodb.conformance.items.Values.bool;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static dev.ddbstreams.dynamodb.conformance.items.Values.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Query: key conditions on the sort key, sort order of N, S and B keys, ScanIndexForward, FilterExpression,
 * ProjectionExpression, Select, Limit and paging, the 1 MB page, global and local secondary indexes.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html">Query</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.html">Querying tables in DynamoDB</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.KeyConditionExpressions.html">Key condition expressions</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html">Paginating query results</a>
 */
class QueryConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    /** Items p/1..10: label "L(10-sk)" (reverse of sk), price sk*10, category "even" for even sk, owner only for sk <= 3. */
    private static String table;
    private static String stringKeys;
    private static String binaryKeys;

    @BeforeAll
    static void createTablesAndItems() {
        table = Tables.create(client(), "query", t -> t
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("sk", ScalarAttributeType.N),
                        attribute("label", ScalarAttributeType.S), attribute("category", ScalarAttributeType.S),
                        attribute("price", ScalarAttributeType.N), attribute("owner", ScalarAttributeType.S))
                .keySchema(hash("pk"), range("sk"))
                .localSecondaryIndexes(LocalSecondaryIndex.builder().indexName("byLabel")
                        .keySchema(hash("pk"), range("label"))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build())
                .globalSecondaryIndexes(
                        GlobalSecondaryIndex.builder().indexName("byCategory").keySchema(hash("category"), range("price"))
                                .projection(Projection.builder().projectionType(ProjectionType.ALL).build()).build(),
                        GlobalSecondaryIndex.builder().indexName("byOwner").keySchema(hash("owner"))
                                .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                                .build()));
        for (int sk = 1; sk <= 10; sk++) {
            Map<String, AttributeValue> item = item("pk", s("p"), "sk", n(sk), "label", s("L" + (10 - sk)),
                    "price", n(sk * 10L), "odd", bool(sk % 2 == 1), "extra", s("e" + sk));
            if (sk % 2 == 0) {
                item.put("category", s("even"));
            }
            if (sk <= 3) {
                item.put("owner", s("o"));
            }
            client().putItem(r -> r.tableName(table).item(item));
        }
        client().putItem(r -> r.tableName(table).item(item("pk", s("n"), "sk", n("-10"))));
        for (String number : List.of("100", "-1.5", "2", "1E3", "0", "10")) {
            client().putItem(r -> r.tableName(table).item(item("pk", s("n"), "sk", n(number))));
        }

        stringKeys = Tables.createHashRangeTable(client(), "query-s", "pk", ScalarAttributeType.S, "sk",
                ScalarAttributeType.S);
        for (String sk : List.of("b", "a b", "é", "Z", "ab", "10", "a", "B", "9")) {
            client().putItem(r -> r.tableName(stringKeys).item(item("pk", s("s"), "sk", s(sk))));
        }
        binaryKeys = Tables.createHashRangeTable(client(), "query-b", "pk", ScalarAttributeType.S, "sk",
                ScalarAttributeType.B);
        for (byte[] sk : List.of(new byte[] {(byte) 0xFF}, new byte[] {0x01, 0x00}, new byte[] {(byte) 0x80},
                new byte[] {0x00}, new byte[] {0x7F}, new byte[] {0x01})) {
            client().putItem(r -> r.tableName(binaryKeys).item(item("pk", s("b"), "sk", b(sk))));
        }
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static QueryResponse query(Consumer<QueryRequest.Builder> request) {
        QueryRequest.Builder builder = QueryRequest.builder().tableName(table);
        request.accept(builder);
        return client().query(builder.build());
    }

    private static QueryResponse partitionP(String extraKeyCondition, Object... valuePairs) {
        Map<String, AttributeValue> values = values(valuePairs);
        values.put(":p", s("p"));
        return query(q -> q.keyConditionExpression("pk = :p" + extraKeyCondition).expressionAttributeValues(values));
    }

    private static List<String> numbers(List<Map<String, AttributeValue>> items, String attribute) {
        return items.stream().map(i -> i.get(attribute).n()).toList();
    }

    private static List<String> sortKeys(QueryResponse response) {
        return numbers(response.items(), "sk");
    }

    @Test
    void query_returnsThePartitionsItems_inAscendingSortKeyOrder() {
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"), sortKeys(partitionP("")));
    }

    @Test
    void query_returnsDescendingOrder_whenScanIndexForwardIsFalse() {
        QueryResponse response = query(q -> q.keyConditionExpression("pk = :p").scanIndexForward(false)
                .expressionAttributeValues(values(":p", s("p"))));

        assertEquals(List.of("10", "9", "8", "7", "6", "5", "4", "3", "2", "1"), sortKeys(response));
    }

    @Test
    void query_returnsNothing_forAnEmptyPartition() {
        QueryResponse response = query(q -> q.keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", s("nobody"))));

        assertEquals(0, response.count());
        assertTrue(response.items().isEmpty());
        assertFalse(response.hasLastEvaluatedKey());
    }

    @ParameterizedTest(name = "sk {0} 5 selects {1}")
    @CsvSource({"=, 5", "<, 1 2 3 4", "<=, 1 2 3 4 5", ">, 6 7 8 9 10", ">=, 5 6 7 8 9 10"})
    void query_appliesTheSortKeyComparator(String comparator, String expected) {
        assertEquals(List.of(expected.split(" ")), sortKeys(partitionP(" AND sk " + comparator + " :five",
                ":five", n(5))));
    }

    @Test
    void query_sortKeyBetween_includesBothBounds() {
        assertEquals(List.of("3", "4", "5", "6"), sortKeys(partitionP(" AND sk BETWEEN :low AND :high",
                ":low", n(3), ":high", n(6))));
    }

    @Test
    void query_sortKeyBeginsWith_selectsStringPrefixes() {
        QueryResponse response = client().query(q -> q.tableName(stringKeys)
                .keyConditionExpression("pk = :p AND begins_with(sk, :prefix)")
                .expressionAttributeValues(values(":p", s("s"), ":prefix", s("a"))));

        assertEquals(List.of("a", "a b", "ab"), response.items().stream().map(i -> i.get("sk").s()).toList());
    }

    @Test
    void query_acceptsTheKeyConditionsInEitherOrder() {
        QueryResponse response = query(q -> q.keyConditionExpression("sk = :five AND pk = :p")
                .expressionAttributeValues(values(":p", s("p"), ":five", n(5))));

        assertEquals(List.of("5"), sortKeys(response));
    }

    /** Number sort keys sort by numeric value, negative numbers first. */
    @Test
    void query_sortsNumberSortKeysNumerically() {
        QueryResponse response = query(q -> q.keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", s("n"))));

        assertEquals(List.of("-10", "-1.5", "0", "2", "10", "100", "1000"), sortKeys(response));
    }

    /** String sort keys sort by the bytes of their UTF-8 encoding ("ASCII character code values"). */
    @Test
    void query_sortsStringSortKeysByUtf8Bytes() {
        QueryResponse response = client().query(q -> q.tableName(stringKeys).keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", s("s"))));

        assertEquals(List.of("10", "9", "B", "Z", "a", "a b", "ab", "b", "é"),
                response.items().stream().map(i -> i.get("sk").s()).toList());
    }

    /** "DynamoDB treats each byte of the binary data as unsigned" when comparing binary values. */
    @Test
    void query_sortsBinarySortKeysAsUnsignedBytes() {
        QueryResponse response = client().query(q -> q.tableName(binaryKeys).keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", s("b"))));

        List<byte[]> keys = response.items().stream().map(i -> i.get("sk").b().asByteArray()).toList();
        List<byte[]> expected = List.of(new byte[] {0x00}, new byte[] {0x01}, new byte[] {0x01, 0x00},
                new byte[] {0x7F}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xFF});
        assertEquals(expected.size(), keys.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), keys.get(i), "position " + i);
        }
    }

    @Test
    void query_sortKeyBetween_onStringKeys_usesByteOrder() {
        QueryResponse response = client().query(q -> q.tableName(stringKeys)
                .keyConditionExpression("pk = :p AND sk BETWEEN :low AND :high")
                .expressionAttributeValues(values(":p", s("s"), ":low", s("B"), ":high", s("a"))));

        assertEquals(List.of("B", "Z", "a"), response.items().stream().map(i -> i.get("sk").s()).toList());
    }

    /** "A filter expression is applied after Query finishes, but before the results are returned": Count counts what is returned, ScannedCount what was read. */
    @Test
    void query_filterExpression_dropsItemsAfterTheyAreRead() {
        QueryResponse response = query(q -> q.keyConditionExpression("pk = :p").filterExpression("odd = :t")
                .expressionAttributeValues(values(":p", s("p"), ":t", bool(true))));

        assertEquals(List.of("1", "3", "5", "7", "9"), sortKeys(response));
        assertEquals(5, response.count());
        assertEquals(10, response.scannedCount());
    }

    @Test
    void query_countEqualsScannedCount_withoutAFilter() {
        QueryResponse response = partitionP("");

        assertEquals(10, response.count());
        assertEquals(10, response.scannedCount());
    }

    /** Message recorded by dynalite's query tests against AWS. */
    @Test
    void query_filterExpression_refusesKeyAttributes() {
        assertValidation("Filter Expression can only contain non-primary key attributes: Primary key attribute: sk",
                () -> query(q -> q.keyConditionExpression("pk = :p").filterExpression("sk > :one")
                        .expressionAttributeValues(values(":p", s("p"), ":one", n(1)))));
    }

    @Test
    void query_projectionExpression_returnsOnlyTheNamedAttributes() {
        QueryResponse response = query(q -> q.keyConditionExpression("pk = :p AND sk = :one")
                .projectionExpression("extra, price").expressionAttributeValues(values(":p", s("p"), ":one", n(1))));

        assertEquals(List.of(item("extra", s("e1"), "price", n(10))), response.items());
    }

    @Test
    void query_limit_stopsAfterThatManyItems_andReturnsTheLastEvaluatedKey() {
        QueryResponse response = query(q -> q.keyConditionExpression("pk = :p").limit(3)
                .expressionAttributeValues(values(":p", s("p"))));

        assertEquals(List.of("1", "2", "3"), sortKeys(response));
        assertEquals(item("pk", s("p"), "sk", n(3)), response.lastEvaluatedKey());
    }

    @Test
    void query_exclusiveStartKey_continuesAfterTheLastEvaluatedKey_untilEveryItemIsReturnedOnce() {
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = query(q -> q.keyConditionExpression("pk = :p").limit(4)
                    .exclusiveStartKey(from).expressionAttributeValues(values(":p", s("p"))));
            seen.addAll(sortKeys(page));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null && pages < 10);

        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10"), seen);
    }

    /** "The Limit ... is the maximum number of items to evaluate (not necessarily the number of matching items)." */
    @Test
    void query_limit_countsItemsReadBeforeTheFilter() {
        QueryResponse response = query(q -> q.keyConditionExpression("pk = :p").limit(4).filterExpression("odd = :t")
                .expressionAttributeValues(values(":p", s("p"), ":t", bool(true))));

        assertEquals(List.of("1", "3"), sortKeys(response));
        assertEquals(4, response.scannedCount());
        assertEquals(item("pk", s("p"), "sk", n(4)), response.lastEvaluatedKey());
    }

    @Test
    void query_returnsNoLastEvaluatedKey_whenEveryItemWasReturned() {
        assertFalse(partitionP("").hasLastEvaluatedKey());
    }

    @Test
    void query_selectCount_returnsTheCountWithoutItems() {
        QueryResponse response = query(q -> q.keyConditionExpression("pk = :p").select(Select.COUNT)
                .expressionAttributeValues(values(":p", s("p"))));

        assertEquals(10, response.count());
        assertFalse(response.hasItems());
    }

    /** Wording as ExtendDB's tests record it "verified against us-east-1"; the fixed part is compared. */
    @Test
    void query_selectCount_refusesAProjectionExpression() {
        assertErrorContaining(VALIDATION, "Cannot specify the ProjectionExpression when choosing to get only the Count",
                () -> query(q -> q.keyConditionExpression("pk = :p").select(Select.COUNT).projectionExpression("extra")
                        .expressionAttributeValues(values(":p", s("p")))));
    }

    @Test
    void query_selectSpecificAttributes_returnsTheProjection() {
        QueryResponse response = query(q -> q.keyConditionExpression("pk = :p AND sk = :one")
                .select(Select.SPECIFIC_ATTRIBUTES).projectionExpression("extra")
                .expressionAttributeValues(values(":p", s("p"), ":one", n(1))));

        assertEquals(List.of(item("extra", s("e1"))), response.items());
    }

    @Test
    void query_selectAllAttributes_returnsWholeItems() {
        QueryResponse response = query(q -> q.keyConditionExpression("pk = :p AND sk = :one")
                .select(Select.ALL_ATTRIBUTES).expressionAttributeValues(values(":p", s("p"), ":one", n(1))));

        assertEquals(Set.of("pk", "sk", "label", "price", "odd", "extra", "owner"), response.items().get(0).keySet());
    }

    @Test
    void query_selectAllProjectedAttributes_isRefusedWithoutAnIndex() {
        assertValidation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName",
                () -> query(q -> q.keyConditionExpression("pk = :p").select(Select.ALL_PROJECTED_ATTRIBUTES)
                        .expressionAttributeValues(values(":p", s("p")))));
    }

    /** A GSI holds only the items that have its key attributes, ordered by the index's sort key. */
    @Test
    void query_onAGlobalSecondaryIndex_returnsOnlyItemsWithTheIndexKey_inIndexSortOrder() {
        QueryResponse response = query(q -> q.indexName("byCategory").keyConditionExpression("category = :c")
                .scanIndexForward(false).expressionAttributeValues(values(":c", s("even"))));

        assertEquals(List.of("100", "80", "60", "40", "20"), numbers(response.items(), "price"));
        assertEquals(s("e10"), response.items().get(0).get("extra"), "ALL projection carries every attribute");
    }

    @Test
    void query_onAGlobalSecondaryIndex_appliesSortKeyConditions() {
        QueryResponse response = query(q -> q.indexName("byCategory")
                .keyConditionExpression("category = :c AND price BETWEEN :low AND :high")
                .expressionAttributeValues(values(":c", s("even"), ":low", n(30), ":high", n(60))));

        assertEquals(List.of("4", "6"), sortKeys(response));
    }

    /** KEYS_ONLY: "Only the index and primary keys are projected into the index." */
    @Test
    void query_onAKeysOnlyGlobalIndex_returnsTableAndIndexKeysOnly() {
        QueryResponse response = query(q -> q.indexName("byOwner").keyConditionExpression("#o = :o")
                .expressionAttributeNames(Map.of("#o", "owner")).expressionAttributeValues(values(":o", s("o"))));

        assertEquals(3, response.count());
        for (Map<String, AttributeValue> item : response.items()) {
            assertEquals(Set.of("pk", "sk", "owner"), item.keySet());
        }
    }

    @Test
    void query_onAGlobalSecondaryIndex_returnsALastEvaluatedKeyWithTableAndIndexKeys() {
        QueryResponse response = query(q -> q.indexName("byCategory").keyConditionExpression("category = :c").limit(1)
                .expressionAttributeValues(values(":c", s("even"))));

        assertEquals(item("pk", s("p"), "sk", n(2), "category", s("even"), "price", n(20)),
                response.lastEvaluatedKey());
    }

    @Test
    void query_onAGlobalSecondaryIndex_pagesThroughEveryItemOnce() {
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = query(q -> q.indexName("byCategory").keyConditionExpression("category = :c").limit(2)
                    .exclusiveStartKey(from).expressionAttributeValues(values(":c", s("even"))));
            seen.addAll(sortKeys(page));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null && pages < 10);

        assertEquals(List.of("2", "4", "6", "8", "10"), seen);
    }

    @Test
    void query_onAGlobalSecondaryIndex_refusesConsistentRead() {
        assertValidation("Consistent reads are not supported on global secondary indexes",
                () -> query(q -> q.indexName("byCategory").keyConditionExpression("category = :c").consistentRead(true)
                        .expressionAttributeValues(values(":c", s("even")))));
    }

    /** Wording recorded by dynalite (query tests) and ExtendDB (verified against us-east-1); the fixed part is compared. */
    @Test
    void query_onAKeysOnlyGlobalIndex_refusesSelectAllAttributes() {
        assertErrorContaining(VALIDATION, "Select type ALL_ATTRIBUTES is not supported for global secondary index"
                + " byOwner because its projection type is not ALL",
                () -> query(q -> q.indexName("byOwner").keyConditionExpression("#o = :o").select(Select.ALL_ATTRIBUTES)
                        .expressionAttributeNames(Map.of("#o", "owner"))
                        .expressionAttributeValues(values(":o", s("o")))));
    }

    @Test
    void query_onAKeysOnlyGlobalIndex_selectAllProjectedAttributes_returnsTheKeys() {
        QueryResponse response = query(q -> q.indexName("byOwner").keyConditionExpression("#o = :o")
                .select(Select.ALL_PROJECTED_ATTRIBUTES).expressionAttributeNames(Map.of("#o", "owner"))
                .expressionAttributeValues(values(":o", s("o"))));

        assertEquals(Set.of("pk", "sk", "owner"), response.items().get(0).keySet());
    }

    /** An LSI orders the partition's items by its own sort key. */
    @Test
    void query_onALocalSecondaryIndex_ordersByTheIndexSortKey() {
        QueryResponse response = query(q -> q.indexName("byLabel").keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", s("p"))));

        assertEquals(List.of("10", "9", "8", "7", "6", "5", "4", "3", "2", "1"), sortKeys(response));
        assertEquals(Set.of("pk", "sk", "label"), response.items().get(0).keySet());
    }

    /** "For a local secondary index, DynamoDB fetches ... attributes from the base table" when ALL_ATTRIBUTES is asked for. */
    @Test
    void query_onALocalSecondaryIndex_fetchesUnprojectedAttributesFromTheTable() {
        QueryResponse response = query(q -> q.indexName("byLabel").keyConditionExpression("pk = :p AND label = :l")
                .select(Select.ALL_ATTRIBUTES).expressionAttributeValues(values(":p", s("p"), ":l", s("L9"))));

        assertEquals(1, response.count());
        assertEquals(s("e1"), response.items().get(0).get("extra"));
    }

    @Test
    void query_onALocalSecondaryIndex_acceptsConsistentRead() {
        QueryResponse response = query(q -> q.indexName("byLabel").keyConditionExpression("pk = :p AND label = :l")
                .consistentRead(true).expressionAttributeValues(values(":p", s("p"), ":l", s("L9"))));

        assertEquals(List.of("1"), sortKeys(response));
    }

    @Test
    void query_acceptsExpressionAttributeNamesForKeyAttributes() {
        QueryResponse response = query(q -> q.keyConditionExpression("#p = :p AND #s < :three")
                .expressionAttributeNames(Map.of("#p", "pk", "#s", "sk"))
                .expressionAttributeValues(values(":p", s("p"), ":three", n(3))));

        assertEquals(List.of("1", "2"), sortKeys(response));
    }

    @Test
    void query_projectsNestedPathsToo() {
        client().putItem(r -> r.tableName(table).item(item("pk", s("nested"), "sk", n(1),
                "doc", Values.m("a", n(1), "b", n(2)))));
        QueryResponse response = query(q -> q.keyConditionExpression("pk = :p").projectionExpression("doc.b")
                .expressionAttributeValues(values(":p", s("nested"))));

        assertEquals(List.of(item("doc", Values.m("b", n(2)))), response.items());
    }

    /** Limit must be at least 1 (API reference: "Minimum value of 1"); the model's constraint message is compared in part. */
    @Test
    void query_refusesALimitOfZero() {
        assertErrorContaining(VALIDATION, "Member must have value greater than or equal to 1",
                () -> query(q -> q.keyConditionExpression("pk = :p").limit(0)
                        .expressionAttributeValues(values(":p", s("p")))));
    }

    @Test
    void query_selectCount_onALocalIndex_countsTheMatchingItems() {
        QueryResponse response = query(q -> q.indexName("byLabel").keyConditionExpression("pk = :p AND label < :l")
                .select(Select.COUNT).expressionAttributeValues(values(":p", s("p"), ":l", s("L3"))));

        assertEquals(3, response.count());
    }

    /** Message recorded by dynalite's query tests against AWS (a range table's start key lacking its sort key). */
    @Test
    void query_refusesAnExclusiveStartKeyWithoutTheSortKey() {
        assertValidation("The provided starting key is invalid",
                () -> query(q -> q.keyConditionExpression("pk = :p").exclusiveStartKey(item("pk", s("p")))
                        .expressionAttributeValues(values(":p", s("p")))));
    }

    @Test
    void query_pagesBackwards_whenScanIndexForwardIsFalse() {
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = query(q -> q.keyConditionExpression("pk = :p").limit(3).scanIndexForward(false)
                    .exclusiveStartKey(from).expressionAttributeValues(values(":p", s("p"))));
            seen.addAll(sortKeys(page));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null && pages < 10);

        assertEquals(List.of("10", "9", "8", "7", "6", "5", "4", "3", "2", "1"), seen);
    }

    @Test
    void query_refusesASortKeyBetweenWithTheBoundsReversed() {
        assertValidationStartingWith("Invalid KeyConditionExpression: The BETWEEN operator requires upper bound to be"
                + " greater than or equal to lower bound;", () -> query(q -> q
                        .keyConditionExpression("pk = :p AND sk BETWEEN :high AND :low")
                        .expressionAttributeValues(values(":p", s("p"), ":high", n(9), ":low", n(1)))));
    }

    /**
     * Exact message as a public conformance suite pins it against DynamoDB (eu-west-2, October 2026), with the
     * "Invalid KeyConditionExpression: " prefix that dynalite's older recording lacks.
     */
    @Test
    void query_refusesTwoConditionsOnTheSortKey() {
        assertValidation("Invalid KeyConditionExpression: KeyConditionExpressions must only contain one condition per key",
                () -> query(q -> q.keyConditionExpression("pk = :p AND sk > :one AND sk < :nine")
                        .expressionAttributeValues(values(":p", s("p"), ":one", n(1), ":nine", n(9)))));
    }

    /** Exact message pinned against DynamoDB (eu-west-2, October 2026) by a public conformance suite. */
    @Test
    void query_refusesBeginsWithANumberOperand() {
        assertValidation("Invalid KeyConditionExpression: Incorrect operand type for operator or function; operator or"
                + " function: begins_with, operand type: N", () -> client().query(q -> q.tableName(stringKeys)
                        .keyConditionExpression("pk = :p AND begins_with(sk, :v)")
                        .expressionAttributeValues(values(":p", s("s"), ":v", n(1)))));
    }

    /** Same source: a string compared with a number sort key fails the schema check instead. */
    @Test
    void query_refusesASortKeyValueOfTheWrongType() {
        assertValidation("One or more parameter values were invalid: Condition parameter type does not match schema type",
                () -> query(q -> q.keyConditionExpression("pk = :p AND sk = :v")
                        .expressionAttributeValues(values(":p", s("p"), ":v", s("1")))));
    }

    /** Same source: a condition on a non-key attribute is counted against the key schema. */
    @Test
    void query_refusesMoreConditionsThanKeyAttributes() {
        assertValidation("The number of query conditions (3) exceeds the number of key attributes defined in the schema"
                + " (2)", () -> query(q -> q.keyConditionExpression("pk = :p AND sk > :a AND extra = :b")
                        .expressionAttributeValues(values(":p", s("p"), ":a", n(1), ":b", s("e1")))));
    }

    @Test
    void query_refusesAnEmptyKeyConditionExpression() {
        assertValidation("Invalid KeyConditionExpression: The expression can not be empty;",
                () -> query(q -> q.keyConditionExpression("")));
    }

    /** Message recorded by dynalite's query tests against AWS. */
    @Test
    void query_refusesAPartitionKeyValueOfTheWrongType() {
        assertValidation("One or more parameter values were invalid: Condition parameter type does not match schema type",
                () -> query(q -> q.keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", n(1)))));
    }

    @Test
    void query_refusesAKeyConditionWithoutThePartitionKey() {
        assertValidation("Query condition missed key schema element: pk",
                () -> query(q -> q.keyConditionExpression("sk = :one").expressionAttributeValues(values(":one", n(1)))));
    }

    @Test
    void query_refusesBeginsWithOnThePartitionKey() {
        assertValidation("Query key condition not supported",
                () -> query(q -> q.keyConditionExpression("begins_with(pk, :p)")
                        .expressionAttributeValues(values(":p", s("p")))));
    }

    /**
     * OR is refused naming the operator. Older recordings (dynalite, user reports) show the message bare; AWS now
     * prefixes key condition errors with "Invalid KeyConditionExpression: " (see the test above), so only the
     * part every recording shares is compared.
     */
    @Test
    void query_refusesOrInTheKeyCondition() {
        assertErrorContaining(VALIDATION, "Invalid operator used in KeyConditionExpression: OR",
                () -> query(q -> q.keyConditionExpression("pk = :p OR sk = :one")
                        .expressionAttributeValues(values(":p", s("p"), ":one", n(1)))));
    }

    @Test
    void query_refusesAnUnknownIndex() {
        assertValidation("The table does not have the specified index: nope",
                () -> query(q -> q.indexName("nope").keyConditionExpression("pk = :p")
                        .expressionAttributeValues(values(":p", s("p")))));
    }

    @Test
    void query_refusesAKeyConditionSyntaxError() {
        assertValidationStartingWith("Invalid KeyConditionExpression: Syntax error; token:",
                () -> query(q -> q.keyConditionExpression("pk = = :p").expressionAttributeValues(values(":p", s("p")))));
    }

    @Test
    void query_failsWithResourceNotFound_whenTheTableDoesNotExist() {
        assertResourceNotFound(() -> client().query(q -> q.tableName("no-such-table-query")
                .keyConditionExpression("pk = :p").expressionAttributeValues(values(":p", s("p")))));
    }

    /**
     * "A single Query operation will read up to a maximum of 1 MB of data": twelve items of about 200 KB
     * (2.4 MB) come back over several pages, the first holding five or six of them.
     */
    @Test
    void query_stopsAPageAtOneMegabyte_andReturnsALastEvaluatedKey() {
        String big = Tables.createHashRangeTable(client(), "query-big", "pk", ScalarAttributeType.S, "sk",
                ScalarAttributeType.N);
        String payload = Values.ascii(200_000);
        for (int i = 0; i < 12; i++) {
            int sk = i;
            client().putItem(r -> r.tableName(big).item(item("pk", s("big"), "sk", n(sk), "payload", s(payload))));
        }
        QueryResponse first = client().query(q -> q.tableName(big).keyConditionExpression("pk = :p")
                .expressionAttributeValues(values(":p", s("big"))));

        assertTrue(first.count() == 5 || first.count() == 6, "items in a 1 MB page: " + first.count());
        assertTrue(first.hasLastEvaluatedKey());
        int total = first.count();
        Map<String, AttributeValue> start = first.lastEvaluatedKey();
        while (start != null) {
            Map<String, AttributeValue> from = start;
            QueryResponse page = client().query(q -> q.tableName(big).keyConditionExpression("pk = :p")
                    .exclusiveStartKey(from).expressionAttributeValues(values(":p", s("big"))));
            total += page.count();
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
        }
        assertEquals(12, total);
    }
}
