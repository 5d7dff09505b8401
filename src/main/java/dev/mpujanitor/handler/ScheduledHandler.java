package dev.mpujanitor.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.mpujanitor.app.Janitor;
import java.time.Duration;
import java.util.Map;

/**
 * The Lambda entry point: the EventBridge schedule's event, an empty payload from a manual invoke, or a
 * continuation from a run that ran out of time. The runtime builds one handler per container, so the
 * application (and its clients and connection pool) is built once and reused by warm invocations.
 */
public final class ScheduledHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final Janitor janitor;

    public ScheduledHandler() {
        this(Janitor.forLambda());
    }

    ScheduledHandler(Janitor janitor) {
        this.janitor = janitor;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> payload, Context context) {
        return janitor.runInvocation(payload, context.getInvokedFunctionArn(), Duration.ofMillis(context.getRemainingTimeInMillis()));
    }
}
