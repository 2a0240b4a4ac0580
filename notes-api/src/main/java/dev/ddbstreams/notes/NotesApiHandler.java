package dev.ddbstreams.notes;

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
 * The notes HTTP API function ({@code ANY /notes}, {@code ANY /notes/{proxy+}}), table from
 * {@code NOTES_TABLE}. Adapts payload format 2.0 to {@link NotesApi}.
 *
 * <p>Tracing does not capture responses: a note can be 400 KB, far beyond an X-Ray segment's 64 KB.
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html">Lambda with API Gateway</a>
 * @see <a href="https://docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments.html">X-Ray segment size</a>
 */
public final class NotesApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** Under the 10 s function timeout (wiring.json), so a slow DynamoDB still gets our JSON 503. */
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(8);

    private final HttpApi api;

    /** Called once per execution environment by the Lambda runtime. */
    public NotesApiHandler() {
        this(fromEnvironment(), StructuredLog.of(NotesApiHandler.class));
    }

    NotesApiHandler(NotesService notes, StructuredLog log) {
        this.api = NotesApi.create(notes, log);
    }

    @Override
    @Tracing(captureMode = CaptureMode.DISABLED)
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return ApiGatewayV2.toApiGatewayResponse(api.handle(ApiGatewayV2.toHttpRequest(event)));
    }

    private static NotesService fromEnvironment() {
        String table = Env.required("NOTES_TABLE");
        return new NotesService(AwsClients.dynamoDb(API_CALL_TIMEOUT), table, Clock.systemUTC(), () -> UUID.randomUUID().toString());
    }
}
