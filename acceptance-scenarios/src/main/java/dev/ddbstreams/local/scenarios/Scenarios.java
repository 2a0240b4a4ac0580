package dev.ddbstreams.local.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The nine rows of the scenario catalogue (DESIGN.md section 2), each driven with sample data against a
 * {@link Deployment} and checked for its effect. Used by {@code make demo}, by the end-to-end ITs of the
 * local runtime and by the LocalStack ITs, so every target is held to the same expectations.
 *
 * <p>Every run uses fresh ids and names, so the scenarios can run against a deployment that already
 * holds data (a persisted local runtime, a shared LocalStack).
 */
public final class Scenarios {

    /** One catalogue row. */
    public record Scenario(int row, String title, Step step) {
    }

    /** The body of a scenario: drives the deployment and returns what happened, or throws ScenarioFailure. */
    @FunctionalInterface
    public interface Step {
        String run(Deployment deployment) throws Exception;
    }

    /** Thrown by a step whose effect cannot be observed on this deployment. */
    public static final class NotObservable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotObservable(String reason) {
            super(reason);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Duration timeout;

    /** @param timeout how long each asynchronous effect may take to appear */
    public Scenarios(Duration timeout) {
        this.timeout = timeout;
    }

    public List<Scenario> all() {
        return List.of(
                new Scenario(1, "HTTP API POST /notes -> notes table", this::notesApi),
                new Scenario(2, "notes stream -> word-count (direct)", this::wordCountDirect),
                new Scenario(3, "notes stream -> forwarder -> SQS word-count -> word-count (queue)", this::wordCountQueue),
                new Scenario(4, "Orders (KEYS_ONLY, batch 1) -> keys logger", this::ordersKeysLogger),
                new Scenario(5, "StoreOrders (NEW_IMAGE, batch 5, bisect) -> echo logger", this::storeOrdersEcho),
                new Scenario(6, "StoreOrders -> score-aggregator -> OrderTotals", this::orderTotals),
                new Scenario(7, "Kinesis Lab-Stream -> record logger", this::kinesisLogger),
                new Scenario(8, "GameScoreRecords -> score-aggregator -> GameScoresByUser", this::gameScores),
                new Scenario(9, "HTTP API /users, DELETE -> Users stream (REMOVE only) -> removal logger", this::userRemoval));
    }

    /** Runs every scenario in order; a failure does not stop the others. */
    public List<ScenarioResult> runAll(Deployment deployment) {
        List<ScenarioResult> results = new ArrayList<>();
        for (Scenario scenario : all()) {
            results.add(run(scenario, deployment));
        }
        return results;
    }

