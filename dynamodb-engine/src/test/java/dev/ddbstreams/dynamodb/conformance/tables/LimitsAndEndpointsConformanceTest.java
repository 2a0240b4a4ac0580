package dev.ddbstreams.dynamodb.conformance.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ddbstreams.dynamodb.junit.DynamoDbEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.DescribeEndpointsResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeLimitsResponse;

/**
 * DescribeLimits (the default quotas of an account in a region) and DescribeEndpoints.
 *
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeLimits.html">DescribeLimits</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html">Quotas in DynamoDB</a>
 * @see <a href="https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeEndpoints.html">DescribeEndpoints</a>
 */
class LimitsAndEndpointsConformanceTest {

    @RegisterExtension
    static final DynamoDbEngineExtension DYNAMODB = DynamoDbEngineExtension.inMemory();

    /** ServiceQuotas: 80,000 read and 80,000 write capacity units per account by default. */
    @Test
    void accountLimitsAreTheDefaultQuotas() {
        DescribeLimitsResponse limits = DYNAMODB.client().describeLimits(b -> { });
        assertEquals(80_000L, limits.accountMaxReadCapacityUnits());
        assertEquals(80_000L, limits.accountMaxWriteCapacityUnits());
    }

    /** ServiceQuotas: 40,000 read and 40,000 write capacity units per table by default. */
    @Test
    void tableLimitsAreTheDefaultQuotas() {
        DescribeLimitsResponse limits = DYNAMODB.client().describeLimits(b -> { });
        assertEquals(40_000L, limits.tableMaxReadCapacityUnits());
        assertEquals(40_000L, limits.tableMaxWriteCapacityUnits());
    }

    /** API_DescribeEndpoints: at least one endpoint, with an address. */
    @Test
    void describeEndpointsNamesAnAddress() {
        DescribeEndpointsResponse endpoints = DYNAMODB.client().describeEndpoints(b -> { });
        assertFalse(endpoints.endpoints().isEmpty());
        assertFalse(endpoints.endpoints().get(0).address().isBlank());
    }

    /** API_Endpoint, CachePeriodInMinutes: AWS answers 1440, a day (the AWS CLI reference's describe-endpoints example). */
    @Test
    void describeEndpointsCachesForADay() {
        assertEquals(1440L, DYNAMODB.client().describeEndpoints(b -> { }).endpoints().get(0).cachePeriodInMinutes());
    }
}
