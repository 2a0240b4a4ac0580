package dev.ddbstreams.notes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.http.ErrorCode;
import dev.ddbstreams.http.Json;
import dev.ddbstreams.http.Utf8;
import dev.ddbstreams.http.Validated;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * The opaque {@code nextToken} of {@code GET /notes}: base64url of {@code {"v":1,"id":"<last id>"}}.
 *
 * <p>Clients must treat it as opaque; the API treats it as untrusted input. Only a token of exactly that
 * shape is accepted, anything else (garbage, another base64 alphabet, a hand-written key of the wrong type
 * or with extra attributes) is a 400 {@code InvalidNextToken}, so nothing a client sends can reach
 * DynamoDB as an {@code ExclusiveStartKey} it would refuse with a 500. A well-formed token naming an id
 * that does not exist is a valid start position: it exposes nothing a listing from the start does not.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html#DDB-Scan-request-ExclusiveStartKey">Scan ExclusiveStartKey</a>
 */
public final class NextTokens {

    /** DynamoDB's limit on a partition key value. */
    static final int MAX_KEY_BYTES = 2048;
    /** Room for the base64 of the largest key and the JSON around it. */
    static final int MAX_TOKEN_LENGTH = 4096;
    private static final int VERSION = 1;
    private static final Set<String> MEMBERS = Set.of("v", "id");

    private NextTokens() {
    }

    public static String encode(String lastEvaluatedId) {
        ObjectNode token = Json.mapper().createObjectNode().put("v", VERSION).put("id", lastEvaluatedId);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The id the next page starts after. */
    public static Validated<String> decode(String token) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return invalid();
        }
        JsonNode node;
        try {
            byte[] json = Base64.getUrlDecoder().decode(token);
            node = Json.mapper().readTree(new String(json, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | IOException notOurs) {
            return invalid();
        }
        if (!(node instanceof ObjectNode object) || object.size() != MEMBERS.size()
                || !object.path("v").isInt() || object.path("v").intValue() != VERSION
                || !object.path("id").isTextual()) {
            return invalid();
        }
        // Any id DynamoDB could have returned as a key is accepted (items written by other tools may not
        // follow this API's id rule), and nothing DynamoDB would refuse as a key is.
        String id = object.path("id").textValue();
        return id.isEmpty() || Utf8.byteLength(id) > MAX_KEY_BYTES || Utf8.hasUnpairedSurrogate(id)
                ? invalid()
                : Validated.valid(id);
    }

    private static <T> Validated<T> invalid() {
        return Validated.invalid(ErrorCode.INVALID_NEXT_TOKEN,
                "nextToken is not a token this API issued; pass the nextToken of the previous page unchanged.");
    }
}
