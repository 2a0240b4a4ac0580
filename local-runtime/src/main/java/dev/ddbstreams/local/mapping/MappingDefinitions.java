package dev.ddbstreams.local.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ddbstreams.endpoint.lambda.EventSourceMappingDefinition;
import dev.ddbstreams.local.wiring.MappingSpec;
import dev.ddbstreams.local.wiring.SourceSpec;
import dev.ddbstreams.local.wiring.SourceType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns an event source mapping as the Lambda control plane stores it into the engine's poller settings: the source
 * named by its ARN, the on-failure queue named by its destination ARN, filters, retries, bisection, record age,
 * window, batch size and starting position.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/API_CreateEventSourceMapping.html">CreateEventSourceMapping</a>
 */
public final class MappingDefinitions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures";

    private MappingDefinitions() {
    }

    /**
     * The engine's name for the mapping: the wiring's name when the local provisioner created it (tag
     * {@value EventSourceMappingDefinition#WIRING_NAME_TAG}), so statuses, checkpoints and scenario checks keep the
     * wiring's names; else its UUID.
     */
    public static String name(EventSourceMappingDefinition mapping) {
        String wiringName = mapping.tags().get(EventSourceMappingDefinition.WIRING_NAME_TAG);
        return wiringName == null || wiringName.isBlank() ? mapping.uuid() : wiringName;
    }

    /**
     * @throws IllegalArgumentException naming what this runtime cannot poll (a source or destination that is not a
     *                                  DynamoDB stream, Kinesis stream or SQS queue, {@code AT_TIMESTAMP}, a filter
     *                                  pattern that is not JSON)
     */
    public static MappingSpec toSpec(EventSourceMappingDefinition mapping) {
        EventSourceArn source = EventSourceArn.parse(mapping.eventSourceArn());
        SourceSpec sourceSpec = switch (source.type()) {
            // The mapping reads the stream it was created for, not a later stream of a table of the same name.
            case DYNAMODB -> new SourceSpec(SourceType.DYNAMODB, source.name(), null, null, source.arn());
            case KINESIS -> new SourceSpec(SourceType.KINESIS, null, source.name(), null, source.arn());
            case SQS -> new SourceSpec(SourceType.SQS, null, null, source.name(), source.arn());
        };
        String onFailureQueue = null;
        if (mapping.onFailureDestinationArn() != null) {
            EventSourceArn destination = null;
            try {
                destination = EventSourceArn.parse(mapping.onFailureDestinationArn());
            } catch (IllegalArgumentException notASource) {
                // SNS topics, S3 buckets: valid destinations in AWS, not delivered here.
            }
            if (destination == null || destination.type() != SourceType.SQS) {
                throw new IllegalArgumentException("on-failure destination " + mapping.onFailureDestinationArn()
                        + " is not an SQS queue; this runtime delivers on-failure records to SQS only");
            }
            onFailureQueue = destination.name();
        }
        String startingPosition = source.type().isStream() ? mapping.startingPosition() : null;
        if ("AT_TIMESTAMP".equals(startingPosition)) {
            throw new IllegalArgumentException("starting position AT_TIMESTAMP is not supported by this runtime");
        }
        List<JsonNode> filters = new ArrayList<>();
        for (String pattern : mapping.filterPatterns()) {
            try {
                filters.add(JSON.readTree(pattern));
            } catch (IOException e) {
                throw new IllegalArgumentException("filter pattern is not JSON: " + pattern);
            }
        }
        return new MappingSpec(0, mapping.functionName(), sourceSpec, startingPosition, mapping.batchSize(),
                mapping.maximumBatchingWindowInSeconds(),
                Objects.requireNonNullElse(mapping.maximumRetryAttempts(), -1),
                Boolean.TRUE.equals(mapping.bisectBatchOnFunctionError()),
                Objects.requireNonNullElse(mapping.maximumRecordAgeInSeconds(), -1),
                onFailureQueue, filters, mapping.functionResponseTypes().contains(REPORT_BATCH_ITEM_FAILURES),
                mapping.functionArn(), mapping.additionalFunctionWeights());
    }
}
