package dev.mpujanitor.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where a RADOS Gateway is reachable, so that without one the report shows it skipped,
 * with the reason, rather than silently running nothing. Under CI the class always runs, and fails without one.
 */
public final class RgwAvailable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (Rgw.configured() || "true".equalsIgnoreCase(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("a RADOS Gateway is configured, or CI requires one");
        }
        System.err.println("WARNING: " + Rgw.NOT_RUN);
        return ConditionEvaluationResult.disabled(Rgw.NOT_RUN);
    }
}
