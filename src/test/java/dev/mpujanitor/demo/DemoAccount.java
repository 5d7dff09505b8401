package dev.mpujanitor.demo;

import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.testing.FakeS3Express;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.NoncurrentVersionExpiration;
import software.amazon.awssdk.services.s3.model.Transition;
import software.amazon.awssdk.services.s3.model.TransitionStorageClass;

/**
 * A small, realistic account: the buckets where incomplete multipart uploads pile up (Athena results, Redshift
 * UNLOADs, a data lake), the configurations the product must keep intact (expiration, transitions, legacy rules),
 * the buckets it must leave alone, cannot fix, or is not allowed to read, and two directory buckets (S3 Express One
 * Zone), one of whose policies does not let S3 Lifecycle in.
 */
final class DemoAccount {

    /** The account's ID, as STS names it: a directory bucket's ARN, and so its policy, holds it. */
    static final String ID = "123456789012";

    private static final long MIB = 1L << 20;

    /** An upload that was started and never completed: its parts, in order, and how long ago it began. */
    record Upload(String key, List<Long> partSizes, int ageDays) {
        long bytes() {
            return partSizes.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** What S3 would answer for a bucket and the embedded S3 does not by itself, so the demo plants it. */
    enum Quirk {
        NONE,
        /** Versioned with MFA Delete: S3Mock has no MFA Delete. */
        MFA_DELETE,
        /** Its bucket policy refuses us its lifecycle configuration: S3Mock has no IAM, so nothing else would refuse. */
        LIFECYCLE_READ_DENIED,
        /** A directory bucket without a policy: nothing lets S3 Lifecycle create the sessions it acts through. */
        LIFECYCLE_NOT_LET_IN
    }

    /**
     * @param story what the bucket is, in a line
     * @param tags  its bucket tags; S3Mock keeps none, so the demo answers GetBucketTagging with these
     */
    record Bucket(String name, Region region, String story, List<LifecycleRule> rules, Map<String, String> tags, Quirk quirk,
            List<Upload> uploads) {

        /** A directory bucket, by its name's suffix, as S3 routes it. */
        boolean directory() {
            return name.endsWith("--x-s3");
        }

        /** A directory bucket's policy: the S3 User Guide's statement that lets S3 Lifecycle in, unless the story says none. */
        Optional<String> policy() {
            return directory() && quirk != Quirk.LIFECYCLE_NOT_LET_IN
                    ? Optional.of(FakeS3Express.lifecyclePolicy("arn:aws:s3express:" + region.id() + ":" + ID + ":bucket/" + name))
                    : Optional.empty();
        }
    }

    private DemoAccount() {
    }

    static List<Bucket> buckets() {
        return List.of(
                new Bucket("acme-athena-query-results", Region.US_EAST_1, "Athena results: failed queries leave their parts behind",
                        List.of(), Map.of(), Quirk.NONE, List.of(
                                new Upload("results/2026/10/20/q-91bc.csv", List.of(5 * MIB, 2 * MIB), 41),
                                new Upload("results/2026/11/03/q-7f3a.csv", List.of(5 * MIB, 5 * MIB, 1 * MIB), 27),
                                new Upload("results/2026/11/28/q-0d2e.csv", List.of(5 * MIB), 2))),
                new Bucket("acme-redshift-unload", Region.US_EAST_1, "Redshift UNLOAD target, unloads expire after 14 days",
                        List.of(expire("expire-unloads", "unload/", 14)), Map.of(), Quirk.NONE, List.of(
                                new Upload("unload/sales/0002_part_00", List.of(5 * MIB, 5 * MIB, 5 * MIB), 63))),
                new Bucket("acme-data-lake", Region.EU_WEST_1, "a data lake: tiering, temporary files, old versions",
                        List.of(rule("raw-to-cold").filter(f -> f.prefix("raw/"))
                                        .transitions(Transition.builder().days(30).storageClass(TransitionStorageClass.STANDARD_IA).build(),
                                                Transition.builder().days(180).storageClass(TransitionStorageClass.GLACIER).build()).build(),
                                expire("expire-tmp", "tmp/", 7),
                                rule("old-versions").filter(f -> f.prefix("")).noncurrentVersionExpiration(
                                        NoncurrentVersionExpiration.builder().noncurrentDays(90).build()).build()),
                        Map.of(), Quirk.NONE, List.of(new Upload("raw/events/2026-11-01.parquet", List.of(5 * MIB, 5 * MIB), 29))),
                new Bucket("acme-legacy-logs", Region.EU_WEST_1, "rules written in 2015, with the legacy rule-level Prefix",
                        List.of(legacyExpire("logs", "logs/", 365), legacyExpire("scratch", "tmp/", 3)), Map.of(), Quirk.NONE, List.of()),
                new Bucket("acme-covered-3-days", Region.EU_WEST_1, "already aborts incomplete uploads after 3 days",
                        List.of(abort("abort-incomplete", 3)), Map.of(), Quirk.NONE, List.of()),
                new Bucket("acme-slow-cleanup", Region.AP_SOUTHEAST_2, "aborts them, but only after 30 days",
                        List.of(abort("abort-after-a-month", 30)), Map.of(), Quirk.NONE, List.of(
                                new Upload("exports/2026-11.tar", List.of(5 * MIB, 3 * MIB), 12))),
                new Bucket("acme-ml-checkpoints", Region.AP_SOUTHEAST_2, "has an abort rule, but someone disabled it",
                        List.of(abort("abort-incomplete", 1).toBuilder().status(ExpirationStatus.DISABLED).build()), Map.of(), Quirk.NONE, List.of(
                                new Upload("checkpoints/run-118/step-40000.pt", List.of(5 * MIB, 5 * MIB, 5 * MIB), 9))),
                new Bucket("acme-backups", Region.AP_SOUTHEAST_2, "aborts uploads under tmp/ only",
                        List.of(rule("abort-tmp").filter(f -> f.prefix("tmp/")).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1)).build()),
                        Map.of(), Quirk.NONE, List.of()),
                new Bucket("acme-web-assets", Region.US_EAST_1, "covered by mpu-janitor's own rule since last year",
                        List.of(new AbortRulePolicy(7).ourRule(false)), Map.of(), Quirk.NONE, List.of()),
                new Bucket("acme-mfa-vault", Region.US_EAST_1, "versioned with MFA Delete, where S3 supports no lifecycle rule",
                        List.of(), Map.of(), Quirk.MFA_DELETE, List.of()),
                new Bucket("acme-keep-out", Region.AP_SOUTHEAST_2, "its owner tagged it mpu-janitor:exclude=true",
                        List.of(), Map.of("mpu-janitor:exclude", "true", "team", "finance"), Quirk.NONE, List.of(
                                new Upload("ledger/2026-q3.csv", List.of(5 * MIB, 1 * MIB), 80))),
                new Bucket("acme-build-artifacts", Region.EU_WEST_1, "created by a CloudFormation stack",
                        List.of(), Map.of("aws:cloudformation:stack-name", "build-pipeline"), Quirk.NONE, List.of()),
                new Bucket("acme-payroll-exports", Region.US_EAST_1, "its bucket policy refuses us s3:GetLifecycleConfiguration",
                        List.of(), Map.of(), Quirk.LIFECYCLE_READ_DENIED, List.of()),
                new Bucket("acme-analytics--use1-az4--x-s3", Region.US_EAST_1, "a directory bucket (S3 Express One Zone) whose policy lets S3 Lifecycle in",
                        List.of(), Map.of(), Quirk.NONE, List.of(new Upload("sessions/2026-11-10/events.parquet", List.of(8 * MIB, 2 * MIB), 20))),
                new Bucket("acme-scratch--use1-az5--x-s3", Region.US_EAST_1, "a directory bucket whose policy does not let S3 Lifecycle in",
                        List.of(), Map.of(), Quirk.LIFECYCLE_NOT_LET_IN, List.of()));
    }

    private static LifecycleRule.Builder rule(String id) {
        return LifecycleRule.builder().id(id).status(ExpirationStatus.ENABLED);
    }

    private static LifecycleRule expire(String id, String prefix, int days) {
        return rule(id).filter(f -> f.prefix(prefix)).expiration(e -> e.days(days)).build();
    }

    @SuppressWarnings("deprecation") // the legacy rule-level Prefix, as S3 still returns it for rules written that way
    private static LifecycleRule legacyExpire(String id, String prefix, int days) {
        return rule(id).prefix(prefix).expiration(e -> e.days(days)).build();
    }

    private static LifecycleRule abort(String id, int days) {
        return rule(id).filter(f -> f.prefix("")).abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(days)).build();
    }
}
