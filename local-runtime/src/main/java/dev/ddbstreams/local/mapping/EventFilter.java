package dev.ddbstreams.local.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A mapping's filter criteria: EventBridge-style patterns evaluated against each record's JSON. A record is
 * delivered when any pattern matches (the patterns are ORed); with no pattern every record is delivered.
 *
 * <p>Inside a pattern every key must match (AND); a key's value is either a nested pattern (an object) or a list
 * of rules any of which may match. Rules: exact strings, numbers (compared numerically), booleans and
 * {@code null}; {@code {"prefix": s}}, {@code {"suffix": s}} (both also with {@code {"equals-ignore-case": s}}),
 * {@code {"equals-ignore-case": s}}, {@code {"wildcard": "a*b"}}, {@code {"anything-but": value | [values] |
 * {"prefix"|"suffix"|"equals-ignore-case": …}}}, {@code {"exists": true|false}},
 * {@code {"numeric": [">", 0, "<=", 5]}}, and {@code "$or": [pattern, …]}. A list value in the record matches
 * when any of its elements does. {@code numeric} matches JSON numbers only: DynamoDB's {@code "N"} values are
 * strings, so they are matched as strings, as in AWS.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/invocation-eventfiltering.html">Lambda event filtering</a>
 * @see <a href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html">EventBridge comparison operators</a>
 */
final class EventFilter {

    private static final EventFilter NONE = new EventFilter(List.of());

    private final List<JsonNode> patterns;

    private EventFilter(List<JsonNode> patterns) {
        this.patterns = patterns;
    }

