package dev.ddbstreams.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.ddbstreams.local.faults.FuzzRequest.ErrorShape;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The one place that says whether an answer to a fuzzed request broke a rule, for every target the fuzzer aims at
 * (the HTTP API on :8080 and the AWS edge):
 * <ul>
 *   <li>an answer within the request timeout: no answer at all is a failure, except for a request that breaks HTTP's
 *       own syntax, which a server may refuse by closing the connection; a hang (the read timed out) always is;</li>
 *   <li>never a 5xx;</li>
 *   <li>no invalid input accepted ({@link FuzzRequest.Expect#CLIENT_ERROR} answered below 400);</li>
 *   <li>every 4xx in the error shape of the protocol the request speaks ({@link ErrorShape}): API Gateway's JSON
 *       {@code {"message":...}} with an {@code Apigw-Requestid} on the HTTP API; a JSON object for AWS's JSON
 *       protocols and REST-JSON; AWS's XML {@code <ErrorResponse><Error><Code>} for the query protocol; a CBOR map for
 *       Smithy RPC v2 CBOR. Never an HTML page or a text body.</li>
 * </ul>
 *
 * @see <a href="https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-troubleshooting-lambda.html">HTTP API error bodies</a>
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html#operation-error-serialization">AWS JSON error serialization</a>
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html#operation-error-serialization">REST-JSON error serialization</a>
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-query-protocol.html#operation-error-serialization">query error serialization</a>
 * @see <a href="https://smithy.io/2.0/additional-specs/protocols/smithy-rpc-v2.html#operation-error-serialization">RPC v2 CBOR errors</a>
 */
final class FuzzRules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());
    /** The HTTP API's request id header, which tells an answer of the API from a bare server's. */
    static final String API_REQUEST_ID = "Apigw-Requestid";

    private FuzzRules() {
    }

    /**
     * What one answer shows.
     *
     * @param violation       the broken rule, or {@code null}
     * @param clientError     the answer is a 4xx (its shape was checked)
     * @param inShape         a 4xx in the protocol's error shape
     * @param parserRejection a 4xx on the HTTP API without its request id: refused before reaching the API
     */
    record Verdict(String violation, boolean clientError, boolean inShape, boolean parserRejection) {
    }

    static Verdict judge(FuzzRequest request, RawHttpClient.RawResponse response) {
        if (response.status() < 0) {
            boolean hang = response.failure() != null && response.failure().contains(SocketTimeoutException.class.getName());
            // Refusing to talk to a client that breaks HTTP's syntax is fair; ignoring a valid request, or hanging, is not.
            String violation = hang ? "hang: no answer within the request timeout (" + response.failure() + ")"
                    : request.category().equals("protocol") ? null : "no answer: " + response.failure();
            return new Verdict(violation, false, false, false);
        }
        if (response.status() >= 500) {
            return new Verdict("answered " + response.status(), false, false, false);
        }
        if (request.expect() == FuzzRequest.Expect.CLIENT_ERROR && response.status() < 400) {
            return new Verdict("invalid input accepted with " + response.status(), false, false, false);
        }
        if (response.status() < 400) {
            return new Verdict(null, false, false, false);
        }
        String problem = shapeProblem(request, response);
        if (request.shape() == ErrorShape.HTTP_API) {
            // The HTTP server's own refusals (malformed request line, framing, headers) are answered in API Gateway's
            // shape too, so every 4xx must be a JSON error with a request id.
            boolean fromApi = response.header(API_REQUEST_ID) != null;
            String violation = problem != null ? "4xx without a JSON error body: " + problem
                    : fromApi ? null : "4xx without an " + API_REQUEST_ID + " header";
            return new Verdict(violation, true, violation == null, !fromApi);
        }
        return new Verdict(problem == null ? null : "4xx not in the " + request.shape() + " error shape: " + problem,
                true, problem == null, false);
    }

    /** Why a 4xx is not in the request's error shape, or null when it is. */
    static String shapeProblem(FuzzRequest request, RawHttpClient.RawResponse response) {
        boolean head = request.method().equals("HEAD");
        return switch (request.shape()) {
            case HTTP_API -> jsonProblem(response, head, true);
            case AWS_JSON -> jsonProblem(response, head, false);
            case AWS_QUERY -> xmlProblem(response, head);
            case RPC_V2_CBOR -> cborProblem(response, head);
            case AWS_ANY -> {
                String json = jsonProblem(response, head, false);
                String xml = xmlProblem(response, head);
                String cbor = cborProblem(response, head);
                yield json == null || xml == null || cbor == null ? null : json + " / " + xml + " / " + cbor;
            }
        };
    }

    private static String contentType(RawHttpClient.RawResponse response) {
        String type = response.header("Content-Type");
        return type == null ? "" : type.toLowerCase(Locale.ROOT).trim();
    }

    /**
     * A JSON object naming the error. API Gateway's bodies carry {@code message}; AWS JSON's {@code __type} (and
     * {@code message} or {@code Message}); REST-JSON services may name the type in {@code x-amzn-ErrorType} only.
     */
    private static String jsonProblem(RawHttpClient.RawResponse response, boolean head, boolean apiGateway) {
        String type = contentType(response);
        boolean json = type.startsWith("application/json") || type.startsWith("application/x-amz-json");
        if (!json) {
            return "Content-Type " + response.header("Content-Type") + " is not JSON";
        }
        if (head) {
            return null; // a HEAD answer has no body by definition
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body == null || !body.isObject()) {
                return "not a JSON object";
            }
            if (apiGateway) {
                return body.path("message").isTextual() ? null : "not a JSON object with a message";
            }
            boolean named = body.has("__type") || body.has("code") || body.has("Code") || body.has("message")
                    || body.has("Message") || response.header("x-amzn-ErrorType") != null;
            return named ? null : "a JSON object that names no error";
        } catch (IOException e) {
            return "not JSON";
        }
    }

    /** AWS's query error: {@code <ErrorResponse><Error><Code>...</Code>...</Error><RequestId/></ErrorResponse>}. */
    private static String xmlProblem(RawHttpClient.RawResponse response, boolean head) {
        String type = contentType(response);
        if (!type.startsWith("text/xml") && !type.startsWith("application/xml")) {
            return "Content-Type " + response.header("Content-Type") + " is not XML";
        }
        if (head) {
            return null;
        }
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(null);
            Element root = builder.parse(new ByteArrayInputStream(response.body())).getDocumentElement();
            if (!root.getLocalName().equals("ErrorResponse")) {
                return "XML root <" + root.getLocalName() + ">, not <ErrorResponse>";
            }
            NodeList codes = root.getElementsByTagNameNS("*", "Code");
            return codes.getLength() > 0 && !codes.item(0).getTextContent().isBlank() ? null : "<ErrorResponse> without a <Code>";
        } catch (SAXException | IOException e) {
            return "not XML";
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CBOR map: Smithy RPC v2 ({@code application/cbor}) or AWS's CBOR for Kinesis ({@code application/x-amz-cbor-1.1}). */
    private static String cborProblem(RawHttpClient.RawResponse response, boolean head) {
        String type = contentType(response);
        if (!type.startsWith("application/cbor") && !type.startsWith("application/x-amz-cbor")) {
            return "Content-Type " + response.header("Content-Type") + " is not CBOR";
        }
        if (head) {
            return null;
        }
        try {
            JsonNode body = CBOR.readTree(response.body());
            return body != null && body.isObject() ? null : "not a CBOR map";
        } catch (IOException e) {
            return "not CBOR";
        }
    }
}
