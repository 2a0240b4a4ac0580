package dev.ddbstreams.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import dev.ddbstreams.lambda.testing.LambdaEvents;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class StreamImagesTest {

    @Test
    void toSdk_convertsEveryAttributeType() {
        DynamodbEvent event = LambdaEvents.load("/dynamodb/three-inserts.json", DynamodbEvent.class);
        Map<String, AttributeValue> image = StreamImages.toSdk(event.getRecords().get(0).getDynamodb().getNewImage());
        assertEquals("a", image.get("id").s());
        assertEquals("1.5", image.get("n").n());
        assertEquals(List.of("x", "y"), image.get("tags").ss());
        List<AttributeValue> list = image.get("nested").m().get("l").l();
        assertTrue(list.get(0).bool());
        assertTrue(list.get(1).nul());
    }

    @Test
    void toSdk_returnsEmptyMap_forMissingImage() {
        assertTrue(StreamImages.toSdk(null).isEmpty());
    }
}
