package dev.ddbstreams.endpoint.iam.enforcement;

import dev.ddbstreams.endpoint.iam.AssumedRoleSession;
import dev.ddbstreams.endpoint.iam.IamService;
import dev.ddbstreams.endpoint.iam.policy.Decision;
import dev.ddbstreams.endpoint.iam.policy.PolicyDocument;
import dev.ddbstreams.endpoint.iam.policy.PolicyEvaluator;
import dev.ddbstreams.endpoint.iam.policy.RequestContextKeys;
import dev.ddbstreams.endpoint.protocol.AwsRequest;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;
import dev.ddbstreams.endpoint.routing.AwsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a request may reach its service. A request signed with a role session's access key (issued by
 * {@code AssumeRole}, or minted for a function as Lambda does) is evaluated against the role's identity-based policies,
 * for every permission it needs ({@link RequiredPermissions}); any other request (unsigned, or signed with keys the
 * endpoint did not issue: the AWS CLI, tests, the provisioner) acts as the account's root and is allowed.
 * <p>
 * A refusal is the calling service's own error, with AWS's message: {@code User: <assumed-role ARN> is not authorized
 * to perform: <action> on resource: <ARN> because no identity-based policy allows the <action> action}, or {@code ...
 * with an explicit deny in an identity-based policy}.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html">Troubleshoot access denied error messages</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html">Policy evaluation logic</a>
 */
public final class IamEnforcer {
    private static final Logger LOG = LoggerFactory.getLogger(IamEnforcer.class);

    private final IamService iam;
    private final RequiredPermissions permissions;
    private final String region;
    private final Clock clock;

    public IamEnforcer(IamService iam, String region, Clock clock) {
        this.iam = iam;
        this.permissions = new RequiredPermissions(region, iam.accountId());
        this.region = region;
        this.clock = clock;
    }

    /**
     * The refusal of {@code request} to {@code service}, or empty if it may go on.
     *
     * @param parameters the request's query-protocol parameters (form body and query string)
     */
    public Optional<AwsServiceException> check(AwsService service, AwsRequest request, Map<String, String> parameters) {
        Optional<AssumedRoleSession> issued = request.accessKeyId().flatMap(iam::sessionIssuedFor);
        if (issued.isEmpty()) {
            return Optional.empty();
        }
        AssumedRoleSession session = issued.get();
        if (session.expirationMillis() < clock.millis()) {
            return Optional.of(expired(service));
        }
        String principal = session.assumedRoleArn(iam.accountId());
        RequiredPermissions.Resolution resolution = permissions.resolve(service, request, parameters);
        if (resolution instanceof RequiredPermissions.Resolution.Free) {
            return Optional.empty();
        }
        if (resolution instanceof RequiredPermissions.Resolution.Unknown unknown) {
            LOG.warn("Refused {} to {}: {}", unknown.operation(), principal, unknown.why());
            return Optional.of(denied(service, "User: " + principal + " is not authorized to perform: " + unknown.operation()
                    + " because " + unknown.why() + " while IAM is enforced (the local runtime's --no-iam turns enforcement off)"));
        }
        List<PolicyDocument> policies = policiesOf(session.roleArn());
        Map<String, String> keys = new HashMap<>(roleKeys(session.roleArn()));
        keys.put(RequestContextKeys.USER_ID, session.assumedRoleId());
        for (Permission permission : ((RequiredPermissions.Resolution.Needed) resolution).permissions()) {
            Decision decision = PolicyEvaluator.evaluate(policies,
                    new PolicyEvaluator.RequestContext(permission.action(), permission.resource(), keys));
            if (!decision.allowed()) {
                return Optional.of(denied(service, message(service, principal, permission, decision)));
            }
        }
        return Optional.empty();
    }

