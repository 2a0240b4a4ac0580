package dev.ddbstreams.local.mapping;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ddbstreams.local.lambda.FunctionInvoker;
import dev.ddbstreams.local.lambda.Invocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A scripted function: records every batch it is invoked with and answers as its script says (success, a
 * function error, a failure report). Never throws.
 */
final class FakeFunctionInvoker implements FunctionInvoker {

    /** What the function does with one invocation. */
    @FunctionalInterface
    interface Script {
        Invocation answer(Call call);
    }

    /**
     * One invocation.
     *
     * @param number 1-based, across the fake's life
     * @param ids    each record's identifier: DynamoDB SequenceNumber, Kinesis sequenceNumber or SQS messageId
     */
    record Call(int number, String function, String source, JsonNode event, List<String> ids, Invocation result) {

        List<JsonNode> records() {
            List<JsonNode> records = new ArrayList<>();
            event.get("Records").forEach(records::add);
            return records;
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private volatile Script script;

    FakeFunctionInvoker(Script script) {
        this.script = script;
    }

    static FakeFunctionInvoker succeeding() {
        return new FakeFunctionInvoker(call -> success(null));
    }

    void script(Script value) {
        script = value;
    }

    static Invocation success(String response) {
        return new Invocation(UUID.randomUUID().toString(), Invocation.Outcome.SUCCESS, response, null, null,
                Duration.ofMillis(1), false);
    }

    static Invocation functionError(String message) {
        return new Invocation(UUID.randomUUID().toString(), Invocation.Outcome.FUNCTION_ERROR, null,
                "java.lang.IllegalStateException", message, Duration.ofMillis(1), false);
    }

    /** {"batchItemFailures":[{"itemIdentifier":id}, …]} */
    static Invocation itemFailures(List<String> ids) {
        StringBuilder json = new StringBuilder("{\"batchItemFailures\":[");
        for (int i = 0; i < ids.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"itemIdentifier\":")
                    .append(ids.get(i) == null ? "null" : "\"" + ids.get(i) + "\"").append('}');
        }
        return success(json.append("]}").toString());
    }

    @Override
    public synchronized Invocation invoke(String functionName, String invokedFunctionArn, String payloadJson, String source) {
        JsonNode event;
        try {
            event = Fixtures.JSON.readTree(payloadJson);
        } catch (IOException e) {
            throw new UncheckedIOException("the engine sent invalid JSON", e);
        }
        List<String> ids = new ArrayList<>();
        event.get("Records").forEach(record -> ids.add(idOf(record)));
        Call pending = new Call(calls.size() + 1, functionName, source, event, List.copyOf(ids), null);
        Invocation result = script.answer(pending);
        calls.add(new Call(pending.number(), functionName, source, event, pending.ids(), result));
        return result;
    }

    static String idOf(JsonNode record) {
        if (record.has("dynamodb")) {
            return record.get("dynamodb").get("SequenceNumber").asText();
        }
        if (record.has("kinesis")) {
            return record.get("kinesis").get("sequenceNumber").asText();
        }
        return record.get("messageId").asText();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Identifiers of every record in every invocation, in invocation order. */
    List<String> deliveredIds() {
        List<String> ids = new ArrayList<>();
        calls.forEach(call -> ids.addAll(call.ids()));
        return ids;
    }

    /** Identifiers of records in invocations that succeeded and did not report them as failed. */
    List<String> succeededIds() {
        List<String> ids = new ArrayList<>();
        for (Call call : calls) {
            if (!call.result().succeeded()) {
                continue;
            }
            BatchItemFailures.Result parsed = BatchItemFailures.parse(call.result().responseJson(),
                    new java.util.HashSet<>(call.ids()), false);
            switch (parsed.kind()) {
                case ALL_SUCCEEDED -> ids.addAll(call.ids());
                case SOME_FAILED -> {
                    // Lambda treats everything from the lowest failure on as not handled.
                    for (String id : call.ids()) {
                        if (parsed.failedIds().contains(id)) {
                            break;
                        }
                        ids.add(id);
                    }
                }
                case ALL_FAILED -> {
                }
            }
        }
        return ids;
    }

    /** Waits (polling) until {@code condition} holds for the calls so far; fails with them after {@code timeout}. */
    List<Call> await(Predicate<List<Call>> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Call> snapshot = calls();
            if (condition.test(snapshot)) {
                return snapshot;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("timed out waiting for " + what + "; invocations so far: " + describe());
        return List.of();
    }

    String describe() {
        StringBuilder text = new StringBuilder();
        for (Call call : calls) {
            text.append("\n  #").append(call.number()).append(' ').append(call.ids()).append(" -> ")
                    .append(call.result().outcome()).append(call.result().responseJson() == null ? ""
                            : " " + call.result().responseJson());
        }
        return text.toString();
    }
}
