package dev.ddbstreams.eventlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StreamArnsTest {

    @Test
    void tableName_andStreamLabel_comeFromADynamoDbStreamArn() {
        String arn = "arn:aws:dynamodb:us-east-1:919191919191:table/Orders/stream/2019-01-01T00:00:00.000";
        assertEquals(Optional.of("Orders"), StreamArns.tableName(arn));
        assertEquals(Optional.of("2019-01-01T00:00:00.000"), StreamArns.streamLabel(arn));
    }

    @Test
    void tableName_worksInOtherPartitions_andForTableArns() {
        assertEquals(Optional.of("notes"), StreamArns.tableName("arn:aws-cn:dynamodb:cn-north-1:1:table/notes/stream/x"));
        assertEquals(Optional.of("notes"), StreamArns.tableName("arn:aws:dynamodb:us-east-1:1:table/notes"));
        assertEquals(Optional.empty(), StreamArns.streamLabel("arn:aws:dynamodb:us-east-1:1:table/notes"));
    }

    @Test
    void kinesisStreamName_comesFromAKinesisStreamArn() {
        assertEquals(Optional.of("Lab-Stream"), StreamArns.kinesisStreamName("arn:aws:kinesis:us-east-1:123456789012:stream/Lab-Stream"));
    }

    @Test
    void names_areEmpty_forArnsOfAnotherShape() {
        for (String arn : new String[] {null, "", "arn:aws:kinesis:EXAMPLE", "arn:aws:sqs:us-east-1:1:table/x",
                "arn:aws:dynamodb:us-east-1:1:stream/x", "not-an-arn", "arn:aws:dynamodb:us-east-1:1:table/"}) {
            assertEquals(Optional.empty(), StreamArns.tableName(arn), arn);
            assertEquals(Optional.empty(), StreamArns.kinesisStreamName(arn), arn);
        }
        assertEquals(Optional.empty(), StreamArns.kinesisStreamName("arn:aws:dynamodb:us-east-1:1:table/x"));
    }
}
