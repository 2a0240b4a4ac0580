package dev.ddbstreams.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A string member of a request object and the rules its value must follow: a JSON string (not a number,
 * not null), not blank, no control characters (line breaks and tabs only where {@code multiline}), no
 * unpaired surrogates, and at most {@code maxUtf8Bytes} bytes of UTF-8, the unit DynamoDB limits items in.
 *
 * @param name the member name, used in messages
 * @param maxUtf8Bytes the largest accepted value in UTF-8 bytes; a larger one is a 413 {@code ItemTooLarge}
 * @param multiline whether {@code \n}, {@code \r} and {@code \t} are allowed
 */
public record TextField(String name, long maxUtf8Bytes, boolean multiline) {

    /** The value, or {@code MissingField} when the member is absent. */
    public Validated<String> required(ObjectNode body) {
        JsonNode node = body.get(name);
        if (node == null) {
            return Validated.invalid(ErrorCode.MISSING_FIELD, "Field \"" + name + "\" is required.");
        }
        return check(node);
    }

    /** The value, or empty when the member is absent; present members follow the same rules. */
    public Validated<Optional<String>> optional(ObjectNode body) {
        JsonNode node = body.get(name);
        if (node == null) {
            return Validated.valid(Optional.empty());
        }
        return check(node).map(Optional::of);
    }

    private Validated<String> check(JsonNode node) {
        if (!node.isTextual()) {
            return Validated.invalid(ErrorCode.INVALID_FIELD_TYPE,
                    "Field \"" + name + "\" must be a string, not " + JsonFields.describeType(node) + ".");
        }
        return check(node.textValue());
    }

    /** The rules on a value that is already a string. */
    public Validated<String> check(String value) {
        if (Utf8.byteLength(value) > maxUtf8Bytes) {
            return Validated.invalid(ErrorCode.ITEM_TOO_LARGE, "Field \"" + name + "\" exceeds " + maxUtf8Bytes
                    + " bytes of UTF-8 (DynamoDB items are limited to 400 KB).");
        }
        if (Utf8.hasUnpairedSurrogate(value)) {
            return Validated.invalid(ErrorCode.INVALID_FIELD_VALUE,
                    "Field \"" + name + "\" contains an unpaired UTF-16 surrogate, which has no UTF-8 form.");
        }
        if (value.codePoints().anyMatch(this::isForbiddenControl)) {
            return Validated.invalid(ErrorCode.INVALID_FIELD_VALUE, "Field \"" + name + "\" must not contain control "
                    + (multiline ? "characters other than line breaks and tabs." : "characters."));
        }
        if (isBlank(value)) {
            return Validated.invalid(ErrorCode.INVALID_FIELD_VALUE, "Field \"" + name + "\" must not be empty or blank.");
        }
        return Validated.valid(value);
    }

    private boolean isForbiddenControl(int codePoint) {
        if (multiline && (codePoint == '\n' || codePoint == '\r' || codePoint == '\t')) {
            return false;
        }
        return Character.getType(codePoint) == Character.CONTROL;
    }

    /** Blank in the Unicode sense: {@link String#isBlank()} misses no-break and other space separators. */
    private static boolean isBlank(String value) {
        return value.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c));
    }
}
