package dev.ddbstreams.http;

/**
 * The stable error codes of the HTTP API. Clients branch on {@link #code()}, never on the message, so a
 * code is never renamed once published; each one has exactly one HTTP status.
 */
public enum ErrorCode {
    MALFORMED_JSON(400, "MalformedJson"),
    JSON_LIMIT_EXCEEDED(400, "JsonLimitExceeded"),
    EXPECTED_JSON_OBJECT(400, "ExpectedJsonObject"),
    MISSING_BODY(400, "MissingBody"),
    INVALID_BASE64(400, "InvalidBase64"),
    INVALID_UTF8(400, "InvalidUtf8"),
    MISSING_FIELD(400, "MissingField"),
    INVALID_FIELD_TYPE(400, "InvalidFieldType"),
    INVALID_FIELD_VALUE(400, "InvalidFieldValue"),
    UNKNOWN_FIELD(400, "UnknownField"),
    INVALID_EMAIL(400, "InvalidEmail"),
    INVALID_ID(400, "InvalidId"),
    INVALID_QUERY_PARAMETER(400, "InvalidQueryParameter"),
    INVALID_NEXT_TOKEN(400, "InvalidNextToken"),
    ROUTE_NOT_FOUND(404, "RouteNotFound"),
    NOTE_NOT_FOUND(404, "NoteNotFound"),
    USER_NOT_FOUND(404, "UserNotFound"),
    METHOD_NOT_ALLOWED(405, "MethodNotAllowed"),
    PAYLOAD_TOO_LARGE(413, "PayloadTooLarge"),
    ITEM_TOO_LARGE(413, "ItemTooLarge"),
    UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaType"),
    INTERNAL_ERROR(500, "InternalError"),
    SERVICE_UNAVAILABLE(503, "ServiceUnavailable");

    private final int status;
    private final String code;

    ErrorCode(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The value of the {@code error} field in the response body. */
    public String code() {
        return code;
    }
}
