package dev.ddbstreams.lambda;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.transformers.v2.dynamodb.DynamodbAttributeValueTransformer;
import java.util.Map;

/**
 * Converts the images of a DynamoDB stream record (the Lambda events library's attribute values) into
 * the SDK v2 attribute values the rest of our code works with. Uses AWS's own transformer library so
 * every attribute type (sets, lists, maps, binary, null) converts the way AWS defines it.
 */
public final class StreamImages {

    private StreamImages() {
    }

    /** @return the SDK v2 form of {@code image}; an empty map for {@code null} (KEYS_ONLY, REMOVE). */
    public static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(
            Map<String, AttributeValue> image) {
        if (image == null) {
            return Map.of();
        }
        return DynamodbAttributeValueTransformer.toAttributeValueMapV2(image);
    }
}
