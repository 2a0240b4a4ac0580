package dev.ddbstreams.endpoint.lambda;

import static dev.ddbstreams.endpoint.protocol.RestJsonProtocol.empty;
import static dev.ddbstreams.endpoint.protocol.RestJsonProtocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbstreams.endpoint.protocol.RestJsonProtocol;
import dev.ddbstreams.endpoint.protocol.AwsRequest;
import dev.ddbstreams.endpoint.protocol.AwsResponse;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;
import dev.ddbstreams.endpoint.protocol.RequestIds;
import dev.ddbstreams.endpoint.protocol.ServiceHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lambda's REST-JSON wire protocol: operations by method and path ({@code /2015-03-31/functions/...},
 * {@code /2015-03-31/event-source-mappings/...}, {@code /2017-03-31/tags/...},
 * {@code /2020-06-30/functions/{f}/code-signing-config}), parameters from path, query and headers, JSON bodies.
 *
 * <p>Errors: the HTTP status of the error, {@code x-amzn-ErrorType: <Code>} and a JSON body with {@code Type}
 * ({@code User} for the caller's faults, {@code Service} for ours) and the message under the member name the API
 * model gives that exception: {@code Message} for {@code ResourceNotFoundException} and {@code ServiceException},
 * {@code message} for the others ({@code InvalidParameterValueException}, {@code ResourceConflictException}, ...), as
 * recorded against AWS in LocalStack's snapshots (e.g. {@code "Type": "User", "Message": "Function not found: ..."}).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_Operations.html">Lambda actions (request syntax)</a>
 * @see <a href="https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html">AWS restJson1 protocol</a>
 */
public final class LambdaRestHandler implements ServiceHandler {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaRestHandler.class);
    /**
     * Jackson's default limits hold: the one long string, {@code ZipFile}, is decoded as a stream (see
     * {@link #codeUpload}), never read as a string.
     */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = RestJsonProtocol.CONTENT_TYPE;
    /** Exceptions whose message member is {@code Message} in the Lambda API model (the others use {@code message}). */
    private static final Set<String> CAPITALIZED_MESSAGE = Set.of("ResourceNotFoundException", "ServiceException",
            "ResourceInUseException", "CodeSigningConfigNotFoundException", "InvalidZipFileException",
            "InvalidRuntimeException", "NoPublishedVersionException");

    private final LambdaService lambda;

    public LambdaRestHandler(LambdaService lambda) {
        this.lambda = lambda;
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String requestId = RequestIds.next();
        try {
            return route(request, requestId);
        } catch (AwsServiceException error) {
            return error(error, requestId);
        } catch (RuntimeException | IOException bug) {
            LOG.error("Lambda request {} {} failed", request.method(), request.path(), bug);
            return error(new AwsServiceException("ServiceException", 500, "The Lambda endpoint failed: " + bug, false), requestId);
        }
    }

    private AwsResponse route(AwsRequest request, String requestId) throws IOException {
        List<String> path = segments(request.path());
        Map<String, List<String>> query = query(request.query());
        String method = request.method();
        if (path.size() < 2) {
            throw unknown(request);
        }
        String version = path.get(0);
        String collection = path.get(1);
        List<String> rest = path.subList(2, path.size());

        if (version.equals("2015-03-31") && collection.equals("functions")) {
            if (rest.isEmpty()) {
                return switch (method) {
                    case "POST" -> {
                        try (CodeUpload upload = codeUpload(request, true)) {
                            yield json(201, lambda.createFunction(upload.body(), upload.zipFile()), requestId);
                        }
                    }
                    case "GET" -> json(200, lambda.listFunctions(first(query, "FunctionVersion"), first(query, "Marker"),
                            integer(query, "MaxItems")), requestId);
                    default -> throw unknown(request);
                };
            }
            String function = rest.get(0);
            String qualifier = first(query, "Qualifier");
            if (rest.size() == 1) {
                return switch (method) {
                    case "GET" -> json(200, lambda.getFunction(function, qualifier, baseUrl(request)), requestId);
                    case "DELETE" -> {
                        lambda.deleteFunction(function, qualifier);
                        yield empty(204, requestId);
                    }
                    default -> throw unknown(request);
                };
            }
            String sub = rest.get(1);
            if (rest.size() == 2) {
                switch (sub + " " + method) {
                    case "configuration GET":
                        return json(200, lambda.getFunctionConfiguration(function, qualifier), requestId);
                    case "configuration PUT":
                        return json(200, lambda.updateFunctionConfiguration(function, body(request)), requestId);
                    case "code PUT":
                        try (CodeUpload upload = codeUpload(request, false)) {
                            return json(200, lambda.updateFunctionCode(function, upload.body(), upload.zipFile()), requestId);
                        }
                    case "versions GET":
                        return json(200, lambda.listVersionsByFunction(function, first(query, "Marker"), integer(query, "MaxItems")), requestId);
                    case "versions POST":
                        return json(201, lambda.publishVersion(function, body(request)), requestId);
                    case "aliases GET":
                        return json(200, lambda.listAliases(function, first(query, "FunctionVersion"), first(query, "Marker"),
                                integer(query, "MaxItems")), requestId);
                    case "aliases POST":
                        return json(201, lambda.createAlias(function, body(request)), requestId);
                    case "policy GET":
                        return json(200, lambda.getPolicy(function, qualifier), requestId);
                    case "policy POST":
                        return json(201, lambda.addPermission(function, qualifier, body(request)), requestId);
                    case "invocations POST":
                        return invoke(request, function, qualifier, requestId);
                    default:
                        throw unknown(request);
                }
            }
            if (rest.size() == 3) {
                String name = rest.get(2);
                switch (sub + " " + method) {
                    case "aliases GET":
                        return json(200, lambda.getAlias(function, name), requestId);
                    case "aliases PUT":
                        return json(200, lambda.updateAlias(function, name, body(request)), requestId);
                    case "aliases DELETE":
                        lambda.deleteAlias(function, name);
                        return empty(204, requestId);
                    case "policy DELETE":
                        lambda.removePermission(function, qualifier, name, first(query, "RevisionId"));
                        return empty(204, requestId);
                    case "code-package GET":
                        return new AwsResponse(200, "application/zip", Map.of("x-amzn-RequestId", requestId),
                                lambda.codePackage(function, name));
                    default:
                        throw unknown(request);
                }
            }
        }
        if (version.equals("2015-03-31") && collection.equals("event-source-mappings")) {
            if (rest.isEmpty()) {
                return switch (method) {
                    case "POST" -> json(202, lambda.createEventSourceMapping(body(request)), requestId);
                    case "GET" -> json(200, lambda.listEventSourceMappings(first(query, "EventSourceArn"),
                            first(query, "FunctionName"), first(query, "Marker"), integer(query, "MaxItems")), requestId);
                    default -> throw unknown(request);
                };
            }
            if (rest.size() == 1) {
                String uuid = rest.get(0);
                return switch (method) {
                    case "GET" -> json(200, lambda.getEventSourceMapping(uuid), requestId);
                    case "PUT" -> json(202, lambda.updateEventSourceMapping(uuid, body(request)), requestId);
                    case "DELETE" -> json(202, lambda.deleteEventSourceMapping(uuid), requestId);
                    default -> throw unknown(request);
                };
            }
        }
        if (version.equals("2017-03-31") && collection.equals("tags") && !rest.isEmpty()) {
            String arn = String.join("/", rest);
            return switch (method) {
                case "GET" -> json(200, lambda.listTags(arn), requestId);
                case "POST" -> {
                    lambda.tagResource(arn, body(request));
                    yield empty(204, requestId);
                }
                case "DELETE" -> {
                    lambda.untagResource(arn, query.get("tagKeys"));
                    yield empty(204, requestId);
                }
                default -> throw unknown(request);
            };
        }
        if (version.equals("2020-06-30") && collection.equals("functions") && rest.size() == 2
                && rest.get(1).equals("code-signing-config") && method.equals("GET")) {
            return json(200, lambda.getFunctionCodeSigningConfig(rest.get(0)), requestId);
        }
        throw unknown(request);
    }

    /**
     * Invoke: {@code X-Amz-Invocation-Type}, {@code X-Amz-Log-Type} in, the function's payload out with
     * {@code X-Amz-Executed-Version}, {@code X-Amz-Function-Error} and {@code X-Amz-Log-Result}.
     *
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html">Invoke</a>
     */
    private AwsResponse invoke(AwsRequest request, String function, String qualifier, String requestId) {
        LambdaService.Invocation invocation = lambda.invoke(function, qualifier,
                request.header("x-amz-invocation-type").orElse(null), request.header("x-amz-log-type").orElse(null),
                request.body());
        Map<String, String> headers = new LinkedHashMap<>();
        // A function that ran answers with the request id it ran under: the Runtime API's Lambda-Runtime-Aws-Request-Id
        // is "the request ID, which identifies the request that triggered the function invocation"
        // (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html), so the START line, the function's
        // context.getAwsRequestId() and Invoke's x-amzn-RequestId carry the same id.
        headers.put("x-amzn-RequestId", invocation.requestId() != null ? invocation.requestId() : requestId);
        if (invocation.executedVersion() != null) {
            headers.put("X-Amz-Executed-Version", invocation.executedVersion());
        }
        if (invocation.functionError() != null) {
            headers.put("X-Amz-Function-Error", invocation.functionError());
        }
        if (invocation.logResult() != null) {
            headers.put("X-Amz-Log-Result", invocation.logResult());
        }
        return new AwsResponse(invocation.status(), CONTENT_TYPE, headers, invocation.payload());
    }

    private static String baseUrl(AwsRequest request) {
        return "http://" + request.header("host").orElse("127.0.0.1:4566");
    }

    /** A request body whose {@code ZipFile} was staged to disk; closing it drops the staged file unless it was stored. */
    private record CodeUpload(ObjectNode body, UploadedPackage zipFile) implements AutoCloseable {
        @Override
        public void close() {
            if (zipFile != null) {
                zipFile.close();
            }
        }
    }

    /**
     * CreateFunction's and UpdateFunctionCode's body: every member as a tree, as {@link #body} reads it, except
     * {@code ZipFile} ({@code Code.ZipFile} in CreateFunction), up to 50 MB of code as ~67 MB of base64, which is
     * decoded from the parser straight into a staged file and left out of the tree.
     */
    private CodeUpload codeUpload(AwsRequest request, boolean zipFileInCode) {
        if (request.body().length == 0) {
            return new CodeUpload(JSON.createObjectNode(), null);
        }
        UploadedPackage[] zipFile = {null};
        try (JsonParser parser = JSON.getFactory().createParser(request.body())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw LambdaErrors.invalidRequestContent("Could not parse request body into json: the body is not a JSON object.");
            }
            ObjectNode body = JSON.createObjectNode();
            readMembers(parser, body, !zipFileInCode, zipFileInCode, zipFile);
            return new CodeUpload(body, zipFile[0]);
        } catch (JsonProcessingException malformed) {
            closeQuietly(zipFile[0]);
            throw LambdaErrors.invalidRequestContent("Could not parse request body into json: " + malformed.getOriginalMessage());
        } catch (IOException unreadable) {
            closeQuietly(zipFile[0]);
            throw LambdaErrors.invalidRequestContent("Could not parse request body into json: " + unreadable.getMessage());
        } catch (RuntimeException refused) {
            closeQuietly(zipFile[0]);
            throw refused;
        }
    }

    private void readMembers(JsonParser parser, ObjectNode into, boolean zipFileHere, boolean codeBelow,
                             UploadedPackage[] zipFile) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (zipFileHere && name.equals("ZipFile")) {
                closeQuietly(zipFile[0]); // a repeated member: the last one counts, as in a tree
                zipFile[0] = null;
                if (value == JsonToken.VALUE_STRING) {
                    zipFile[0] = lambda.stageZipFile(parser::readBinaryValue);
                } else if (value != JsonToken.VALUE_NULL) {
                    throw LambdaErrors.unreadableZip();
                }
            } else if (codeBelow && name.equals("Code") && value == JsonToken.START_OBJECT) {
                readMembers(parser, into.putObject("Code"), true, false, zipFile);
            } else {
                into.set(name, JSON.readTree(parser));
            }
        }
    }

    private static void closeQuietly(UploadedPackage upload) {
        if (upload != null) {
            upload.close();
        }
    }

    private static ObjectNode body(AwsRequest request) {
        if (request.body().length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(request.body());
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw LambdaErrors.invalidRequestContent("Could not parse request body into json: the body is not a JSON object.");
        } catch (JsonProcessingException malformed) {
            throw LambdaErrors.invalidRequestContent("Could not parse request body into json: " + malformed.getOriginalMessage());
        } catch (IOException unreadable) {
            throw LambdaErrors.invalidRequestContent("Could not parse request body into json: " + unreadable.getMessage());
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(decode(segment));
            }
        }
        return segments;
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw LambdaErrors.validation("The request URI is not validly percent-encoded: " + text);
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Integer integer(Map<String, List<String>> query, String name) {
        String value = first(query, name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException notANumber) {
            throw LambdaErrors.validation(name.substring(0, 1).toLowerCase() + name.substring(1), value, "Member must be an integer");
        }
    }

    private static AwsServiceException unknown(AwsRequest request) {
        return new AwsServiceException("UnknownOperationException", 404,
                "No Lambda operation is served at " + request.method() + " " + request.path() + ".");
    }



    static AwsResponse error(AwsServiceException error, String requestId) {
        ObjectNode body = JSON.createObjectNode();
        if (!error.code().equals("ValidationException") && !error.code().equals("UnknownOperationException")) {
            body.put("Type", error.sender() ? "User" : "Service");
        }
        body.put(CAPITALIZED_MESSAGE.contains(error.code()) ? "Message" : "message", error.getMessage());
        try {
            return new AwsResponse(error.status(), CONTENT_TYPE,
                    Map.of("x-amzn-RequestId", requestId, "x-amzn-ErrorType", error.code()), JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
