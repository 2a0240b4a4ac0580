package dev.ddbstreams.users;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.ddbstreams.http.ApiGatewayV2;
import dev.ddbstreams.http.HttpApi;
import dev.ddbstreams.lambda.AwsClients;
import dev.ddbstreams.lambda.Env;
import dev.ddbstreams.lambda.StructuredLog;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import software.amazon.lambda.powertools.tracing.CaptureMode;
import software.amazon.lambda.powertools.tracing.Tracing;

/**
 * The users HTTP API function ({@code ANY /users}, {@code ANY /users/{proxy+}}), table from
 * {@code USERS_TABLE}. Adapts payload format 2.0 to {@link UsersApi}.
 *
 * <p>Tracing does not capture responses: they carry e-mail addresses, which must not end up in X-Ray
 * metadata any more than in logs.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html">Lambda with API Gateway</a>
 */
public final class UsersApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** Under the 10 s function timeout (wiring.json), so a slow DynamoDB still gets our JSON 503. */
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(8);

    private final HttpApi api;

    /** Called once per execution environment by the Lambda runtime. */
    public UsersApiHandler() {
        this(fromEnvironment(), StructuredLog.of(UsersApiHandler.class));
    }

    UsersApiHandler(UsersService users, StructuredLog log) {
        this.api = UsersApi.create(users, log);
    }

    @Override
    @Tracing(captureMode = CaptureMode.DISABLED)
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiGatewayV2.toApiGatewayResponse(api.handle(ApiGatewayV2.toHttpRequest(event)));
    }

    private static UsersService fromEnvironment() {
        String table = Env.required("USERS_TABLE");
        return new UsersService(AwsClients.dynamoDb(API_CALL_TIMEOUT), table, Clock.systemUTC(), () -> UUID.randomUUID().toString());
    }
}
