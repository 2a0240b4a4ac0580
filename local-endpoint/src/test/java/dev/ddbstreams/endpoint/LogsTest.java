package dev.ddbstreams.endpoint;

import dev.ddbstreams.endpoint.logs.LambdaLogs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.DescribeLogGroupsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilterLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.FilteredLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.InvalidParameterException;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogGroup;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OrderBy;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CloudWatch Logs through the AWS SDK v2 over HTTP (AWS JSON 1.1). */
class LogsTest {
    private static EdgeEndpoint edge;
    private static CloudWatchLogsClient logs;

    @BeforeAll
    static void start() {
        edge = EdgeEndpoint.builder().port(0).start();
        logs = EdgeFixture.logs(edge);
    }

    @AfterAll
    static void stop() throws Exception {
        logs.close();
        edge.close();
    }

    private static void put(String group, String stream, long... timestamps) {
        List<InputLogEvent> events = new java.util.ArrayList<>();
        for (int i = 0; i < timestamps.length; i++) {
            events.add(InputLogEvent.builder().timestamp(timestamps[i]).message("event " + i).build());
        }
        logs.putLogEvents(r -> r.logGroupName(group).logStreamName(stream).logEvents(events));
    }

    /**
     * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html,
     * API_DescribeLogGroups.html (prefix, limit, nextToken; arn ends in :*, logGroupArn does not), API_LogGroup.html
     */
    @Test
    void logGroups_createDescribeByPrefixAndPage() {
        for (String name : List.of("/aws/lambda/a", "/aws/lambda/b", "/aws/lambda/c", "/other/x")) {
            logs.createLogGroup(r -> r.logGroupName(name));
        }
        DescribeLogGroupsResponse first = logs.describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/").limit(2));
        assertEquals(List.of("/aws/lambda/a", "/aws/lambda/b"), first.logGroups().stream().map(LogGroup::logGroupName).toList());
        assertNotNull(first.nextToken());
        DescribeLogGroupsResponse second = logs.describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/").limit(2).nextToken(first.nextToken()));
        assertEquals(List.of("/aws/lambda/c"), second.logGroups().stream().map(LogGroup::logGroupName).toList());
        assertNull(second.nextToken());
        LogGroup group = first.logGroups().get(0);
        assertEquals("arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/a:*", group.arn());
        assertEquals("arn:aws:logs:us-east-1:000000000000:log-group:/aws/lambda/a", group.logGroupArn());
        assertTrue(group.creationTime() > 0);
        assertNull(group.retentionInDays());

        ResourceAlreadyExistsException exists = assertThrows(ResourceAlreadyExistsException.class,
                () -> logs.createLogGroup(r -> r.logGroupName("/aws/lambda/a")));
        assertEquals(400, exists.statusCode());
        assertThrows(InvalidParameterException.class, () -> logs.createLogGroup(r -> r.logGroupName("bad name")));
    }

