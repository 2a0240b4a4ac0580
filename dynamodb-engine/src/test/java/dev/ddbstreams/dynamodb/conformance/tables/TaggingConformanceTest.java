package dev.ddbstreams.dynamodb.conformance.tables;

import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.assertAwsError;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.createActive;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.hashTable;
import static dev.ddbstreams.dynamodb.conformance.tables.ConformanceSupport.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * TagResource, UntagResource and ListTagsOfResource on tables, and Tags given to CreateTable.
 *
 * <p>Messages: dynalite's tests (test/tagResource.js, untagResource.js, listTagsOfResource.js, recorded
 * against AWS, including AWS's own "ResourcArn" and "Atleast" spellings).
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TagResource.html">TagResource</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UntagResource.html">UntagResource</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ListTagsOfResource.html">ListTagsOfResource</a>
 */
class TaggingConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    private static DynamoDbClient client() {
        return DYNAMODB.client();
    }

    private static String activeTableArn(String prefix, Tag... tags) {
        String name = uniqueName(prefix);
        var request = hashTable(name);
        if (tags.length > 0) {
            request.tags(tags);
        }
        createActive(client(), request.build());
        return client().describeTable(b -> b.tableName(name)).table().tableArn();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static Map<String, String> tagsOf(String arn) {
        return client().listTagsOfResource(b -> b.resourceArn(arn)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    /** API_CreateTable, Tags: tags given at creation are listed. */
    @Test
    void tagsGivenToCreateTableAreListed() {
        String arn = activeTableArn("tags-create", tag("team", "streams"), tag("env", "test"));
        assertEquals(Map.of("team", "streams", "env", "test"), tagsOf(arn));
    }

    /** API_ListTagsOfResource: a table without tags lists none. */
    @Test
    void untaggedTableListsNoTags() {
        assertTrue(tagsOf(activeTableArn("tags-none")).isEmpty());
    }

    /** API_TagResource: adds tags to a table. */
    @Test
    void tagResourceAddsTags() {
        String arn = activeTableArn("tags-add", tag("a", "1"));
        client().tagResource(b -> b.resourceArn(arn).tags(tag("b", "2")));
        assertEquals(Map.of("a", "1", "b", "2"), tagsOf(arn));
    }

    /** Tagging: "If you add a tag with the same key as an existing tag, the new value overwrites the old value." */
    @Test
    void tagResourceOverwritesTheValueOfAnExistingKey() {
        String arn = activeTableArn("tags-overwrite", tag("a", "1"));
        client().tagResource(b -> b.resourceArn(arn).tags(tag("a", "2")));
        assertEquals(Map.of("a", "2"), tagsOf(arn));
    }

    /** API_UntagResource: removes the tags with the given keys. */
    @Test
    void untagResourceRemovesTheGivenKeys() {
        String arn = activeTableArn("tags-remove", tag("a", "1"), tag("b", "2"), tag("c", "3"));
        client().untagResource(b -> b.resourceArn(arn).tagKeys("a", "c"));
        assertEquals(Map.of("b", "2"), tagsOf(arn));
    }

    /** API_UntagResource: removing a key the table does not have is not an error. */
    @Test
    void untaggingAnAbsentKeyChangesNothing() {
        String arn = activeTableArn("tags-remove-absent", tag("a", "1"));
        client().untagResource(b -> b.resourceArn(arn).tagKeys("zzz"));
        assertEquals(Map.of("a", "1"), tagsOf(arn));
    }

    /** API_TagResource with no tags (dynalite test/tagResource.js). */
    @Test
    void tagResourceWithoutTagsIsRefused() {
        String arn = activeTableArn("tags-empty");
        assertAwsError(DynamoDbException.class, "ValidationException", "Atleast one Tag needs to be provided as Input.",
                () -> client().tagResource(b -> b.resourceArn(arn).tags(java.util.List.of())));
    }

    /** API_UntagResource with no keys (dynalite test/untagResource.js). */
    @Test
    void untagResourceWithoutKeysIsRefused() {
        String arn = activeTableArn("untag-empty");
        assertAwsError(DynamoDbException.class, "ValidationException",
                "Atleast one Tag Key needs to be provided as Input.",
                () -> client().untagResource(b -> b.resourceArn(arn).tagKeys(java.util.List.of())));
    }

    /** API_TagResource, ResourceNotFoundException for a table ARN that names no table (dynalite). */
    @Test
    void taggingAMissingTableAnswersResourceNotFound() {
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + uniqueName("tags-missing");
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFoundException",
                "Requested resource not found: ResourcArn: " + arn + " not found",
                () -> client().tagResource(b -> b.resourceArn(arn).tags(tag("a", "b"))));
    }

    /** API_ListTagsOfResource, ResourceNotFoundException for a table ARN that names no table (dynalite). */
    @Test
    void listingTagsOfAMissingTableAnswersResourceNotFound() {
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/" + uniqueName("tags-missing-list");
        assertAwsError(ResourceNotFoundException.class, "ResourceNotFoundException",
                "Requested resource not found: ResourcArn: " + arn + " not found",
                () -> client().listTagsOfResource(b -> b.resourceArn(arn)));
    }

    /** Tagging restrictions: "The aws: prefix is reserved for AWS use" (message: ack-api-quirks catalogue DDB-TABLE-442). */
    @Test
    void tagKeyWithAwsPrefixIsRefused() {
        String arn = activeTableArn("tags-aws-prefix");
        assertAwsError(DynamoDbException.class, "ValidationException", "Tag Key cannot be prefixed with aws:, Key: aws:x",
                () -> client().tagResource(b -> b.resourceArn(arn).tags(tag("aws:x", "y"))));
    }

    /** Tagging restrictions: at most 50 tags per resource (message: DDB-TABLE-442, live AWS: a ValidationException). */
    @Test
    void moreThanFiftyTagsAreRefused() {
        String arn = activeTableArn("tags-51");
        Tag[] tags = java.util.stream.IntStream.range(0, 51).mapToObj(i -> tag("k" + i, "v")).toArray(Tag[]::new);
        assertAwsError(DynamoDbException.class, "ValidationException",
                "Number of Tags exceed the current limit for the provided ResourceArn",
                () -> client().tagResource(b -> b.resourceArn(arn).tags(tags)));
    }
}