    public ScenarioResult run(Scenario scenario, Deployment deployment) {
        long start = System.nanoTime();
        ScenarioResult.Status status;
        String detail;
        try {
            detail = scenario.step().run(deployment);
            status = ScenarioResult.Status.PASSED;
        } catch (NotObservable e) {
            status = ScenarioResult.Status.SKIPPED;
            detail = e.getMessage();
        } catch (ScenarioFailure e) {
            status = ScenarioResult.Status.FAILED;
            detail = e.getMessage();
        } catch (Exception e) {
            status = ScenarioResult.Status.FAILED;
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new ScenarioResult(scenario.row(), scenario.title(), status, detail,
                Duration.ofNanos(System.nanoTime() - start));
    }

    // --- rows 1-3: notes and word counts --------------------------------------------------------------

    private String notesApi(Deployment deployment) throws IOException, InterruptedException {
        HttpResponse<String> created = post(deployment, "/notes",
                "{\"title\":\"Count me\",\"content\":\"Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nulla vitae.\"}");
        expectStatus(created, 201);
        String id = json(created.body()).path("id").asText();
        HttpResponse<String> read = get(deployment, "/notes/" + id);
        expectStatus(read, 200);
        if (!"Count me".equals(json(read.body()).path("title").asText())) {
            throw new ScenarioFailure("GET /notes/" + id + " returned " + read.body());
        }
        HttpResponse<String> malformed = post(deployment, "/notes", "{\"title\": ");
        expectStatus(malformed, 400);
        if (!json(malformed.body()).has("error")) {
            throw new ScenarioFailure("a malformed body got a 400 without a JSON error: " + malformed.body());
        }
        return "POST /notes -> 201 id " + id + "; GET -> 200; malformed JSON -> 400 " + malformed.body();
    }

    private String wordCountDirect(Deployment deployment) throws IOException, InterruptedException {
        long before = delivered(deployment, "notes-word-count");
        String content = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Nulla vitae.";
        String id = createNote(deployment, content);
        int count = awaitWordCount(deployment, id, 10);
        awaitDelivered(deployment, "notes-word-count", before);
        return "note " + id + " (\"" + content + "\") got wordCount " + count;
    }

    private String wordCountQueue(Deployment deployment) throws IOException, InterruptedException {
        long before = delivered(deployment, "word-count-queue");
        String content = "some text\twith  odd\u00a0spacing";
        String id = createNote(deployment, content);
        int count = awaitWordCount(deployment, id, 5);
        awaitDelivered(deployment, "word-count-queue", before);
        return "note " + id + " forwarded through the word-count queue; wordCount " + count
                + " (tab, double space and NBSP separate words)";
    }

    /** Through the HTTP API where it is reachable, else straight into the table (the stream sees the same INSERT). */
    private String createNote(Deployment deployment, String content) throws IOException, InterruptedException {
        if (deployment.httpApi().isEmpty()) {
            String id = UUID.randomUUID().toString();
            deployment.dynamoDb().putItem(b -> b.tableName(deployment.table("notes")).item(Map.of(
                    "id", AttributeValue.fromS(id), "title", AttributeValue.fromS("scenario"),
                    "content", AttributeValue.fromS(content),
                    "createdAt", AttributeValue.fromS(java.time.Instant.now().toString()))));
            return id;
        }
        HttpResponse<String> created = post(deployment, "/notes",
                JSON.createObjectNode().put("title", "scenario").put("content", content).toString());
        expectStatus(created, 201);
        return json(created.body()).path("id").asText();
    }

    private int awaitWordCount(Deployment deployment, String id, int expected) {
        String table = deployment.table("notes");
        Map<String, AttributeValue> key = Map.of("id", AttributeValue.fromS(id));
        return Eventually.await("wordCount " + expected + " on note " + id, timeout, () -> {
            Map<String, AttributeValue> item = deployment.dynamoDb()
                    .getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
            AttributeValue count = item == null ? null : item.get("wordCount");
            return count != null && Integer.parseInt(count.n()) == expected ? Optional.of(expected) : Optional.empty();
        }, () -> String.valueOf(deployment.dynamoDb().getItem(b -> b.tableName(table).key(key)).item()));
    }

    // --- rows 4, 5, 7, 9: loggers ----------------------------------------------------------------------

    private String ordersKeysLogger(Deployment deployment) {
        long id = ThreadLocalRandom.current().nextLong(1, 1_000_000_000L);
        deployment.dynamoDb().putItem(b -> b.tableName(deployment.table("Orders"))
                .item(Map.of("Id", AttributeValue.fromN(Long.toString(id)), "Amount", AttributeValue.fromN("1000"))));
        String line = awaitLogLine(deployment, "orders-keys-logger", Long.toString(id));
        return "PutItem Orders {Id: " + id + ", Amount: 1000} logged: " + line;
    }

    private String storeOrdersEcho(Deployment deployment) {
        String id = "order-" + UUID.randomUUID();
        deployment.dynamoDb().putItem(b -> b.tableName(deployment.table("StoreOrders")).item(Map.of(
                "id", AttributeValue.fromS(id), "item", AttributeValue.fromS("echo-widget"),
                "quantity", AttributeValue.fromN("2"), "price", AttributeValue.fromN("4.25"))));
        String line = awaitLogLine(deployment, "store-orders-echo", id);
        return "PutItem StoreOrders " + id + " echoed: " + line;
    }

    private String kinesisLogger(Deployment deployment) {
        KinesisClient kinesis = deployment.kinesis()
                .orElseThrow(() -> new NotObservable("no Kinesis on this deployment (started with --no-kinesis)"));
        // The seed's text with a suffix no earlier run can have logged: a line from an earlier run must not pass
        // for this one (four random digits once collided within one test class).
        String text = "Hello, this is a test " + UUID.randomUUID().toString().substring(0, 8) + ".";
        kinesis.putRecord(b -> b.streamName(deployment.kinesisStream("Lab-Stream")).partitionKey("scenario")
                .data(SdkBytes.fromString(text, StandardCharsets.UTF_8)));
        String line = awaitLogLine(deployment, "lab-stream-logger", text);
        return "PutRecord \"" + text + "\" decoded and logged: " + line;
    }

    private String userRemoval(Deployment deployment) throws IOException, InterruptedException {
        String email = "jane.doe." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        HttpResponse<String> created = post(deployment, "/users", JSON.createObjectNode().put("email", email).toString());
        expectStatus(created, 201);
        JsonNode user = json(created.body());
        String id = user.path("id").asText();
        if (!user.path("timestamp").isNumber()) {
            throw new ScenarioFailure("POST /users returned no numeric timestamp: " + created.body());
        }
        HttpResponse<String> deleted = request(deployment, "DELETE", "/users/" + id, null);
        expectStatus(deleted, 200);
        String line = awaitLogLine(deployment, "user-removal-logger", id);
        List<String> mentions = deployment.introspection().orElseThrow().functionLog("user-removal-logger").stream()
                .filter(l -> l.contains(id)).toList();
        if (mentions.stream().anyMatch(l -> l.contains(email))) {
            throw new ScenarioFailure("the removal log contains the full e-mail address: " + mentions);
        }
        if (mentions.stream().anyMatch(l -> l.contains("INSERT"))) {
            throw new ScenarioFailure("the INSERT reached the removal logger despite the REMOVE filter: " + mentions);
        }
        return "POST /users -> 201, DELETE /users/" + id + " -> 200; only the REMOVE was logged, e-mail masked: " + line;
    }

    private String awaitLogLine(Deployment deployment, String function, String needle) {
        Deployment.Introspection introspection = deployment.introspection()
                .orElseThrow(() -> new NotObservable("the effect is a log line; this deployment's logs are not readable here"));
        return Eventually.await("a " + function + " log line containing " + needle, timeout,
                () -> introspection.functionLog(function).stream().filter(l -> l.contains(needle)).findFirst(),
                () -> tail(introspection.functionLog(function)));
    }

    // --- rows 6 and 8: aggregates ----------------------------------------------------------------------

    private String orderTotals(Deployment deployment) {
        String table = deployment.table("StoreOrders");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String widget = "widget-" + suffix;
        String gadget = "gadget-" + suffix;
        String first = "order-" + UUID.randomUUID();
        String second = "order-" + UUID.randomUUID();
        putOrder(deployment, table, first, widget, 2, "2.50");
        putOrder(deployment, table, second, widget, 1, "10");
        putOrder(deployment, table, first, widget, 3, "2.50");   // modify: quantity 2 -> 3
        putOrder(deployment, table, second, gadget, 1, "10");    // move: widget -> gadget
        String third = "order-" + UUID.randomUUID();
        putOrder(deployment, table, third, gadget, 5, "1.99");
        deployment.dynamoDb().deleteItem(b -> b.tableName(table).key(Map.of("id", AttributeValue.fromS(third))));
        awaitTotals(deployment, widget, "3", "7.50", "1");
        awaitTotals(deployment, gadget, "1", "10", "1");
        return "6 writes (insert, modify, move, delete) -> " + widget + " {quantity 3, revenue 7.50, orders 1}, "
                + gadget + " {quantity 1, revenue 10, orders 1}";
    }

    private static void putOrder(Deployment deployment, String table, String id, String item, int quantity, String price) {
        deployment.dynamoDb().putItem(b -> b.tableName(table).item(Map.of("id", AttributeValue.fromS(id),
                "item", AttributeValue.fromS(item), "quantity", AttributeValue.fromN(Integer.toString(quantity)),
                "price", AttributeValue.fromN(price))));
    }

    private void awaitTotals(Deployment deployment, String item, String quantity, String revenue, String orders) {
        String table = deployment.table("OrderTotals");
        Map<String, AttributeValue> key = Map.of("item", AttributeValue.fromS(item));
        Eventually.await("OrderTotals[" + item + "] = {quantity " + quantity + ", revenue " + revenue + ", orders "
                + orders + "}", timeout, () -> {
                    Map<String, AttributeValue> row = deployment.dynamoDb()
                            .getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
                    return row != null && numberEquals(row.get("quantity"), quantity)
                            && numberEquals(row.get("revenue"), revenue) && numberEquals(row.get("orders"), orders)
                            ? Optional.of(row) : Optional.empty();
                }, () -> String.valueOf(deployment.dynamoDb().getItem(b -> b.tableName(table).key(key)).item()));
    }

    private String gameScores(Deployment deployment) {
        String table = deployment.table("GameScoreRecords");
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String jane = "Jane Doe " + suffix;
        String john = "John Roe " + suffix;
        long base = ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000L);
        putScore(deployment, table, base, jane, 100);
        putScore(deployment, table, base + 1, jane, 50);
        putScore(deployment, table, base + 2, john, 30);
        putScore(deployment, table, base + 1, john, 70);   // move record base+1 from Jane (50) to John (70)
        deployment.dynamoDb().deleteItem(b -> b.tableName(table)
                .key(Map.of("RecordID", AttributeValue.fromN(Long.toString(base)))));
        awaitScore(deployment, jane, "0");
        awaitScore(deployment, john, "100");
        return "5 writes (3 inserts, a move between users, a delete) -> " + jane + " 0, " + john + " 100";
    }

