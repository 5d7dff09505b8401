package dev.mpujanitor.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.mpujanitor.app.Janitor;
import java.util.Map;

/**
 * The Lambda entry point, run by the EventBridge schedule. The runtime builds one handler per container,
 * so the application (and its clients and connection pool) is built once and reused by warm invocations.
 */
public final class ScheduledHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {

    private final Janitor janitor;

    public ScheduledHandler() {
        this(Janitor.forLambda());
    }

    ScheduledHandler(Janitor janitor) {
        this.janitor = janitor;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        return janitor.runScheduled(context.getInvokedFunctionArn());
    }
}
