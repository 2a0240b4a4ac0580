package dev.ddbstreams.endpoint.sts;

import dev.ddbstreams.endpoint.iam.AssumedRoleSession;
import dev.ddbstreams.endpoint.iam.IamService;
import dev.ddbstreams.endpoint.iam.Role;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * STS: who is calling, and temporary credentials for a role. Any credentials the endpoint did not issue are the
 * account's root-like default; keys issued by {@link #assumeRole} map back to their role session.
 *
 * @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html">GetCallerIdentity</a>
 * @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html">AssumeRole</a>
 */
public final class StsService {
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    /** @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#lambda-CreateFunction-request-FunctionName">FunctionName</a> */
    private static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9-_]{1,64}");
    private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final IamService iam;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public StsService(IamService iam, Clock clock) {
        this.iam = iam;
        this.clock = clock;
    }

    /** The caller's identity: account, ARN and user id. */
    public record CallerIdentity(String account, String arn, String userId) {
    }

    public CallerIdentity callerIdentity(Optional<String> accessKeyId) {
        String account = iam.accountId();
        Optional<AssumedRoleSession> session = accessKeyId.flatMap(iam::sessionByAccessKey);
        return session.map(s -> new CallerIdentity(account, s.assumedRoleArn(account), s.assumedRoleId()))
                .orElseGet(() -> new CallerIdentity(account, "arn:aws:iam::" + account + ":root", account));
    }

    /**
     * Issues credentials for an existing role. A role that does not exist is AccessDenied (403), as AWS answers: the
     * caller is not authorised to assume what it cannot see.
     */
    public AssumedRoleSession assumeRole(Optional<String> callerAccessKey, String roleArn, String sessionName, Integer durationSeconds) {
        if (roleArn == null) {
            throw missing("roleArn");
        }
        if (sessionName == null) {
            throw missing("roleSessionName");
        }
        if (roleArn.length() < 20) {
            throw new AwsServiceException("ValidationError", 400, "1 validation error detected: Value '" + roleArn
                    + "' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20");
        }
        if (!SESSION_NAME.matcher(sessionName).matches()) {
            throw new AwsServiceException("ValidationError", 400, "1 validation error detected: Value '" + sessionName
                    + "' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        }
        Optional<Role> role = iam.roleByArn(roleArn);
        if (role.isEmpty()) {
            throw new AwsServiceException("AccessDenied", 403, "User: " + callerIdentity(callerAccessKey).arn()
                    + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        }
        int duration = durationSeconds == null ? 3600 : durationSeconds;
        if (duration < 900) {
            throw new AwsServiceException("ValidationError", 400, "1 validation error detected: Value '" + duration
                    + "' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
        }
        if (duration > role.get().maxSessionDuration()) {
            throw new AwsServiceException("ValidationError", 400, "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
        AssumedRoleSession session = new AssumedRoleSession("ASIA" + randomKeyChars(16), secret(40), sessionToken(),
                roleArn, role.get().roleId(), role.get().roleName(), sessionName, clock.millis() + duration * 1000L);
        iam.recordSession(session);
        return session;
    }

    /**
     * Credentials for a function's execution role, as Lambda gives a function its role's temporary credentials: the
     * session is named after the function, so that the function is known as
     * {@code arn:aws:sts::<account>:assumed-role/<role>/<function>}. Lambda assumes the role as a service, so neither the
     * role's trust policy nor its MaxSessionDuration is consulted.
     *
     * @throws IllegalArgumentException if the role does not exist, or the function name is not one
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html">Lambda execution role</a>
     * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime">AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN</a>
     */
    public AssumedRoleSession functionSession(String roleArn, String functionName, Duration validity) {
        Role role = iam.roleByArn(roleArn).orElseThrow(() -> new IllegalArgumentException("The role " + roleArn + " does not exist."));
        if (functionName == null || !FUNCTION_NAME.matcher(functionName).matches()) {
            throw new IllegalArgumentException("Not a function name: " + functionName);
        }
        AssumedRoleSession session = new AssumedRoleSession("ASIA" + randomKeyChars(16), secret(40), sessionToken(),
                roleArn, role.roleId(), role.roleName(), functionName, clock.millis() + validity.toMillis());
        iam.recordSession(session);
        return session;
    }

    private static AwsServiceException missing(String field) {
        return new AwsServiceException("ValidationError", 400,
                "1 validation error detected: Value null at '" + field + "' failed to satisfy constraint: Member must not be null");
    }

    private String randomKeyChars(int count) {
        StringBuilder key = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            key.append(KEY_ALPHABET.charAt(random.nextInt(KEY_ALPHABET.length())));
        }
        return key.toString();
    }

    private String secret(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes).substring(0, length).replace('/', '+');
    }

    private String sessionToken() {
        byte[] bytes = new byte[180];
        random.nextBytes(bytes);
        return "IQoJb3JpZ2luX2VjE" + Base64.getEncoder().encodeToString(bytes);
    }
}