    private static void putScore(Deployment deployment, String table, long recordId, String user, int score) {
        deployment.dynamoDb().putItem(b -> b.tableName(table).item(Map.of(
                "RecordID", AttributeValue.fromN(Long.toString(recordId)), "Username", AttributeValue.fromS(user),
                "Score", AttributeValue.fromN(Integer.toString(score)), "Nickname", AttributeValue.fromS("nick"))));
    }

    private void awaitScore(Deployment deployment, String user, String score) {
        String table = deployment.table("GameScoresByUser");
        Map<String, AttributeValue> key = Map.of("Username", AttributeValue.fromS(user));
        Eventually.await("GameScoresByUser[" + user + "].Score = " + score, timeout, () -> {
            Map<String, AttributeValue> row = deployment.dynamoDb()
                    .getItem(b -> b.tableName(table).key(key).consistentRead(true)).item();
            // The aggregator deletes a row whose sum returns to zero: an absent row is a zero score.
            AttributeValue current = row == null || row.isEmpty() ? AttributeValue.fromN("0") : row.get("Score");
            return numberEquals(current, score) ? Optional.of(score) : Optional.empty();
        }, () -> String.valueOf(deployment.dynamoDb().getItem(b -> b.tableName(table).key(key)).item()));
    }

    private static boolean numberEquals(AttributeValue value, String expected) {
        return value != null && value.n() != null && new BigDecimal(value.n()).compareTo(new BigDecimal(expected)) == 0;
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private static long delivered(Deployment deployment, String mapping) {
        return deployment.introspection().flatMap(i -> optional(i.recordsDelivered(mapping))).orElse(0L);
    }

    /** Where the deployment counts deliveries, waits for this mapping's count to pass {@code before}. */
    private void awaitDelivered(Deployment deployment, String mapping, long before) {
        deployment.introspection().filter(i -> i.recordsDelivered(mapping).isPresent()).ifPresent(introspection -> Eventually.await(
                "mapping " + mapping + " to deliver a record", timeout,
                () -> introspection.recordsDelivered(mapping).orElse(0) > before ? Optional.of(true) : Optional.empty(),
                () -> "recordsDelivered " + introspection.recordsDelivered(mapping)));
    }

    private static Optional<Long> optional(java.util.OptionalLong value) {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    private static HttpResponse<String> get(Deployment deployment, String path) throws IOException, InterruptedException {
        return request(deployment, "GET", path, null);
    }

    private static HttpResponse<String> post(Deployment deployment, String path, String body)
            throws IOException, InterruptedException {
        return request(deployment, "POST", path, body);
    }

    private static HttpResponse<String> request(Deployment deployment, String method, String path, String body)
            throws IOException, InterruptedException {
        URI api = deployment.httpApi().orElseThrow(() -> new NotObservable("the HTTP API is not reachable on this deployment"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expectStatus(HttpResponse<String> response, int expected) {
        if (response.statusCode() != expected) {
            throw new ScenarioFailure(response.request().method() + " " + response.uri().getPath() + " returned "
                    + response.statusCode() + " (expected " + expected + "): " + response.body());
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new ScenarioFailure("response is not JSON: " + body);
        }
    }

    private static String tail(List<String> lines) {
        return lines.isEmpty() ? "no log lines" : String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
}
