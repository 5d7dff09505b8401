package dev.mpujanitor.run;

import dev.mpujanitor.bucket.BucketPipeline;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.config.UploadSettings;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.FailureLog;
import dev.mpujanitor.ports.ListingException;
import dev.mpujanitor.ports.ListingScope;
import dev.mpujanitor.run.AccountsOpenedAhead.Opened;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One run over one account or many: each account's listing pages feed one bounded pool of workers
 * ({@link BucketWorkers}), each of which takes one bucket through its account's pipeline; each result is reported as
 * soon as it exists and only counted afterwards, so memory does not grow with the number of buckets. Accounts are
 * covered one after another, in ID order, the next one opened while the current one is listed
 * ({@link AccountsOpenedAhead}): buckets of different accounts share the workers, within the one MAX_CONCURRENCY. An
 * account's clients are released once its last bucket is done.
 *
 * <p>The run keeps to its {@link RunBudget}: it stops starting buckets in time for the ones in flight to finish, and
 * reports where a continuation must resume ({@link Admission}). ListBuckets returns buckets in name order, so "every
 * bucket from this account and this name on" is a complete description of what is left. A listing that fails
 * part-way ends that account early but whole; in a run over an organization, an account that cannot be entered or
 * listed fails alone.
 */
public final class AccountScan {

    private final ScanTarget target;
    private final AccountAccess access;
    private final BucketPipelines pipelines;
    private final int concurrency;
    private final UploadSettings uploads;
    private final ApiCalls apiCalls;
    private final Clock clock;

    /**
     * A run over the accounts of {@code target}, entered through {@code access}.
     *
     * @param concurrency buckets processed at once (MAX_CONCURRENCY)
     * @param uploads     what the run does about incomplete uploads, which its totals describe
     */
    public AccountScan(ScanTarget target, AccountAccess access, BucketPipelines pipelines, int concurrency, UploadSettings uploads,
            ApiCalls apiCalls, Clock clock) {
        this.target = target;
        this.access = access;
        this.pipelines = pipelines;
        this.concurrency = concurrency;
        this.uploads = uploads;
        this.apiCalls = apiCalls;
        this.clock = clock;
    }

    /** A run over one account, already entered: ACCOUNTS=self. */
    public AccountScan(S3Account account, BucketPipelines pipelines, int concurrency, UploadSettings uploads, ApiCalls apiCalls, Clock clock) {
        this(ScanTarget.self(AccountRef.own(Optional.empty())), own -> account, pipelines, concurrency, uploads, apiCalls, clock);
    }

    /**
     * Runs until every account is covered or the budget says stop. In a run over its own account alone, throws
     * {@link ListingException} when not even the first bucket could be listed, so that the invocation fails visibly
     * instead of reporting an empty account.
     */
    public ScanSummary run(ScanStart start, ScanReport report) {
        long started = System.nanoTime();
        Map<String, Long> callsBefore = apiCalls.snapshot();
        ScanTally total = new ScanTally(uploads);
        Admission admission = new Admission(start, clock, target.organization());
        List<AccountRun> accounts = new ArrayList<>();
        BucketWorkers workers = new BucketWorkers(concurrency, clock);
        List<AccountRef> toCover = target.accounts().stream().filter(account -> !admission.coveredBefore(account)).toList();
        Set<Position> abandoned;
        try (AccountsOpenedAhead opening = new AccountsOpenedAhead(access, toCover, ListingScope.of(start.onlyBuckets()))) {
            for (int turn = 0; turn < toCover.size(); turn++) {
                // Runs are kept in the order of the accounts covered: a run's place in the list is its turn.
                AccountRun run = new AccountRun(turn, toCover.get(turn), new ScanTally(uploads));
                accounts.add(run);
                cover(run, opening, admission, workers, start, report, total);
            }
        } finally {
            abandoned = workers.finishBy(start.budget().reportBy());
        }
        ScanSummary.Builder summary = ScanSummary.builder(total.outcomes(), admission.reach(abandoned, accounts)).failures(total.failures())
                .duration(Duration.ofNanos(System.nanoTime() - started)).apiCalls(apiCalls.since(callsBefore)).dryRun(start.dryRun())
                .uploads(total.uploads()).reportFailures(total.reportFailures());
        if (target.organization()) {
            OrganizationSummary organization = new OrganizationSummary(accounts.stream().map(AccountRun::result).toList(), target.excluded(),
                    target.inactive());
            organization.accounts().forEach(report::account);
            summary.organization(organization);
        }
        return finished(summary.build(), report);
    }

