package dev.ddbstreams.local.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SoakVerifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FUNCTION = "arn:aws:lambda:us-east-1:000000000000:function:game-scores";
    private static final String STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/GameScoreRecords/stream/2024-09-22T10:15:29.120";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|0", "'   '|0", "'a'|1", "'  a  b  '|2", "'a\u00A0b'|2", "'a\u3000b\u2003c'|3", "'a\u200Bb'|1",
        "'a\u001Cb'|1", "'a\u2028b\u2029c'|3", "'👩‍💻 e\u0301'|2", "'a\tb\nc\r\nd'|4", "'a\u0085b'|2",
        "'a\u180Eb'|1", "'\u00A0\u3000'|0"})
    void expectedWordCount_splitsOnUnicodeWhiteSpaceOnly(String content, long words) {
        assertEquals(words, SoakVerifier.expectedWordCount(content));
    }

    private static ObjectNode onFailure() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"requestContext":{"requestId":"c9b8fa9f-5a7f-4e7e-bc4f-7a6e0f6c7b1c","functionArn":"%s",
                  "condition":"RetryAttemptsExhausted","approximateInvokeCount":11},
                 "responseContext":{"statusCode":200,"executedVersion":"$LATEST","functionError":"Unhandled"},
                 "version":"1.0","timestamp":"2024-09-22T10:15:29.120Z",
                 "DDBStreamBatchInfo":{"shardId":"shardId-00000001","startSequenceNumber":"000000000000000000005",
                  "endSequenceNumber":"000000000000000000005","approximateArrivalOfFirstRecord":"2024-09-22T10:15:00Z",
                  "approximateArrivalOfLastRecord":"2024-09-22T10:15:00Z","batchSize":1,"streamArn":"%s"}}"""
                .formatted(FUNCTION, STREAM));
    }

    @Test
    void onFailureProblem_acceptsLambdasOnFailureRecord() throws Exception {
        assertNull(SoakVerifier.onFailureProblem(onFailure(), FUNCTION, STREAM));
    }

    @Test
    void onFailureProblem_refusesAnythingElse() throws Exception {
        ObjectNode extra = onFailure();
        extra.put("Records", "[]");
        ObjectNode wrongFunction = onFailure();
        ((ObjectNode) wrongFunction.get("requestContext")).put("functionArn", FUNCTION + "-other");
        ObjectNode wrongStream = onFailure();
        ((ObjectNode) wrongStream.get("DDBStreamBatchInfo")).put("streamArn", "arn:other");
        ObjectNode reversed = onFailure();
        ((ObjectNode) reversed.get("DDBStreamBatchInfo")).put("startSequenceNumber", "9");
        ObjectNode kinesis = onFailure();
        kinesis.set("KinesisBatchInfo", kinesis.remove("DDBStreamBatchInfo"));
        ObjectNode badTimestamp = onFailure();
        badTimestamp.put("timestamp", "yesterday");
        ObjectNode noCount = onFailure();
        ((ObjectNode) noCount.get("requestContext")).remove("approximateInvokeCount");
        for (JsonNode body : new JsonNode[] {extra, wrongFunction, wrongStream, reversed, kinesis, badTimestamp, noCount,
            JSON.readTree("[]")}) {
            assertNotNull(SoakVerifier.onFailureProblem(body, FUNCTION, STREAM), body.toString());
        }
    }
}