    /**
     * @throws IllegalArgumentException naming the first unsupported or malformed rule (AWS rejects such filters
     *                                  when the mapping is created)
     */
    static EventFilter of(List<JsonNode> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            return NONE;
        }
        for (int i = 0; i < patterns.size(); i++) {
            JsonNode pattern = patterns.get(i);
            if (pattern == null || !pattern.isObject() || pattern.isEmpty()) {
                throw new IllegalArgumentException("filter " + (i + 1) + " must be a non-empty JSON object: " + pattern);
            }
            validatePattern(pattern, "filter " + (i + 1));
        }
        return new EventFilter(List.copyOf(patterns));
    }

    boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** @return whether {@code document} (the record as JSON) matches any pattern */
    boolean matches(JsonNode document) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (JsonNode pattern : patterns) {
            if (matchesObject(pattern, document)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesObject(JsonNode pattern, JsonNode document) {
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode alternative : field.getValue()) {
                    if (matchesObject(alternative, document)) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            JsonNode value = document != null && document.isObject() && document.has(field.getKey())
                    ? document.get(field.getKey()) : MissingNode.getInstance();
            JsonNode rule = field.getValue();
            boolean matched = rule.isObject() ? matchesObject(rule, value) : matchesRules(rule, value);
            if (!matched) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesRules(JsonNode rules, JsonNode value) {
        boolean present = !value.isMissingNode();
        List<JsonNode> candidates = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(candidates::add);
        } else if (present) {
            candidates.add(value);
        }
        for (JsonNode rule : rules) {
            if (rule.isObject() && rule.has("exists")) {
                if (rule.get("exists").asBoolean() == present) {
                    return true;
                }
                continue;
            }
            for (JsonNode candidate : candidates) {
                if (matchesRule(rule, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean matchesRule(JsonNode rule, JsonNode value) {
        if (!rule.isObject()) {
            return equalsScalar(rule, value);
        }
        Map.Entry<String, JsonNode> operator = rule.fields().next();
        JsonNode operand = operator.getValue();
        return switch (operator.getKey()) {
            case "prefix" -> value.isTextual() && startsWith(value.asText(), operand);
            case "suffix" -> value.isTextual() && endsWith(value.asText(), operand);
            case "equals-ignore-case" -> value.isTextual() && value.asText().equalsIgnoreCase(operand.asText());
            case "wildcard" -> value.isTextual() && wildcard(operand.asText()).matcher(value.asText()).matches();
            case "numeric" -> value.isNumber() && numeric(operand, value.decimalValue());
            case "anything-but" -> !anythingButExcludes(operand, value);
            default -> false;
        };
    }

    private static boolean anythingButExcludes(JsonNode operand, JsonNode value) {
        if (operand.isArray()) {
            for (JsonNode excluded : operand) {
                if (equalsScalar(excluded, value)) {
                    return true;
                }
            }
            return false;
        }
        if (operand.isObject()) {
            Map.Entry<String, JsonNode> inner = operand.fields().next();
            if (!value.isTextual()) {
                return false;
            }
            String text = value.asText();
            return switch (inner.getKey()) {
                case "prefix" -> startsWith(text, inner.getValue());
                case "suffix" -> endsWith(text, inner.getValue());
                case "wildcard" -> wildcard(inner.getValue().asText()).matcher(text).matches();
                case "equals-ignore-case" -> {
                    if (inner.getValue().isArray()) {
                        for (JsonNode excluded : inner.getValue()) {
                            if (text.equalsIgnoreCase(excluded.asText())) {
                                yield true;
                            }
                        }
                        yield false;
                    }
                    yield text.equalsIgnoreCase(inner.getValue().asText());
                }
                default -> false;
            };
        }
        return equalsScalar(operand, value);
    }

    private static boolean startsWith(String text, JsonNode operand) {
        if (operand.isObject() && operand.has("equals-ignore-case")) {
            String prefix = operand.get("equals-ignore-case").asText();
            return text.regionMatches(true, 0, prefix, 0, prefix.length());
        }
        return text.startsWith(operand.asText());
    }

    private static boolean endsWith(String text, JsonNode operand) {
        if (operand.isObject() && operand.has("equals-ignore-case")) {
            String suffix = operand.get("equals-ignore-case").asText();
            return text.length() >= suffix.length()
                    && text.regionMatches(true, text.length() - suffix.length(), suffix, 0, suffix.length());
        }
        return text.endsWith(operand.asText());
    }

    private static boolean equalsScalar(JsonNode rule, JsonNode value) {
        if (rule.isNull()) {
            return value.isNull();
        }
        if (rule.isNumber()) {
            return value.isNumber() && rule.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        if (rule.isBoolean()) {
            return value.isBoolean() && rule.booleanValue() == value.booleanValue();
        }
        return rule.isTextual() && value.isTextual() && rule.textValue().equals(value.textValue());
    }

    private static boolean numeric(JsonNode operand, BigDecimal number) {
        for (int i = 0; i + 1 < operand.size(); i += 2) {
            int comparison = number.compareTo(operand.get(i + 1).decimalValue());
            boolean ok = switch (operand.get(i).asText()) {
                case "=" -> comparison == 0;
                case "<" -> comparison < 0;
                case "<=" -> comparison <= 0;
                case ">" -> comparison > 0;
                case ">=" -> comparison >= 0;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Pattern wildcard(String glob) {
        List<String> parts = new ArrayList<>();
        for (String part : glob.split("\\*", -1)) {
            parts.add(Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", parts), Pattern.DOTALL);
    }

    private static void validatePattern(JsonNode pattern, String where) {
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String path = where + " at \"" + field.getKey() + "\"";
            JsonNode value = field.getValue();
            if (field.getKey().equals("$or")) {
                if (!value.isArray() || value.size() < 2) {
                    throw new IllegalArgumentException(path + ": $or needs a list of at least two patterns");
                }
                for (JsonNode alternative : value) {
                    if (!alternative.isObject()) {
                        throw new IllegalArgumentException(path + ": every $or alternative must be an object");
                    }
                    validatePattern(alternative, where);
                }
            } else if (value.isObject()) {
                validatePattern(value, path);
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException(path + ": an empty rule list matches nothing");
                }
                for (JsonNode rule : value) {
                    validateRule(rule, path);
                }
            } else {
                throw new IllegalArgumentException(path + ": a value must be a list of rules or a nested object, got "
                        + value);
            }
        }
    }

    private static void validateRule(JsonNode rule, String path) {
        if (rule.isValueNode()) {
            return;
        }
        if (!rule.isObject() || rule.size() != 1) {
            throw new IllegalArgumentException(path + ": a rule is a value or a one-key operator object, got " + rule);
        }
        Map.Entry<String, JsonNode> operator = rule.fields().next();
        JsonNode operand = operator.getValue();
        switch (operator.getKey()) {
            case "prefix", "suffix" -> {
                if (!operand.isTextual() && !(operand.isObject() && operand.has("equals-ignore-case"))) {
                    throw new IllegalArgumentException(path + ": " + operator.getKey() + " needs a string");
                }
            }
            case "equals-ignore-case", "wildcard" -> {
                if (!operand.isTextual()) {
                    throw new IllegalArgumentException(path + ": " + operator.getKey() + " needs a string");
                }
            }
            case "exists" -> {
                if (!operand.isBoolean()) {
                    throw new IllegalArgumentException(path + ": exists needs true or false");
                }
            }
            case "anything-but" -> {
                if (operand.isObject() && (operand.size() != 1 || !List.of("prefix", "suffix", "equals-ignore-case",
                        "wildcard").contains(operand.fieldNames().next()))) {
                    throw new IllegalArgumentException(path + ": anything-but takes a value, a list, or one of "
                            + "prefix, suffix, equals-ignore-case, wildcard");
                }
            }
            case "numeric" -> {
                if (!operand.isArray() || operand.isEmpty() || operand.size() % 2 != 0 || operand.size() > 4) {
                    throw new IllegalArgumentException(path + ": numeric needs [op, number] or [op, number, op, number]");
                }
                for (int i = 0; i < operand.size(); i += 2) {
                    if (!List.of("=", "<", "<=", ">", ">=").contains(operand.get(i).asText())
                            || !operand.get(i + 1).isNumber()) {
                        throw new IllegalArgumentException(path + ": numeric operators are =, <, <=, >, >= each "
                                + "followed by a number, got " + operand);
                    }
                }
            }
            default -> throw new IllegalArgumentException(path + ": operator \"" + operator.getKey()
                    + "\" is not supported by the local runtime (supported: prefix, suffix, equals-ignore-case, "
                    + "wildcard, anything-but, exists, numeric)");
        }
    }
}
