package dev.ddbstreams.http;

import java.util.regex.Pattern;

/**
 * The rule for ids in paths ({@code /notes/{id}}, {@code /users/{id}}): 1 to 64 characters of
 * {@code A-Z a-z 0-9 - _}. That covers the UUIDs this API generates and the base-36 ids of the users
 * tutorial, and nothing that needs percent-encoding, so the raw path segment is checked as it is:
 * {@code ..}, {@code %2F} (an encoded slash), spaces or any other encoding are a 400 {@code InvalidId}
 * before DynamoDB is called. A well-formed id that does not exist is a 404.
 */
public final class ResourceIds {

    public static final int MAX_LENGTH = 64;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

    private ResourceIds() {
    }

    /**
     * @param rawSegment the path segment, still percent-encoded
     * @param resource "note" or "user", for the message
     */
    public static Validated<String> parse(String rawSegment, String resource) {
        if (rawSegment != null && ID.matcher(rawSegment).matches()) {
            return Validated.valid(rawSegment);
        }
        return Validated.invalid(ErrorCode.INVALID_ID, "A " + resource + " id is 1 to " + MAX_LENGTH
                + " characters of A-Z, a-z, 0-9, '-' and '_'.");
    }
}
