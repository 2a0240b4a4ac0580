package dev.ddbstreams.endpoint.iam.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An identity-based policy as the evaluator reads it: its statements, or why it could not be read. A document that
 * cannot be read is kept (not dropped), so that a request it might have decided is refused with the reason instead of
 * being silently judged without it.
 *
 * @param name       the inline policy's name or the managed policy's ARN, for messages
 * @param statements the statements, in document order
 * @param unreadable why the document could not be read, if it could not
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html">IAM JSON policy grammar</a>
 */
public record PolicyDocument(String name, List<PolicyStatement> statements, Optional<String> unreadable) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public PolicyDocument {
        statements = List.copyOf(statements);
    }

    /**
     * Reads a policy document. {@code Statement} may be one object or an array; {@code Action}, {@code NotAction},
     * {@code Resource} and {@code NotResource} a string or an array of strings; {@code Principal} is ignored, as it has
     * no meaning in an identity-based policy; {@code Condition} maps operators to keys to a value or array of values.
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html">IAM JSON policy elements reference</a>
     */
    public static PolicyDocument parse(String name, String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException invalidJson) {
            return unreadable(name, "the document is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            return unreadable(name, "the document is not a JSON object");
        }
        JsonNode statementNode = root.get("Statement");
        if (statementNode == null || !(statementNode.isObject() || statementNode.isArray())) {
            return unreadable(name, "the document has no Statement object or array");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (statementNode.isArray()) {
            statementNode.forEach(nodes::add);
        } else {
            nodes.add(statementNode);
        }
        List<PolicyStatement> statements = new ArrayList<>();
        for (int index = 0; index < nodes.size(); index++) {
            JsonNode node = nodes.get(index);
            String label = node.hasNonNull("Sid") ? "statement " + node.get("Sid").asText() : "statement " + (index + 1);
            if (!node.isObject()) {
                return unreadable(name, label + " is not an object");
            }
            String effect = node.path("Effect").asText("");
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                return unreadable(name, label + " has no Effect of Allow or Deny");
            }
            Optional<List<String>> action = strings(node.get("Action"));
            Optional<List<String>> notAction = strings(node.get("NotAction"));
            Optional<List<String>> resource = strings(node.get("Resource"));
            Optional<List<String>> notResource = strings(node.get("NotResource"));
            // Exactly one of Action/NotAction and one of Resource/NotResource, as IAM's grammar requires.
            if (action.isPresent() == notAction.isPresent() || (node.has("Action") && action.isEmpty())
                    || (node.has("NotAction") && notAction.isEmpty())) {
                return unreadable(name, label + " needs exactly one of Action or NotAction, as strings");
            }
            if (resource.isPresent() == notResource.isPresent() || (node.has("Resource") && resource.isEmpty())
                    || (node.has("NotResource") && notResource.isEmpty())) {
                return unreadable(name, label + " needs exactly one of Resource or NotResource, as strings");
            }
            Optional<List<PolicyStatement.Condition>> conditions = conditions(node.get("Condition"));
            if (conditions.isEmpty()) {
                return unreadable(name, label + " has a Condition that is not an object of operators, keys and values");
            }
            List<String> resources = resource.or(() -> notResource).orElseThrow();
            // Policy variables exist only in Version 2012-10-17 documents; elsewhere "${...}" is literal text.
            Optional<String> variable = !root.path("Version").asText("").equals("2012-10-17") ? Optional.empty()
                    : Stream.concat(resources.stream(), conditions.get().stream().flatMap(c -> c.values().stream()))
                    .map(PolicyDocument::firstVariable).flatMap(Optional::stream).findFirst();
            statements.add(new PolicyStatement(label, effect.equals("Allow") ? PolicyStatement.Effect.ALLOW : PolicyStatement.Effect.DENY,
                    action.isPresent(), action.or(() -> notAction).orElseThrow(),
                    resource.isPresent(), resources, conditions.get(), variable));
        }
        return new PolicyDocument(name, statements, Optional.empty());
    }

    private static Optional<String> firstVariable(String value) {
        int start = value.indexOf("${");
        if (start < 0) {
            return Optional.empty();
        }
        int end = value.indexOf('}', start);
        return Optional.of(end < 0 ? value.substring(start) : value.substring(start, end + 1));
    }

    private static PolicyDocument unreadable(String name, String why) {
        return new PolicyDocument(name, List.of(), Optional.of(why));
    }

    private static Optional<List<String>> strings(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isTextual()) {
            return Optional.of(List.of(node.asText()));
        }
        if (!node.isArray() || node.isEmpty()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                return Optional.empty();
            }
            values.add(element.asText());
        }
        return Optional.of(values);
    }

    /** Condition values may be strings, numbers or booleans, one or an array; they are compared as text. */
    private static Optional<List<PolicyStatement.Condition>> conditions(JsonNode node) {
        if (node == null) {
            return Optional.of(List.of());
        }
        if (!node.isObject()) {
            return Optional.empty();
        }
        List<PolicyStatement.Condition> conditions = new ArrayList<>();
        for (Map.Entry<String, JsonNode> operator : iterable(node)) {
            if (!operator.getValue().isObject()) {
                return Optional.empty();
            }
            for (Map.Entry<String, JsonNode> key : iterable(operator.getValue())) {
                List<String> values = new ArrayList<>();
                JsonNode value = key.getValue();
                if (value.isArray()) {
                    for (JsonNode element : value) {
                        if (!element.isValueNode()) {
                            return Optional.empty();
                        }
                        values.add(element.asText());
                    }
                } else if (value.isValueNode()) {
                    values.add(value.asText());
                } else {
                    return Optional.empty();
                }
                conditions.add(new PolicyStatement.Condition(operator.getKey(), key.getKey(), values));
            }
        }
        return Optional.of(conditions);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        object.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        return fields.entrySet();
    }
}
