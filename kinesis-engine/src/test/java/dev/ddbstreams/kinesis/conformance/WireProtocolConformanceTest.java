package dev.ddbstreams.kinesis.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import dev.ddbstreams.kinesis.junit.KinesisEngineExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wire protocol itself, in raw HTTP: content types, {@code X-Amz-Target}, error body shapes in JSON and CBOR,
 * blobs (base64 in JSON, byte strings in CBOR) and timestamps (epoch seconds in JSON, tag 1 + epoch millis in CBOR).
 *
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonParameters.html">Common parameters</a>
 * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html">Common errors</a>
 */
class WireProtocolConformanceTest {

    private static final String JSON = "application/x-amz-json-1.1";
    private static final String CBOR = "application/x-amz-cbor-1.1";
    private static final ObjectMapper JSON_MAPPER = new ObjectMapper();
    private static final ObjectMapper CBOR_MAPPER = new CBORMapper();

    @RegisterExtension
    static final KinesisEngineExtension KINESIS = KinesisEngineExtension.inMemory().withStatusTransitionDelay(Duration.ZERO);

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<byte[]> post(String contentType, String operation, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(KINESIS.endpoint().resolve("/"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (operation != null) {
            request.header("X-Amz-Target", "Kinesis_20131202." + operation);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> postJson(String operation, String json) throws Exception {
        return post(JSON, operation, json.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON_MAPPER.readTree(response.body());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html : errors carry __type and message, HTTP 400 */
    @Test
    void errorsInJson_carryTypeAndMessage() throws Exception {
        HttpResponse<byte[]> response = postJson("DescribeStream", "{\"StreamName\":\"absent\"}");
        assertEquals(400, response.statusCode());
        assertEquals(JSON, response.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
        JsonNode body = json(response);
        assertEquals("ResourceNotFoundException", body.get("__type").asText());
        assertEquals("Stream absent under account 000000000000 not found.", body.get("message").asText());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html : the same error shape, CBOR-encoded, for a CBOR request */
    @Test
    void errorsInCbor_areCborMaps() throws Exception {
        HttpResponse<byte[]> response = post(CBOR, "DescribeStream", CBOR_MAPPER.writeValueAsBytes(Map.of("StreamName", "absent")));
        assertEquals(400, response.statusCode());
        assertEquals(CBOR, response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = CBOR_MAPPER.readTree(response.body());
        assertEquals("ResourceNotFoundException", body.get("__type").asText());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html : an unknown X-Amz-Target is UnknownOperationException */
    @Test
    void anUnknownOperation_isUnknownOperationException() throws Exception {
        HttpResponse<byte[]> response = postJson("FlyToTheMoon", "{}");
        assertEquals(400, response.statusCode());
        assertEquals("UnknownOperationException", json(response).get("__type").asText());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html : a body that is not JSON is SerializationException */
    @Test
    void aBodyThatIsNotJson_isSerializationException() throws Exception {
        HttpResponse<byte[]> response = postJson("ListStreams", "{not json");
        assertEquals(400, response.statusCode());
        assertEquals("SerializationException", json(response).get("__type").asText());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_CreateStream.html : ShardCount is an Integer; text there is SerializationException */
    @Test
    void aMemberOfTheWrongType_isSerializationException() throws Exception {
        HttpResponse<byte[]> response = postJson("CreateStream", "{\"StreamName\":\"typed\",\"ShardCount\":\"one\"}");
        assertEquals(400, response.statusCode());
        JsonNode body = json(response);
        assertEquals("SerializationException", body.get("__type").asText());
        assertEquals("class java.lang.String can not be converted to an Integer", body.get("message").asText());
    }

    /**
     * A number too large for a double (found by {@code make fuzz}) is clamped like any oversized integer, never a
     * 500: {@code Limit} of ListStreams is 1 to 10,000, so 1e999 is clamped to the most it can be.
     * https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html
     */
    @Test
    void anIntegerTooLargeForADouble_isClampedNotA500() throws Exception {
        HttpResponse<byte[]> response = postJson("ListStreams", "{\"Limit\":1e999}");
        assertTrue(response.statusCode() < 500, new String(response.body(), StandardCharsets.UTF_8));
        HttpResponse<byte[]> negative = postJson("ListStreams", "{\"Limit\":-1e999}");
        assertTrue(negative.statusCode() < 500, new String(negative.body(), StandardCharsets.UTF_8));
    }

    /** A path Jetty calls ambiguous ("//", "%2F") plays no part in the JSON protocol: the operation still answers. */
    @Test
    void anAmbiguousPath_isServedLikeSlash_andNeverAnHtmlPage() throws Exception {
        for (String path : new String[] {"//", "/..%2F..%2Fetc%2Fpasswd"}) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(java.net.URI.create(KINESIS.endpoint() + path))
                    .header("Content-Type", JSON).header("X-Amz-Target", "Kinesis_20131202.ListStreams")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), path + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html : Data is base64 in JSON; invalid base64 is refused */
    @Test
    void invalidBase64Data_isSerializationException() throws Exception {
        postJson("CreateStream", "{\"StreamName\":\"b64\",\"ShardCount\":1}");
        HttpResponse<byte[]> response = postJson("PutRecord", "{\"StreamName\":\"b64\",\"PartitionKey\":\"k\",\"Data\":\"abc\"}");
        assertEquals(400, response.statusCode());
        assertEquals("SerializationException", json(response).get("__type").asText());
        assertTrue(json(response).get("message").asText().contains("can not be converted to a Blob"));
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html : in JSON, Data is base64 and ApproximateArrivalTimestamp epoch seconds */
    @Test
    void getRecordsInJson_givesBase64DataAndEpochSeconds() throws Exception {
        postJson("CreateStream", "{\"StreamName\":\"jsonwire\",\"ShardCount\":1}");
        String data = Base64.getEncoder().encodeToString("héllo".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, postJson("PutRecord", "{\"StreamName\":\"jsonwire\",\"PartitionKey\":\"k\",\"Data\":\"" + data + "\"}").statusCode());
        String iterator = json(postJson("GetShardIterator", "{\"StreamName\":\"jsonwire\",\"ShardId\":\"shardId-000000000000\","
                + "\"ShardIteratorType\":\"TRIM_HORIZON\"}")).get("ShardIterator").asText();
        JsonNode record = json(postJson("GetRecords", "{\"ShardIterator\":\"" + iterator + "\"}")).get("Records").get(0);
        assertEquals(data, record.get("Data").asText());
        double seconds = record.get("ApproximateArrivalTimestamp").asDouble();
        assertTrue(Math.abs(seconds - System.currentTimeMillis() / 1000.0) < 60, "epoch seconds: " + seconds);
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_GetRecords.html : in CBOR, Data is a byte string and timestamps tag 1 with epoch milliseconds */
    @Test
    void getRecordsInCbor_givesByteStringsAndTaggedEpochMillis() throws Exception {
        post(CBOR, "CreateStream", CBOR_MAPPER.writeValueAsBytes(Map.of("StreamName", "cborwire", "ShardCount", 1)));
        byte[] payload = {0, 1, 2, (byte) 0xff};
        assertEquals(200, post(CBOR, "PutRecord", CBOR_MAPPER.writeValueAsBytes(Map.of("StreamName", "cborwire",
                "PartitionKey", "k", "Data", payload))).statusCode());
        String iterator = CBOR_MAPPER.readTree(post(CBOR, "GetShardIterator", CBOR_MAPPER.writeValueAsBytes(Map.of(
                "StreamName", "cborwire", "ShardId", "shardId-000000000000", "ShardIteratorType", "TRIM_HORIZON"))).body())
                .get("ShardIterator").asText();
        byte[] body = post(CBOR, "GetRecords", CBOR_MAPPER.writeValueAsBytes(Map.of("ShardIterator", iterator))).body();
        boolean sawData = false;
        boolean sawTimestamp = false;
        try (CBORParser parser = new CBORFactory().createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token == JsonToken.FIELD_NAME && parser.currentName().equals("Data")) {
                    assertEquals(JsonToken.VALUE_EMBEDDED_OBJECT, parser.nextToken());
                    assertEquals(java.util.Arrays.toString(payload), java.util.Arrays.toString(parser.getBinaryValue()));
                    sawData = true;
                } else if (token == JsonToken.FIELD_NAME && parser.currentName().equals("ApproximateArrivalTimestamp")) {
                    assertEquals(JsonToken.VALUE_NUMBER_INT, parser.nextToken());
                    assertEquals(1, parser.getCurrentTag());
                    assertTrue(Math.abs(parser.getLongValue() - System.currentTimeMillis()) < 60_000);
                    sawTimestamp = true;
                }
            }
        }
        assertTrue(sawData && sawTimestamp);
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonParameters.html : requests are POSTs of JSON or CBOR; anything else is refused in AWS's shape */
    @Test
    void aRequestInAnUnknownContentType_isRefusedInAwsShape() throws Exception {
        HttpResponse<byte[]> response = post("text/plain", "ListStreams", "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(404, response.statusCode());
        assertEquals("UnknownOperationException", json(response).get("__type").asText());
    }

    /** https://docs.aws.amazon.com/kinesis/latest/APIReference/API_ListStreams.html : an empty body reads as no members */
    @Test
    void anEmptyBody_readsAsAnEmptyRequest() throws Exception {
        HttpResponse<byte[]> response = post(JSON, "ListStreams", new byte[0]);
        assertEquals(200, response.statusCode());
        assertTrue(json(response).has("StreamNames"));
        assertEquals(URI.create("http://127.0.0.1:" + KINESIS.engine().port()), KINESIS.endpoint());
    }
}
