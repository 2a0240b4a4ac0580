package dev.ddbstreams.dynamodb.storage;

import dev.ddbstreams.dynamodb.model.AttributeValue;
import dev.ddbstreams.dynamodb.streams.StreamRecord;
import dev.ddbstreams.dynamodb.tables.TableDefinition;
import java.util.List;
import java.util.Map;

/**
 * One change to the engine's state, as the write-ahead log records it. Applying the same mutations in the
 * same order rebuilds the same state, stream records and their sequence numbers included.
 */
public sealed interface Mutation {

    record TableCreated(TableDefinition definition) implements Mutation {
    }

    record TableRedefined(TableDefinition definition) implements Mutation {
    }

    record TableDeleted(String tableName) implements Mutation {
    }

    record StreamCreated(String tableName, String arn, String label, String viewType, long createdMillis,
            String shardId, long startingSequence, List<String> keySchema) implements Mutation {
    }

    record StreamDisabled(String arn) implements Mutation {
    }

    record ItemPut(String tableName, Map<String, AttributeValue> item) implements Mutation {
    }

    record ItemDeleted(String tableName, Map<String, AttributeValue> key) implements Mutation {
    }

    record RecordAdded(String streamArn, StreamRecord record) implements Mutation {
    }

    /** Keeps sequence numbers increasing across a snapshot even when the records themselves were trimmed. */
    record SequenceFloor(long sequence) implements Mutation {
    }
}
