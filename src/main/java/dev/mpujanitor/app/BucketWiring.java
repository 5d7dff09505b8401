package dev.mpujanitor.app;

import dev.mpujanitor.bucket.BucketPipeline;
import dev.mpujanitor.bucket.ExcludedNames;
import dev.mpujanitor.bucket.Gate;
import dev.mpujanitor.bucket.StaleUploads;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.ports.FailureLog;
import dev.mpujanitor.ports.StoragePrices;
import dev.mpujanitor.run.BucketPipelines;
import dev.mpujanitor.run.ScanStart;
import dev.mpujanitor.run.S3Account;
import dev.mpujanitor.uploads.StaleUpload;
import dev.mpujanitor.uploads.UploadSurvey;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Each account's bucket pipeline, as the settings make it: the one gate with its exclusions, the policy, and with
 * INVENTORY_UPLOADS or ABORT_STALE_UPLOADS the upload survey.
 */
public final class BucketWiring implements BucketPipelines {

    private final Settings settings;
    private final StoragePrices prices;
    private final Clock clock;
    private final ExcludedNames excludedNames;
    private final AbortRulePolicy policy;
    private final StaleUploads stale;

    /** @param prices what a GB-month of each region and storage class costs, for the waste figures */
    public BucketWiring(Settings settings, StoragePrices prices, Clock clock) {
        this.settings = settings;
        this.prices = prices;
        this.clock = clock;
        this.excludedNames = new ExcludedNames(settings.excludeBuckets());
        this.policy = new AbortRulePolicy(settings.abortAfterDays());
        this.stale = settings.uploads().abortStale()
                ? new StaleUploads(Optional.of(Duration.ofDays(settings.abortAfterDays())), clock) : StaleUploads.none(clock);
    }

    @Override
    public BucketPipeline forAccount(S3Account account, ScanStart run, BooleanSupplier hasReported, Consumer<StaleUpload> staleUploads,
            FailureLog failures) {
        Gate gate = new Gate(excludedNames, settings.iacManagedBuckets(), stale, run.dryRun(), hasReported);
        Optional<UploadSurvey> survey = settings.uploads().listsUploads()
                ? Optional.of(new UploadSurvey(account, settings.uploads(), prices, clock, failures))
                : Optional.empty();
        return new BucketPipeline(account, account, survey, policy, gate, staleUploads, failures);
    }
}
