package dev.ddbstreams.endpoint.lambda;

import dev.ddbstreams.endpoint.protocol.AwsServiceException;

/**
 * Lambda's errors, named, with the HTTP status and the message text AWS answers. Texts are the ones AWS returns as
 * recorded in LocalStack's AWS-validated snapshots (tests/aws/services/lambda_/*.snapshot.json) unless a comment says
 * otherwise; statuses are those of the Lambda API model.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/api/CommonErrors.html">Lambda common errors</a>
 */
final class LambdaErrors {
    private LambdaErrors() {
    }

    static AwsServiceException invalidParameter(String message) {
        return new AwsServiceException("InvalidParameterValueException", 400, message);
    }

    /** Constraint violations of the API model (length, range, pattern, enum), as AWS's front end words them. */
    static AwsServiceException validation(String message) {
        return new AwsServiceException("ValidationException", 400, message);
    }

    static AwsServiceException validation(String field, Object value, String constraint) {
        String shown = value == null ? "null" : "'" + value + "'";
        return validation("1 validation error detected: Value " + shown + " at '" + field
                + "' failed to satisfy constraint: " + constraint);
    }

    static AwsServiceException notFound(String message) {
        return new AwsServiceException("ResourceNotFoundException", 404, message);
    }

    static AwsServiceException functionNotFound(String arn) {
        return notFound("Function not found: " + arn);
    }

    static AwsServiceException conflict(String message) {
        return new AwsServiceException("ResourceConflictException", 409, message);
    }

    static AwsServiceException preconditionFailed(String api) {
        return new AwsServiceException("PreconditionFailedException", 412,
                "The Revision Id provided does not match the latest Revision Id. Call the " + api
                        + " API to retrieve the latest Revision Id");
    }

    static AwsServiceException tooLarge(String code, String message) {
        return new AwsServiceException(code, 413, message);
    }

    static AwsServiceException tooManyRequests(String message) {
        return new AwsServiceException("TooManyRequestsException", 429, message);
    }

    static AwsServiceException invalidRequestContent(String message) {
        return new AwsServiceException("InvalidRequestContentException", 400, message);
    }

    /** A {@code ZipFile} that is not base64 of a readable zip with at least one entry. */
    static AwsServiceException unreadableZip() {
        return invalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
    }
}
