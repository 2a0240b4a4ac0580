package dev.ddbstreams.local.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.local.faults.FuzzRequest.ErrorShape;
import dev.ddbstreams.local.faults.FuzzRequest.Expect;
import dev.ddbstreams.local.faults.FuzzRequest.Framing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The classification rules, one answer at a time: each rule can fail. */
class FuzzRulesTest {

    private static FuzzRequest request(String category, ErrorShape shape) {
        return new FuzzRequest(category, "label", "POST", "/".getBytes(StandardCharsets.UTF_8), List.of(), new byte[0],
                Framing.CONTENT_LENGTH, Expect.ANY, null, shape);
    }

    private static RawHttpClient.RawResponse answer(int status, String contentType, String body) {
        return new RawHttpClient.RawResponse(status, contentType == null ? Map.of() : Map.of("content-type", contentType),
                body.getBytes(StandardCharsets.UTF_8), Duration.ofMillis(1), null);
    }

    private static String violation(ErrorShape shape, RawHttpClient.RawResponse response) {
        return FuzzRules.judge(request("body-bytes", shape), response).violation();
    }

    @Test
    void a5xx_isAlwaysAFailure_evenInTheRightShape() {
        assertTrue(violation(ErrorShape.AWS_JSON, answer(500, "application/x-amz-json-1.0",
                "{\"__type\":\"InternalFailure\",\"message\":\"m\"}")).startsWith("answered 500"));
        assertTrue(violation(ErrorShape.AWS_QUERY, answer(503, "text/xml", "<ErrorResponse/>")).startsWith("answered 503"));
    }

    @Test
    void anHtmlPage_isAFailure_forEveryShape() {
        for (ErrorShape shape : ErrorShape.values()) {
            assertTrue(violation(shape, answer(400, "text/html;charset=iso-8859-1", "<html><body>Bad</body></html>")) != null,
                    shape.name());
        }
    }

    @Test
    void jsonProtocols_needAJsonObjectNamingTheError() {
        assertNull(violation(ErrorShape.AWS_JSON, answer(400, "application/x-amz-json-1.1",
                "{\"__type\":\"ValidationException\",\"message\":\"m\"}")));
        assertNull(violation(ErrorShape.AWS_JSON, answer(404, "application/json", "{\"message\":\"Not Found\"}")));
        assertTrue(violation(ErrorShape.AWS_JSON, answer(400, "application/json", "not json")).contains("not JSON"));
        assertTrue(violation(ErrorShape.AWS_JSON, answer(400, "application/json", "[1]")).contains("not a JSON object"));
        assertTrue(violation(ErrorShape.AWS_JSON, answer(400, "text/plain", "{\"message\":\"m\"}")).contains("not JSON"));
    }

    @Test
    void queryProtocol_needsAwsXmlErrorResponseWithACode() {
        String xml = "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error>"
                + "<Type>Sender</Type><Code>InvalidAction</Code><Message>m</Message></Error><RequestId>r</RequestId></ErrorResponse>";
        assertNull(violation(ErrorShape.AWS_QUERY, answer(400, "text/xml", xml)));
        assertTrue(violation(ErrorShape.AWS_QUERY, answer(400, "application/json", "{\"message\":\"m\"}")) != null,
                "JSON is not the query protocol's error");
        assertTrue(violation(ErrorShape.AWS_QUERY, answer(400, "text/xml", "<Error><Code>x</Code></Error>")).contains("root"));
        assertTrue(violation(ErrorShape.AWS_QUERY, answer(400, "text/xml", xml.replace("InvalidAction", "\u0000")))
                != null, "a NUL makes the XML ill-formed");
    }

    @Test
    void anyShape_acceptsJsonXmlOrCbor_butNothingElse() {
        assertNull(violation(ErrorShape.AWS_ANY, answer(400, "application/json", "{\"__type\":\"BadRequest\"}")));
        assertNull(violation(ErrorShape.AWS_ANY, answer(400, "text/xml",
                "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>")));
        assertTrue(violation(ErrorShape.AWS_ANY, answer(400, null, "")) != null);
    }

    @Test
    void theHttpApi_needsItsRequestIdToo() {
        FuzzRules.Verdict bare = FuzzRules.judge(request("odd-paths", ErrorShape.HTTP_API),
                answer(400, "application/json", "{\"message\":\"Bad Request\"}"));
        assertTrue(bare.violation().contains("Apigw-Requestid"));
        assertTrue(bare.parserRejection());
        RawHttpClient.RawResponse withId = new RawHttpClient.RawResponse(400, Map.of("content-type", "application/json",
                "apigw-requestid", "r"), "{\"message\":\"Bad Request\"}".getBytes(StandardCharsets.UTF_8), Duration.ZERO, null);
        FuzzRules.Verdict ok = FuzzRules.judge(request("odd-paths", ErrorShape.HTTP_API), withId);
        assertNull(ok.violation());
        assertTrue(ok.inShape());
        assertFalse(ok.parserRejection());
    }

    @Test
    void noAnswer_isAFailure_unlessTheRequestBrokeHttp_butAHangAlwaysIs() {
        RawHttpClient.RawResponse closed = new RawHttpClient.RawResponse(-1, Map.of(), new byte[0], Duration.ZERO,
                "connection closed without a response");
        RawHttpClient.RawResponse hang = new RawHttpClient.RawResponse(-1, Map.of(), new byte[0], Duration.ofSeconds(15),
                "java.net.SocketTimeoutException: Read timed out");
        assertTrue(FuzzRules.judge(request("headers", ErrorShape.AWS_ANY), closed).violation().startsWith("no answer"));
        assertNull(FuzzRules.judge(request("protocol", ErrorShape.AWS_ANY), closed).violation());
        assertTrue(FuzzRules.judge(request("protocol", ErrorShape.AWS_ANY), hang).violation().startsWith("hang"));
    }
}
