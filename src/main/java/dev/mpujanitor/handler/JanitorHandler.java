package dev.mpujanitor.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.mpujanitor.app.Janitor;
import java.time.Duration;
import java.util.Map;

/**
 * The Lambda entry point for every payload the function takes: the EventBridge schedule's event, S3's CloudTrail
 * events of a bucket, a manual invoke's payload, or a continuation from a run that ran out of time; {@code Invocation}
 * tells them apart, in one place. The runtime builds one handler per container, so the application (and its
 * clients and connection pool) is built once and reused by warm invocations.
 */
public final class JanitorHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Janitor janitor;

    public JanitorHandler() {
        this(Janitor.forLambda());
    }

    JanitorHandler(Janitor janitor) {
        this.janitor = janitor;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        return janitor.runInvocation(payload, context.getInvokedFunctionArn(), Duration.ofMillis(context.getRemainingTimeInMillis()));
    }
}
