package dev.ddbstreams.endpoint.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.endpoint.persistence.SnapshotStore;
import dev.ddbstreams.endpoint.protocol.AwsServiceException;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * IAM roles, inline and managed policies, and the role sessions STS issues: stored with AWS's identifiers, ARNs and
 * rules. Enforcing them on requests is the edge's job ({@code dev.ddbstreams.endpoint.iam.enforcement}). Names are unique regardless of case, as in IAM.
 * Every change is snapshotted before it is acknowledged.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/welcome.html">IAM API reference</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html">IAM identifiers (ARNs, unique ids)</a>
 */
public final class IamService {
    /** Default and bounds of a role's maximum session duration, in seconds. */
    static final int DEFAULT_MAX_SESSION = 3600;
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern PATH = Pattern.compile("(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final int MAX_POLICY_VERSIONS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long EXPIRED_SESSION_RETENTION_MILLIS = 24 * 3600 * 1000L;

    private final String accountId;
    private final Clock clock;
    private final SnapshotStore<IamState> store;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Role> roles = new TreeMap<>();
    private final Map<String, ManagedPolicy> policies = new TreeMap<>();
    private final Map<String, AssumedRoleSession> sessions = new LinkedHashMap<>();

    public IamService(String accountId, Clock clock, SnapshotStore<IamState> store) {
        this.accountId = accountId;
        this.clock = clock;
        this.store = store;
        store.load().ifPresent(state -> {
            state.roles().forEach(role -> roles.put(key(role.roleName()), role));
            state.policies().forEach(policy -> policies.put(policy.arn(), policy));
            state.sessions().forEach(session -> sessions.put(session.accessKeyId(), session));
        });
    }

    public String accountId() {
        return accountId;
    }

    // ---- roles --------------------------------------------------------------------------------------------------

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html">CreateRole</a> */
    public synchronized Role createRole(String roleName, String path, String assumeRolePolicyDocument, String description,
                                        Integer maxSessionDuration, String permissionsBoundary, Map<String, String> tags) {
        validateName("roleName", roleName, 64);
        String rolePath = validatePath(path);
        if (assumeRolePolicyDocument == null) {
            throw IamErrors.missing("assumeRolePolicyDocument");
        }
        validatePolicyDocument(assumeRolePolicyDocument);
        int maxSession = validateMaxSession(maxSessionDuration);
        if (roles.containsKey(key(roleName))) {
            throw IamErrors.alreadyExists("Role with name " + roleName + " already exists.");
        }
        Role role = new Role(roleName, rolePath, uniqueId("AROA"), "arn:aws:iam::" + accountId + ":role" + rolePath + roleName,
                clock.millis(), assumeRolePolicyDocument, description, maxSession, permissionsBoundary, tags, Map.of(), List.of());
        roles.put(key(roleName), role);
        save();
        return role;
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html">GetRole</a> */
    public synchronized Role getRole(String roleName) {
        if (roleName == null) {
            throw IamErrors.missing("roleName");
        }
        Role role = roles.get(key(roleName));
        if (role == null) {
            throw IamErrors.roleNotFound(roleName);
        }
        return role;
    }

    /** The role an ARN names, if it exists. */
    public synchronized Optional<Role> roleByArn(String roleArn) {
        return roles.values().stream().filter(role -> role.arn().equals(roleArn)).findFirst();
    }

    /**
     * A role can only be deleted once it has no inline and no attached policies left.
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html">DeleteRole</a>
     */
    public synchronized void deleteRole(String roleName) {
        Role role = getRole(roleName);
        if (!role.inlinePolicies().isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must delete policies first.");
        }
        if (!role.attachedPolicyArns().isEmpty()) {
            throw IamErrors.deleteConflict("Cannot delete entity, must detach all policies first.");
        }
        roles.remove(key(roleName));
        save();
    }

    /** Roles whose path starts with {@code pathPrefix}, by name. @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html">ListRoles</a> */
    public synchronized List<Role> listRoles(String pathPrefix) {
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        return roles.values().stream().filter(role -> role.path().startsWith(prefix)).toList();
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html">UpdateAssumeRolePolicy</a> */
    public synchronized void updateAssumeRolePolicy(String roleName, String policyDocument) {
        Role role = getRole(roleName);
        if (policyDocument == null) {
            throw IamErrors.missing("policyDocument");
        }
        validatePolicyDocument(policyDocument);
        replace(role.withAssumeRolePolicyDocument(policyDocument));
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRole.html">UpdateRole</a> */
    public synchronized void updateRole(String roleName, String description, Integer maxSessionDuration) {
        Role role = getRole(roleName);
        int maxSession = maxSessionDuration == null ? role.maxSessionDuration() : validateMaxSession(maxSessionDuration);
        replace(role.withDescriptionAndMaxSessionDuration(description == null ? role.description() : description, maxSession));
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagRole.html">TagRole</a> */
    public synchronized void tagRole(String roleName, Map<String, String> tags) {
        Role role = getRole(roleName);
        Map<String, String> merged = Role.merged(role.tags(), tags);
        if (merged.size() > 50) {
            throw IamErrors.limitExceeded("The number of tags has reached the maximum limit.");
        }
        replace(role.withTags(merged));
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagRole.html">UntagRole</a> */
    public synchronized void untagRole(String roleName, List<String> tagKeys) {
        Role role = getRole(roleName);
        Map<String, String> remaining = new LinkedHashMap<>(role.tags());
        tagKeys.forEach(remaining::remove);
        replace(role.withTags(remaining));
    }

    // ---- inline policies ---------------------------------------------------------------------------------------

    /** Creates or replaces an inline policy. @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html">PutRolePolicy</a> */
    public synchronized void putRolePolicy(String roleName, String policyName, String policyDocument) {
        validateName("policyName", policyName, 128);
        if (policyDocument == null) {
            throw IamErrors.missing("policyDocument");
        }
        Role role = getRole(roleName);
        validateIdentityPolicyDocument(policyDocument);
        Map<String, String> inline = new LinkedHashMap<>(role.inlinePolicies());
        inline.put(policyName, policyDocument);
        replace(role.withInlinePolicies(inline));
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html">GetRolePolicy</a> */
    public synchronized String getRolePolicy(String roleName, String policyName) {
        Role role = getRole(roleName);
        String document = role.inlinePolicies().get(policyName);
        if (document == null) {
            throw IamErrors.noSuchEntity("The role policy with name " + policyName + " cannot be found.");
        }
        return document;
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePolicy.html">DeleteRolePolicy</a> */
    public synchronized void deleteRolePolicy(String roleName, String policyName) {
        Role role = getRole(roleName);
        if (!role.inlinePolicies().containsKey(policyName)) {
            throw IamErrors.noSuchEntity("The role policy with name " + policyName + " cannot be found.");
        }
        Map<String, String> inline = new LinkedHashMap<>(role.inlinePolicies());
        inline.remove(policyName);
        replace(role.withInlinePolicies(inline));
    }

    // ---- managed policies --------------------------------------------------------------------------------------

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html">CreatePolicy</a> */
    public synchronized ManagedPolicy createPolicy(String policyName, String path, String policyDocument, String description,
                                                   Map<String, String> tags) {
        validateName("policyName", policyName, 128);
        String policyPath = validatePath(path);
        if (policyDocument == null) {
            throw IamErrors.missing("policyDocument");
        }
        validateIdentityPolicyDocument(policyDocument);
        String arn = "arn:aws:iam::" + accountId + ":policy" + policyPath + policyName;
        boolean nameTaken = policies.values().stream().anyMatch(p -> key(p.policyName()).equals(key(policyName)));
        if (nameTaken) {
            throw IamErrors.alreadyExists("A policy called " + policyName + " already exists. Duplicate names are not allowed.");
        }
        long now = clock.millis();
        ManagedPolicy policy = new ManagedPolicy(policyName, policyPath, uniqueId("ANPA"), arn, description, now, now, "v1",
                List.of(new ManagedPolicy.PolicyVersion("v1", policyDocument, now)), tags);
        policies.put(arn, policy);
        save();
        return policy;
    }

    /** A customer managed policy or one of the AWS managed policies the endpoint knows. */
    public synchronized ManagedPolicy getPolicy(String policyArn) {
        if (policyArn == null) {
            throw IamErrors.missing("policyArn");
        }
        ManagedPolicy policy = policies.get(policyArn);
        if (policy == null) {
            policy = AwsManagedPolicies.byArn(policyArn).orElse(null);
        }
        if (policy == null) {
            throw IamErrors.noSuchEntity("Policy " + policyArn + " does not exist or is not attachable.");
        }
        return policy;
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetPolicyVersion.html">GetPolicyVersion</a> */
    public synchronized ManagedPolicy.PolicyVersion getPolicyVersion(String policyArn, String versionId) {
        ManagedPolicy policy = getPolicy(policyArn);
        return policy.versions().stream().filter(v -> v.versionId().equals(versionId)).findFirst()
                .orElseThrow(() -> IamErrors.noSuchEntity("Policy " + policyArn + " version " + versionId + " does not exist or is not attachable."));
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html">CreatePolicyVersion</a> */
    public synchronized ManagedPolicy.PolicyVersion createPolicyVersion(String policyArn, String policyDocument, boolean setAsDefault) {
        ManagedPolicy policy = customerPolicy(policyArn);
        if (policyDocument == null) {
            throw IamErrors.missing("policyDocument");
        }
        validateIdentityPolicyDocument(policyDocument);
        if (policy.versions().size() >= MAX_POLICY_VERSIONS) {
            throw IamErrors.limitExceeded("A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.");
        }
        int next = policy.versions().stream().mapToInt(v -> Integer.parseInt(v.versionId().substring(1))).max().orElse(0) + 1;
        long now = clock.millis();
        ManagedPolicy.PolicyVersion version = new ManagedPolicy.PolicyVersion("v" + next, policyDocument, now);
        List<ManagedPolicy.PolicyVersion> versions = new ArrayList<>(policy.versions());
        versions.add(version);
        policies.put(policyArn, policy.withVersions(versions, setAsDefault ? version.versionId() : policy.defaultVersionId(), now));
        save();
        return version;
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicyVersion.html">DeletePolicyVersion</a> */
    public synchronized void deletePolicyVersion(String policyArn, String versionId) {
        ManagedPolicy policy = customerPolicy(policyArn);
        getPolicyVersion(policyArn, versionId);
        if (policy.defaultVersionId().equals(versionId)) {
            throw IamErrors.deleteConflict("Cannot delete the default version of a policy.");
        }
        List<ManagedPolicy.PolicyVersion> versions = policy.versions().stream().filter(v -> !v.versionId().equals(versionId)).toList();
        policies.put(policyArn, policy.withVersions(versions, policy.defaultVersionId(), policy.updateDateMillis()));
        save();
    }

    /**
     * A policy can be deleted once detached from every role and left with its default version only.
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeletePolicy.html">DeletePolicy</a>
     */
    public synchronized void deletePolicy(String policyArn) {
        ManagedPolicy policy = customerPolicy(policyArn);
        if (attachmentCount(policyArn) > 0) {
            throw IamErrors.deleteConflict("Cannot delete a policy attached to entities.");
        }
        if (policy.versions().size() > 1) {
            throw IamErrors.deleteConflict("This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
        }
        policies.remove(policyArn);
        save();
    }

    /** Customer managed policies ({@code Scope=Local}), AWS managed ones ({@code AWS}) or both ({@code All}). */
    public synchronized List<ManagedPolicy> listPolicies(String scope, boolean onlyAttached, String pathPrefix) {
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        List<ManagedPolicy> listed = new ArrayList<>();
        if (scope == null || scope.equals("All") || scope.equals("AWS")) {
            listed.addAll(AwsManagedPolicies.all());
        }
        if (scope == null || scope.equals("All") || scope.equals("Local")) {
            listed.addAll(policies.values());
        }
        return listed.stream().filter(p -> p.path().startsWith(prefix))
                .filter(p -> !onlyAttached || attachmentCount(p.arn()) > 0)
                .sorted(Comparator.comparing(ManagedPolicy::policyName)).toList();
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagPolicy.html">TagPolicy</a> */
    public synchronized void tagPolicy(String policyArn, Map<String, String> tags) {
        ManagedPolicy policy = customerPolicy(policyArn);
        Map<String, String> merged = Role.merged(new TreeMap<>(policy.tags()), tags);
        if (merged.size() > 50) {
            throw IamErrors.limitExceeded("The number of tags has reached the maximum limit.");
        }
        policies.put(policyArn, policy.withTags(merged));
        save();
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_UntagPolicy.html">UntagPolicy</a> */
    public synchronized void untagPolicy(String policyArn, List<String> tagKeys) {
        ManagedPolicy policy = customerPolicy(policyArn);
        Map<String, String> remaining = new TreeMap<>(policy.tags());
        tagKeys.forEach(remaining::remove);
        policies.put(policyArn, policy.withTags(remaining));
        save();
    }

    public synchronized int attachmentCount(String policyArn) {
        return (int) roles.values().stream().filter(role -> role.attachedPolicyArns().contains(policyArn)).count();
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html">AttachRolePolicy</a> */
    public synchronized void attachRolePolicy(String roleName, String policyArn) {
        Role role = getRole(roleName);
        getPolicy(policyArn);
        if (!role.attachedPolicyArns().contains(policyArn)) {
            List<String> attached = new ArrayList<>(role.attachedPolicyArns());
            attached.add(policyArn);
            replace(role.withAttachedPolicyArns(attached));
        }
    }

    /** @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_DetachRolePolicy.html">DetachRolePolicy</a> */
    public synchronized void detachRolePolicy(String roleName, String policyArn) {
        Role role = getRole(roleName);
        if (!role.attachedPolicyArns().contains(policyArn)) {
            throw IamErrors.noSuchEntity("Policy " + policyArn + " was not found.");
        }
        replace(role.withAttachedPolicyArns(role.attachedPolicyArns().stream().filter(arn -> !arn.equals(policyArn)).toList()));
    }

    /** The managed policies attached to a role, whose path starts with {@code pathPrefix}. */
    public synchronized List<ManagedPolicy> attachedRolePolicies(String roleName, String pathPrefix) {
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        return getRole(roleName).attachedPolicyArns().stream().map(this::getPolicy).filter(p -> p.path().startsWith(prefix)).toList();
    }

    // ---- STS sessions ------------------------------------------------------------------------------------------

    /** Records a session issued by STS, so that its access key can be mapped back to the role. */
    public synchronized void recordSession(AssumedRoleSession session) {
        long now = clock.millis();
        // Expired sessions are kept a day, so that a request signed with one is told its token expired (not taken as root).
        sessions.values().removeIf(existing -> existing.expirationMillis() + EXPIRED_SESSION_RETENTION_MILLIS < now);
        sessions.put(session.accessKeyId(), session);
        save();
    }

    /** The unexpired role session an access key id belongs to, if the key was issued by {@code AssumeRole}. */
    public synchronized Optional<AssumedRoleSession> sessionByAccessKey(String accessKeyId) {
        AssumedRoleSession session = sessions.get(accessKeyId);
        return session == null || session.expirationMillis() < clock.millis() ? Optional.empty() : Optional.of(session);
    }

    /**
     * The session an access key id was issued for by STS, expired or not (expired sessions are forgotten a day after
     * they expire), so that IAM enforcement can tell an expired token from credentials the endpoint never issued.
     */
    public synchronized Optional<AssumedRoleSession> sessionIssuedFor(String accessKeyId) {
        return Optional.ofNullable(sessions.get(accessKeyId));
    }

    /**
     * The identity-based policies of a role, by name: its inline policies (by policy name), then the default version of
     * each attached managed policy (by policy ARN). Empty if the role does not exist (any more).
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html">Managed policies and inline policies</a>
     */
    public synchronized Optional<Map<String, String>> identityPolicyDocuments(String roleArn) {
        return roleByArn(roleArn).map(role -> {
            Map<String, String> documents = new LinkedHashMap<>(role.inlinePolicies());
            role.attachedPolicyArns().forEach(arn -> documents.put(arn, getPolicy(arn).defaultVersion().document()));
            return documents;
        });
    }

    /** {@code prefix} followed by 17 characters of AWS's unique-id alphabet (21 characters in all, as AWS's ids). */
    String uniqueId(String prefix) {
        return prefix + randomChars(21 - prefix.length());
    }

    String randomChars(int count) {
        StringBuilder id = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    // ---- rules -------------------------------------------------------------------------------------------------

    private ManagedPolicy customerPolicy(String policyArn) {
        ManagedPolicy policy = getPolicy(policyArn);
        if (!policies.containsKey(policyArn)) {
            // AWS managed policies belong to AWS: a customer cannot change or delete them.
            throw new AwsServiceException("AccessDenied", 403, "User: arn:aws:iam::" + accountId
                    + ":root is not authorized to modify the AWS managed policy " + policy.arn());
        }
        return policy;
    }

    private void validateName(String field, String name, int maxLength) {
        if (name == null) {
            throw IamErrors.missing(field);
        }
        if (name.isEmpty() || name.length() > maxLength) {
            throw IamErrors.validation(field, name, "Member must have length less than or equal to " + maxLength);
        }
        if (!NAME.matcher(name).matches()) {
            throw IamErrors.validation(field, name, "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
    }

    private static String validatePath(String path) {
        if (path == null) {
            return "/";
        }
        if (path.length() > 512 || !PATH.matcher(path).matches()) {
            throw IamErrors.validation("path", path,
                    "Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
        }
        return path;
    }

    private static int validateMaxSession(Integer maxSessionDuration) {
        if (maxSessionDuration == null) {
            return DEFAULT_MAX_SESSION;
        }
        if (maxSessionDuration < 3600 || maxSessionDuration > 43200) {
            throw IamErrors.validation("maxSessionDuration", String.valueOf(maxSessionDuration),
                    "Member must have value less than or equal to 43200");
        }
        return maxSessionDuration;
    }

    /**
     * Checks the grammar IAM checks before storing a policy: a JSON object with a {@code Statement} whose entries each
     * have an {@code Effect} of {@code Allow} or {@code Deny}, and a {@code Version} that IAM knows. Messages are IAM's
     * (as moto's policy validator records them from real AWS).
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html">IAM JSON policy grammar</a>
     */
    static void validatePolicyDocument(String document) {
        JsonNode policy;
        try {
            policy = JSON.readTree(document);
        } catch (IOException invalidJson) {
            throw IamErrors.malformedPolicy("This policy contains invalid Json");
        }
        if (policy == null || !policy.isObject()) {
            throw IamErrors.malformedPolicy("This policy contains invalid Json");
        }
        JsonNode version = policy.get("Version");
        if (version != null && !(version.asText().equals("2012-10-17") || version.asText().equals("2008-10-17"))) {
            throw IamErrors.malformedPolicy("The policy failed legacy parsing");
        }
        JsonNode statement = policy.get("Statement");
        if (statement == null || !(statement.isObject() || statement.isArray())) {
            throw IamErrors.malformedPolicy("Syntax errors in policy.");
        }
        List<JsonNode> statements = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(statements::add);
        } else {
            statements.add(statement);
        }
        for (JsonNode entry : statements) {
            String effect = entry.path("Effect").asText("");
            if (!entry.isObject() || !(effect.equals("Allow") || effect.equals("Deny"))) {
                throw IamErrors.malformedPolicy("Syntax errors in policy.");
            }
        }
    }

    /**
     * An identity-based (permissions) policy: the grammar check, then what IAM refuses in one (messages as moto's
     * validator records them from AWS): a {@code Principal}, a statement without actions, a statement without
     * resources. So every stored permissions policy can be evaluated ({@code iam.policy.PolicyDocument}).
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html">IAM JSON policy grammar</a>
     */
    static void validateIdentityPolicyDocument(String document) {
        validatePolicyDocument(document);
        JsonNode statement;
        try {
            statement = JSON.readTree(document).get("Statement");
        } catch (IOException impossible) {
            throw IamErrors.malformedPolicy("This policy contains invalid Json");
        }
        List<JsonNode> statements = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(statements::add);
        } else {
            statements.add(statement);
        }
        for (JsonNode entry : statements) {
            if (entry.has("Principal") || entry.has("NotPrincipal")) {
                throw IamErrors.malformedPolicy("Policy document should not specify a principal.");
            }
        }
        for (JsonNode entry : statements) {
            if (!nonEmptyStrings(entry.get("Action")) && !nonEmptyStrings(entry.get("NotAction"))) {
                throw IamErrors.malformedPolicy("Policy statement must contain actions.");
            }
            if (!nonEmptyStrings(entry.get("Resource")) && !nonEmptyStrings(entry.get("NotResource"))) {
                throw IamErrors.malformedPolicy("Policy statement must contain resources.");
            }
        }
    }

    private static boolean nonEmptyStrings(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return true;
        }
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode element : node) {
            if (!element.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private void replace(Role role) {
        roles.put(key(role.roleName()), role);
        save();
    }

    private void save() {
        store.save(new IamState(List.copyOf(roles.values()), List.copyOf(policies.values()), List.copyOf(sessions.values())));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
