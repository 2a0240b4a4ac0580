package dev.ddbstreams.endpoint;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.StsException;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STS through the AWS SDK v2 over HTTP. */
class StsTest {
    private static EdgeEndpoint edge;
    private static StsClient sts;
    private static IamClient iam;

    @BeforeAll
    static void start() {
        edge = EdgeEndpoint.builder().port(0).accountId("123456789012").start();
        sts = EdgeFixture.sts(edge);
        iam = EdgeFixture.iam(edge);
    }

    @AfterAll
    static void stop() throws Exception {
        sts.close();
        iam.close();
        edge.close();
    }

    /** https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html: Account, Arn, UserId */
    @Test
    void getCallerIdentity_ofDefaultCredentials_isTheConfiguredAccountRoot() {
        GetCallerIdentityResponse identity = sts.getCallerIdentity();
        assertEquals("123456789012", identity.account());
        assertEquals("arn:aws:iam::123456789012:root", identity.arn());
        assertEquals("123456789012", identity.userId());
    }

    /**
     * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html: Credentials (ASIA access key, expiration
     * after DurationSeconds), AssumedRoleUser (RoleId:session, assumed-role ARN); a request signed with the credentials
     * is that session (API_GetCallerIdentity.html, "assumed role" example).
     */
    @Test
    void assumeRole_issuesCredentials_thatIdentifyTheRoleSession() {
        String roleArn = iam.createRole(r -> r.roleName("deployer").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com")))
                .role().arn();
        String roleId = iam.getRole(r -> r.roleName("deployer")).role().roleId();
        AssumeRoleResponse assumed = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("ci-run").durationSeconds(900));
        assertTrue(assumed.credentials().accessKeyId().matches("ASIA[A-Z2-7]{16}"), assumed.credentials().accessKeyId());
        assertTrue(Duration.between(Instant.now(), assumed.credentials().expiration()).getSeconds() > 800);
        assertEquals("arn:aws:sts::123456789012:assumed-role/deployer/ci-run", assumed.assumedRoleUser().arn());
        assertEquals(roleId + ":ci-run", assumed.assumedRoleUser().assumedRoleId());

        try (StsClient asRole = StsClient.builder().endpointOverride(edge.endpoint()).region(Region.US_EAST_1)
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        assumed.credentials().accessKeyId(), assumed.credentials().secretAccessKey(), assumed.credentials().sessionToken())))
                .build()) {
            GetCallerIdentityResponse identity = asRole.getCallerIdentity();
            assertEquals("arn:aws:sts::123456789012:assumed-role/deployer/ci-run", identity.arn());
            assertEquals(roleId + ":ci-run", identity.userId());
        }
    }

    /** https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html#API_AssumeRole_Errors: a role that is not there is AccessDenied */
    @Test
    void assumeRole_ofMissingRole_isAccessDenied() {
        StsException denied = assertThrows(StsException.class, () -> sts.assumeRole(r -> r
                .roleArn("arn:aws:iam::123456789012:role/none").roleSessionName("s1")));
        assertEquals(403, denied.statusCode());
        assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
        assertEquals("User: arn:aws:iam::123456789012:root is not authorized to perform: sts:AssumeRole on resource: "
                + "arn:aws:iam::123456789012:role/none", denied.awsErrorDetails().errorMessage());
    }

    /** https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html: RoleSessionName pattern, DurationSeconds bounds */
    @Test
    void assumeRole_validatesSessionNameAndDuration() {
        String roleArn = iam.createRole(r -> r.roleName("bounded").assumeRolePolicyDocument(EdgeFixture.trustPolicy("lambda.amazonaws.com")))
                .role().arn();
        StsException badName = assertThrows(StsException.class, () -> sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("a b")));
        assertEquals("ValidationError", badName.awsErrorDetails().errorCode());
        StsException tooLong = assertThrows(StsException.class, () -> sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName("s1").durationSeconds(7200)));
        assertEquals("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", tooLong.awsErrorDetails().errorMessage());
    }
}
