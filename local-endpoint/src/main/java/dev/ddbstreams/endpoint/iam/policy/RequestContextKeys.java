package dev.ddbstreams.endpoint.iam.policy;

import java.util.Set;

/**
 * The global condition keys the endpoint fills in for every request made with a role session's credentials. None of
 * the project's own policies uses a condition; these are the keys whose values the endpoint knows for certain.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html">AWS global condition context keys</a>
 */
public final class RequestContextKeys {
    public static final String PRINCIPAL_ARN = "aws:principalarn";
    public static final String PRINCIPAL_ACCOUNT = "aws:principalaccount";
    public static final String PRINCIPAL_TYPE = "aws:principaltype";
    public static final String USER_ID = "aws:userid";
    public static final String REQUESTED_REGION = "aws:requestedregion";
    /** The endpoint speaks plain HTTP on loopback: always {@code false}. */
    public static final String SECURE_TRANSPORT = "aws:securetransport";

    static final Set<String> SUPPORTED = Set.of(PRINCIPAL_ARN, PRINCIPAL_ACCOUNT, PRINCIPAL_TYPE, USER_ID,
            REQUESTED_REGION, SECURE_TRANSPORT);

    private RequestContextKeys() {
    }
}
