package dev.ddbstreams.local.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.local.wiring.KeySpec;
import dev.ddbstreams.local.wiring.QueueSpec;
import dev.ddbstreams.local.wiring.TableSpec;
import dev.ddbstreams.local.wiring.Wiring;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Creates every table (with its stream and TTL), queue (dead-letter queues first, then redrive
 * policies) and Kinesis stream of the wiring in the emulators. Idempotent: resources that already exist
 * (a restart on persisted data) are kept as they are and only described.
 */
public final class Provisioner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration KINESIS_ACTIVE_TIMEOUT = Duration.ofSeconds(20);

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final KinesisClient kinesis;
    private final Consumer<String> progress;

    /**
     * @param kinesis  {@code null} when no Kinesis emulator is available: Kinesis streams are then reported
     *                 unavailable
     * @param progress receives one line per resource created or found
     */
    public Provisioner(DynamoDbClient dynamoDb, SqsClient sqs, KinesisClient kinesis, Consumer<String> progress) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.kinesis = kinesis;
        this.progress = progress;
    }

    public ProvisionedResources provision(Wiring wiring) {
        Map<String, String> streamArns = new HashMap<>();
        wiring.tables().forEach((name, spec) -> {
            String streamArn = ensureTable(name, spec);
            if (streamArn != null) {
                streamArns.put(name, streamArn);
            }
        });
        Map<String, QueueRef> queues = ensureQueues(wiring.queues());
        List<String> unavailable = new ArrayList<>();
        Map<String, String> kinesisArns = new HashMap<>();
        wiring.kinesisStreams().forEach((name, spec) -> {
            if (kinesis == null) {
                unavailable.add("Kinesis stream " + name + ": no Kinesis emulator (kinesalite needs Node.js)");
            } else {
                kinesisArns.put(name, ensureKinesisStream(name, spec.shardCount()));
            }
        });
        return new ProvisionedResources(streamArns, queues, kinesisArns, unavailable);
    }

    private String ensureTable(String name, TableSpec spec) {
        TableDescription table = describeTable(name);
        if (table == null) {
            List<KeySchemaElement> keys = new ArrayList<>();
            List<AttributeDefinition> attributes = new ArrayList<>();
            addKey(spec.hashKey(), KeyType.HASH, keys, attributes);
            if (spec.rangeKey() != null) {
                addKey(spec.rangeKey(), KeyType.RANGE, keys, attributes);
            }
            CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(name)
                    .keySchema(keys).attributeDefinitions(attributes).billingMode(BillingMode.PAY_PER_REQUEST);
            if (spec.streamViewType() != null) {
                request.streamSpecification(StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(spec.streamViewType()).build());
            }
            table = dynamoDb.createTable(request.build()).tableDescription();
            if (spec.ttlAttribute() != null) {
                // The engine expires items past their TTL attribute, as DynamoDB does (REMOVE records by the service).
                dynamoDb.updateTimeToLive(b -> b.tableName(name)
                        .timeToLiveSpecification(t -> t.enabled(true).attributeName(spec.ttlAttribute())));
            }
            progress.accept("table " + name + " created" + streamNote(spec));
        } else {
            progress.accept("table " + name + " found" + streamNote(spec));
            if (spec.streamViewType() != null && table.latestStreamArn() == null) {
                throw new IllegalStateException("Table " + name + " exists without a stream but the wiring declares "
                        + spec.streamViewType() + "; delete the data directory (or run with --in-memory) to recreate it");
            }
        }
        return spec.streamViewType() == null ? null : table.latestStreamArn();
    }

    private static String streamNote(TableSpec spec) {
        return spec.streamViewType() == null ? "" : " (stream " + spec.streamViewType() + ")";
    }

    private TableDescription describeTable(String name) {
        try {
            return dynamoDb.describeTable(b -> b.tableName(name)).table();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    private static void addKey(KeySpec key, KeyType type, List<KeySchemaElement> keys, List<AttributeDefinition> attributes) {
        keys.add(KeySchemaElement.builder().attributeName(key.name()).keyType(type).build());
        attributes.add(AttributeDefinition.builder().attributeName(key.name()).attributeType(key.type()).build());
    }

    private Map<String, QueueRef> ensureQueues(Map<String, QueueSpec> specs) {
        Map<String, QueueRef> queues = new LinkedHashMap<>();
        // Dead-letter queues first: a redrive policy names its target by ARN.
        specs.forEach((name, spec) -> {
            if (spec.deadLetterQueue() == null) {
                queues.put(name, ensureQueue(name, spec, null));
            }
        });
        specs.forEach((name, spec) -> {
            if (spec.deadLetterQueue() != null) {
                queues.put(name, ensureQueue(name, spec, queues.get(spec.deadLetterQueue())));
            }
        });
        return queues;
    }

    private QueueRef ensureQueue(String name, QueueSpec spec, QueueRef deadLetterQueue) {
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        if (spec.visibilityTimeoutSeconds() != null) {
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, spec.visibilityTimeoutSeconds().toString());
        }
        if (spec.messageRetentionSeconds() != null) {
            attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, spec.messageRetentionSeconds().toString());
        }
        if (deadLetterQueue != null) {
            ObjectNode redrive = JSON.createObjectNode()
                    .put("deadLetterTargetArn", deadLetterQueue.arn())
                    .put("maxReceiveCount", spec.maxReceiveCount().toString());
            attributes.put(QueueAttributeName.REDRIVE_POLICY, redrive.toString());
        }
        String url = existingQueueUrl(name);
        if (url == null) {
            url = sqs.createQueue(b -> b.queueName(name).attributes(attributes)).queueUrl();
            progress.accept("queue " + name + " created" + (deadLetterQueue == null ? "" : " (redrive to "
                    + spec.deadLetterQueue() + " after " + spec.maxReceiveCount() + " receives)"));
        } else {
            String existing = url;
            // Keep a persisted queue in step with the wiring (visibility, retention, redrive may have changed).
            if (!attributes.isEmpty()) {
                sqs.setQueueAttributes(b -> b.queueUrl(existing).attributes(attributes));
            }
            progress.accept("queue " + name + " found");
        }
        String queueUrl = url;
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new QueueRef(url, arn);
    }

    private String existingQueueUrl(String name) {
        try {
            return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        } catch (QueueDoesNotExistException e) {
            return null;
        }
    }

    private String ensureKinesisStream(String name, int shardCount) {
        boolean exists = kinesis.listStreams().streamNames().contains(name);
        if (!exists) {
            kinesis.createStream(b -> b.streamName(name).shardCount(shardCount));
        }
        long deadline = System.nanoTime() + KINESIS_ACTIVE_TIMEOUT.toNanos();
        while (true) {
            var summary = kinesis.describeStreamSummary(b -> b.streamName(name)).streamDescriptionSummary();
            if (summary.streamStatus() == StreamStatus.ACTIVE) {
                progress.accept("Kinesis stream " + name + (exists ? " found" : " created") + " (" + shardCount + " shard"
                        + (shardCount == 1 ? "" : "s") + ")");
                return summary.streamARN();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kinesis stream " + name + " did not become ACTIVE within "
                        + KINESIS_ACTIVE_TIMEOUT.toSeconds() + " s (status " + summary.streamStatus() + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Kinesis stream " + name, e);
            }
        }
    }
}
