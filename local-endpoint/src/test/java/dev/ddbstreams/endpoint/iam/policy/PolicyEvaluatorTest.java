package dev.ddbstreams.endpoint.iam.policy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The identity-based part of IAM's policy evaluation, rule by rule. Each test names the AWS documentation page (and
 * section) its rule comes from.
 */
class PolicyEvaluatorTest {
    private static final String TABLE = "arn:aws:dynamodb:us-east-1:000000000000:table/notes";
    private static final Map<String, String> KEYS = Map.of(
            RequestContextKeys.PRINCIPAL_ARN, "arn:aws:iam::000000000000:role/notes-api",
            RequestContextKeys.PRINCIPAL_ACCOUNT, "000000000000",
            RequestContextKeys.REQUESTED_REGION, "us-east-1",
            RequestContextKeys.SECURE_TRANSPORT, "false");

    private static Decision evaluate(String action, String resource, String... documents) {
        List<PolicyDocument> policies = new java.util.ArrayList<>();
        for (int i = 0; i < documents.length; i++) {
            policies.add(PolicyDocument.parse("policy-" + (i + 1), documents[i]));
        }
        return PolicyEvaluator.evaluate(policies, new PolicyEvaluator.RequestContext(action, resource, KEYS));
    }

    private static String statement(String effect, String actionElement, String actions, String resourceElement, String resources) {
        return "{\"Effect\":\"" + effect + "\",\"" + actionElement + "\":" + actions + ",\"" + resourceElement + "\":" + resources + "}";
    }

