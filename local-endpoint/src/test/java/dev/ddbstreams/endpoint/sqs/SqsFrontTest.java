package dev.ddbstreams.endpoint.sqs;

import dev.ddbstreams.emulators.ElasticMq;
import dev.ddbstreams.endpoint.EdgeEndpoint;
import dev.ddbstreams.endpoint.routing.AwsService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeNameException;
import software.amazon.awssdk.services.sqs.model.InvalidAttributeValueException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQS front through the SDK for Java v2 (AWS JSON 1.0, as Terraform's provider speaks it too) over HTTP, against
 * the edge and ElasticMQ started as the local runtime starts them. The edge has a region and account other than
 * ElasticMQ's ({@code elasticmq}, {@code 000000000000}) so that every ARN and URL shows whose it is.
 * <p>
 * Expected answers are AWS's: the API reference pages cited per test, and AWS answers recorded in LocalStack's
 * aws-validated snapshots ({@code tests/aws/services/sqs/test_sqs.snapshot.json}, named per test).
 */
class SqsFrontTest {
    static final String REGION = "eu-west-1";
    static final String ACCOUNT = "123456789012";
    private static ElasticMq elasticMq;
    private static EdgeEndpoint edge;
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        elasticMq = ElasticMq.start(0);
        edge = EdgeEndpoint.builder().port(0).region(REGION).accountId(ACCOUNT).forward(AwsService.SQS, elasticMq.endpoint()).start();
        sqs = client(edge.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        sqs.close();
        edge.close();
        elasticMq.close();
    }

    static SqsClient client(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Map<String, String> all(String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
    }

    private static String arn(String queueName) {
        return "arn:aws:sqs:" + REGION + ":" + ACCOUNT + ":" + queueName;
    }

    /**
     * GetQueueAttributes(All) of a new standard queue has exactly the attributes AWS returns (snapshot
     * test_set_queue_attributes_default_values, "get-queue-attributes-initial-values"), with AWS's defaults:
     * MessageRetentionPeriod 345600, MaximumMessageSize 1048576, SqsManagedSseEnabled true (SSE-SQS is on by default
     * for new queues), and the ARN in the edge's region and account.
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html">GetQueueAttributes</a>
     */
    @Test
    void getQueueAttributesAll_newQueue_hasEveryAttributeAwsReturns() {
        String name = name("plain");
        String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
        Map<String, String> attributes = all(url);
        assertEquals(new TreeSet<>(Set.of("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed",
                "ApproximateNumberOfMessagesNotVisible", "CreatedTimestamp", "DelaySeconds", "LastModifiedTimestamp",
                "MaximumMessageSize", "MessageRetentionPeriod", "QueueArn", "ReceiveMessageWaitTimeSeconds",
                "SqsManagedSseEnabled", "VisibilityTimeout")), new TreeSet<>(attributes.keySet()));
        assertEquals("345600", attributes.get("MessageRetentionPeriod"));
        assertEquals("1048576", attributes.get("MaximumMessageSize"));
        assertEquals("true", attributes.get("SqsManagedSseEnabled"));
        assertEquals("30", attributes.get("VisibilityTimeout"));
        assertEquals(arn(name), attributes.get("QueueArn"));
    }

    /**
     * The queue URL is the endpoint the client called, then the account and the queue name, as AWS's
     * ({@code https://sqs.<region>.amazonaws.com/<account>/<name>}) is on the endpoint called: not ElasticMQ's port.
     * And it addresses the queue through the edge.
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html">Queue URLs</a>
     */
    @Test
    void queueUrl_isTheEdgesOwn_andWorks() {
        String name = name("url");
        String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
        assertEquals(edge.endpoint() + "/" + ACCOUNT + "/" + name, url);
        assertEquals(url, sqs.getQueueUrl(r -> r.queueName(name)).queueUrl());
        assertTrue(sqs.listQueues(r -> r.queueNamePrefix(name)).queueUrls().contains(url));
        sqs.sendMessage(r -> r.queueUrl(url).messageBody("through the edge"));
        assertEquals("through the edge", sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1)).messages().get(0).body());
    }

    /**
     * Attributes ElasticMQ ignores are kept and validated by the front and read back: MessageRetentionPeriod,
     * MaximumMessageSize, Policy, RedriveAllowPolicy; those ElasticMQ keeps (DelaySeconds, ReceiveMessageWaitTimeSeconds,
     * VisibilityTimeout) still are ElasticMQ's.
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html">SetQueueAttributes</a>
     */
    @Test
    void attributesElasticMqIgnores_areKeptAndReadBack() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"sqs:SendMessage\",\"Resource\":\"*\"}]}";
        String allow = "{\"redrivePermission\":\"allowAll\"}";
        String url = sqs.createQueue(r -> r.queueName(name("kept")).attributesWithStrings(Map.of(
                "MessageRetentionPeriod", "1209600", "MaximumMessageSize", "262144", "DelaySeconds", "5",
                "ReceiveMessageWaitTimeSeconds", "2", "VisibilityTimeout", "60", "RedriveAllowPolicy", allow))).queueUrl();
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(Map.of("Policy", policy, "MessageRetentionPeriod", "86400")));
        Map<String, String> attributes = all(url);
        assertEquals("86400", attributes.get("MessageRetentionPeriod"));
        assertEquals("262144", attributes.get("MaximumMessageSize"));
        assertEquals("5", attributes.get("DelaySeconds"));
        assertEquals("2", attributes.get("ReceiveMessageWaitTimeSeconds"));
        assertEquals("60", attributes.get("VisibilityTimeout"));
        assertEquals(allow, attributes.get("RedriveAllowPolicy"));
        assertEquals(policy, attributes.get("Policy"));
        // Asked by name, only those come back.
        assertEquals(Map.of("MessageRetentionPeriod", "86400"), sqs.getQueueAttributes(r -> r.queueUrl(url)
                .attributeNamesWithStrings("MessageRetentionPeriod")).attributesAsStrings());
        // An empty Policy removes it.
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(Map.of("Policy", "")));
        assertFalse(all(url).containsKey("Policy"));
    }

    /**
     * SSE: naming a KMS key turns SSE-SQS off and shows KmsMasterKeyId and KmsDataKeyReusePeriodSeconds; clearing the
     * key hides both and leaves SSE-SQS off (snapshot test_set_queue_attributes_default_values, all three steps).
     * Both at once is refused (snapshot test_sse_kms_and_sqs_are_mutually_exclusive).
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-server-side-encryption.html">SSE</a>
     */
    @Test
    void kmsAndSqsManagedSse_asAwsAnswers() {
        String url = sqs.createQueue(r -> r.queueName(name("sse"))).queueUrl();
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(Map.of("KmsMasterKeyId", "testKeyId", "KmsDataKeyReusePeriodSeconds", "6000")));
        Map<String, String> kms = all(url);
        assertEquals("false", kms.get("SqsManagedSseEnabled"));
        assertEquals("testKeyId", kms.get("KmsMasterKeyId"));
        assertEquals("6000", kms.get("KmsDataKeyReusePeriodSeconds"));
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(Map.of("KmsMasterKeyId", "", "KmsDataKeyReusePeriodSeconds", "300")));
        Map<String, String> none = all(url);
        assertEquals("false", none.get("SqsManagedSseEnabled"));
        assertFalse(none.containsKey("KmsMasterKeyId"));
        assertFalse(none.containsKey("KmsDataKeyReusePeriodSeconds"));

        InvalidAttributeNameException both = assertThrows(InvalidAttributeNameException.class, () -> sqs.setQueueAttributes(r -> r.queueUrl(url)
                .attributesWithStrings(Map.of("KmsMasterKeyId", "k", "SqsManagedSseEnabled", "true"))));
        assertEquals("You can use one type of server-side encryption (SSE) at one time. You can either enable KMS SSE or SQS SSE.",
                both.awsErrorDetails().errorMessage());
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(Map.of("SqsManagedSseEnabled", "true")));
        assertEquals("true", all(url).get("SqsManagedSseEnabled"));
    }

    /**
     * RedrivePolicy takes and shows AWS's ARN of the dead-letter queue; ListDeadLetterSourceQueues gives the edge's URLs;
     * a message received maxReceiveCount times moves to the DLQ (ElasticMQ's work) and names its source queue by
     * AWS's ARN (DeadLetterQueueSourceArn).
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html">Dead-letter queues</a>
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html">ReceiveMessage: DeadLetterQueueSourceArn</a>
     */
    @Test
    void redrivePolicy_inAwsForm_bothWays_andMessagesMove() {
        String dlqName = name("dlq");
        String dlq = sqs.createQueue(r -> r.queueName(dlqName)).queueUrl();
        String sourceName = name("src");
        String redrive = "{\"deadLetterTargetArn\":\"" + arn(dlqName) + "\",\"maxReceiveCount\":1}";
        String source = sqs.createQueue(r -> r.queueName(sourceName).attributesWithStrings(Map.of("RedrivePolicy", redrive))).queueUrl();
        assertEquals(redrive, all(source).get("RedrivePolicy"));
        assertEquals(List.of(source), sqs.listDeadLetterSourceQueues(r -> r.queueUrl(dlq)).queueUrls());

        sqs.sendMessage(r -> r.queueUrl(source).messageBody("poison"));
        assertEquals(1, sqs.receiveMessage(r -> r.queueUrl(source).visibilityTimeout(0).waitTimeSeconds(1)).messages().size());
        assertTrue(sqs.receiveMessage(r -> r.queueUrl(source).waitTimeSeconds(1)).messages().isEmpty());
        List<Message> moved = sqs.receiveMessage(r -> r.queueUrl(dlq).waitTimeSeconds(2)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
        assertEquals("poison", moved.get(0).body());
        assertEquals(arn(sourceName), moved.get(0).attributesAsStrings().get("DeadLetterQueueSourceArn"));
    }

    /**
     * A dead-letter target that does not exist, or a maxReceiveCount out of 1..1000, is InvalidParameterValue
     * (LocalStack's aws-validated test_redrive_policy_attribute_validity).
     */
    @Test
    void redrivePolicy_invalid_isInvalidParameterValue() {
        String url = sqs.createQueue(r -> r.queueName(name("badredrive"))).queueUrl();
        AwsServiceException missingTarget = assertThrows(AwsServiceException.class, () -> sqs.setQueueAttributes(r -> r.queueUrl(url)
                .attributesWithStrings(Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + arn("nope") + "\",\"maxReceiveCount\":3}"))));
        assertEquals("InvalidParameterValue", missingTarget.awsErrorDetails().errorCode());
        assertEquals(400, missingTarget.statusCode());
        AwsServiceException badCount = assertThrows(AwsServiceException.class, () -> sqs.setQueueAttributes(r -> r.queueUrl(url)
                .attributesWithStrings(Map.of("RedrivePolicy", "{\"deadLetterTargetArn\":\"" + arn("nope") + "\",\"maxReceiveCount\":\"invalid\"}"))));
        assertEquals("InvalidParameterValue", badCount.awsErrorDetails().errorCode());
    }

    /**
     * A missing queue: QueueDoesNotExist in JSON, whose x-amzn-query-error gives the query code
     * AWS.SimpleQueueService.NonExistentQueue, for the operations the front rewrites and those it passes through
     * (snapshot test_non_existent_queue).
     */
    @Test
    void missingQueue_isQueueDoesNotExist_withTheQueryCode() {
        String url = edge.endpoint() + "/" + ACCOUNT + "/never-created";
        List<Runnable> calls = List.of(
                () -> all(url),
                () -> sqs.getQueueUrl(r -> r.queueName("never-created")),
                () -> sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(Map.of("DelaySeconds", "1"))),
                () -> sqs.deleteQueue(r -> r.queueUrl(url)),
                () -> sqs.sendMessage(r -> r.queueUrl(url).messageBody("x")),
                () -> sqs.listQueueTags(r -> r.queueUrl(url)));
        for (Runnable call : calls) {
            QueueDoesNotExistException missing = assertThrows(QueueDoesNotExistException.class, call::run);
            assertEquals("AWS.SimpleQueueService.NonExistentQueue", missing.awsErrorDetails().errorCode());
            assertEquals("The specified queue does not exist.", missing.awsErrorDetails().errorMessage());
            assertEquals(400, missing.statusCode());
        }
    }

    /**
     * Values out of AWS's ranges, or not numbers, are InvalidAttributeValue (not ElasticMQ's 500 or silent acceptance);
     * an unknown name is InvalidAttributeName "Unknown Attribute X." (snapshot test_set_unsupported_attribute_fifo,
     * test_create_standard_queue_with_fifo_attribute_raises_error).
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html">SetQueueAttributes ranges</a>
     */
    @Test
    void invalidAttributes_areRefusedAsAwsRefusesThem() {
        String name = name("invalid");
        assertThrows(InvalidAttributeValueException.class, () -> sqs.createQueue(r -> r.queueName(name)
                .attributesWithStrings(Map.of("VisibilityTimeout", "99999"))));
        assertThrows(QueueDoesNotExistException.class, () -> sqs.getQueueUrl(r -> r.queueName(name)), "nothing was created");
        String url = sqs.createQueue(r -> r.queueName(name)).queueUrl();
        for (Map<String, String> bad : List.of(Map.of("VisibilityTimeout", "abc"), Map.of("MessageRetentionPeriod", "59"),
                Map.of("MaximumMessageSize", "1048577"), Map.of("DelaySeconds", "901"), Map.of("ReceiveMessageWaitTimeSeconds", "21"),
                Map.of("KmsDataKeyReusePeriodSeconds", "59"), Map.of("SqsManagedSseEnabled", "maybe"),
                Map.of("RedriveAllowPolicy", "{\"redrivePermission\":\"byQueue\"}"), Map.of("Policy", "not json"))) {
            InvalidAttributeValueException refused = assertThrows(InvalidAttributeValueException.class,
                    () -> sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(bad)), bad::toString);
            assertEquals("InvalidAttributeValue", refused.awsErrorDetails().errorCode());
            assertTrue(refused.awsErrorDetails().errorMessage().startsWith("Invalid value for the parameter " + bad.keySet().iterator().next()),
                    refused.awsErrorDetails().errorMessage());
        }
        InvalidAttributeNameException unknown = assertThrows(InvalidAttributeNameException.class,
                () -> sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(Map.of("Bogus", "1"))));
        assertEquals("Unknown Attribute Bogus.", unknown.awsErrorDetails().errorMessage());
        InvalidAttributeNameException fifoOnly = assertThrows(InvalidAttributeNameException.class,
                () -> sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(Map.of("ContentBasedDeduplication", "true"))));
        assertEquals("Unknown Attribute ContentBasedDeduplication.", fifoOnly.awsErrorDetails().errorMessage());
        assertEquals("30", all(url).get("VisibilityTimeout"), "nothing was changed");
    }

    /**
     * CreateQueue of an existing name returns it when the attributes asked for are its own, and is QueueNameExists
     * (query code QueueAlreadyExists) when one differs, front-kept ones included (snapshot
     * test_create_queue_with_different_attributes_raises_exception).
     */
    @Test
    void createQueue_existing_sameOrDifferentAttributes() {
        String name = name("again");
        String url = sqs.createQueue(r -> r.queueName(name).attributesWithStrings(Map.of("MessageRetentionPeriod", "600"))).queueUrl();
        assertEquals(url, sqs.createQueue(r -> r.queueName(name).attributesWithStrings(Map.of("MessageRetentionPeriod", "600"))).queueUrl());
        QueueNameExistsException exists = assertThrows(QueueNameExistsException.class,
                () -> sqs.createQueue(r -> r.queueName(name).attributesWithStrings(Map.of("MessageRetentionPeriod", "700"))));
        assertEquals("QueueAlreadyExists", exists.awsErrorDetails().errorCode());
        assertEquals("A queue already exists with the same name and a different value for attribute MessageRetentionPeriod",
                exists.awsErrorDetails().errorMessage());
    }

    /**
     * Malformed input is a 400 in SQS's shape, never a 500: a queue name AWS refuses, a queue URL ElasticMQ cannot read,
     * a Policy that is not JSON.
     *
     * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html">CreateQueue: QueueName</a>
     */
    @Test
    void malformedInput_isA400() {
        AwsServiceException badName = assertThrows(AwsServiceException.class, () -> sqs.createQueue(r -> r.queueName("bad name!")));
        assertEquals(400, badName.statusCode(), badName.toString());
        AwsServiceException badUrl = assertThrows(AwsServiceException.class,
                () -> sqs.sendMessage(r -> r.queueUrl(edge.endpoint() + "/a/b/c/d").messageBody("x")));
        assertEquals(400, badUrl.statusCode(), badUrl.toString());
        AwsServiceException noUrl = assertThrows(AwsServiceException.class, () -> sqs.getQueueAttributes(r -> r.queueUrl("")));
        assertEquals(400, noUrl.statusCode(), noUrl.toString());
    }

    /**
     * FIFO queues show FifoQueue, ContentBasedDeduplication, DeduplicationScope and FifoThroughputLimit; the queue type
     * cannot change (snapshot test_set_unsupported_attribute_fifo).
     */
    @Test
    void fifoQueue_showsItsAttributes() {
        String name = name("ordered") + ".fifo";
        String url = sqs.createQueue(r -> r.queueName(name).attributesWithStrings(Map.of("FifoQueue", "true", "ContentBasedDeduplication", "true"))).queueUrl();
        Map<String, String> attributes = all(url);
        assertEquals("true", attributes.get("FifoQueue"));
        assertEquals("true", attributes.get("ContentBasedDeduplication"));
        assertEquals("queue", attributes.get("DeduplicationScope"));
        assertEquals("perQueue", attributes.get("FifoThroughputLimit"));
        InvalidAttributeValueException typeChange = assertThrows(InvalidAttributeValueException.class,
                () -> sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(Map.of("FifoQueue", "false"))));
        assertEquals("Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.", typeChange.awsErrorDetails().errorMessage());
        sqs.setQueueAttributes(r -> r.queueUrl(url).attributesWithStrings(Map.of("FifoQueue", "true")));
        String standard = sqs.createQueue(r -> r.queueName(name("standard"))).queueUrl();
        InvalidAttributeNameException notFifo = assertThrows(InvalidAttributeNameException.class,
                () -> sqs.setQueueAttributes(r -> r.queueUrl(standard).attributesWithStrings(Map.of("FifoQueue", "true"))));
        assertEquals("Unknown Attribute FifoQueue.", notFifo.awsErrorDetails().errorMessage());
    }

    /** Tags given at creation and by TagQueue/UntagQueue are ElasticMQ's and read back by ListQueueTags. */
    @Test
    void tags_roundTrip() {
        String url = sqs.createQueue(r -> r.queueName(name("tagged")).tags(Map.of("env", "local"))).queueUrl();
        sqs.tagQueue(r -> r.queueUrl(url).tags(Map.of("team", "a")));
        assertEquals(Map.of("env", "local", "team", "a"), sqs.listQueueTags(r -> r.queueUrl(url)).tags());
        sqs.untagQueue(r -> r.queueUrl(url).tagKeys("env"));
        assertEquals(Map.of("team", "a"), sqs.listQueueTags(r -> r.queueUrl(url)).tags());
    }

    /** DeleteQueue forgets the front's attributes: a queue re-created with that name has AWS's defaults again. */
    @Test
    void deleteQueue_forgetsTheFrontsAttributes() {
        String name = name("gone");
        String url = sqs.createQueue(r -> r.queueName(name).attributesWithStrings(Map.of("MessageRetentionPeriod", "600"))).queueUrl();
        sqs.deleteQueue(r -> r.queueUrl(url));
        assertThrows(QueueDoesNotExistException.class, () -> all(url));
        sqs.createQueue(r -> r.queueName(name));
        assertEquals("345600", all(url).get("MessageRetentionPeriod"));
    }

    /** With a data directory the front's attributes are in {@code sqs-attributes.json} and survive an edge restart. */
    @Test
    void frontAttributes_surviveARestart(@TempDir Path data) throws Exception {
        String name = name("durable");
        try (EdgeEndpoint first = EdgeEndpoint.builder().port(0).region(REGION).accountId(ACCOUNT).dataDirectory(data)
                .forward(AwsService.SQS, elasticMq.endpoint()).start(); SqsClient client = client(first.endpoint())) {
            client.createQueue(r -> r.queueName(name).attributesWithStrings(Map.of("MessageRetentionPeriod", "120", "KmsMasterKeyId", "alias/aws/sqs")));
        }
        assertTrue(Files.readString(data.resolve("sqs-attributes.json")).contains(name));
        try (EdgeEndpoint second = EdgeEndpoint.builder().port(0).region(REGION).accountId(ACCOUNT).dataDirectory(data)
                .forward(AwsService.SQS, elasticMq.endpoint()).start(); SqsClient client = client(second.endpoint())) {
            String url = client.getQueueUrl(r -> r.queueName(name)).queueUrl();
            Map<String, String> attributes = client.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributesAsStrings();
            assertEquals("120", attributes.get("MessageRetentionPeriod"));
            assertEquals("alias/aws/sqs", attributes.get("KmsMasterKeyId"));
            assertEquals("false", attributes.get("SqsManagedSseEnabled"));
        }
    }
}
