package dev.ddbstreams.endpoint.routing;

import dev.ddbstreams.endpoint.protocol.AwsRequest;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells which AWS service a request is for, the way AWS's own front ends do for a shared host name:
 * <ol>
 *   <li>the SigV4 credential scope ({@code Authorization: AWS4-HMAC-SHA256 Credential=AKID/date/region/<service>/aws4_request},
 *       or {@code X-Amz-Credential} of a presigned URL), refined by {@code X-Amz-Target} for DynamoDB Streams, which signs
 *       as {@code dynamodb};</li>
 *   <li>for unsigned requests ({@code aws --no-sign-request}): the {@code X-Amz-Target} prefix, the Smithy RPC v2 path,
 *       the query protocol's {@code Action}, then the REST path.</li>
 * </ol>
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html">Create a signed AWS API request</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/Welcome.html">DynamoDB (X-Amz-Target DynamoDB_20120810)</a>
 */
public final class ServiceResolver {
    private static final Pattern CREDENTIAL_SCOPE =
            Pattern.compile("Credential=([^/,\\s]+)/\\d{8}/[^/]+/([^/]+)/aws4_request");
    /** Where the edge serves HTTP APIs by path: {@code /_aws/execute-api/<apiId>/<stage>/<path>}. */
    public static final String EXECUTE_API_PATH = "/_aws/execute-api/";
    private static final Pattern EXECUTE_API_HOST = Pattern.compile("^([a-z0-9]+)\\.execute-api\\.localhost(:\\d+)?$");
    private static final Pattern PRESIGNED_SCOPE = Pattern.compile("^[^/]+/\\d{8}/[^/]+/([^/]+)/aws4_request$");

    private static final Map<String, AwsService> TARGET_PREFIXES = Map.of(
            "DynamoDB_20120810", AwsService.DYNAMODB,
            "DynamoDBStreams_20120810", AwsService.DYNAMODB_STREAMS,
            "Kinesis_20131202", AwsService.KINESIS,
            "Logs_20140328", AwsService.LOGS,
            "AmazonSQS", AwsService.SQS,
            "GraniteServiceVersion20100801", AwsService.MONITORING);

    // Query actions, by service, as in each API reference's list of actions (only what is needed to tell them apart).
    private static final Set<String> STS_ACTIONS = Set.of("GetCallerIdentity", "AssumeRole", "AssumeRoleWithWebIdentity",
            "AssumeRoleWithSAML", "GetSessionToken", "GetFederationToken", "GetAccessKeyInfo", "DecodeAuthorizationMessage");
    private static final Set<String> SQS_ACTIONS = Set.of("CreateQueue", "DeleteQueue", "GetQueueUrl", "ListQueues",
            "GetQueueAttributes", "SetQueueAttributes", "SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage",
            "DeleteMessageBatch", "ChangeMessageVisibility", "ChangeMessageVisibilityBatch", "PurgeQueue", "TagQueue",
            "UntagQueue", "ListQueueTags", "ListDeadLetterSourceQueues", "AddPermission", "RemovePermission",
            "StartMessageMoveTask", "ListMessageMoveTasks", "CancelMessageMoveTask");
    private static final Set<String> MONITORING_ACTIONS = Set.of("PutMetricAlarm", "DescribeAlarms", "DeleteAlarms",
            "DescribeAlarmsForMetric", "DescribeAlarmHistory", "SetAlarmState", "EnableAlarmActions", "DisableAlarmActions",
            "PutMetricData", "GetMetricData", "GetMetricStatistics", "ListMetrics", "PutCompositeAlarm", "PutDashboard",
            "GetDashboard", "DeleteDashboards", "ListDashboards");

    /** Resolves the service of {@code request}, whose query-protocol parameters are {@code parameters}. */
    public ResolvedRequest resolve(AwsRequest request, Map<String, String> parameters) {
        // An HTTP API's own traffic is whatever its clients send (any query, any body, any header), so its address
        // decides before anything in the request can: the path /_aws/execute-api/<apiId>/..., or the host name
        // <apiId>.execute-api.localhost.
        if (isExecuteApi(request)) {
            return new ResolvedRequest(Optional.of(AwsService.EXECUTE_API), Optional.empty(), AwsService.Protocol.REST_JSON);
        }
        Optional<String> target = request.header("x-amz-target");
        Optional<AwsService> byTarget = target.flatMap(ServiceResolver::byTarget);
        boolean cbor = request.header("smithy-protocol").map(value -> value.equalsIgnoreCase("rpc-v2-cbor")).orElse(false)
                || request.path().startsWith("/service/");
        Optional<String> signingName = signingName(request, parameters);

        AwsService.Protocol protocol = protocolOf(request, target.isPresent(), cbor, parameters);
        if (signingName.isPresent()) {
            Optional<AwsService> bySignature = AwsService.bySigningName(signingName.get());
            if (bySignature.isPresent() && bySignature.get() == AwsService.DYNAMODB && byTarget.isPresent()
                    && byTarget.get() == AwsService.DYNAMODB_STREAMS) {
                return new ResolvedRequest(byTarget, signingName, protocol);
            }
            return new ResolvedRequest(bySignature, signingName, protocol);
        }
        if (byTarget.isPresent()) {
            return new ResolvedRequest(byTarget, Optional.empty(), protocol);
        }
        if (cbor) {
            return new ResolvedRequest(request.path().startsWith("/service/GraniteServiceVersion20100801/")
                    ? Optional.of(AwsService.MONITORING) : Optional.empty(), Optional.empty(), protocol);
        }
        String action = parameters.get("Action");
        if (action != null) {
            return new ResolvedRequest(byAction(action, parameters), Optional.empty(), protocol);
        }
        return new ResolvedRequest(byPath(request.path()), Optional.empty(), protocol);
    }

