package dev.mpujanitor.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.config.IacManagedBuckets;
import dev.mpujanitor.config.UploadSettings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.LifecycleRead;
import dev.mpujanitor.testing.InMemoryS3Account;
import dev.mpujanitor.uploads.ListPrices;
import dev.mpujanitor.uploads.StaleUpload;
import dev.mpujanitor.uploads.UploadInventory;
import dev.mpujanitor.uploads.UploadSurvey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

class BucketPipelineTest {

    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final long MIB = 1L << 20;
    private static final BucketLifecycle COVERED = new BucketLifecycle(List.of(new AbortRulePolicy(1).ourRule(false)), Optional.empty());

    private final InMemoryS3Account account = new InMemoryS3Account();
    private final List<StaleUpload> stale = Collections.synchronizedList(new ArrayList<>());
    /** The failures the pipeline logged with their detail, as {@code bucket stage type}. */
    private final List<String> unexpected = new ArrayList<>();
    private IacManagedBuckets iac = IacManagedBuckets.REPORT;
    private List<String> excluded = List.of();
    private UploadSettings uploads = new UploadSettings(false, 100, Optional.empty(), false);

    /** ABORT_STALE_UPLOADS as the settings say, with ABORT_AFTER_DAYS=7 (qualified: a nested class below has the name). */
    private dev.mpujanitor.bucket.StaleUploads staleAfterSevenDays() {
        return uploads.abortStale() ? new dev.mpujanitor.bucket.StaleUploads(Optional.of(Duration.ofDays(7)), CLOCK)
                : dev.mpujanitor.bucket.StaleUploads.none(CLOCK);
    }

    private BucketResult process(String bucket, boolean dryRun) {
        Optional<UploadSurvey> survey = uploads.listsUploads()
                ? Optional.of(new UploadSurvey(account, uploads, ListPrices.builtIn(), CLOCK, this::unexpected))
                : Optional.empty();
        Gate gate = new Gate(new ExcludedNames(excluded), iac, staleAfterSevenDays(), dryRun, () -> false);
        return new BucketPipeline(account, account, survey, new AbortRulePolicy(7), gate, stale::add, this::unexpected)
                .process(BucketRef.of(bucket, account.regions.get(bucket)));
    }

    private void unexpected(BucketRef bucket, String stage, Throwable failure) {
        unexpected.add(bucket.name() + " " + stage + " " + failure.getClass().getSimpleName());
    }

    private BucketResult process(String bucket) {
        return process(bucket, false);
    }

    private static Instant daysAgo(int days) {
        return NOW.minus(Duration.ofDays(days));
    }

    @Test
    void aDefectFailsTheBucketWithAShortReasonAndIsLoggedWithItsDetail() {
        InMemoryS3Account broken = new InMemoryS3Account() {
            @Override
            public LifecycleRead readLifecycle(BucketRef bucket) {
                throw new IllegalStateException("a defect");
            }
        }.bucket("data", "eu-west-1", BucketLifecycle.none());
        Gate gate = new Gate(new ExcludedNames(List.of()), iac, staleAfterSevenDays(), false, () -> false);

        BucketResult result = new BucketPipeline(broken, broken, Optional.empty(), new AbortRulePolicy(7), gate, stale::add, this::unexpected)
                .process(BucketRef.of("data", "eu-west-1"));

        assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(result.reason()).isEqualTo("IllegalStateException");
        assertThat(unexpected).containsExactly("data bucket IllegalStateException");
    }

    @Test
    void anErrorS3AnsweredFailsTheBucketAndIsNotLoggedAsADefect() {
        account.bucket("denied", "eu-west-1", BucketLifecycle.none()).failing("denied", "GetBucketLifecycleConfiguration", "AccessDenied");

        BucketResult result = process("denied");

        assertThat(result.reason()).isEqualTo("AccessDenied");
        assertThat(unexpected).isEmpty();
    }

    @Nested
    class ADirectoryBucket {

        private static final String BUCKET = "analytics--use1-az4--x-s3";

