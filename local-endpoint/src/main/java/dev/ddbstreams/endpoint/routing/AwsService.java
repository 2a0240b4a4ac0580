package dev.ddbstreams.endpoint.routing;

import java.util.Arrays;
import java.util.Optional;

/**
 * The services the edge knows how to address, each with its SigV4 signing name and wire protocol.
 *
 * @see <a href="https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html">SigV4 credential scope</a>
 */
public enum AwsService {
    DYNAMODB("dynamodb", Protocol.AWS_JSON),
    /** Signed as {@code dynamodb} too; told apart by {@code X-Amz-Target: DynamoDBStreams_20120810.*}. */
    DYNAMODB_STREAMS("dynamodb", Protocol.AWS_JSON),
    KINESIS("kinesis", Protocol.AWS_JSON),
    SQS("sqs", Protocol.QUERY),
    IAM("iam", Protocol.QUERY),
    STS("sts", Protocol.QUERY),
    LOGS("logs", Protocol.AWS_JSON),
    LAMBDA("lambda", Protocol.REST_JSON),
    APIGATEWAY("apigateway", Protocol.REST_JSON),
    EXECUTE_API("execute-api", Protocol.REST_JSON),
    MONITORING("monitoring", Protocol.QUERY);

    /** How a service reads requests and writes answers and errors. */
    public enum Protocol { AWS_JSON, QUERY, REST_JSON, RPC_V2_CBOR }

    private final String signingName;
    private final Protocol protocol;

    AwsService(String signingName, Protocol protocol) {
        this.signingName = signingName;
        this.protocol = protocol;
    }

    /** The service name of the SigV4 credential scope. */
    public String signingName() {
        return signingName;
    }

    /** The service's usual protocol; a request may use another one the service also speaks (SQS JSON, CloudWatch CBOR). */
    public Protocol protocol() {
        return protocol;
    }

    /** The service a SigV4 scope names; {@code dynamodb} gives {@link #DYNAMODB} (streams are told apart by target). */
    public static Optional<AwsService> bySigningName(String signingName) {
        return Arrays.stream(values()).filter(service -> service.signingName.equals(signingName)).findFirst();
    }
}