    /**
     * What a role's identity-based policies decide for one permission, whether or not requests are enforced: for
     * checks AWS makes on a role itself (an event source mapping's role reading its source, say). A role that does not
     * exist has no policies, so everything is implicitly denied.
     */
    public Decision decide(String roleArn, Permission permission) {
        return PolicyEvaluator.evaluate(policiesOf(roleArn),
                new PolicyEvaluator.RequestContext(permission.action(), permission.resource(), roleKeys(roleArn)));
    }

    private List<PolicyDocument> policiesOf(String roleArn) {
        return iam.identityPolicyDocuments(roleArn).orElse(Map.of()).entrySet().stream()
                .map(entry -> PolicyDocument.parse(entry.getKey(), entry.getValue())).toList();
    }

    /** The condition keys known for any session of the role (aws:PrincipalArn is the role's ARN, not the session's). */
    private Map<String, String> roleKeys(String roleArn) {
        return Map.of(
                RequestContextKeys.PRINCIPAL_ARN, roleArn,
                RequestContextKeys.PRINCIPAL_ACCOUNT, iam.accountId(),
                RequestContextKeys.PRINCIPAL_TYPE, "AssumedRole",
                RequestContextKeys.REQUESTED_REGION, region,
                RequestContextKeys.SECURE_TRANSPORT, "false");
    }

    private static String message(AwsService service, String principal, Permission permission, Decision decision) {
        // SQS names the action in lower case in its refusals ("sqs:sendmessage"), as recorded in
        // https://github.com/aws/serverless-application-model/issues/3633.
        String action = service == AwsService.SQS ? permission.action().toLowerCase(Locale.ROOT) : permission.action();
        String prefix = "User: " + principal + " is not authorized to perform: " + action + " on resource: " + permission.resource();
        return switch (decision.outcome()) {
            case EXPLICIT_DENY -> prefix + " with an explicit deny in an identity-based policy";
            case IMPLICIT_DENY -> prefix + " because no identity-based policy allows the " + action + " action";
            case CANNOT_EVALUATE -> {
                LOG.warn("Refused {} on {} to {}: cannot evaluate {}", permission.action(), permission.resource(), principal,
                        decision.detail().orElse("?"));
                yield prefix + " because the local endpoint cannot evaluate " + decision.detail().orElse("a policy")
                        + " (AWS might decide otherwise; the local runtime's --no-iam turns enforcement off)";
            }
            case ALLOWED -> throw new IllegalStateException("an allowed decision is not refused");
        };
    }

    /**
     * Each service's access-denied error: {@code AccessDeniedException} (HTTP 400) for DynamoDB, DynamoDB Streams,
     * Kinesis and CloudWatch Logs; {@code AccessDenied} (403) for the query services SQS, STS, IAM and CloudWatch;
     * {@code AccessDeniedException} (403) for Lambda.
     *
     * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">DynamoDB errors (AccessDeniedException, 400)</a>
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/CommonErrors.html">SQS common errors (AccessDenied, 403)</a>
     * @see <a href="https://docs.aws.amazon.com/kinesis/latest/APIReference/CommonErrors.html">Kinesis common errors</a>
     */
    static AwsServiceException denied(AwsService service, String message) {
        return switch (service) {
            case SQS, STS, IAM, MONITORING -> new AwsServiceException("AccessDenied", 403, message);
            case LAMBDA, APIGATEWAY, EXECUTE_API -> new AwsServiceException("AccessDeniedException", 403, message);
            case DYNAMODB, DYNAMODB_STREAMS, KINESIS, LOGS -> new AwsServiceException("AccessDeniedException", 400, message);
        };
    }

    /** @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html">ExpiredTokenException</a> */
    private static AwsServiceException expired(AwsService service) {
        String message = "The security token included in the request is expired";
        return switch (service) {
            case SQS, STS, IAM, MONITORING -> new AwsServiceException("ExpiredToken", 403, message);
            case LAMBDA, APIGATEWAY, EXECUTE_API -> new AwsServiceException("ExpiredTokenException", 403, message);
            case DYNAMODB, DYNAMODB_STREAMS, KINESIS, LOGS -> new AwsServiceException("ExpiredTokenException", 400, message);
        };
    }
}