    private static ScanSummary finished(ScanSummary summary, ScanReport report) {
        report.finished(summary);
        return summary;
    }

    /** One account: entered (or found out of reach, or refused), then its listing handed to the workers bucket by bucket. */
    private void cover(AccountRun run, AccountsOpenedAhead opening, Admission admission, BucketWorkers workers, ScanStart start,
            ScanReport report, ScanTally total) {
        if (!admission.entersAnother()) {
            admission.notReached(run);
            return;
        }
        Opened opened;
        try {
            opened = opening.open(run.index);
        } catch (AccountAccess.AccountAccessException e) {
            run.failed(e.errorCode(), e.getMessage());
            return;
        }
        // Each result names its account in a run over several; a run over its own alone reads as it always has.
        Optional<String> recorded = target.organization() ? run.account.id() : Optional.empty();
        FailureLog failures = (bucket, stage, failure) -> {
            // Called from where a bucket is being failed: a report that throws must not take the bucket's result with it.
            try {
                report.unexpected(recorded, bucket, stage, failure);
            } catch (RuntimeException e) {
                total.reportFailed();
            }
        };
        run.opened(opened.s3());
        admission.enter(run);
        try {
            Covering covering = new Covering(run, pipelines.forAccount(opened.s3(), start, workers::hasReported,
                    upload -> report.staleUpload(upload.inAccount(recorded)), failures), recorded, failures);
            opened.listing().forEach(bucket -> {
                if (!admission.admits(bucket)) {
                    return admission.goesOn();
                }
                workers.awaitSlot();
                // Waiting for a slot takes time: the budget may have run out meanwhile.
                if (!admission.admits(bucket)) {
                    workers.releaseSlot();
                    return admission.goesOn();
                }
                run.bucketStarted();
                report.started(bucket);
                Position position = admission.position(bucket);
                workers.start(position, () -> {
                    try {
                        process(covering, bucket, position, workers, report, total);
                    } finally {
                        run.bucketDone();
                    }
                });
                return true;
            });
        } catch (ListingException e) {
            if (!run.listedAny && !target.organization()) {
                throw e;
            }
            run.listingFailed(e);
        } finally {
            run.listingDone();
        }
    }

    /**
     * What a worker needs of its bucket's account.
     *
     * @param recorded the account each result names: in a run over several accounts only
     */
    private record Covering(AccountRun run, BucketPipeline pipeline, Optional<String> recorded, FailureLog failures) {
    }

    /** One bucket on a worker: its result counted and reported, unless the run has reported without it. */
    private static void process(Covering account, BucketRef bucket, Position position, BucketWorkers workers, ScanReport report, ScanTally total) {
        try {
            BucketResult result = processed(account.pipeline(), bucket, account.failures()).inAccount(account.recorded());
            workers.record(position, () -> {
                account.run().tally.add(result);
                total.add(result);
                report(report, result, total);
            });
        } catch (Throwable lost) {
            // Not even the failure could be counted (memory is exhausted): the run must not claim to be complete
            // without this bucket.
            total.reportFailed();
        }
    }

    /**
     * The bucket's result, whatever the worker met: an {@link Error} (such as {@link OutOfMemoryError}) that escapes
     * the pipeline would otherwise end the worker's thread and the bucket would vanish from the run.
     */
    private static BucketResult processed(BucketPipeline pipeline, BucketRef bucket, FailureLog failures) {
        try {
            return pipeline.process(bucket);
        } catch (Error e) {
            try {
                failures.unexpected(bucket, "worker", e);
            } catch (Error again) {
                // Out of memory even for the detail: the result below still says what became of the bucket.
            }
            return BucketResult.failed(bucket, e, -1);
        }
    }

    /** A report that fails is counted: it must not vanish in the thread pool, nor take the worker down. */
    private static void report(ScanReport report, BucketResult result, ScanTally tally) {
        try {
            report.bucket(result);
        } catch (RuntimeException e) {
            tally.reportFailed();
        }
    }
}
