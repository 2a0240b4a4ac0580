package dev.ddbstreams.endpoint;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.CloudWatchException;
import software.amazon.awssdk.services.cloudwatch.model.ComparisonOperator;
import software.amazon.awssdk.services.cloudwatch.model.DescribeAlarmsResponse;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricAlarm;
import software.amazon.awssdk.services.cloudwatch.model.StateValue;
import software.amazon.awssdk.services.cloudwatch.model.Statistic;
import software.amazon.awssdk.services.cloudwatch.model.Tag;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CloudWatch metric alarms through the SDK v2 (Smithy RPC v2 CBOR, what SDK 2.59.1 speaks) and through the query
 * protocol (what the AWS CLI v1 and Terraform's provider 5.100.0 speak).
 */
class AlarmsTest {
    private static EdgeEndpoint edge;
    private static CloudWatchClient cloudWatch;

    @BeforeAll
    static void start() {
        edge = EdgeEndpoint.builder().port(0).start();
        cloudWatch = EdgeFixture.cloudWatch(edge);
    }

    @AfterAll
    static void stop() throws Exception {
        cloudWatch.close();
        edge.close();
    }

    private static void putAlarm(String name) {
        cloudWatch.putMetricAlarm(r -> r.alarmName(name).namespace("AWS/SQS").metricName("ApproximateNumberOfMessagesVisible")
                .dimensions(Dimension.builder().name("QueueName").value("word-count-dlq").build())
                .statistic(Statistic.MAXIMUM).period(60).evaluationPeriods(1).threshold(0.0)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD).treatMissingData("notBreaching")
                .alarmActions("arn:aws:sns:us-east-1:000000000000:alerts")
                .tags(Tag.builder().key("scenario").value("3").build()));
    }

    /**
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html and
     * API_DescribeAlarms.html / API_MetricAlarm.html: a new alarm is INSUFFICIENT_DATA, "Unchecked: Initial alarm creation"
     */
    @Test
    void putMetricAlarm_isDescribedAsStored_inInsufficientData() {
        putAlarm("dlq-not-empty");
        MetricAlarm alarm = cloudWatch.describeAlarms(r -> r.alarmNames("dlq-not-empty")).metricAlarms().get(0);
        assertEquals("arn:aws:cloudwatch:us-east-1:000000000000:alarm:dlq-not-empty", alarm.alarmArn());
        assertEquals(StateValue.INSUFFICIENT_DATA, alarm.stateValue());
        assertEquals("Unchecked: Initial alarm creation", alarm.stateReason());
        assertEquals("ApproximateNumberOfMessagesVisible", alarm.metricName());
        assertEquals(List.of(Dimension.builder().name("QueueName").value("word-count-dlq").build()), alarm.dimensions());
        assertEquals(Statistic.MAXIMUM, alarm.statistic());
        assertEquals(60, alarm.period());
        assertEquals(0.0, alarm.threshold());
        assertEquals(ComparisonOperator.GREATER_THAN_THRESHOLD, alarm.comparisonOperator());
        assertEquals("notBreaching", alarm.treatMissingData());
        assertEquals(List.of("arn:aws:sns:us-east-1:000000000000:alerts"), alarm.alarmActions());
        assertTrue(alarm.actionsEnabled());
        assertNotNull(alarm.alarmConfigurationUpdatedTimestamp());
        assertNotNull(alarm.stateUpdatedTimestamp());
    }

    /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html: AlarmNamePrefix, MaxRecords, NextToken */
    @Test
    void describeAlarms_byPrefix_pages() {
        for (String name : List.of("page-a", "page-b", "page-c")) {
            putAlarm(name);
        }
        DescribeAlarmsResponse first = cloudWatch.describeAlarms(r -> r.alarmNamePrefix("page-").maxRecords(2));
        assertEquals(List.of("page-a", "page-b"), first.metricAlarms().stream().map(MetricAlarm::alarmName).toList());
        assertNotNull(first.nextToken());
        DescribeAlarmsResponse second = cloudWatch.describeAlarms(r -> r.alarmNamePrefix("page-").maxRecords(2).nextToken(first.nextToken()));
        assertEquals(List.of("page-c"), second.metricAlarms().stream().map(MetricAlarm::alarmName).toList());
        assertNull(second.nextToken());
    }

    /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DeleteAlarms.html, API_ListTagsForResource.html, API_TagResource.html */
    @Test
    void tagsAndDelete() {
        putAlarm("tagged");
        String arn = "arn:aws:cloudwatch:us-east-1:000000000000:alarm:tagged";
        cloudWatch.tagResource(r -> r.resourceARN(arn).tags(Tag.builder().key("owner").value("team").build()));
        assertEquals(Map.of("scenario", "3", "owner", "team"), cloudWatch.listTagsForResource(r -> r.resourceARN(arn)).tags().stream()
                .collect(java.util.stream.Collectors.toMap(Tag::key, Tag::value)));
        cloudWatch.deleteAlarms(r -> r.alarmNames("tagged"));
        assertTrue(cloudWatch.describeAlarms(r -> r.alarmNames("tagged")).metricAlarms().isEmpty());
        CloudWatchException gone = assertThrows(CloudWatchException.class, () -> cloudWatch.listTagsForResource(r -> r.resourceARN(arn)));
        assertEquals(404, gone.statusCode());
    }

    /** https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CommonErrors.html: MissingParameter */
    @Test
    void putMetricAlarm_withoutComparisonOperator_isMissingParameter() {
        CloudWatchException missing = assertThrows(CloudWatchException.class, () -> cloudWatch.putMetricAlarm(r -> r
                .alarmName("incomplete").namespace("AWS/SQS").metricName("m").statistic(Statistic.SUM).period(60).evaluationPeriods(1)));
        assertEquals("MissingParameter", missing.awsErrorDetails().errorCode());
        assertEquals(400, missing.statusCode());
    }

    /**
     * The query protocol (as Terraform's provider sends it): form parameters in, XML out, ISO-8601 timestamps.
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html (Example)
     */
    @Test
    void queryProtocol_putAndDescribe_inXml() {
        String put = "Action=PutMetricAlarm&Version=2010-08-01&AlarmName=query-alarm&Namespace=AWS%2FLambda&MetricName=Errors"
                + "&Statistic=Sum&Period=300&EvaluationPeriods=2&Threshold=1&ComparisonOperator=GreaterThanOrEqualToThreshold"
                + "&Dimensions.member.1.Name=FunctionName&Dimensions.member.1.Value=word-count";
        HttpResponse<String> putResponse = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", HttpFixture.FORM,
                "Authorization", HttpFixture.authorization("monitoring")), put);
        assertEquals(200, putResponse.statusCode(), putResponse.body());
        assertTrue(putResponse.body().contains("<PutMetricAlarmResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\">"));

        HttpResponse<String> described = HttpFixture.post(edge.endpoint(), "/", Map.of("Content-Type", HttpFixture.FORM,
                "Authorization", HttpFixture.authorization("monitoring")), "Action=DescribeAlarms&Version=2010-08-01&AlarmNames.member.1=query-alarm");
        String xml = described.body();
        assertTrue(xml.contains("<DescribeAlarmsResult><MetricAlarms><member><AlarmName>query-alarm</AlarmName>"), xml);
        assertTrue(xml.contains("<Dimensions><member><Name>FunctionName</Name><Value>word-count</Value></member></Dimensions>"), xml);
        assertTrue(xml.contains("<EvaluationPeriods>2</EvaluationPeriods>"), xml);
        assertTrue(xml.contains("<Threshold>1.0</Threshold>"), xml);
        assertTrue(xml.matches("(?s).*<StateUpdatedTimestamp>\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z</StateUpdatedTimestamp>.*"), xml);
        // And the SDK (CBOR) sees the alarm the query protocol stored.
        assertEquals(300, cloudWatch.describeAlarms(r -> r.alarmNames("query-alarm")).metricAlarms().get(0).period());
    }
}
