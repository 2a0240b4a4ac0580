package dev.ddbstreams.dynamodb.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.dynamodb.protocol.AttributeValueJson;
import dev.ddbstreams.dynamodb.streams.StreamRecord;
import dev.ddbstreams.dynamodb.tables.TableDefinition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Mutations as JSON, one commit (a list of mutations) per write-ahead-log frame. */
final class MutationCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private MutationCodec() {
    }

    static byte[] encode(List<Mutation> commit) {
        ArrayNode array = MAPPER.createArrayNode();
        commit.forEach(m -> array.add(encode(m)));
        try {
            return MAPPER.writeValueAsBytes(array);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Mutation> decode(byte[] frame) {
        try {
            JsonNode array = MAPPER.readTree(frame);
            List<Mutation> commit = new ArrayList<>(array.size());
            for (JsonNode node : array) {
                commit.add(decode(node));
            }
            return commit;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode encode(Mutation mutation) {
        ObjectNode node = MAPPER.createObjectNode();
        if (mutation instanceof Mutation.TableCreated m) {
            node.put("t", "TableCreated").set("definition", MAPPER.valueToTree(m.definition()));
        } else if (mutation instanceof Mutation.TableRedefined m) {
            node.put("t", "TableRedefined").set("definition", MAPPER.valueToTree(m.definition()));
        } else if (mutation instanceof Mutation.TableDeleted m) {
            node.put("t", "TableDeleted").put("table", m.tableName());
        } else if (mutation instanceof Mutation.StreamCreated m) {
            node.put("t", "StreamCreated").put("table", m.tableName()).put("arn", m.arn()).put("label", m.label())
                    .put("viewType", m.viewType()).put("created", m.createdMillis()).put("shardId", m.shardId())
                    .put("start", m.startingSequence());
            ArrayNode keys = node.putArray("keySchema");
            m.keySchema().forEach(keys::add);
        } else if (mutation instanceof Mutation.StreamDisabled m) {
            node.put("t", "StreamDisabled").put("arn", m.arn());
        } else if (mutation instanceof Mutation.ItemPut m) {
            node.put("t", "ItemPut").put("table", m.tableName()).set("item", AttributeValueJson.writeMap(m.item()));
        } else if (mutation instanceof Mutation.ItemDeleted m) {
            node.put("t", "ItemDeleted").put("table", m.tableName()).set("key", AttributeValueJson.writeMap(m.key()));
        } else if (mutation instanceof Mutation.RecordAdded m) {
            StreamRecord r = m.record();
            node.put("t", "RecordAdded").put("arn", m.streamArn()).put("seq", r.sequence()).put("id", r.eventId())
                    .put("name", r.eventName()).put("created", r.createdMillis()).put("size", r.sizeBytes())
                    .put("viewType", r.viewType()).put("service", r.service());
            node.set("keys", AttributeValueJson.writeMap(r.keys()));
            if (r.newImage() != null) {
                node.set("new", AttributeValueJson.writeMap(r.newImage()));
            }
            if (r.oldImage() != null) {
                node.set("old", AttributeValueJson.writeMap(r.oldImage()));
            }
        } else if (mutation instanceof Mutation.SequenceFloor m) {
            node.put("t", "SequenceFloor").put("seq", m.sequence());
        }
        return node;
    }

    private static Mutation decode(JsonNode node) throws IOException {
        switch (node.get("t").asText()) {
            case "TableCreated":
                return new Mutation.TableCreated(MAPPER.treeToValue(node.get("definition"), TableDefinition.class));
            case "TableRedefined":
                return new Mutation.TableRedefined(MAPPER.treeToValue(node.get("definition"), TableDefinition.class));
            case "TableDeleted":
                return new Mutation.TableDeleted(node.get("table").asText());
            case "StreamCreated": {
                List<String> keys = new ArrayList<>();
                node.get("keySchema").forEach(k -> keys.add(k.asText()));
                return new Mutation.StreamCreated(node.get("table").asText(), node.get("arn").asText(),
                        node.get("label").asText(), node.get("viewType").asText(), node.get("created").asLong(),
                        node.get("shardId").asText(), node.get("start").asLong(), keys);
            }
            case "StreamDisabled":
                return new Mutation.StreamDisabled(node.get("arn").asText());
            case "ItemPut":
                return new Mutation.ItemPut(node.get("table").asText(), AttributeValueJson.readMap(node.get("item")));
            case "ItemDeleted":
                return new Mutation.ItemDeleted(node.get("table").asText(), AttributeValueJson.readMap(node.get("key")));
            case "RecordAdded":
                return new Mutation.RecordAdded(node.get("arn").asText(), new StreamRecord(node.get("seq").asLong(),
                        node.get("id").asText(), node.get("name").asText(), node.get("created").asLong(),
                        AttributeValueJson.readMap(node.get("keys")), AttributeValueJson.readMap(node.get("new")),
                        AttributeValueJson.readMap(node.get("old")), node.get("size").asLong(),
                        node.get("viewType").asText(), node.get("service").asBoolean()));
            case "SequenceFloor":
                return new Mutation.SequenceFloor(node.get("seq").asLong());
            default:
                throw new IOException("unknown mutation " + node.get("t"));
        }
    }
}
