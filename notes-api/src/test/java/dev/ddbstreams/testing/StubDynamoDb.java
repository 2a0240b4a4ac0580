package dev.ddbstreams.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A scripted DynamoDB client for unit tests of handlers: it records every request and answers with what
 * the test scripted. An unscripted call fails the test with an {@link AssertionError} (an {@code Error}, so
 * the API's fault barrier cannot turn it into a 500), which is how tests prove that bad input never
 * reaches DynamoDB. Behaviour against real DynamoDB is what the {@code *IT} tests check.
 */
public final class StubDynamoDb implements DynamoDbClient {

    private final List<DynamoDbRequest> requests = new ArrayList<>();
    private Function<PutItemRequest, PutItemResponse> putItem = unexpected();
    private Function<GetItemRequest, GetItemResponse> getItem = unexpected();
    private Function<UpdateItemRequest, UpdateItemResponse> updateItem = unexpected();
    private Function<DeleteItemRequest, DeleteItemResponse> deleteItem = unexpected();
    private Function<ScanRequest, ScanResponse> scan = unexpected();

    public StubDynamoDb onPutItem(Function<PutItemRequest, PutItemResponse> answer) {
        this.putItem = answer;
        return this;
    }

    public StubDynamoDb onGetItem(Function<GetItemRequest, GetItemResponse> answer) {
        this.getItem = answer;
        return this;
    }

    public StubDynamoDb onUpdateItem(Function<UpdateItemRequest, UpdateItemResponse> answer) {
        this.updateItem = answer;
        return this;
    }

    public StubDynamoDb onDeleteItem(Function<DeleteItemRequest, DeleteItemResponse> answer) {
        this.deleteItem = answer;
        return this;
    }

    public StubDynamoDb onScan(Function<ScanRequest, ScanResponse> answer) {
        this.scan = answer;
        return this;
    }

    /** Every request received, in order. */
    public List<DynamoDbRequest> requests() {
        return List.copyOf(requests);
    }

    /** The only request received, of the given type. */
    public <T extends DynamoDbRequest> T onlyRequest(Class<T> type) {
        if (requests.size() != 1 || !type.isInstance(requests.get(0))) {
            throw new AssertionError("Expected exactly one " + type.getSimpleName() + ", got " + requests);
        }
        return type.cast(requests.get(0));
    }

    @Override
    public PutItemResponse putItem(PutItemRequest request) {
        requests.add(request);
        return putItem.apply(request);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest request) {
        requests.add(request);
        return getItem.apply(request);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest request) {
        requests.add(request);
        return updateItem.apply(request);
    }

    @Override
    public DeleteItemResponse deleteItem(DeleteItemRequest request) {
        requests.add(request);
        return deleteItem.apply(request);
    }

    @Override
    public ScanResponse scan(ScanRequest request) {
        requests.add(request);
        return scan.apply(request);
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
    }

    private static <Q, R> Function<Q, R> unexpected() {
        return request -> {
            throw new AssertionError("Unexpected DynamoDB call: " + request);
        };
    }
}
