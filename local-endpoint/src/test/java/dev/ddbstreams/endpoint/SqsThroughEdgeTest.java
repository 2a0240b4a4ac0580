package dev.ddbstreams.endpoint;

import dev.ddbstreams.emulators.ElasticMq;
import dev.ddbstreams.endpoint.routing.AwsService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQS through the edge to ElasticMQ, in both of SQS's protocols: AWS JSON 1.0 ({@code X-Amz-Target: AmazonSQS.*}, the
 * SDK v2) and the query protocol ({@code Action=SendMessage}, older clients).
 *
 * @see <a href="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/sqs-json-faqs.html">SQS AWS JSON protocol</a>
 */
class SqsThroughEdgeTest {
    private static ElasticMq elasticMq;
    private static EdgeEndpoint edge;

    @BeforeAll
    static void start() {
        elasticMq = ElasticMq.start(0);
        edge = EdgeEndpoint.builder().port(0).forward(AwsService.SQS, elasticMq.endpoint()).start();
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close();
        elasticMq.close();
    }

    @Test
    void sdkV2_sendsAndReceivesThroughTheEdge() {
        try (SqsClient sqs = EdgeFixture.client(SqsClient.builder().httpClient(UrlConnectionHttpClient.create()), edge.endpoint())) {
            String queueUrl = sqs.createQueue(r -> r.queueName("edge-queue")).queueUrl();
            sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("hello"));
            assertEquals("hello", sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)).messages().get(0).body());
        }
    }

    @Test
    void queryProtocol_unsigned_isRoutedByAction() {
        HttpResponse<String> response = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", HttpFixture.FORM),
                "Action=CreateQueue&QueueName=query-queue&Version=2012-11-05");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("<QueueUrl>"), response.body());
    }
}
