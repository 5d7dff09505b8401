package dev.mpujanitor.aws;

import dev.mpujanitor.ports.LifecycleAccess;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.policybuilder.iam.IamCondition;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPrincipal;
import software.amazon.awssdk.policybuilder.iam.IamPrincipalType;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * Whether a directory bucket's policy lets S3 Lifecycle act on it. Lifecycle reaches a directory bucket's objects and
 * uploads only through a session of its own, so the bucket policy must allow the service principal
 * {@code lifecycle.s3.amazonaws.com} the action {@code s3express:CreateSession} in {@code ReadWrite} mode; without it a
 * rule is accepted and does nothing. Pure: it reads the policy document S3 returned, with the SDK's own policy model.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/directory-buckets-objects-lifecycle.html
 *
 * <p>It reads what it can tell for sure and no more. An Allow counts when it names the principal (or everyone), the
 * action (or a wildcard over it) and the bucket, with no {@code Not} element, and with conditions only on the session
 * mode, the source account or the source ARN, each of which it checks. A Deny shuts Lifecycle out when it names the
 * principal or everyone, the action, and the bucket, and its conditions, if any, are ones it can check and hold. Any
 * other condition is not evaluated: such an Allow is not counted, and such a Deny is taken not to apply.
 */
final class LifecycleGrant {

    static final String SERVICE_PRINCIPAL = "lifecycle.s3.amazonaws.com";
    static final String ACTION = "s3express:CreateSession";
    static final String SESSION_MODE = "s3express:SessionMode";

    private LifecycleGrant() {
    }

    /**
     * @param arn      the bucket's ARN
     * @param document its policy as S3 returned it; empty when it has none
     */
    static LifecycleAccess assess(String arn, Optional<String> document) {
        return new LifecycleAccess(shutOut(arn, document), statementFor(arn));
    }

    private static Optional<String> shutOut(String arn, Optional<String> document) {
        if (document.isEmpty()) {
            return Optional.of("the bucket has no policy");
        }
        List<IamStatement> statements;
        try {
            statements = IamPolicy.fromJson(document.get()).statements();
        } catch (RuntimeException e) {
            return Optional.of("the bucket's policy could not be read: " + e.getMessage());
        }
        Optional<IamStatement> deny = statements.stream().filter(statement -> statement.effect().equals(IamEffect.DENY) && shutsOut(statement, arn)).findFirst();
        if (deny.isPresent()) {
            return Optional.of("the policy's statement " + name(deny.get()) + " denies it");
        }
        boolean allowed = statements.stream().anyMatch(statement -> statement.effect().equals(IamEffect.ALLOW) && letsIn(statement, arn));
        return allowed ? Optional.empty() : Optional.of("no statement of the bucket's policy allows it");
    }

    /**
     * The statement of the S3 User Guide's example, for this bucket: ReadWrite, since Lifecycle deletes and aborts.
     * Compact JSON, to paste into the bucket policy's {@code Statement} list.
     */
    static String statementFor(String bucketArn) {
        return "{\"Sid\":\"AllowS3LifecycleSessions\",\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"" + SERVICE_PRINCIPAL + "\"},"
                + "\"Action\":\"" + ACTION + "\",\"Resource\":\"" + bucketArn + "\","
                + "\"Condition\":{\"StringEquals\":{\"" + SESSION_MODE + "\":\"ReadWrite\"}}}";
    }

    private static boolean letsIn(IamStatement statement, String arn) {
        return statement.notPrincipals().isEmpty() && statement.notActions().isEmpty() && statement.notResources().isEmpty()
                && namesPrincipal(statement) && namesAction(statement) && namesBucket(statement, arn)
                && conditionsHold(statement, arn).orElse(false);
    }

    private static boolean shutsOut(IamStatement statement, String arn) {
        boolean principal = statement.notPrincipals().isEmpty() ? namesPrincipal(statement)
                : statement.notPrincipals().stream().noneMatch(LifecycleGrant::isLifecycle);
        boolean action = statement.notActions().isEmpty() ? namesAction(statement)
                : statement.notActions().stream().noneMatch(excepted -> wildcard(excepted.value(), true).matcher(ACTION).matches());
        boolean resource = statement.notResources().isEmpty() ? namesBucket(statement, arn)
                : statement.notResources().stream().noneMatch(excepted -> wildcard(excepted.value(), false).matcher(arn).matches());
        return principal && action && resource && conditionsHold(statement, arn).orElse(false);
    }

    private static boolean namesPrincipal(IamStatement statement) {
        return statement.principals().stream().anyMatch(principal -> isLifecycle(principal) || "*".equals(principal.id()));
    }

    private static boolean isLifecycle(IamPrincipal principal) {
        return principal.type().equals(IamPrincipalType.SERVICE) && SERVICE_PRINCIPAL.equals(principal.id());
    }

    private static boolean namesAction(IamStatement statement) {
        return statement.actions().stream().anyMatch(action -> wildcard(action.value(), true).matcher(ACTION).matches());
    }

    private static boolean namesBucket(IamStatement statement, String arn) {
        return statement.resources().stream().anyMatch(resource -> wildcard(resource.value(), false).matcher(arn).matches());
    }

    /**
     * Whether every condition holds for Lifecycle's session of this bucket; empty when one is on a key or operator
     * this cannot check. Values of one operator and key are alternatives; separate keys must all hold.
     */
    private static Optional<Boolean> conditionsHold(IamStatement statement, String arn) {
        Map<String, List<IamCondition>> byOperatorAndKey = statement.conditions().stream()
                .collect(Collectors.groupingBy(condition -> condition.operator().value() + " " + condition.key().value()));
        boolean all = true;
        for (List<IamCondition> alternatives : byOperatorAndKey.values()) {
            IamCondition first = alternatives.getFirst();
            Optional<String> actual = valueFor(first.key().value(), arn);
            Optional<Boolean> like = comparison(first.operator().value());
            if (actual.isEmpty() || like.isEmpty()) {
                return Optional.empty();
            }
            all &= alternatives.stream().anyMatch(condition -> like.get()
                    ? wildcard(condition.value(), false).matcher(actual.get()).matches() : condition.value().equals(actual.get()));
        }
        return Optional.of(all);
    }

    /** What Lifecycle's request carries for a condition key: its session mode, and the bucket's account and ARN. */
    private static Optional<String> valueFor(String key, String arn) {
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "s3express:sessionmode" -> Optional.of("ReadWrite");
            case "aws:sourceaccount" -> Optional.of(arn.split(":", 6)[4]);
            case "aws:sourcearn" -> Optional.of(arn);
            default -> Optional.empty();
        };
    }

    /** True for a wildcard comparison, false for an exact one; empty for an operator this does not check. */
    private static Optional<Boolean> comparison(String operator) {
        return switch (operator) {
            case "StringEquals", "ArnEquals" -> Optional.of(false);
            case "StringLike", "ArnLike" -> Optional.of(true);
            default -> Optional.empty();
        };
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} any one; actions are case-insensitive. */
    private static Pattern wildcard(String value, boolean ignoreCase) {
        String regex = Pattern.quote(value).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
        return Pattern.compile(regex, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
    }

    private static String name(IamStatement statement) {
        return statement.sid() == null ? "without a Sid" : "\"" + statement.sid() + "\"";
    }
}
