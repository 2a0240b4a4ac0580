package dev.ddbstreams.dynamodb.conformance.items;

import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.VALIDATION;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertErrorContaining;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertResourceNotFound;
import static dev.ddbstreams.dynamodb.conformance.items.AwsErrors.assertValidation;
import static dev.ddbstreams.dynamodb.conformance.items.Tables.attribute;
import static dev.ddbstreams.dynamodb.conformance.items.Tables.hash;
import static dev.ddbstreams.dynamodb.conformance.items.Values.item;
import static dev.ddbstreams.dynamodb.conformance.items.Values.n;
import static dev.ddbstreams.dynamodb.conformance.items.Values.s;
import static dev.ddbstreams.dynamodb.conformance.items.Values.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Scan: whole-table reads, FilterExpression, Limit and paging, parallel scan segments, scans of an index.
 * Messages are those dynalite's scan tests recorded against AWS unless a test says otherwise.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html">Scan</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html">Scanning tables</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Scan.html#Scan.ParallelScan">Parallel scan</a>
 */
class ScanConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static final int ITEMS = 40;
    private static final Set<String> ALL_KEYS = IntStream.range(0, ITEMS).mapToObj(ScanConformanceTest::key)
            .collect(Collectors.toSet());

    /** Items item-00..item-39 with num = i; those with i % 5 == 0 also carry "tag" (the byTag index key). */
    private static String table;

    @BeforeAll
    static void createTableAndItems() {
        table = Tables.create(client(), "scan", t -> t
                .attributeDefinitions(attribute("pk", ScalarAttributeType.S), attribute("tag", ScalarAttributeType.S))
                .keySchema(hash("pk"))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("byTag").keySchema(hash("tag"))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build()).build()));
        for (int i = 0; i < ITEMS; i++) {
            Map<String, AttributeValue> item = item("pk", s(key(i)), "num", n(i), "alt", s("o" + i));
            if (i % 5 == 0) {
                item.put("tag", s("t" + (i % 2)));
            }
            client().putItem(r -> r.tableName(table).item(item));
        }
    }

    private static String key(int i) {
        return String.format("item-%02d", i);
    }

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static ScanResponse scan(Consumer<ScanRequest.Builder> request) {
        ScanRequest.Builder builder = ScanRequest.builder().tableName(table);
        request.accept(builder);
        return client().scan(builder.build());
    }

    private static List<String> keys(ScanResponse response) {
        return response.items().stream().map(i -> i.get("pk").s()).toList();
    }

    /** Every key returned by following LastEvaluatedKey from the first page to the last. */
    private static List<String> allPages(Consumer<ScanRequest.Builder> request) {
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = scan(request.andThen(r -> r.exclusiveStartKey(from)));
            seen.addAll(keys(page));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null && pages < 200);
        return seen;
    }

    @Test
    void scan_returnsEveryItemOfTheTable() {
        ScanResponse response = scan(r -> { });

        assertEquals(ALL_KEYS, new HashSet<>(keys(response)));
        assertEquals(ITEMS, response.count());
        assertEquals(ITEMS, response.scannedCount());
        assertFalse(response.hasLastEvaluatedKey());
    }

    @Test
    void scan_filterExpression_returnsMatchingItems_butCountsEveryItemRead() {
        ScanResponse response = scan(r -> r.filterExpression("num < :ten").expressionAttributeValues(values(":ten", n(10))));

        assertEquals(10, response.count());
        assertEquals(ITEMS, response.scannedCount());
    }

    /** Unlike Query, a Scan filter may name key attributes. */
    @Test
    void scan_filterExpression_mayUseKeyAttributes() {
        ScanResponse response = scan(r -> r.filterExpression("begins_with(pk, :prefix)")
                .expressionAttributeValues(values(":prefix", s("item-1"))));

        assertEquals(10, response.count());
    }

    @Test
    void scan_projectionExpression_returnsOnlyTheNamedAttributes() {
        ScanResponse response = scan(r -> r.projectionExpression("alt"));

        assertTrue(response.items().stream().allMatch(i -> i.keySet().equals(Set.of("alt"))));
    }

    @Test
    void scan_limit_returnsThatManyItems_andALastEvaluatedKey() {
        ScanResponse response = scan(r -> r.limit(7));

        assertEquals(7, response.count());
        assertEquals(7, response.scannedCount());
        assertTrue(response.hasLastEvaluatedKey());
        assertEquals(Set.of("pk"), response.lastEvaluatedKey().keySet());
    }

    @Test
    void scan_lastEvaluatedKey_isTheLastItemReturned() {
        ScanResponse response = scan(r -> r.limit(7));

        assertEquals(response.items().get(6).get("pk"), response.lastEvaluatedKey().get("pk"));
    }

    @Test
    void scan_pagingWithExclusiveStartKey_returnsEveryItemExactlyOnce() {
        List<String> seen = allPages(r -> r.limit(6));

        assertEquals(ITEMS, seen.size());
        assertEquals(ALL_KEYS, new HashSet<>(seen));
    }

    @Test
    void scan_limit_appliesBeforeTheFilter() {
        ScanResponse response = scan(r -> r.limit(10).filterExpression("num = :none")
                .expressionAttributeValues(values(":none", n(-1))));

        assertEquals(0, response.count());
        assertEquals(10, response.scannedCount());
        assertTrue(response.hasLastEvaluatedKey());
    }

    @ParameterizedTest(name = "TotalSegments = {0}")
    @ValueSource(ints = {1, 2, 3, 4, 7, 64})
    void scan_segments_coverEveryItemExactlyOnce(int totalSegments) {
        List<String> seen = new ArrayList<>();
        for (int segment = 0; segment < totalSegments; segment++) {
            int current = segment;
            seen.addAll(allPages(r -> r.segment(current).totalSegments(totalSegments)));
        }

        assertEquals(ITEMS, seen.size(), "no item read twice");
        assertEquals(ALL_KEYS, new HashSet<>(seen), "every item read");
    }

    @Test
    void scan_segments_withLimitAndPaging_coverEveryItemExactlyOnce() {
        List<String> seen = new ArrayList<>();
        for (int segment = 0; segment < 3; segment++) {
            int current = segment;
            seen.addAll(allPages(r -> r.segment(current).totalSegments(3).limit(4)));
        }

        assertEquals(ITEMS, seen.size());
        assertEquals(ALL_KEYS, new HashSet<>(seen));
    }

    /** Message recorded by dynalite's scan tests against AWS. */
    @Test
    void scan_refusesAnExclusiveStartKeyThatDoesNotMatchTheSchema() {
        assertValidation("The provided starting key is invalid: The provided key element does not match the schema",
                () -> scan(r -> r.exclusiveStartKey(item("pk", n(1)))));
    }

    @Test
    void scan_refusesASegmentWithoutTotalSegments() {
        assertValidation("The TotalSegments parameter is required but was not present in the request when Segment"
                + " parameter is present", () -> scan(r -> r.segment(0)));
    }

    @Test
    void scan_refusesTotalSegmentsWithoutASegment() {
        assertValidation("The Segment parameter is required but was not present in the request when parameter"
                + " TotalSegments is present", () -> scan(r -> r.totalSegments(2)));
    }

    @Test
    void scan_refusesASegmentNotLessThanTotalSegments() {
        assertValidation("The Segment parameter is zero-based and must be less than parameter TotalSegments:"
                + " Segment: 4 is not less than TotalSegments: 4", () -> scan(r -> r.segment(4).totalSegments(4)));
    }

    /** TotalSegments is at most 1,000,000 (API reference); the model's constraint message is compared in part. */
    @Test
    void scan_refusesMoreThanAMillionSegments() {
        assertErrorContaining(VALIDATION, "Member must have value less than or equal to 1000000",
                () -> scan(r -> r.segment(0).totalSegments(1_000_001)));
    }

    @Test
    void scan_selectCount_returnsTheCountWithoutItems() {
        ScanResponse response = scan(r -> r.select(Select.COUNT));

        assertEquals(ITEMS, response.count());
        assertFalse(response.hasItems());
    }

    @Test
    void scan_selectCount_refusesAProjectionExpression() {
        assertErrorContaining(VALIDATION, "Cannot specify the ProjectionExpression when choosing to get only the Count",
                () -> scan(r -> r.select(Select.COUNT).projectionExpression("alt")));
    }

    /** A GSI holds only the items that have its key attribute: a scan of it reads those and nothing else. */
    @Test
    void scan_ofAGlobalSecondaryIndex_returnsOnlyTheItemsItHolds() {
        ScanResponse response = scan(r -> r.indexName("byTag"));

        Set<String> tagged = IntStream.range(0, ITEMS).filter(i -> i % 5 == 0).mapToObj(ScanConformanceTest::key)
                .collect(Collectors.toSet());
        assertEquals(tagged, new HashSet<>(keys(response)));
        assertTrue(response.items().stream().allMatch(i -> i.keySet().equals(Set.of("pk", "tag"))),
                "KEYS_ONLY projection");
    }

    @Test
    void scan_ofAGlobalSecondaryIndex_pagesWithIndexAndTableKeys() {
        ScanResponse response = scan(r -> r.indexName("byTag").limit(3));

        assertEquals(Set.of("pk", "tag"), response.lastEvaluatedKey().keySet());
        assertEquals(8, allPages(r -> r.indexName("byTag").limit(3)).size());
    }

    @Test
    void scan_ofAGlobalSecondaryIndex_inSegments_coversEveryIndexedItemExactlyOnce() {
        List<String> seen = new ArrayList<>();
        for (int segment = 0; segment < 3; segment++) {
            int current = segment;
            seen.addAll(allPages(r -> r.indexName("byTag").segment(current).totalSegments(3)));
        }

        assertEquals(8, seen.size());
        assertEquals(8, new HashSet<>(seen).size());
    }

    @Test
    void scan_reportsConsumedCapacity_whenAskedForTotal() {
        ScanResponse response = scan(r -> r.limit(1).returnConsumedCapacity(
                software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity.TOTAL));

        assertEquals(table, response.consumedCapacity().tableName());
        assertEquals(0.5, response.consumedCapacity().capacityUnits());
    }

    @Test
    void scan_ofAGlobalSecondaryIndex_refusesConsistentRead() {
        assertValidation("Consistent reads are not supported on global secondary indexes",
                () -> scan(r -> r.indexName("byTag").consistentRead(true)));
    }

    @Test
    void scan_refusesAnUnknownIndex() {
        assertValidation("The table does not have the specified index: nope", () -> scan(r -> r.indexName("nope")));
    }

    @Test
    void scan_refusesAnUndefinedExpressionAttributeValueInTheFilter() {
        assertValidation("Invalid FilterExpression: An expression attribute value used in expression is not defined;"
                + " attribute value: :missing", () -> scan(r -> r.filterExpression("num = :missing")));
    }

    @Test
    void scan_failsWithResourceNotFound_whenTheTableDoesNotExist() {
        assertResourceNotFound(() -> client().scan(r -> r.tableName("no-such-table-scan")));
    }

    /** "A single Scan operation reads up to the maximum number of items set (if using the Limit parameter) or a maximum of 1 MB of data." */
    @Test
    void scan_stopsAPageAtOneMegabyte_andReturnsALastEvaluatedKey() {
        String big = Tables.createHashTable(client(), "scan-big", "pk", ScalarAttributeType.S);
        String payload = Values.ascii(200_000);
        for (int i = 0; i < 12; i++) {
            String k = "big-" + i;
            client().putItem(r -> r.tableName(big).item(item("pk", s(k), "payload", s(payload))));
        }
        ScanResponse first = client().scan(r -> r.tableName(big));

        assertTrue(first.count() == 5 || first.count() == 6, "items in a 1 MB page: " + first.count());
        assertTrue(first.hasLastEvaluatedKey());
    }
}