    /** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html: ResourceNotFoundException message */
    @Test
    void missingGroup_isResourceNotFound_withAwsMessage() {
        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class, () -> logs.deleteLogGroup(r -> r.logGroupName("/none")));
        assertEquals("The specified log group does not exist.", missing.awsErrorDetails().errorMessage());
        assertEquals("ResourceNotFoundException", missing.awsErrorDetails().errorCode());
    }

    /** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html and API_DeleteRetentionPolicy.html */
    @Test
    void retentionPolicy_isSetValidatedAndRemoved() {
        logs.createLogGroup(r -> r.logGroupName("/retained"));
        logs.putRetentionPolicy(r -> r.logGroupName("/retained").retentionInDays(14));
        assertEquals(14, logs.describeLogGroups(r -> r.logGroupNamePrefix("/retained")).logGroups().get(0).retentionInDays());
        assertThrows(InvalidParameterException.class, () -> logs.putRetentionPolicy(r -> r.logGroupName("/retained").retentionInDays(2)));
        logs.deleteRetentionPolicy(r -> r.logGroupName("/retained"));
        assertNull(logs.describeLogGroups(r -> r.logGroupNamePrefix("/retained")).logGroups().get(0).retentionInDays());
    }

    /** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html, API_ListTagsForResource.html, API_ListTagsLogGroup.html */
    @Test
    @SuppressWarnings("deprecation") // ListTagsLogGroup is deprecated, and still what older CLIs and SDKs call
    void tags_byArnAndByGroupName() {
        logs.createLogGroup(r -> r.logGroupName("/tagged").tags(Map.of("env", "local")));
        String arn = "arn:aws:logs:us-east-1:000000000000:log-group:/tagged";
        logs.tagResource(r -> r.resourceArn(arn).tags(Map.of("team", "streams")));
        assertEquals(Map.of("env", "local", "team", "streams"), logs.listTagsForResource(r -> r.resourceArn(arn)).tags());
        logs.untagResource(r -> r.resourceArn(arn).tagKeys("env"));
        assertEquals(Map.of("team", "streams"), logs.listTagsLogGroup(r -> r.logGroupName("/tagged")).tags());
    }

    /** https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogStreams.html: orderBy LastEventTime, descending */
    @Test
    void logStreams_orderByLastEventTimeDescending() {
        logs.createLogGroup(r -> r.logGroupName("/streams"));
        long now = System.currentTimeMillis();
        for (String stream : List.of("s1", "s2", "s3")) {
            logs.createLogStream(r -> r.logGroupName("/streams").logStreamName(stream));
        }
        put("/streams", "s2", now - 3000);
        put("/streams", "s1", now - 1000);
        put("/streams", "s3", now - 2000);
        List<LogStream> streams = logs.describeLogStreams(r -> r.logGroupName("/streams").orderBy(OrderBy.LAST_EVENT_TIME).descending(true)).logStreams();
        assertEquals(List.of("s1", "s3", "s2"), streams.stream().map(LogStream::logStreamName).toList());
        assertEquals(now - 1000, streams.get(0).lastEventTimestamp());
        assertThrows(ResourceAlreadyExistsException.class, () -> logs.createLogStream(r -> r.logGroupName("/streams").logStreamName("s1")));
        InvalidParameterException both = assertThrows(InvalidParameterException.class, () -> logs.describeLogStreams(r -> r
                .logGroupName("/streams").orderBy(OrderBy.LAST_EVENT_TIME).logStreamNamePrefix("s")));
        assertEquals("Cannot order by LastEventTime with a logStreamNamePrefix.", both.awsErrorDetails().errorMessage());
    }

    /**
     * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html (chronological batches,
     * rejectedLogEventsInfo) and API_GetLogEvents.html (startFromHead, nextForwardToken returned unchanged at the end)
     */
    @Test
    void putAndGetLogEvents_pageForwardUntilTheTokenRepeats() {
        logs.createLogGroup(r -> r.logGroupName("/events"));
        logs.createLogStream(r -> r.logGroupName("/events").logStreamName("s"));
        long now = System.currentTimeMillis();
        put("/events", "s", now - 500, now - 400, now - 300);
        List<String> read = new java.util.ArrayList<>();
        String token = null;
        while (true) {
            String current = token;
            GetLogEventsResponse page = logs.getLogEvents(r -> r.logGroupName("/events").logStreamName("s").startFromHead(true).limit(2).nextToken(current));
            page.events().stream().map(OutputLogEvent::message).forEach(read::add);
            if (page.nextForwardToken().equals(current)) {
                break;
            }
            token = page.nextForwardToken();
        }
        assertEquals(List.of("event 0", "event 1", "event 2"), read);
        GetLogEventsResponse newest = logs.getLogEvents(r -> r.logGroupName("/events").logStreamName("s").limit(1));
        assertEquals(List.of("event 2"), newest.events().stream().map(OutputLogEvent::message).toList());

        InvalidParameterException unordered = assertThrows(InvalidParameterException.class, () -> logs.putLogEvents(r -> r
                .logGroupName("/events").logStreamName("s").logEvents(
                        InputLogEvent.builder().timestamp(now).message("b").build(),
                        InputLogEvent.builder().timestamp(now - 10).message("a").build())));
        assertEquals("Log events in a single PutLogEvents request must be in chronological order.", unordered.awsErrorDetails().errorMessage());
        PutLogEventsResponse tooNew = logs.putLogEvents(r -> r.logGroupName("/events").logStreamName("s").logEvents(
                InputLogEvent.builder().timestamp(now).message("ok").build(),
                InputLogEvent.builder().timestamp(now + 3 * 3600_000L).message("future").build()));
        assertEquals(1, tooNew.rejectedLogEventsInfo().tooNewLogEventStartIndex());
        ResourceNotFoundException noStream = assertThrows(ResourceNotFoundException.class, () -> logs.putLogEvents(r -> r
                .logGroupName("/events").logStreamName("absent").logEvents(InputLogEvent.builder().timestamp(now).message("x").build())));
        assertEquals("The specified log stream does not exist.", noStream.awsErrorDetails().errorMessage());
        // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html: logStreamName is required.
        InvalidParameterException noStreamName = assertThrows(InvalidParameterException.class, () -> logs.putLogEvents(r -> r
                .logGroupName("/events").logEvents(InputLogEvent.builder().timestamp(now).message("x").build())));
        assertEquals("1 validation error detected: Value null at 'logStreamName' failed to satisfy constraint: Member must not be null",
                noStreamName.awsErrorDetails().errorMessage());
    }

    /**
     * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_FilterLogEvents.html and
     * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html (terms, quoted phrases, ?any, -exclude)
     */
    @Test
    void filterLogEvents_matchesTermsAndPhrases_acrossStreams_withPaging() {
        logs.createLogGroup(r -> r.logGroupName("/filter"));
        logs.createLogStream(r -> r.logGroupName("/filter").logStreamName("a"));
        logs.createLogStream(r -> r.logGroupName("/filter").logStreamName("b"));
        long now = System.currentTimeMillis();
        logs.putLogEvents(r -> r.logGroupName("/filter").logStreamName("a").logEvents(
                InputLogEvent.builder().timestamp(now - 50).message("ERROR order 1 failed").build(),
                InputLogEvent.builder().timestamp(now - 30).message("INFO order 2 stored").build()));
        logs.putLogEvents(r -> r.logGroupName("/filter").logStreamName("b").logEvents(
                InputLogEvent.builder().timestamp(now - 40).message("ERROR order 3 timed out").build()));

        FilterLogEventsResponse errors = logs.filterLogEvents(r -> r.logGroupName("/filter").filterPattern("ERROR order"));
        assertEquals(List.of("ERROR order 1 failed", "ERROR order 3 timed out"), errors.events().stream().map(FilteredLogEvent::message).toList());
        assertEquals(List.of("a", "b"), errors.events().stream().map(FilteredLogEvent::logStreamName).toList());
        assertEquals(56, errors.events().get(0).eventId().length());
        assertEquals(List.of("ERROR order 3 timed out"), logs.filterLogEvents(r -> r.logGroupName("/filter")
                .filterPattern("\"timed out\"")).events().stream().map(FilteredLogEvent::message).toList());
        assertEquals(2, logs.filterLogEvents(r -> r.logGroupName("/filter").filterPattern("?failed ?stored")).events().size());
        assertEquals(1, logs.filterLogEvents(r -> r.logGroupName("/filter").filterPattern("ERROR -failed")).events().size());
        assertEquals(0, logs.filterLogEvents(r -> r.logGroupName("/filter").filterPattern("error")).events().size(), "terms are case-sensitive");
        assertEquals(List.of("INFO order 2 stored"), logs.filterLogEvents(r -> r.logGroupName("/filter").logStreamNames("a")
                .startTime(now - 35)).events().stream().map(FilteredLogEvent::message).toList());

        FilterLogEventsResponse page1 = logs.filterLogEvents(r -> r.logGroupName("/filter").limit(2));
        assertEquals(2, page1.events().size());
        assertNotNull(page1.nextToken());
        FilterLogEventsResponse page2 = logs.filterLogEvents(r -> r.logGroupName("/filter").limit(2).nextToken(page1.nextToken()));
        assertEquals(List.of("INFO order 2 stored"), page2.events().stream().map(FilteredLogEvent::message).toList());
        assertNull(page2.nextToken());
    }

    /**
     * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html: a function's output goes to
     * /aws/lambda/<function>, one stream per execution environment named YYYY/MM/DD/[$LATEST]<32 hex>.
     */
    @Test
    void lambdaLogs_createGroupAndStream_namedAsLambdaNamesThem() {
        LambdaLogs.Stream stream = edge.lambdaLogs().openStream("word-count", "$LATEST");
        stream.append(List.of("START RequestId: 1 Version: $LATEST", "counted 3 words", "", "END RequestId: 1"));
        assertTrue(stream.streamName().matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}"), stream.streamName());
        List<LogStream> streams = logs.describeLogStreams(r -> r.logGroupName("/aws/lambda/word-count")).logStreams();
        assertEquals(List.of(stream.streamName()), streams.stream().map(LogStream::logStreamName).toList());
        List<String> messages = logs.getLogEvents(r -> r.logGroupName("/aws/lambda/word-count").logStreamName(stream.streamName())
                .startFromHead(true)).events().stream().map(OutputLogEvent::message).toList();
        assertEquals(List.of("START RequestId: 1 Version: $LATEST", "counted 3 words", "END RequestId: 1"), messages);
        LambdaLogs.Stream second = edge.lambdaLogs().openStream("word-count", "$LATEST");
        assertNotEquals(stream.streamName(), second.streamName());
    }

    /**
     * https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-loggroups.html: with LoggingConfig.LogGroup
     * the output goes to that group, created if it does not exist, in streams named
     * YYYY/MM/DD/<function>[<version>]<32 hex> (the function's name first: several functions may share the group).
     */
    @Test
    void lambdaLogs_inACustomGroup_createItAndNameStreamsAfterTheFunction() {
        LambdaLogs.Stream stream = edge.lambdaLogs().openStream("word-count", "/shop/functions", "$LATEST");
        stream.append(List.of("START RequestId: 1 Version: $LATEST"));
        assertTrue(stream.streamName().matches("\\d{4}/\\d{2}/\\d{2}/word-count\\[\\$LATEST][0-9a-f]{32}"), stream.streamName());
        assertEquals(List.of(stream.streamName()), logs.describeLogStreams(r -> r.logGroupName("/shop/functions"))
                .logStreams().stream().map(LogStream::logStreamName).toList());
        assertTrue(logs.describeLogGroups(r -> r.logGroupNamePrefix("/aws/lambda/word-count")).logGroups().isEmpty(),
                "nothing in the default group");
        LambdaLogs.Stream defaultGroup = edge.lambdaLogs().openStream("word-count", "/aws/lambda/word-count", "$LATEST");
        assertTrue(defaultGroup.streamName().matches("\\d{4}/\\d{2}/\\d{2}/\\[\\$LATEST][0-9a-f]{32}"), defaultGroup.streamName());
    }

    /**
     * What `aws logs tail` (CLI v2, awscli/customizations/logs/tail.py) does: FilterLogEvents with logGroupName,
     * interleaved and startTime through the paginator; --follow polls again from the newest timestamp and skips the
     * event ids it has seen, so ids must be stable and startTime inclusive.
     * https://docs.aws.amazon.com/cli/latest/reference/logs/tail.html
     */
    @Test
    @SuppressWarnings("deprecation") // interleaved is deprecated (always on), and still what `aws logs tail` sends
    void tailPolling_seesStableEventIds_fromAnInclusiveStartTime() {
        logs.createLogGroup(r -> r.logGroupName("/tail"));
        logs.createLogStream(r -> r.logGroupName("/tail").logStreamName("s"));
        long now = System.currentTimeMillis();
        put("/tail", "s", now - 20, now - 10);
        List<FilteredLogEvent> all = logs.filterLogEventsPaginator(r -> r.logGroupName("/tail").interleaved(true).startTime(now - 60_000).limit(1))
                .events().stream().toList();
        assertEquals(List.of("event 0", "event 1"), all.stream().map(FilteredLogEvent::message).toList());
        FilteredLogEvent newest = all.get(1);
        List<FilteredLogEvent> again = logs.filterLogEvents(r -> r.logGroupName("/tail").interleaved(true).startTime(newest.timestamp())).events();
        assertEquals(List.of(newest.eventId()), again.stream().map(FilteredLogEvent::eventId).toList());
    }
}
