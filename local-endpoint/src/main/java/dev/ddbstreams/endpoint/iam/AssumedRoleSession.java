package dev.ddbstreams.endpoint.iam;

/**
 * Temporary credentials issued by {@code AssumeRole}: the access key id maps back to the role session, so that a later
 * request signed with it is known as {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}.
 *
 * @see <a href="https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html">AssumeRole</a>
 */
public record AssumedRoleSession(String accessKeyId, String secretAccessKey, String sessionToken, String roleArn,
                                 String roleId, String roleName, String sessionName, long expirationMillis) {

    /** {@code arn:aws:sts::<account>:assumed-role/<role>/<session>}. */
    public String assumedRoleArn(String accountId) {
        return "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
    }

    /** {@code <RoleId>:<session>}, AWS's AssumedRoleId and caller UserId. */
    public String assumedRoleId() {
        return roleId + ":" + sessionName;
    }
}
