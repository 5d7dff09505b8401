package dev.mpujanitor.report;

import dev.mpujanitor.bucket.BucketPipeline;
import dev.mpujanitor.bucket.Gate;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.policy.UnfixableReason;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What to do with each finding that needs a human: the one copy of it. The HTML report gives each bucket its fix
 * from here, and the table of docs/operations.md is {@link #markdownTable()}, word for word (a test holds it to that).
 */
public final class Findings {

    /** In a documented reason, a placeholder such as {@code <stack>}: it stands for any text. */
    private static final Pattern PLACEHOLDER = Pattern.compile("<[^>]+>");

    /**
     * One finding.
     *
     * @param reasons the reasons it covers, as a record gives them; a {@code <placeholder>} stands for any text
     * @param fix     what to do, in a sentence; {@code `code`} marks names to type as they are
     */
    public record Finding(Outcome outcome, List<String> reasons, String fix) {

        public Finding {
            reasons = List.copyOf(reasons);
        }

        boolean covers(Outcome outcome, String reason) {
            return this.outcome == outcome && reasons.stream().anyMatch(documented -> matcher(documented).matcher(reason).matches());
        }

        /** As the docs name it: {@code `FAILED reason=SlowDown`, `InternalError` or `ServiceUnavailable`}. */
        String markdownLabel() {
            List<String> labels = Stream.concat(Stream.of(outcome + " reason=" + reasons.getFirst()), reasons.stream().skip(1))
                    .map(label -> "`" + label + "`").toList();
            return labels.size() == 1 ? labels.getFirst()
                    : String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.getLast();
        }
    }

    private static final List<Finding> ALL = Stream.concat(
            Arrays.stream(UnfixableReason.values()).map(reason -> new Finding(Outcome.UNFIXABLE, List.of(reason.label()), fix(reason))),
            Stream.of(
                    new Finding(Outcome.MANAGED_BY_IAC, List.of(Gate.STACK_REASON_PREFIX + "<stack>"),
                            "the stack owns the bucket's lifecycle, and its next update would undo a rule written outside it: add the rule "
                                    + "in the stack, or set `" + Settings.IAC_MANAGED_BUCKETS + "=remediate`"),
                    new Finding(Outcome.FAILED, List.of("AccessDenied"), "a bucket policy or SCP denies the function: allow its role, or accept the gap"),
                    new Finding(Outcome.FAILED, List.of("SlowDown", "InternalError", "ServiceUnavailable"),
                            "S3 throttled or failed past the retries: the next run tries again; lower `" + Settings.MAX_CONCURRENCY + "` if it recurs"),
                    new Finding(Outcome.FAILED, List.of("NoSuchBucket"), "the bucket was deleted during the run: nothing to do, the next run will not see it"),
                    new Finding(Outcome.FAILED, List.of(BucketPipeline.LIFECYCLE_CHANGING),
                            "another writer changed the bucket's lifecycle configuration before each of three writes: nothing was written; "
                                    + "the next run tries again, and if it recurs, find who keeps rewriting it"),
                    new Finding(Outcome.FAILED, List.of("<any other code>"),
                            "nothing was written: the record's `error` has S3's message; fix what it names, and the next run tries again")))
            .toList();

    private Findings() {
    }

    /** Every finding, in the order the docs list them; for a failure, the first that covers its code is the one. */
    public static List<Finding> all() {
        return ALL;
    }

    /** The finding for a bucket that ended so; empty for an outcome that needs no human. */
    public static Optional<Finding> of(Outcome outcome, String reason) {
        return ALL.stream().filter(finding -> finding.covers(outcome, reason)).findFirst();
    }

    /** The table "What to do with each finding" of docs/operations.md, exactly. */
    public static String markdownTable() {
        return Stream.concat(Stream.of("| finding | what to do |", "|---|---|"),
                        ALL.stream().map(finding -> "| " + finding.markdownLabel() + " | " + finding.fix().replace("|", "\\|") + " |"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    /** Exhaustive: a new reason does not compile until it says what a human should do. */
    private static String fix(UnfixableReason reason) {
        return switch (reason) {
            case RULE_LIMIT -> "the bucket has 1,000 rules: merge some, then the next run adds ours";
            case OWN_RULE_DISABLED -> "someone disabled `" + AbortRulePolicy.RULE_ID + "` on purpose: ask why, then enable it or leave it";
            case LEGACY_OVERLAPPING_ABORT ->
                    "the bucket uses legacy `Prefix` rules and one already aborts uploads: rewrite the configuration with `Filter`s";
            case AMBIGUOUS_FILTER -> "an S3-compatible store returned a rule S3 would not: fix the rule there";
            case MFA_DELETE -> "lifecycle rules do not work with MFA Delete: abort old uploads by hand, or set `" + Settings.ABORT_STALE_UPLOADS + "=true`";
            case UNRECOGNISED_CONFIGURATION -> "S3 returned a lifecycle element this build does not know (`unrecognisedElement` names it): "
                    + "upgrade mpu-janitor, or add the rule by hand with a tool that knows it";
            case LIFECYCLE_NOT_LET_IN -> "S3 Lifecycle cannot act on this directory bucket (`lifecycleShutOut` says why): add `statementToAdd` "
                    + "to the bucket's policy, and remove any statement that denies it; the next run then writes the rule";
        };
    }

    private static Pattern matcher(String documented) {
        Matcher placeholder = PLACEHOLDER.matcher(documented);
        StringBuilder regex = new StringBuilder();
        int literalFrom = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(documented.substring(literalFrom, placeholder.start()))).append(".+");
            literalFrom = placeholder.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(documented.substring(literalFrom))).toString());
    }
}
