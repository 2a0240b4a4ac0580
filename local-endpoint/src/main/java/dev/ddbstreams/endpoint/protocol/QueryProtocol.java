package dev.ddbstreams.endpoint.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The AWS query protocol (IAM, STS, CloudWatch, SQS's older form): form-encoded parameters in, XML out.
 * <p>
 * Parameters are read into a tree so that the services read the same input whatever the wire:
 * {@code Tags.member.1.Key=k} becomes {@code {"Tags":[{"Key":"k"}]}}. Outputs are trees too and are written as
 * {@code <OperationResponse><OperationResult>...</OperationResult><ResponseMetadata>...} with lists as
 * {@code <member>} elements and timestamps ({@link Instant} in a {@link POJONode}) in ISO-8601.
 *
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-query-protocol.html">AWS query protocol</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/iam-api.pdf">IAM API reference: query requests</a>
 */
public final class QueryProtocol {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The most dot-separated segments a parameter name may have ({@link #input}). */
    static final int MAX_NAME_SEGMENTS = 32;

    private QueryProtocol() {
    }

    /** All parameters of the request: those of the query string and, for a form POST, of the body. */
    public static Map<String, String> parameters(AwsRequest request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        addForm(request.query(), parameters);
        String contentType = request.header("content-type").orElse("");
        if (request.body().length > 0 && (contentType.isEmpty() || contentType.startsWith("application/x-www-form-urlencoded"))) {
            // A form body is ASCII once encoded; raw non-ASCII bytes are read as ISO-8859-1 and checked as UTF-8 by decode.
            addForm(new String(request.body(), StandardCharsets.ISO_8859_1), parameters);
        }
        return parameters;
    }

    private static void addForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            into.put(decode(name, pair), decode(value, pair));
        }
    }

    /**
     * Percent-decodes strictly: a malformed escape or bytes that are not UTF-8 are refused, never replaced by U+FFFD.
     */
    private static String decode(String encoded, String pair) {
        byte[] bytes;
        try {
            // URLDecoder with ISO-8859-1 maps each escaped byte to one char, so the bytes can be checked as UTF-8.
            bytes = URLDecoder.decode(encoded, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException malformedEscape) {
            throw AwsServiceException.badRequest("MalformedQueryString", "The query string contains a malformed escape: " + pair);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            throw AwsServiceException.badRequest("MalformedQueryString", "The request parameters are not valid UTF-8.");
        }
    }

    /**
     * The operation input as a tree. {@code X.member.N} lists and {@code X.entry.N.key/value} maps become arrays and
     * objects; every leaf stays text (the services parse numbers and booleans where the model says so).
     */
    public static ObjectNode input(Map<String, String> parameters) {
        ObjectNode root = NODES.objectNode();
        parameters.entrySet().stream()
                .filter(entry -> !entry.getKey().equals("Action") && !entry.getKey().equals("Version"))
                .forEach(entry -> {
                    String[] path = entry.getKey().split("\\.");
                    // No AWS query shape nests deeper than a handful of levels (a map of lists of structures is 6);
                    // a deeper name is malformed, and refused before it can take the stack with it.
                    if (path.length > MAX_NAME_SEGMENTS) {
                        throw AwsServiceException.badRequest("MalformedQueryString", "The parameter name "
                                + entry.getKey().substring(0, Math.min(64, entry.getKey().length())) + "... nests deeper than " + MAX_NAME_SEGMENTS + " levels.");
                    }
                    put(root, path, 0, entry.getValue());
                });
        return (ObjectNode) collapseLists(root);
    }

    private static void put(ObjectNode node, String[] path, int index, String value) {
        String name = path[index];
        if (index == path.length - 1) {
            node.put(name, value);
            return;
        }
        JsonNode child = node.get(name);
        if (!(child instanceof ObjectNode)) {
            child = node.putObject(name);
        }
        put((ObjectNode) child, path, index + 1, value);
    }

    /** {@code {"member":{"1":a,"2":b}}} -> {@code [a, b]}, in index order. */
    private static JsonNode collapseLists(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return node;
        }
        ObjectNode collapsed = NODES.objectNode();
        object.fields().forEachRemaining(field -> collapsed.set(field.getKey(), collapseLists(field.getValue())));
        if (collapsed.size() == 1 && collapsed.has("member") && collapsed.get("member").isObject()) {
            ObjectNode members = (ObjectNode) collapsed.get("member");
            ArrayNode list = NODES.arrayNode();
            members.properties().stream()
                    .sorted((a, b) -> Integer.compare(indexOf(a.getKey()), indexOf(b.getKey())))
                    .forEach(member -> list.add(member.getValue()));
            return list;
        }
        return collapsed;
    }

    private static int indexOf(String memberIndex) {
        try {
            return Integer.parseInt(memberIndex);
        } catch (NumberFormatException notAnIndex) {
            return Integer.MAX_VALUE;
        }
    }

    /** A successful answer: {@code <ActionResponse xmlns><ActionResult>result</ActionResult><ResponseMetadata>}. */
    public static AwsResponse response(String action, String namespace, ObjectNode result, String requestId) {
        StringBuilder xml = new StringBuilder(256);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<").append(action).append("Response xmlns=\"").append(namespace).append("\">");
        if (result != null) {
            xml.append('<').append(action).append("Result>");
            writeFields(result, xml);
            xml.append("</").append(action).append("Result>");
        }
        xml.append("<ResponseMetadata><RequestId>").append(requestId).append("</RequestId></ResponseMetadata>");
        xml.append("</").append(action).append("Response>\n");
        return AwsResponse.of(200, "text/xml", xml.toString(), Map.of("x-amzn-RequestId", requestId));
    }

    /**
     * An error: {@code <ErrorResponse><Error><Type>Sender</Type><Code>..</Code><Message>..</Message></Error><RequestId>}.
     *
     * @see <a href="https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization">query error serialization</a>
     */
    public static AwsResponse error(AwsServiceException error, String namespace, String requestId) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ErrorResponse xmlns=\"" + namespace + "\"><Error><Type>"
                + (error.sender() ? "Sender" : "Receiver") + "</Type><Code>" + escape(error.code()) + "</Code><Message>"
                + escape(error.getMessage()) + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>\n";
        return AwsResponse.of(error.status(), "text/xml", xml, Map.of("x-amzn-RequestId", requestId));
    }

    private static void writeFields(ObjectNode object, StringBuilder xml) {
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            writeElement(field.getKey(), field.getValue(), xml);
        }
    }

    private static void writeElement(String name, JsonNode value, StringBuilder xml) {
        if (value == null || value.isNull()) {
            return;
        }
        xml.append('<').append(name).append('>');
        if (value.isObject()) {
            writeFields((ObjectNode) value, xml);
        } else if (value.isArray()) {
            value.forEach(member -> writeElement("member", member, xml));
        } else if (value instanceof POJONode pojo && pojo.getPojo() instanceof Instant instant) {
            xml.append(isoTimestamp(instant));
        } else {
            xml.append(escape(value.asText()));
        }
        xml.append("</").append(name).append('>');
    }

    /** ISO-8601 in UTC as AWS's query services write it, for example {@code 2026-12-05T21:45:00Z}. */
    public static String isoTimestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Text as XML character data. A character XML 1.0 cannot carry at all, not even as a character reference (a
     * control character other than tab, CR and LF, a lone surrogate, U+FFFE or U+FFFF; an error message may quote
     * one from the request), becomes U+FFFD, so that the document stays well formed.
     *
     * @see <a href="https://www.w3.org/TR/xml/#charsets">XML 1.0, Characters</a>
     */
    public static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&apos;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                        escaped.append(c).append(text.charAt(++i));
                    } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || Character.isSurrogate(c)
                            || c == 0xFFFE || c == 0xFFFF) {
                        escaped.append('\uFFFD');
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
