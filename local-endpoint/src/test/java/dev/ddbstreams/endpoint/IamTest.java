package dev.ddbstreams.endpoint;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.CreatePolicyResponse;
import software.amazon.awssdk.services.iam.model.CreateRoleResponse;
import software.amazon.awssdk.services.iam.model.DeleteConflictException;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.GetRoleResponse;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IAM through the AWS SDK v2 over HTTP, against the edge. Each test cites the IAM API reference page it checks. */
class IamTest {
    private static EdgeEndpoint edge;
    private static IamClient iam;

    @BeforeAll
    static void start() {
        edge = EdgeEndpoint.builder().port(0).start();
        iam = EdgeFixture.iam(edge);
    }

    @AfterAll
    static void stop() throws Exception {
        iam.close();
        edge.close();
    }

    private static String decode(String urlEncoded) {
        return URLDecoder.decode(urlEncoded, StandardCharsets.UTF_8);
    }

    /** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html and API_Role.html (RoleId, Arn, CreateDate, MaxSessionDuration) */
    @Test
    void createRole_returnsRoleWithAwsIdentifiers_andUrlEncodedTrustPolicy() {
        String trust = EdgeFixture.trustPolicy("lambda.amazonaws.com");
        CreateRoleResponse created = iam.createRole(r -> r.roleName("fn-role").path("/service/").assumeRolePolicyDocument(trust)
                .description("runs fn").tags(Tag.builder().key("team").value("streams").build()));
        Role role = created.role();
        assertEquals("fn-role", role.roleName());
        assertEquals("/service/", role.path());
        assertEquals("arn:aws:iam::000000000000:role/service/fn-role", role.arn());
        assertTrue(role.roleId().matches("AROA[A-Z2-7]{17}"), role.roleId());
        assertEquals(21, role.roleId().length());
        assertTrue(Duration.between(role.createDate(), Instant.now()).abs().getSeconds() < 60);
        assertEquals(3600, role.maxSessionDuration());
        assertEquals("runs fn", role.description());
        assertEquals(trust, decode(role.assumeRolePolicyDocument()));
        assertTrue(role.assumeRolePolicyDocument().contains("%22"), "IAM returns policy documents URL-encoded");
    }