        @Test
        void thatLetsLifecycleInGetsTheRuleWithItsTagsAndPolicyReadButNoVersioning() {
            account.bucket(BUCKET, "us-east-1", BucketLifecycle.none());

            BucketResult result = process(BUCKET);

            assertThat(result.outcome()).isEqualTo(Outcome.REMEDIATED);
            assertThat(result.bucketType()).isEqualTo("directory");
            assertThat(result.lifecycleShutOut()).isEmpty();
            assertThat(account.writes).containsExactly(BUCKET);
            assertThat(account.callsFor(BUCKET)).containsExactly("GetBucketLifecycleConfiguration", "GetBucketTagging", "GetBucketPolicy",
                    "GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration");
        }

        @Test
        void thatShutsLifecycleOutIsNotWrittenAndNeedsAHumanWithTheStatementToAdd() {
            account.bucket(BUCKET, "us-east-1", BucketLifecycle.none()).lifecycleShutOut.put(BUCKET, "the bucket has no policy");

            BucketResult result = process(BUCKET);

            assertThat(result.outcome()).isEqualTo(Outcome.UNFIXABLE);
            assertThat(result.reason()).isEqualTo("lifecycle-not-let-in");
            assertThat(result.lifecycleShutOut()).hasValueSatisfying(access -> {
                assertThat(access.shutOut()).contains("the bucket has no policy");
                assertThat(access.statementToAdd()).isEqualTo(InMemoryS3Account.statementToAdd(BUCKET));
            });
            assertThat(account.writes).isEmpty();
        }

        @Test
        void thatShutsLifecycleOutIsNotWrittenInADryRunEitherAndSaysSo() {
            account.bucket(BUCKET, "us-east-1", BucketLifecycle.none()).lifecycleShutOut.put(BUCKET, "the bucket has no policy");

            assertThat(process(BUCKET, true).reason()).isEqualTo("lifecycle-not-let-in");
        }

        @Test
        void whoseRuleIsThereButLifecycleShutOutIsNotCountedAsCovered() {
            account.bucket(BUCKET, "us-east-1", COVERED).lifecycleShutOut.put(BUCKET, "the policy's statement \"DenyAll\" denies it");

            BucketResult result = process(BUCKET);

            assertThat(result.outcome()).isEqualTo(Outcome.UNFIXABLE);
            assertThat(result.reason()).isEqualTo("lifecycle-not-let-in");
            assertThat(account.writes).isEmpty();
        }

        @Test
        void thatIsOptedOutIsExcludedBeforeItsPolicyIsRead() {
            account.bucket(BUCKET, "us-east-1", BucketLifecycle.none()).tagged(BUCKET, Gate.OPT_OUT_TAG, "true");

            BucketResult result = process(BUCKET);

            assertThat(result.outcome()).isEqualTo(Outcome.EXCLUDED);
            assertThat(account.callsFor(BUCKET)).doesNotContain("GetBucketPolicy");
        }

        @Test
        void aGeneralPurposeBucketsPolicyIsNeverRead() {
            account.bucket("data", "us-east-1", BucketLifecycle.none());

            process("data");

            assertThat(account.callsFor("data")).doesNotContain("GetBucketPolicy");
        }
    }

    @Nested
    class TheLifecycleRule {

        @Test
        void aBucketWhoseReadFailsIsFailedAndNothingElseIsCalled() {
            account.bucket("denied", "eu-west-1", BucketLifecycle.none()).failing("denied", "GetBucketLifecycleConfiguration", "AccessDenied");
            uploads = new UploadSettings(true, 100, Optional.empty(), true);

            BucketResult result = process("denied");

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).isEqualTo("AccessDenied");
            assertThat(result.rulesBefore()).isEqualTo(-1);
            assertThat(account.callsFor("denied")).containsExactly("GetBucketLifecycleConfiguration");
        }

