package dev.ddbstreams.endpoint.logs;

import dev.ddbstreams.endpoint.protocol.AwsServiceException;

/**
 * CloudWatch Logs' errors with AWS's codes and messages (messages as real AWS answers them, recorded in moto's and
 * LocalStack's CloudWatch Logs tests, which are validated against AWS).
 *
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html#API_CreateLogGroup_Errors">CreateLogGroup errors</a>
 * @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html#API_PutLogEvents_Errors">PutLogEvents errors</a>
 */
final class LogsErrors {
    private LogsErrors() {
    }

    static AwsServiceException groupNotFound() {
        return AwsServiceException.badRequest("ResourceNotFoundException", "The specified log group does not exist.");
    }

    static AwsServiceException streamNotFound() {
        return AwsServiceException.badRequest("ResourceNotFoundException", "The specified log stream does not exist.");
    }

    static AwsServiceException groupExists() {
        return AwsServiceException.badRequest("ResourceAlreadyExistsException", "The specified log group already exists");
    }

    static AwsServiceException streamExists() {
        return AwsServiceException.badRequest("ResourceAlreadyExistsException", "The specified log stream already exists");
    }

    static AwsServiceException invalidParameter(String message) {
        return AwsServiceException.badRequest("InvalidParameterException", message);
    }

    /** AWS's input-constraint message, which Logs reports as InvalidParameterException. */
    static AwsServiceException constraint(String field, Object value, String constraint) {
        return invalidParameter("1 validation error detected: Value '" + value + "' at '" + field
                + "' failed to satisfy constraint: " + constraint);
    }

    /** @see <a href="https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_TagResource.html">TagResource: 50 tags</a> */
    static AwsServiceException tooManyTags() {
        return AwsServiceException.badRequest("TooManyTagsException", "A resource can have no more than 50 tags.");
    }

    static AwsServiceException missing(String field) {
        return invalidParameter("1 validation error detected: Value null at '" + field
                + "' failed to satisfy constraint: Member must not be null");
    }
}
