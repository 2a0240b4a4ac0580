package dev.ddbstreams.kinesis.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The two encodings of Kinesis's JSON 1.1 protocol: JSON (the AWS CLI, SDKs with CBOR off) and CBOR (the AWS SDK
 * for Java v2's default). They differ in how blobs and timestamps travel: JSON carries blobs as base64 text and
 * timestamps as epoch seconds; CBOR carries blobs as byte strings and timestamps as tag 1 with epoch milliseconds
 * (what the SDK v2 writes and, with {@code UNIX_TIMESTAMP_MILLIS}, reads).
 *
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html">AWS JSON 1.1 protocol</a>
 * @see <a href="https://docs.aws.amazon.com/sdkref/latest/guide/feature-cbor.html">CBOR in the AWS SDKs (AWS_CBOR_DISABLE)</a>
 */
public enum WireFormat {
    JSON("application/x-amz-json-1.1", new ObjectMapper()),
    CBOR("application/x-amz-cbor-1.1", new CBORMapper());

    private final String contentType;
    private final ObjectMapper mapper;

    WireFormat(String contentType, ObjectMapper mapper) {
        this.contentType = contentType;
        this.mapper = mapper;
    }

    public String contentType() {
        return contentType;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /** The format a request's Content-Type names, or null when it is neither (application/json counts as JSON). */
    static WireFormat ofContentType(String contentType) {
        if (contentType == null) {
            return null;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return switch (mediaType) {
            case "application/x-amz-json-1.1", "application/json" -> JSON;
            case "application/x-amz-cbor-1.1" -> CBOR;
            default -> null;
        };
    }

    void writeTimestamp(JsonGenerator generator, Instant instant) throws IOException {
        if (this == CBOR) {
            ((CBORGenerator) generator).writeTag(1);
            generator.writeNumber(instant.toEpochMilli());
        } else {
            generator.writeNumber(BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3));
        }
    }

    /** A timestamp member's value: epoch milliseconds in CBOR, epoch seconds (fractional) in JSON. */
    Instant readTimestamp(java.math.BigDecimal number) {
        if (this == CBOR) {
            return Instant.ofEpochMilli(number.longValue());
        }
        return Instant.ofEpochMilli(number.movePointRight(3).longValue());
    }
}
