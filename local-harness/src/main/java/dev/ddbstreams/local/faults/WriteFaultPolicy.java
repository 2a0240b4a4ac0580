package dev.ddbstreams.local.faults;

/**
 * Which DynamoDB write requests the {@link DynamoDbFaultProxy} fails, and how.
 *
 * <p>Of the write requests ({@code PutItem}, {@code UpdateItem}, {@code DeleteItem}, {@code TransactWriteItems},
 * {@code BatchWriteItem}), a fraction {@code rate} is answered with an error instead of DynamoDB's answer; the
 * kind is drawn by the weights. Throttling errors are never applied (DynamoDB refuses a throttled request
 * before doing anything). A 500 may have been applied or not, as with the real service: a fraction
 * {@code appliedBeforeServerError} of the injected 500s is forwarded first and its answer thrown away, so the
 * client retries a write that already happened. Only idempotent clients can take that; the HTTP API's create
 * (a conditional put with a fresh id) cannot tell its own earlier write from a collision, so the soak gives
 * the HTTP functions a policy without it.
 *
 * @param rate                     fraction of write requests that fail, 0..1
 * @param throttlingWeight         relative weight of 400 {@code ThrottlingException}
 * @param provisionedWeight        relative weight of 400 {@code ProvisionedThroughputExceededException}
 * @param serverErrorWeight        relative weight of 500 {@code InternalServerError}
 * @param appliedBeforeServerError fraction of the injected 500s whose request is applied first, 0..1
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html">DynamoDB error handling</a>
 */
public record WriteFaultPolicy(double rate, double throttlingWeight, double provisionedWeight,
        double serverErrorWeight, double appliedBeforeServerError) {

    public static final WriteFaultPolicy NONE = new WriteFaultPolicy(0, 1, 1, 1, 0);

    public WriteFaultPolicy {
        requireFraction("rate", rate);
        requireFraction("appliedBeforeServerError", appliedBeforeServerError);
        if (throttlingWeight < 0 || provisionedWeight < 0 || serverErrorWeight < 0
                || throttlingWeight + provisionedWeight + serverErrorWeight <= 0) {
            throw new IllegalArgumentException("fault weights must be >= 0 with a positive sum");
        }
    }

    /** {@code rate} of the writes fail, a third each throttling, provisioned throughput and 500. */
    public static WriteFaultPolicy evenly(double rate, double appliedBeforeServerError) {
        return new WriteFaultPolicy(rate, 1, 1, 1, appliedBeforeServerError);
    }

    public WriteFaultPolicy withoutAppliedServerErrors() {
        return new WriteFaultPolicy(rate, throttlingWeight, provisionedWeight, serverErrorWeight, 0);
    }

    /** The fault for a draw {@code kindDraw} and {@code appliedDraw} in [0, 1). */
    WriteFault kind(double kindDraw, double appliedDraw) {
        double total = throttlingWeight + provisionedWeight + serverErrorWeight;
        double point = kindDraw * total;
        if (point < throttlingWeight) {
            return WriteFault.THROTTLING_EXCEPTION;
        }
        if (point < throttlingWeight + provisionedWeight) {
            return WriteFault.PROVISIONED_THROUGHPUT_EXCEEDED;
        }
        return appliedDraw < appliedBeforeServerError ? WriteFault.INTERNAL_SERVER_ERROR_AFTER_APPLYING
                : WriteFault.INTERNAL_SERVER_ERROR;
    }

    private static void requireFraction(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1, not " + value);
        }
    }
}