    /** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html: RoleLastUsed, tags; NoSuchEntity 404 */
    @Test
    void getRole_returnsStoredRole_andNoSuchEntityWhenAbsent() {
        iam.createRole(r -> r.roleName("reader").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com"))
                .tags(Tag.builder().key("k").value("v").build()));
        GetRoleResponse got = iam.getRole(r -> r.roleName("READER"));
        assertEquals("reader", got.role().roleName(), "role names are case-insensitive in IAM");
        assertNotNull(got.role().roleLastUsed());
        assertEquals(List.of(Tag.builder().key("k").value("v").build()), got.role().tags());

        NoSuchEntityException missing = assertThrows(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("nobody")));
        assertEquals(404, missing.statusCode());
        assertEquals("NoSuchEntity", missing.awsErrorDetails().errorCode());
        assertEquals("The role with name nobody cannot be found.", missing.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html#API_CreateRole_Errors: EntityAlreadyExists 409, MalformedPolicyDocument 400 */
    @Test
    void createRole_refusesDuplicateNames_andMalformedPolicies() {
        iam.createRole(r -> r.roleName("dup").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com")));
        EntityAlreadyExistsException duplicate = assertThrows(EntityAlreadyExistsException.class,
                () -> iam.createRole(r -> r.roleName("DUP").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com"))));
        assertEquals(409, duplicate.statusCode());
        assertEquals("Role with name DUP already exists.", duplicate.awsErrorDetails().errorMessage());

        MalformedPolicyDocumentException malformed = assertThrows(MalformedPolicyDocumentException.class,
                () -> iam.createRole(r -> r.roleName("bad").assumeRolePolicyDocument("{not json")));
        assertEquals(400, malformed.statusCode());
        assertThrows(MalformedPolicyDocumentException.class,
                () -> iam.createRole(r -> r.roleName("bad").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\"}")));
        IamException invalidName = assertThrows(IamException.class,
                () -> iam.createRole(r -> r.roleName("has space").assumeRolePolicyDocument(EdgeFixture.trustPolicy("x"))));
        assertEquals("ValidationError", invalidName.awsErrorDetails().errorCode());
    }

    /** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html: PathPrefix, MaxItems, Marker, IsTruncated */
    @Test
    void listRoles_pagesWithMarker_andFiltersByPathPrefix() {
        for (int i = 0; i < 3; i++) {
            int n = i;
            iam.createRole(r -> r.roleName("paged-" + n).path("/paged/").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com")));
        }
        ListRolesResponse first = iam.listRoles(r -> r.pathPrefix("/paged/").maxItems(2));
        assertEquals(List.of("paged-0", "paged-1"), first.roles().stream().map(Role::roleName).toList());
        assertTrue(first.isTruncated());
        ListRolesResponse second = iam.listRoles(r -> r.pathPrefix("/paged/").maxItems(2).marker(first.marker()));
        assertEquals(List.of("paged-2"), second.roles().stream().map(Role::roleName).toList());
        assertFalse(second.isTruncated());
        assertEquals(3, iam.listRolesPaginator(r -> r.pathPrefix("/paged/").maxItems(1)).roles().stream().count());
    }

    /**
     * https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html, API_GetRolePolicy.html,
     * API_ListRolePolicies.html, API_DeleteRolePolicy.html, API_DeleteRole.html (DeleteConflict 409)
     */
    @Test
    void inlinePolicies_areStoredListedAndBlockRoleDeletion() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"}]}";
        iam.createRole(r -> r.roleName("inline").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com")));
        iam.putRolePolicy(r -> r.roleName("inline").policyName("read").policyDocument(policy));
        assertEquals(policy, decode(iam.getRolePolicy(r -> r.roleName("inline").policyName("read")).policyDocument()));
        assertEquals(List.of("read"), iam.listRolePolicies(r -> r.roleName("inline")).policyNames());

        DeleteConflictException conflict = assertThrows(DeleteConflictException.class, () -> iam.deleteRole(r -> r.roleName("inline")));
        assertEquals(409, conflict.statusCode());
        assertEquals("Cannot delete entity, must delete policies first.", conflict.awsErrorDetails().errorMessage());

        NoSuchEntityException missing = assertThrows(NoSuchEntityException.class,
                () -> iam.getRolePolicy(r -> r.roleName("inline").policyName("write")));
        assertEquals("The role policy with name write cannot be found.", missing.awsErrorDetails().errorMessage());

        iam.deleteRolePolicy(r -> r.roleName("inline").policyName("read"));
        iam.deleteRole(r -> r.roleName("inline"));
        assertThrows(NoSuchEntityException.class, () -> iam.getRole(r -> r.roleName("inline")));
    }

    /**
     * A permissions policy names no principal and has actions and resources in every statement; IAM refuses it otherwise
     * with MalformedPolicyDocument (messages as moto's validator records them from AWS).
     *
     * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html">IAM JSON policy grammar</a>
     */
    @Test
    void permissionsPolicies_withAPrincipalOrWithoutActionsOrResources_areMalformed() {
        iam.createRole(r -> r.roleName("strict").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com")));
        Map<String, String> refusals = Map.of(
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"*\"}}",
                "Policy document should not specify a principal.",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}",
                "Policy statement must contain actions.",
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":[]}}",
                "Policy statement must contain resources.");
        refusals.forEach((document, message) -> {
            MalformedPolicyDocumentException inline = assertThrows(MalformedPolicyDocumentException.class,
                    () -> iam.putRolePolicy(r -> r.roleName("strict").policyName("p").policyDocument(document)));
            assertEquals(message, inline.awsErrorDetails().errorMessage());
            MalformedPolicyDocumentException managed = assertThrows(MalformedPolicyDocumentException.class,
                    () -> iam.createPolicy(r -> r.policyName("strict-p").policyDocument(document)));
            assertEquals(message, managed.awsErrorDetails().errorMessage());
        });
    }

    /**
     * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html, API_GetPolicy.html, API_GetPolicyVersion.html,
     * API_AttachRolePolicy.html, API_ListAttachedRolePolicies.html, API_DetachRolePolicy.html, API_DeletePolicy.html
     */
    @Test
    void managedPolicies_attachListDetachAndDelete() {
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}";
        CreatePolicyResponse created = iam.createPolicy(r -> r.policyName("send").policyDocument(document).description("send to queues"));
        String arn = created.policy().arn();
        assertEquals("arn:aws:iam::000000000000:policy/send", arn);
        assertTrue(created.policy().policyId().matches("ANPA[A-Z2-7]{17}"), created.policy().policyId());
        assertEquals("v1", created.policy().defaultVersionId());
        assertEquals(0, created.policy().attachmentCount());
        assertEquals(document, decode(iam.getPolicyVersion(r -> r.policyArn(arn).versionId("v1")).policyVersion().document()));
        assertThrows(EntityAlreadyExistsException.class, () -> iam.createPolicy(r -> r.policyName("send").policyDocument(document)));

        iam.createRole(r -> r.roleName("attached").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com")));
        iam.attachRolePolicy(r -> r.roleName("attached").policyArn(arn));
        String basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
        iam.attachRolePolicy(r -> r.roleName("attached").policyArn(basic));
        assertEquals(List.of(AttachedPolicy.builder().policyName("send").policyArn(arn).build(),
                        AttachedPolicy.builder().policyName("AWSLambdaBasicExecutionRole").policyArn(basic).build()),
                iam.listAttachedRolePolicies(r -> r.roleName("attached")).attachedPolicies());
        assertEquals(1, iam.getPolicy(r -> r.policyArn(arn)).policy().attachmentCount());
        assertTrue(iam.listInstanceProfilesForRole(r -> r.roleName("attached")).instanceProfiles().isEmpty());

        assertThrows(NoSuchEntityException.class, () -> iam.attachRolePolicy(r -> r.roleName("attached")
                .policyArn("arn:aws:iam::000000000000:policy/none")));
        DeleteConflictException attachedPolicy = assertThrows(DeleteConflictException.class, () -> iam.deletePolicy(r -> r.policyArn(arn)));
        assertEquals("Cannot delete a policy attached to entities.", attachedPolicy.awsErrorDetails().errorMessage());
        DeleteConflictException attachedRole = assertThrows(DeleteConflictException.class, () -> iam.deleteRole(r -> r.roleName("attached")));
        assertEquals("Cannot delete entity, must detach all policies first.", attachedRole.awsErrorDetails().errorMessage());

        iam.detachRolePolicy(r -> r.roleName("attached").policyArn(arn));
        iam.detachRolePolicy(r -> r.roleName("attached").policyArn(basic));
        iam.deleteRole(r -> r.roleName("attached"));
        iam.deletePolicy(r -> r.policyArn(arn));
        assertThrows(NoSuchEntityException.class, () -> iam.getPolicy(r -> r.policyArn(arn)));
        assertTrue(iam.listPolicies(r -> r.scope("Local")).policies().stream().noneMatch(p -> p.arn().equals(arn)));
    }

    /** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html and API_ListPolicyVersions.html */
    @Test
    void policyVersions_newDefaultVersion_andListNewestFirst() {
        String v1 = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
        String v2 = v1.replace("GetObject", "PutObject");
        String arn = iam.createPolicy(r -> r.policyName("versioned").policyDocument(v1)).policy().arn();
        iam.createPolicyVersion(r -> r.policyArn(arn).policyDocument(v2).setAsDefault(true));
        assertEquals("v2", iam.getPolicy(r -> r.policyArn(arn)).policy().defaultVersionId());
        assertEquals(List.of("v2", "v1"), iam.listPolicyVersions(r -> r.policyArn(arn)).versions().stream()
                .map(v -> v.versionId()).toList());
        assertThrows(DeleteConflictException.class, () -> iam.deletePolicy(r -> r.policyArn(arn)));
        iam.deletePolicyVersion(r -> r.policyArn(arn).versionId("v1"));
        iam.deletePolicy(r -> r.policyArn(arn));
    }

    /** https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html, API_TagRole.html, API_ListRoleTags.html, API_UpdateRole.html */
    @Test
    void updateTrustPolicyTagsAndSessionDuration() {
        iam.createRole(r -> r.roleName("mutable").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com")));
        String newTrust = EdgeFixture.trustPolicy("apigateway.amazonaws.com");
        iam.updateAssumeRolePolicy(r -> r.roleName("mutable").policyDocument(newTrust));
        iam.tagRole(r -> r.roleName("mutable").tags(Tag.builder().key("a").value("1").build(), Tag.builder().key("b").value("2").build()));
        iam.untagRole(r -> r.roleName("mutable").tagKeys("a"));
        iam.updateRole(r -> r.roleName("mutable").maxSessionDuration(7200).description("changed"));
        Role role = iam.getRole(r -> r.roleName("mutable")).role();
        assertEquals(newTrust, decode(role.assumeRolePolicyDocument()));
        assertEquals(7200, role.maxSessionDuration());
        assertEquals("changed", role.description());
        assertEquals(List.of(Tag.builder().key("b").value("2").build()), iam.listRoleTags(r -> r.roleName("mutable")).tags());
    }

    /** An action IAM does not have answers InvalidAction in IAM's XML error shape. */
    @Test
    void unknownAction_isInvalidAction() {
        IamException error = assertThrows(IamException.class, () -> iam.createUser(r -> r.userName("u")));
        assertEquals("InvalidAction", error.awsErrorDetails().errorCode());
        assertEquals(400, error.statusCode());
    }
}