        @Test
        void aFailedWriteIsReportedWithItsErrorCode() {
            account.bucket("racy", "us-east-1", BucketLifecycle.none()).failing("racy", "PutBucketLifecycleConfiguration", "OperationAborted");

            BucketResult result = process("racy");

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).isEqualTo("OperationAborted");
            assertThat(result.rulesBefore()).isZero();
            assertThat(result.error()).hasValueSatisfying(message -> assertThat(message).contains("planted failure"));
        }

        @Test
        void aDefectCostsThisBucketAndIsNamedByItsClass() {
            account.bucket("broken", "us-east-1", null);

            BucketResult result = process("broken");

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).isEqualTo("NullPointerException");
        }

        @Test
        void aDryRunDecidesEverythingAndWritesNothing() {
            account.bucket("bare", "us-east-1", BucketLifecycle.none());

            BucketResult result = process("bare", true);

            assertThat(result.outcome()).isEqualTo(Outcome.WOULD_REMEDIATE);
            assertThat(result.rulesAfter()).isEqualTo(1);
            assertThat(account.writes).isEmpty();
            assertThat(account.callsFor("bare")).as("no second read without a write").containsOnlyOnce("GetBucketLifecycleConfiguration");
        }

        @Test
        void aCompliantBucketCostsExactlyOneCall() {
            account.bucket("covered", "us-east-1", COVERED);

            BucketResult result = process("covered");

            assertThat(result.outcome()).isEqualTo(Outcome.COMPLIANT);
            assertThat(result.reason()).isEqualTo("covered-by:" + AbortRulePolicy.RULE_ID);
            assertThat(account.callsFor("covered")).containsExactly("GetBucketLifecycleConfiguration");
        }

        @Test
        void versioningAndTagsAreReadOnlyForABucketAboutToBeWrittenAndMfaDeleteStopsTheWrite() {
            account.bucket("mfa", "us-east-1", BucketLifecycle.none());
            account.mfaDelete.put("mfa", true);

            BucketResult result = process("mfa");

            assertThat(result.outcome()).isEqualTo(Outcome.UNFIXABLE);
            assertThat(result.reason()).isEqualTo("mfa-delete");
            assertThat(account.callsFor("mfa")).containsExactly("GetBucketLifecycleConfiguration", "GetBucketTagging", "GetBucketVersioning");
            assertThat(account.writes).isEmpty();
        }

        @Test
        void aWriteThatWouldLoseAnElementIsRefusedAndNamesIt() {
            account.bucket("future", "us-east-1", BucketLifecycle.none()).unrecognised.put("future", "Rule[1]/Filter/ObjectTagsAny");

            BucketResult result = process("future");

            assertThat(result.outcome()).isEqualTo(Outcome.UNFIXABLE);
            assertThat(result.reason()).isEqualTo("unrecognised-configuration");
            assertThat(result.unrecognisedElement()).contains("Rule[1]/Filter/ObjectTagsAny");
            assertThat(account.callsFor("future")).containsExactly("GetBucketLifecycleConfiguration");
        }

        @Test
        void aBucketListedWithoutRegionIsLocated() {
            account.bucket("old", null, BucketLifecycle.none());

            BucketResult result = process("old");

            assertThat(account.callsFor("old")).first().isEqualTo("GetBucketLocation");
            assertThat(result.region()).isEqualTo("us-east-1");
        }

        @Test
        void aFailedLocationLookupFailsOnlyThatBucket() {
            account.bucket("lost", null, BucketLifecycle.none()).failing("lost", "GetBucketLocation", "NoSuchBucket");

            BucketResult result = process("lost");

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.region()).isEqualTo("unknown");
            assertThat(account.callsFor("lost")).containsExactly("GetBucketLocation");
        }
    }

    @Nested
    class AnotherWriter {

        private static final LifecycleRule LOGS = LifecycleRule.builder().id("logs").status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix("logs/")).expiration(e -> e.days(30)).build();
        private static final LifecycleRule TMP = LifecycleRule.builder().id("their-tmp").status(ExpirationStatus.ENABLED)
                .filter(f -> f.prefix("tmp/")).expiration(e -> e.days(1)).build();

        private static BucketLifecycle rules(LifecycleRule... rules) {
            return new BucketLifecycle(List.of(rules), Optional.empty());
        }

        @Test
        void aRuleAddedWhileTheUploadsAreListedIsKeptInWhatIsWritten() {
            uploads = new UploadSettings(true, 100, Optional.empty(), false);
            account.bucket("shared", "eu-west-1", rules(LOGS))
                    .meanwhile("shared", "ListMultipartUploads", () -> account.lifecycles.put("shared", rules(LOGS, TMP)));

            BucketResult result = process("shared");

            assertThat(result.outcome()).isEqualTo(Outcome.REMEDIATED);
            assertThat(result.lifecycleChanged()).isTrue();
            assertThat(result.rulesBefore()).isEqualTo(2);
            assertThat(result.rulesAfter()).isEqualTo(3);
            assertThat(account.lifecycles.get("shared").rules()).containsExactly(LOGS, TMP, new AbortRulePolicy(7).ourRule(false));
            assertThat(account.callsFor("shared")).containsExactly("GetBucketLifecycleConfiguration", "ListMultipartUploads",
                    "GetBucketTagging", "GetBucketVersioning", "GetBucketLifecycleConfiguration", "GetBucketLifecycleConfiguration",
                    "PutBucketLifecycleConfiguration");
        }

        @Test
        void aBucketMadeCompliantMeanwhileIsNotWritten() {
            account.bucket("fixed-by-hand", "eu-west-1", rules(LOGS))
                    .meanwhile("fixed-by-hand", "GetBucketVersioning", () -> account.lifecycles.put("fixed-by-hand", COVERED));

            BucketResult result = process("fixed-by-hand");

            assertThat(result.outcome()).isEqualTo(Outcome.COMPLIANT);
            assertThat(result.lifecycleChanged()).isTrue();
            assertThat(account.writes).isEmpty();
        }

        @Test
        void aConfigurationThatChangesBeforeEveryWriteIsLeftUnwrittenAfterTwoRedecisions() {
            List<LifecycleRule> theirs = new ArrayList<>();
            account.bucket("busy", "eu-west-1", BucketLifecycle.none()).meanwhile("busy", "GetBucketLifecycleConfiguration", () -> {
                theirs.add(TMP.toBuilder().id("their-" + theirs.size()).build());
                account.lifecycles.put("busy", new BucketLifecycle(theirs, Optional.empty()));
            });

            BucketResult result = process("busy");

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).isEqualTo(BucketPipeline.LIFECYCLE_CHANGING);
            assertThat(result.lifecycleChanged()).isTrue();
            assertThat(result.error()).hasValueSatisfying(message -> assertThat(message).contains("nothing was written"));
            assertThat(account.writes).isEmpty();
            assertThat(account.callsFor("busy")).filteredOn("GetBucketLifecycleConfiguration"::equals).hasSize(1 + BucketPipeline.MAX_REDECISIONS + 1);
        }

        @Test
        void aFailedSecondReadMeansNoWrite() {
            account.bucket("flaky", "eu-west-1", BucketLifecycle.none())
                    .meanwhile("flaky", "GetBucketVersioning", () -> account.failing("flaky", "GetBucketLifecycleConfiguration", "SlowDown"));

            BucketResult result = process("flaky");

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).isEqualTo("SlowDown");
            assertThat(account.writes).isEmpty();
        }

        @Test
        void anUnchangedConfigurationIsWrittenAfterOneSecondReadAndSaysNothingOfIt() {
            account.bucket("quiet", "eu-west-1", rules(LOGS));

            BucketResult result = process("quiet");

            assertThat(result.outcome()).isEqualTo(Outcome.REMEDIATED);
            assertThat(result.lifecycleChanged()).isFalse();
            assertThat(account.callsFor("quiet")).containsExactly("GetBucketLifecycleConfiguration", "GetBucketTagging", "GetBucketVersioning",
                    "GetBucketLifecycleConfiguration", "PutBucketLifecycleConfiguration");
        }
    }

    @Nested
    class KeepingBucketsOut {

        @Test
        void aBucketExcludedByNameCostsNoCallAtAll() {
            excluded = List.of("logs-*");
            uploads = new UploadSettings(true, 100, Optional.empty(), true);
            account.bucket("logs-2024", null, BucketLifecycle.none()).upload("logs-2024", "old", daysAgo(30), MIB);

            BucketResult result = process("logs-2024");

            assertThat(result.outcome()).isEqualTo(Outcome.EXCLUDED);
            assertThat(result.reason()).isEqualTo("name-pattern:logs-*");
            assertThat(account.calls).isEmpty();
        }

        @Test
        void theOptOutTagKeepsTheRuleUnwritten() {
            account.bucket("opted-out", "us-east-1", BucketLifecycle.none()).tagged("opted-out", Gate.OPT_OUT_TAG, "true");

            BucketResult result = process("opted-out");

            assertThat(result.outcome()).isEqualTo(Outcome.EXCLUDED);
            assertThat(result.reason()).isEqualTo("opt-out-tag:mpu-janitor:exclude");
            assertThat(account.writes).isEmpty();
            assertThat(account.callsFor("opted-out")).doesNotContain("GetBucketVersioning");
        }

        @Test
        void theOptOutTagKeepsACompliantBucketsStaleUploadsUnaborted() {
            uploads = new UploadSettings(true, 100, Optional.empty(), true);
            account.bucket("opted-out", "us-east-1", COVERED).tagged("opted-out", Gate.OPT_OUT_TAG, "true")
                    .upload("opted-out", "old", daysAgo(30), 5 * MIB);

            BucketResult result = process("opted-out");

            assertThat(result.outcome()).isEqualTo(Outcome.EXCLUDED);
            assertThat(result.reason()).isEqualTo("opt-out-tag:mpu-janitor:exclude");
            assertThat(account.uploadIds("opted-out")).containsExactly("old");
            assertThat(account.callsFor("opted-out")).noneMatch(call -> call.startsWith("AbortMultipartUpload"));
            assertThat(result.uploads()).get().satisfies(inventory -> {
                assertThat(inventory.stale()).isEqualTo(1);
                assertThat(inventory.aborted()).isZero();
                assertThat(inventory.bytes()).as("measured as found").isEqualTo(5 * MIB);
            });
            assertThat(stale).isEmpty();
        }

        @Test
        void aStacksBucketIsReportedUnwrittenButItsStaleUploadsAreAborted() {
            uploads = new UploadSettings(true, 100, Optional.empty(), true);
            account.bucket("stack-bucket", "us-east-1", BucketLifecycle.none())
                    .tagged("stack-bucket", Gate.CLOUDFORMATION_STACK_TAG, "data-platform")
                    .upload("stack-bucket", "old", daysAgo(30), MIB);

            BucketResult result = process("stack-bucket");

            assertThat(result.outcome()).isEqualTo(Outcome.MANAGED_BY_IAC);
            assertThat(result.reason()).isEqualTo("cloudformation-stack:data-platform");
            assertThat(account.writes).isEmpty();
            assertThat(account.uploadIds("stack-bucket")).isEmpty();
            assertThat(result.uploads()).get().extracting(UploadInventory::aborted).isEqualTo(1L);
        }

        @Test
        void aStacksBucketIsWrittenWhenTheOperatorChoseTo() {
            iac = IacManagedBuckets.REMEDIATE;
            account.bucket("stack-bucket", "us-east-1", BucketLifecycle.none()).tagged("stack-bucket", Gate.CLOUDFORMATION_STACK_TAG, "data-platform");

            assertThat(process("stack-bucket").outcome()).isEqualTo(Outcome.REMEDIATED);
            assertThat(account.writes).containsExactly("stack-bucket");
        }

        @Test
        void aRefusedTagReadFailsTheBucketAndNothingIsWritten() {
            uploads = new UploadSettings(true, 100, Optional.empty(), true);
            account.bucket("locked", "us-east-1", BucketLifecycle.none()).failing("locked", "GetBucketTagging", "AccessDenied")
                    .upload("locked", "old", daysAgo(30), MIB);

            BucketResult result = process("locked");

            assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(result.reason()).isEqualTo("AccessDenied");
            assertThat(account.writes).isEmpty();
            assertThat(account.uploadIds("locked")).containsExactly("old");
        }
    }

    @Nested
    class StaleUploads {

        @Test
        void onlyUploadsOlderThanTheThresholdAreAbortedAndTheirBytesFreed() {
            uploads = new UploadSettings(true, 100, Optional.empty(), true);
            account.bucket("exports", "eu-west-1", COVERED)
                    .upload("exports", "old", daysAgo(8), 5 * MIB, MIB)
                    .upload("exports", "exactly-seven-days", daysAgo(7), 3 * MIB)
                    .upload("exports", "young", daysAgo(1), 4 * MIB);

            BucketResult result = process("exports");

            assertThat(result.outcome()).isEqualTo(Outcome.COMPLIANT);
            assertThat(result.uploads()).get().satisfies(inventory -> {
                assertThat(inventory.stale()).isEqualTo(1);
                assertThat(inventory.aborted()).isEqualTo(1);
                assertThat(inventory.bytesFreed()).isEqualTo(6 * MIB);
                assertThat(inventory.bytes()).as("bytes held when the run found them").isEqualTo(13 * MIB);
            });
            assertThat(account.uploadIds("exports")).containsExactly("exactly-seven-days", "young");
            assertThat(stale).singleElement().satisfies(upload -> {
                assertThat(upload.aborted()).isTrue();
                assertThat(upload.upload().uploadId()).isEqualTo("old");
                assertThat(upload.bytes()).isEqualTo(6 * MIB);
            });
        }

        @Test
        void aCompliantBucketWithoutStaleUploadsCostsNoTaggingCall() {
            uploads = new UploadSettings(false, 100, Optional.empty(), true);
            account.bucket("fresh", "eu-west-1", COVERED).upload("fresh", "young", daysAgo(1), MIB);

            process("fresh");

            assertThat(account.callsFor("fresh")).containsExactly("GetBucketLifecycleConfiguration", "ListMultipartUploads");
        }

        @Test
        void theUploadsAreSurveyedAsFoundBeforeTheRuleIsWritten() {
            uploads = new UploadSettings(true, 100, Optional.empty(), true);
            account.bucket("bare", "eu-west-1", BucketLifecycle.none()).upload("bare", "old", daysAgo(30), MIB);

            process("bare");

            assertThat(account.callsFor("bare")).containsExactly("GetBucketLifecycleConfiguration", "ListMultipartUploads", "ListParts/old",
                    "GetBucketTagging", "AbortMultipartUpload/old", "GetBucketVersioning", "GetBucketLifecycleConfiguration",
                    "PutBucketLifecycleConfiguration");
        }

        @Test
        void eachStaleUploadIsAbortedAsSoonAsItIsMeasuredSoNoneIsHeldForTheEnd() {
            uploads = new UploadSettings(true, 100, Optional.empty(), true);
            account.bucket("exports", "eu-west-1", COVERED).upload("exports", "first", daysAgo(30), MIB)
                    .upload("exports", "young", daysAgo(1), MIB).upload("exports", "second", daysAgo(30), 2 * MIB);

            BucketResult result = process("exports");

            assertThat(account.callsFor("exports")).containsExactly("GetBucketLifecycleConfiguration", "ListMultipartUploads", "ListParts/first",
                    "GetBucketTagging", "AbortMultipartUpload/first", "ListParts/young", "ListParts/second", "AbortMultipartUpload/second");
            assertThat(result.uploads()).get().satisfies(inventory -> {
                assertThat(inventory.uploads()).as("the figures describe the bucket as found").isEqualTo(3);
                assertThat(inventory.bytes()).isEqualTo(4 * MIB);
                assertThat(inventory.aborted()).isEqualTo(2);
                assertThat(inventory.bytesFreed()).isEqualTo(3 * MIB);
            });
        }

        @Test
        void withoutTheInventoryNoPartIsListedAndNoByteIsClaimed() {
            uploads = new UploadSettings(false, 100, Optional.empty(), true);
            account.bucket("exports", "eu-west-1", COVERED).upload("exports", "old", daysAgo(30), 5 * MIB);

            BucketResult result = process("exports");

            assertThat(account.callsFor("exports")).noneMatch(call -> call.startsWith("ListParts"));
            assertThat(result.uploads()).get().satisfies(inventory -> {
                assertThat(inventory.aborted()).isEqualTo(1);
                assertThat(inventory.bytesMeasured()).isFalse();
                assertThat(inventory.bytesFreed()).isZero();
            });
        }

        @Test
        void aDryRunListsWhatItWouldAbortAndAbortsNothing() {
            uploads = new UploadSettings(true, 100, Optional.empty(), true);
            account.bucket("exports", "eu-west-1", COVERED).upload("exports", "old", daysAgo(30), 5 * MIB).upload("exports", "young", daysAgo(2), MIB);

            BucketResult result = process("exports", true);

            assertThat(result.uploads()).get().satisfies(inventory -> {
                assertThat(inventory.stale()).isEqualTo(1);
                assertThat(inventory.aborted()).isZero();
            });
            assertThat(account.callsFor("exports")).noneMatch(call -> call.startsWith("AbortMultipartUpload"));
            assertThat(stale).singleElement().satisfies(upload -> {
                assertThat(upload.aborted()).isFalse();
                assertThat(upload.upload().uploadId()).isEqualTo("old");
            });
        }

        @Test
        void anUploadCompletedSinceItWasListedIsNotCountedAsAborted() {
            uploads = new UploadSettings(false, 100, Optional.empty(), true);
            account.bucket("exports", "eu-west-1", COVERED).upload("exports", "done", daysAgo(30), MIB)
                    .failing("exports", "AbortMultipartUpload/done", "NoSuchUpload");

            BucketResult result = process("exports");

            assertThat(result.uploads()).get().satisfies(inventory -> {
                assertThat(inventory.aborted()).isZero();
                assertThat(inventory.error()).isEmpty();
            });
        }

        @Test
        void aRefusedAbortIsAnInventoryErrorAndLeavesTheRuleToBeWritten() {
            uploads = new UploadSettings(true, 100, Optional.empty(), true);
            account.bucket("exports", "eu-west-1", BucketLifecycle.none()).upload("exports", "old", daysAgo(30), MIB)
                    .failing("exports", "AbortMultipartUpload/old", "AccessDenied");

            BucketResult result = process("exports");

            assertThat(result.outcome()).isEqualTo(Outcome.REMEDIATED);
            assertThat(result.uploads()).get().extracting(UploadInventory::error).isEqualTo(Optional.of("AccessDenied"));
        }

        @Test
        void aFailedInventoryLeavesTheBucketsOutcomeAlone() {
            uploads = new UploadSettings(true, 100, Optional.empty(), false);
            account.bucket("exports", "eu-west-1", BucketLifecycle.none()).failing("exports", "ListMultipartUploads", "AccessDenied");

            BucketResult result = process("exports");

            assertThat(result.outcome()).isEqualTo(Outcome.REMEDIATED);
            assertThat(result.uploads()).get().extracting(UploadInventory::error).isEqualTo(Optional.of("AccessDenied"));
        }

        @Test
        void anUnfixableBucketsStaleUploadsAreStillAborted() {
            uploads = new UploadSettings(false, 100, Optional.empty(), true);
            LifecycleRule ownDisabled = new AbortRulePolicy(7).ourRule(false).toBuilder().status(ExpirationStatus.DISABLED).build();
            account.bucket("disabled", "eu-west-1", new BucketLifecycle(List.of(ownDisabled), Optional.empty()))
                    .upload("disabled", "old", daysAgo(30), MIB);

            BucketResult result = process("disabled");

            assertThat(result.outcome()).isEqualTo(Outcome.UNFIXABLE);
            assertThat(result.reason()).isEqualTo("own-rule-disabled");
            assertThat(account.uploadIds("disabled")).isEmpty();
        }
    }
}