    private static AwsService.Protocol protocolOf(AwsRequest request, boolean hasTarget, boolean cbor, Map<String, String> parameters) {
        String contentType = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (cbor) {
            return AwsService.Protocol.RPC_V2_CBOR;
        }
        if (hasTarget || contentType.startsWith("application/x-amz-json")) {
            return AwsService.Protocol.AWS_JSON;
        }
        if (parameters.containsKey("Action") || contentType.startsWith("application/x-www-form-urlencoded")) {
            return AwsService.Protocol.QUERY;
        }
        return AwsService.Protocol.REST_JSON;
    }

    private static Optional<String> signingName(AwsRequest request, Map<String, String> parameters) {
        Optional<String> authorization = request.header("authorization");
        if (authorization.isPresent()) {
            Matcher matcher = CREDENTIAL_SCOPE.matcher(authorization.get());
            if (matcher.find()) {
                return Optional.of(matcher.group(2));
            }
        }
        String presigned = parameters.get("X-Amz-Credential");
        if (presigned != null) {
            Matcher matcher = PRESIGNED_SCOPE.matcher(presigned);
            if (matcher.matches()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /** Whether the request is addressed to an HTTP API (by path or host name), whose query and body are its own. */
    public static boolean isExecuteApi(AwsRequest request) {
        return isExecuteApi(request.path(), request.header("host").orElse(null));
    }

    public static boolean isExecuteApi(String path, String host) {
        return (path != null && path.startsWith(EXECUTE_API_PATH)) || (host != null && executeApiHost(host).isPresent());
    }

    /** The API id of a host-style execute-api address ({@code <apiId>.execute-api.localhost[:port]}). */
    public static Optional<String> executeApiHost(String host) {
        Matcher matcher = EXECUTE_API_HOST.matcher(host.toLowerCase(Locale.ROOT));
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The access key id of the SigV4 scope, which tells who is calling (for {@code GetCallerIdentity}). */
    public static Optional<String> accessKeyId(String authorization, String presignedCredential) {
        if (authorization != null) {
            Matcher matcher = CREDENTIAL_SCOPE.matcher(authorization);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        if (presignedCredential != null && presignedCredential.indexOf('/') > 0) {
            return Optional.of(presignedCredential.substring(0, presignedCredential.indexOf('/')));
        }
        return Optional.empty();
    }

    private static Optional<AwsService> byTarget(String target) {
        int dot = target.indexOf('.');
        String prefix = dot < 0 ? target : target.substring(0, dot);
        return Optional.ofNullable(TARGET_PREFIXES.get(prefix));
    }

    private static Optional<AwsService> byAction(String action, Map<String, String> parameters) {
        if (STS_ACTIONS.contains(action)) {
            return Optional.of(AwsService.STS);
        }
        if (SQS_ACTIONS.contains(action) || parameters.containsKey("QueueUrl") || parameters.containsKey("QueueName")) {
            return Optional.of(AwsService.SQS);
        }
        if (MONITORING_ACTIONS.contains(action)) {
            return Optional.of(AwsService.MONITORING);
        }
        // IAM has hundreds of actions; every other query action is taken as IAM's, which answers InvalidAction.
        return Optional.of(AwsService.IAM);
    }

    private static Optional<AwsService> byPath(String path) {
        if (path.startsWith("/2015-03-31/") || path.startsWith("/2017-03-31/") || path.startsWith("/2018-10-31/")
                || path.startsWith("/2019-09-25/") || path.startsWith("/2020-04-22/") || path.startsWith("/2020-06-30/")
                || path.startsWith("/2021-10-31/")) {
            return Optional.of(AwsService.LAMBDA);
        }
        if (path.startsWith("/v2/") || path.startsWith("/restapis") || path.startsWith("/tags/")) {
            return Optional.of(AwsService.APIGATEWAY);
        }
        // SQS queue URLs (http://host/<account>/<queue>) are addressed by path too.
        if (path.matches("/\\d{12}/[^/]+/?")) {
            return Optional.of(AwsService.SQS);
        }
        return Optional.empty();
    }
}
