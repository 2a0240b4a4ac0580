package dev.ddbstreams.endpoint.iam;

import dev.ddbstreams.endpoint.protocol.AwsServiceException;

/**
 * IAM's errors, with AWS's codes, statuses and messages. Messages are those real IAM answers (as recorded in moto's
 * and botocore's test fixtures, and the IAM API reference's error lists).
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html#API_GetRole_Errors">GetRole errors</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html#API_CreateRole_Errors">CreateRole errors</a>
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRole.html#API_DeleteRole_Errors">DeleteRole errors</a>
 */
final class IamErrors {
    private IamErrors() {
    }

    static AwsServiceException noSuchEntity(String message) {
        return new AwsServiceException("NoSuchEntity", 404, message);
    }

    static AwsServiceException roleNotFound(String roleName) {
        return noSuchEntity("The role with name " + roleName + " cannot be found.");
    }

    static AwsServiceException alreadyExists(String message) {
        return new AwsServiceException("EntityAlreadyExists", 409, message);
    }

    static AwsServiceException deleteConflict(String message) {
        return new AwsServiceException("DeleteConflict", 409, message);
    }

    static AwsServiceException malformedPolicy(String message) {
        return new AwsServiceException("MalformedPolicyDocument", 400, message);
    }

    static AwsServiceException limitExceeded(String message) {
        return new AwsServiceException("LimitExceeded", 409, message);
    }

    static AwsServiceException invalidInput(String message) {
        return new AwsServiceException("InvalidInput", 400, message);
    }

    /** The service-wide validation error of AWS's input constraints (length, pattern, range). */
    static AwsServiceException validation(String field, String value, String constraint) {
        return new AwsServiceException("ValidationError", 400,
                "1 validation error detected: Value '" + value + "' at '" + field + "' failed to satisfy constraint: " + constraint);
    }

    static AwsServiceException missing(String parameter) {
        return new AwsServiceException("ValidationError", 400,
                "1 validation error detected: Value null at '" + parameter + "' failed to satisfy constraint: Member must not be null");
    }
}
