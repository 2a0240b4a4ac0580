package dev.ddbstreams.endpoint.sts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.ddbstreams.endpoint.iam.AssumedRoleSession;
import dev.ddbstreams.endpoint.protocol.AwsRequest;
import dev.ddbstreams.endpoint.protocol.AwsResponse;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;
import dev.ddbstreams.endpoint.protocol.QueryProtocol;
import dev.ddbstreams.endpoint.protocol.RequestIds;
import dev.ddbstreams.endpoint.protocol.ServiceHandler;

import java.time.Instant;
import java.util.Map;

/**
 * STS's query protocol ({@code xmlns="https://sts.amazonaws.com/doc/2011-06-15/"}).
 *
 * @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html">GetCallerIdentity (response example)</a>
 * @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html">AssumeRole (response example)</a>
 */
public final class StsQueryHandler implements ServiceHandler {
    static final String NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";
    private final StsService sts;

    public StsQueryHandler(StsService sts) {
        this.sts = sts;
    }

    @Override
    public AwsResponse handle(AwsRequest request) {
        String requestId = RequestIds.next();
        try {
            Map<String, String> parameters = QueryProtocol.parameters(request);
            String action = parameters.getOrDefault("Action", "");
            ObjectNode in = QueryProtocol.input(parameters);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            switch (action) {
                case "GetCallerIdentity" -> {
                    StsService.CallerIdentity identity = sts.callerIdentity(request.accessKeyId());
                    out.put("Arn", identity.arn());
                    out.put("UserId", identity.userId());
                    out.put("Account", identity.account());
                }
                case "AssumeRole" -> {
                    AssumedRoleSession session = sts.assumeRole(request.accessKeyId(), text(in, "RoleArn"),
                            text(in, "RoleSessionName"), duration(in));
                    ObjectNode user = out.putObject("AssumedRoleUser");
                    user.put("AssumedRoleId", session.assumedRoleId());
                    user.put("Arn", session.assumedRoleArn(sts.callerIdentity(java.util.Optional.empty()).account()));
                    ObjectNode credentials = out.putObject("Credentials");
                    credentials.put("AccessKeyId", session.accessKeyId());
                    credentials.put("SecretAccessKey", session.secretAccessKey());
                    credentials.put("SessionToken", session.sessionToken());
                    credentials.set("Expiration", new POJONode(Instant.ofEpochMilli(session.expirationMillis())));
                }
                default -> throw AwsServiceException.badRequest("InvalidAction",
                        "Could not find operation " + action + " for version 2011-06-15");
            }
            return QueryProtocol.response(action, NAMESPACE, out, requestId);
        } catch (AwsServiceException error) {
            return QueryProtocol.error(error, NAMESPACE, requestId);
        }
    }

    private static String text(ObjectNode in, String name) {
        JsonNode node = in.get(name);
        return node == null ? null : node.asText();
    }

    private static Integer duration(ObjectNode in) {
        String value = text(in, "DurationSeconds");
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException notANumber) {
            throw AwsServiceException.badRequest("ValidationError", "Invalid value for DurationSeconds: " + value);
        }
    }
}
