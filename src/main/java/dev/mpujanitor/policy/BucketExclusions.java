package dev.mpujanitor.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which buckets the operator keeps out of the function's hands, and why. Pure: the tags are read by the caller,
 * and only for buckets the policy would change, so a compliant bucket costs no tagging call.
 *
 * @param namePatterns    glob patterns ({@code *} any run of characters, {@code ?} one) of bucket names never touched
 * @param remediateIacBuckets write buckets that an infrastructure-as-code stack manages, instead of reporting them
 */
public record BucketExclusions(List<String> namePatterns, boolean remediateIacBuckets) {

    /** A bucket tagged with this key and the value {@code true} is never written. */
    public static final String OPT_OUT_TAG = "mpu-janitor:exclude";
    /** CloudFormation tags every bucket it creates with the stack's name. */
    public static final String CLOUDFORMATION_STACK_TAG = "aws:cloudformation:stack-name";

    public BucketExclusions {
        namePatterns = List.copyOf(namePatterns);
    }

    public static BucketExclusions none() {
        return new BucketExclusions(List.of(), false);
    }

    /** The first pattern that matches the bucket's name. */
    public Optional<String> patternMatching(String bucket) {
        return namePatterns.stream().filter(pattern -> glob(pattern).matcher(bucket).matches()).findFirst();
    }

    /** Why a bucket that needs the rule must not get it, judging by its tags; empty when it may. */
    public Optional<Exclusion> byTags(Map<String, String> tags) {
        if ("true".equals(Optional.ofNullable(tags.get(OPT_OUT_TAG)).map(value -> value.strip().toLowerCase(Locale.ROOT)).orElse(null))) {
            return Optional.of(new Exclusion.OptOutTag());
        }
        String stack = tags.get(CLOUDFORMATION_STACK_TAG);
        if (stack != null && !remediateIacBuckets) {
            return Optional.of(new Exclusion.ManagedByStack(stack));
        }
        return Optional.empty();
    }

    /** Why a bucket was left alone. */
    public sealed interface Exclusion {
        /** The operator tagged the bucket {@value #OPT_OUT_TAG}=true. */
        record OptOutTag() implements Exclusion {
        }

        /** A CloudFormation stack owns the bucket's configuration; the fix belongs in the stack. */
        record ManagedByStack(String stackName) implements Exclusion {
        }
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(pattern.chars().mapToObj(c -> switch (c) {
            case '*' -> ".*";
            case '?' -> ".";
            default -> Pattern.quote(String.valueOf((char) c));
        }).collect(Collectors.joining()));
    }
}