    private static String policy(String... statements) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", statements) + "]}";
    }

    private static String allow(String actions, String resources) {
        return policy(statement("Allow", "Action", actions, "Resource", resources));
    }

    // reference_policies_evaluation-logic.html, "Determining whether a request is allowed or denied within an account":
    // "By default, all requests are implicitly denied".

    @Test
    void noPolicies_implicitlyDenies() {
        assertEquals(Decision.Outcome.IMPLICIT_DENY, evaluate("dynamodb:GetItem", TABLE).outcome());
    }

    @Test
    void allowThatDoesNotCoverTheAction_implicitlyDenies() {
        assertEquals(Decision.Outcome.IMPLICIT_DENY, evaluate("dynamodb:GetItem", TABLE, allow("\"dynamodb:PutItem\"", "\"" + TABLE + "\"")).outcome());
    }

    @Test
    void matchingAllow_allows_andNamesThePolicy() {
        Decision decision = evaluate("dynamodb:PutItem", TABLE, allow("\"dynamodb:PutItem\"", "\"" + TABLE + "\""));
        assertEquals(Decision.Outcome.ALLOWED, decision.outcome());
        assertEquals("policy-1", decision.policy().orElseThrow());
    }

    // reference_policies_evaluation-logic.html: "An explicit deny in any policy overrides any allows."

    @Test
    void explicitDeny_winsOverAnAllowInTheSamePolicy() {
        String document = policy(statement("Allow", "Action", "\"dynamodb:*\"", "Resource", "\"*\""),
                statement("Deny", "Action", "\"dynamodb:DeleteItem\"", "Resource", "\"" + TABLE + "\""));
        assertEquals(Decision.Outcome.EXPLICIT_DENY, evaluate("dynamodb:DeleteItem", TABLE, document).outcome());
        assertEquals(Decision.Outcome.ALLOWED, evaluate("dynamodb:GetItem", TABLE, document).outcome());
    }

    @Test
    void explicitDeny_winsOverAnAllowInAnotherPolicy() {
        Decision decision = evaluate("dynamodb:PutItem", TABLE, allow("\"dynamodb:PutItem\"", "\"*\""),
                policy(statement("Deny", "Action", "\"dynamodb:Put*\"", "Resource", "\"*\"")));
        assertEquals(Decision.Outcome.EXPLICIT_DENY, decision.outcome());
        assertEquals("policy-2", decision.policy().orElseThrow());
    }

    // reference_policies_elements_action.html: action names are case-insensitive; * and ? are wildcards.

    @Test
    void actionMatching_isCaseInsensitive() {
        assertTrue(evaluate("dynamodb:PutItem", TABLE, allow("\"DynamoDB:putitem\"", "\"*\"")).allowed());
    }

    @Test
    void actionWildcards_starAndQuestionMark() {
        assertTrue(evaluate("dynamodb:GetItem", TABLE, allow("\"dynamodb:Get*\"", "\"*\"")).allowed());
        assertTrue(evaluate("dynamodb:GetItem", TABLE, allow("\"*\"", "\"*\"")).allowed());
        assertTrue(evaluate("dynamodb:GetItem", TABLE, allow("\"dynamodb:?etItem\"", "\"*\"")).allowed());
        assertFalse(evaluate("dynamodb:BatchGetItem", TABLE, allow("\"dynamodb:?etItem\"", "\"*\"")).allowed());
        assertFalse(evaluate("dynamodb:GetItem", TABLE, allow("\"sqs:*\"", "\"*\"")).allowed());
    }

    // reference_policies_elements_notaction.html: "NotAction ... matches everything except the specified list of actions";
    // with Allow it allows every other action, with Deny it denies every other action.

    @Test
    void notAction_withAllow_allowsEverythingElse() {
        String document = policy(statement("Allow", "NotAction", "[\"dynamodb:DeleteItem\",\"dynamodb:DeleteTable\"]", "Resource", "\"*\""));
        assertTrue(evaluate("dynamodb:GetItem", TABLE, document).allowed());
        assertEquals(Decision.Outcome.IMPLICIT_DENY, evaluate("dynamodb:DeleteItem", TABLE, document).outcome());
    }

    @Test
    void notAction_withDeny_deniesEverythingElse() {
        String document = policy(statement("Allow", "Action", "\"*\"", "Resource", "\"*\""),
                statement("Deny", "NotAction", "\"dynamodb:GetItem\"", "Resource", "\"*\""));
        assertTrue(evaluate("dynamodb:GetItem", TABLE, document).allowed());
        assertEquals(Decision.Outcome.EXPLICIT_DENY, evaluate("dynamodb:PutItem", TABLE, document).outcome());
    }

    // reference_policies_elements_resource.html, "Using wildcards in resource ARNs".

    @Test
    void resourceStar_matchesEveryResource() {
        assertTrue(evaluate("sqs:SendMessage", "arn:aws:sqs:us-east-1:000000000000:q", allow("\"sqs:SendMessage\"", "\"*\"")).allowed());
    }

    @Test
    void resourceMatching_isCaseSensitive() {
        assertFalse(evaluate("dynamodb:GetItem", TABLE, allow("\"dynamodb:GetItem\"", "\"arn:aws:dynamodb:us-east-1:000000000000:table/Notes\"")).allowed());
    }

    @Test
    void resourceWildcards_withinASegment() {
        assertTrue(evaluate("dynamodb:GetItem", TABLE, allow("\"dynamodb:GetItem\"", "\"arn:aws:dynamodb:*:*:table/no?es\"")).allowed());
        assertFalse(evaluate("dynamodb:GetItem", TABLE, allow("\"dynamodb:GetItem\"", "\"arn:aws:dynamodb:us-east-1:000000000000:table/other\"")).allowed());
    }

    @Test
    void starMidSegment_doesNotCrossAColon_butAtTheSegmentEndItDoes() {
        String stream = "arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn:log-stream:2026/01/01/[$LATEST]abc";
        // "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon boundaries."
        assertTrue(evaluate("logs:PutLogEvents", stream, allow("\"logs:PutLogEvents\"", "\"arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/fn:*\"")).allowed());
        // A * inside a segment ("l*m") stays within it.
        assertFalse(evaluate("logs:PutLogEvents", "arn:aws:logs:us-east-1:000000000000:log-group:ab:cd",
                allow("\"logs:PutLogEvents\"", "\"arn:aws:logs:us-east-1:000000000000:log-group:a*d\"")).allowed());
        // "?" stands for one character, never a colon.
        assertFalse(evaluate("logs:PutLogEvents", "arn:aws:logs:us-east-1:000000000000:log-group:a:c",
                allow("\"logs:PutLogEvents\"", "\"arn:aws:logs:us-east-1:000000000000:log-group:a?c\"")).allowed());
    }

    @Test
    void tableStar_coversItsIndexesAndStreams() {
        // The * at the end of the segment also spans "/" (the resource segment is one segment).
        String document = allow("\"dynamodb:Query\"", "\"" + TABLE + "/*\"");
        assertTrue(evaluate("dynamodb:Query", TABLE + "/index/byUser", document).allowed());
        assertFalse(evaluate("dynamodb:Query", TABLE, document).allowed());
    }

    // reference_policies_elements_notresource.html: NotResource matches every resource except those listed.

    @Test
    void notResource_withAllow_allowsEveryOtherResource() {
        String document = policy(statement("Allow", "Action", "\"dynamodb:GetItem\"", "NotResource", "\"arn:aws:dynamodb:*:*:table/secrets\""));
        assertTrue(evaluate("dynamodb:GetItem", TABLE, document).allowed());
        assertFalse(evaluate("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:000000000000:table/secrets", document).allowed());
    }

    @Test
    void notResource_withDeny_deniesEveryOtherResource() {
        String document = policy(statement("Allow", "Action", "\"dynamodb:*\"", "Resource", "\"*\""),
                statement("Deny", "Action", "\"dynamodb:*\"", "NotResource", "[\"" + TABLE + "\"]"));
        assertTrue(evaluate("dynamodb:GetItem", TABLE, document).allowed());
        assertEquals(Decision.Outcome.EXPLICIT_DENY, evaluate("dynamodb:GetItem", TABLE + "x", document).outcome());
    }

    // reference_policies_grammar.html: Statement may be one object; Action/Resource a string or an array.

    @Test
    void singleStatementObject_andStringElements_areRead() {
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"One\",\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"" + TABLE + "\",\"Principal\":\"*\"}}";
        assertTrue(evaluate("dynamodb:GetItem", TABLE, document).allowed());
    }

    // reference_policies_elements_condition_operators.html.

    @Test
    void supportedCondition_isEvaluated() {
        String holds = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"aws:RequestedRegion\":[\"eu-west-1\",\"us-east-1\"]}}}}";
        String fails = holds.replace("StringEquals", "StringNotEquals");
        assertTrue(evaluate("dynamodb:GetItem", TABLE, holds).allowed());
        assertEquals(Decision.Outcome.IMPLICIT_DENY, evaluate("dynamodb:GetItem", TABLE, fails).outcome());
    }

    @Test
    void conditionKeyNames_areCaseInsensitive_andArnLikeUsesArnWildcards() {
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"ArnLike\":{\"AWS:PRINCIPALARN\":\"arn:aws:iam::*:role/notes-*\"}}}}";
        assertEquals(Decision.Outcome.EXPLICIT_DENY, evaluate("dynamodb:GetItem", TABLE, allow("\"*\"", "\"*\""), document).outcome());
    }

    @Test
    void unsupportedConditionKey_onTheOnlyAllow_isReportedNotAllowed() {
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"Leading\",\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\","
                + "\"Condition\":{\"ForAllValues:StringEquals\":{\"dynamodb:LeadingKeys\":[\"u1\"]}}}}";
        Decision decision = evaluate("dynamodb:GetItem", TABLE, document);
        assertEquals(Decision.Outcome.CANNOT_EVALUATE, decision.outcome());
        assertTrue(decision.detail().orElseThrow().contains("dynamodb:LeadingKeys"), decision.detail().orElseThrow());
        assertTrue(decision.detail().orElseThrow().contains("statement Leading"), decision.detail().orElseThrow());
    }

    @Test
    void unsupportedConditionOnADeny_isReported_evenWhenAnAllowApplies() {
        String deny = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}}";
        Decision decision = evaluate("dynamodb:GetItem", TABLE, allow("\"*\"", "\"*\""), deny);
        assertEquals(Decision.Outcome.CANNOT_EVALUATE, decision.outcome());
        assertTrue(decision.detail().orElseThrow().contains("IpAddress"), decision.detail().orElseThrow());
    }

    @Test
    void unsupportedCondition_thatCannotChangeTheOutcome_doesNotMatter() {
        String conditional = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"dynamodb:Select\":\"ALL_ATTRIBUTES\"}}}}";
        assertTrue(evaluate("dynamodb:GetItem", TABLE, conditional, allow("\"dynamodb:GetItem\"", "\"*\"")).allowed());
        // A Deny that does not cover the action is never consulted for its condition.
        String deny = conditional.replace("Allow", "Deny").replace("dynamodb:GetItem", "dynamodb:PutItem");
        assertTrue(evaluate("dynamodb:GetItem", TABLE, deny, allow("\"dynamodb:GetItem\"", "\"*\"")).allowed());
    }

    // reference_policies_variables.html: "${...}" is a variable in Version 2012-10-17 documents, literal text before.

    @Test
    void policyVariable_isReported_notMatchedLiterally() {
        String deny = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"dynamodb:*\","
                + "\"Resource\":\"arn:aws:dynamodb:*:*:table/${aws:username}\"}}";
        Decision decision = evaluate("dynamodb:GetItem", TABLE, allow("\"*\"", "\"*\""), deny);
        assertEquals(Decision.Outcome.CANNOT_EVALUATE, decision.outcome());
        assertTrue(decision.detail().orElseThrow().contains("${aws:username}"), decision.detail().orElseThrow());
        String literal = deny.replace("2012-10-17", "2008-10-17");
        assertTrue(evaluate("dynamodb:GetItem", TABLE, allow("\"*\"", "\"*\""), literal).allowed());
    }

    @Test
    void unreadablePolicy_isReported() {
        Decision decision = evaluate("dynamodb:GetItem", TABLE, allow("\"*\"", "\"*\""),
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Resource\":\"*\"}]}");
        assertEquals(Decision.Outcome.CANNOT_EVALUATE, decision.outcome());
        assertTrue(decision.detail().orElseThrow().contains("Action or NotAction"), decision.detail().orElseThrow());
    }
}
