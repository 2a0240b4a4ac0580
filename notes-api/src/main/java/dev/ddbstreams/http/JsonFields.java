package dev.ddbstreams.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks on the members of a JSON request object.
 *
 * <p>Unknown members are rejected ({@code UnknownField}) rather than ignored: a misspelt {@code "contnet"}
 * would otherwise be dropped silently, and a client-sent {@code "id"}, {@code "createdAt"} or
 * {@code "wordCount"} would look as if it had been honoured.
 */
public final class JsonFields {

    private static final int MAX_ECHOED_NAME_LENGTH = 64;

    private JsonFields() {
    }

    /** Valid when {@code body} has no member outside {@code allowed}. */
    public static Validated<ObjectNode> onlyKnown(ObjectNode body, Set<String> allowed) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                return Validated.invalid(ErrorCode.UNKNOWN_FIELD, "Unknown field " + echo(name)
                        + "; allowed fields: " + String.join(", ", new TreeSet<>(allowed)) + ".");
            }
        }
        return Validated.valid(body);
    }

    /** "an array", "a number", ... for messages. */
    public static String describeType(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        switch (node.getNodeType()) {
            case ARRAY:
                return "an array";
            case BOOLEAN:
                return "a boolean";
            case NULL:
                return "null";
            case NUMBER:
                return "a number";
            case OBJECT:
                return "an object";
            case STRING:
                return "a string";
            default:
                return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Field names come from the client: quote short printable ones, describe the rest. */
    static String echo(String name) {
        boolean printable = name.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f && Character.getType(c) != Character.CONTROL
                && !Character.isSurrogate((char) c));
        if (name.isEmpty() || name.length() > MAX_ECHOED_NAME_LENGTH || !printable) {
            return "(a name of " + name.length() + " characters)";
        }
        return "\"" + name + "\"";
    }
}
