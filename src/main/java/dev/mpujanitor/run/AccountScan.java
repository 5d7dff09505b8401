package dev.mpujanitor.run;

import dev.mpujanitor.bucket.BucketPipeline;
import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.bucket.ExcludedNames;
import dev.mpujanitor.bucket.Gate;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.AbortRulePolicy;
import dev.mpujanitor.ports.AccountAccess;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.ports.S3Account;
import dev.mpujanitor.ports.ApiCalls;
import dev.mpujanitor.ports.BucketListing;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.FailureLog;
import dev.mpujanitor.ports.ListingException;
import dev.mpujanitor.ports.StoragePrices;
import dev.mpujanitor.uploads.StaleUpload;
import dev.mpujanitor.uploads.UploadSurvey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One run over one account or many: each account's listing pages feed one bounded pool of workers, each of which
 * takes one bucket through the {@link BucketPipeline}; each result is reported as soon as it exists and only counted
 * afterwards, so memory does not grow with the number of buckets. Accounts are covered one after another, in ID
 * order, but the next account's listing starts as soon as the previous one's ends: buckets of different accounts
 * share the workers, within the one MAX_CONCURRENCY. An account's clients are released once its last bucket is done.
 *
 * <p>The run keeps to its {@link RunBudget}: it stops starting buckets in time for the ones in flight to finish, and
 * reports where a continuation must resume. ListBuckets returns buckets in name order, so "every bucket from this
 * account and this name on" is a complete description of what is left. A listing that fails part-way ends that account
 * early but whole; in a run over an organization, an account that cannot be entered or listed fails alone.
 */
public final class AccountScan {

    private final ScanTarget target;
    private final AccountAccess access;
    private final Settings settings;
    private final StoragePrices prices;
    private final ApiCalls apiCalls;
    private final Clock clock;

    /**
     * A run over the accounts of {@code target}, entered through {@code access}.
     *
     * @param prices what a GB-month of each region and storage class costs, for the waste figures
     */
    public AccountScan(ScanTarget target, AccountAccess access, Settings settings, StoragePrices prices, ApiCalls apiCalls, Clock clock) {
        this.target = target;
        this.access = access;
        this.settings = settings;
        this.prices = prices;
        this.apiCalls = apiCalls;
        this.clock = clock;
    }

    /** A run over one account, already entered: ACCOUNTS=self. */
    public AccountScan(S3Account account, Settings settings, StoragePrices prices, ApiCalls apiCalls, Clock clock) {
        this(ScanTarget.self(AccountRef.own(Optional.empty())), own -> account, settings, prices, apiCalls, clock);
    }

    /**
     * Runs until every account is covered or the budget says stop. In a run over its own account alone, throws
     * {@link ListingException} when not even the first bucket could be listed, so that the invocation fails visibly
     * instead of reporting an empty account.
     */
    public ScanSummary run(ScanStart start, ScanReport report) {
        long started = System.nanoTime();
        Map<String, Long> callsBefore = apiCalls.snapshot();
        // Set once the run has reported: a worker still in flight then must not write any more.
        AtomicBoolean reported = new AtomicBoolean();
        ScanTally total = new ScanTally(settings.uploads());
        Admission admission = new Admission(start);
        List<AccountRun> accounts = new ArrayList<>();

        // Twice the workers in flight keeps every worker busy while a listing page is fetched, and bounds
        // how many listed-but-unprocessed buckets can pile up.
        int concurrency = settings.maxConcurrency();
        Semaphore slots = new Semaphore(concurrency * 2);
        // Ordered only if the run reports with buckets still in flight, to find where a continuation resumes.
        Set<Position> inFlight = ConcurrentHashMap.newKeySet();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, workerThreads());
        List<AccountRef> toCover = target.accounts().stream().filter(account -> !admission.coveredBefore(account)).toList();
        OpeningAhead opening = new OpeningAhead(access, toCover, namePrefix(start));
        // The same for every account: what the gate lets through, and what the policy decides.
        Gate gate = new Gate(new ExcludedNames(settings.excludeBuckets()), settings.iacManagedBuckets(), start.dryRun(), reported::get);
        AbortRulePolicy policy = new AbortRulePolicy(settings.abortAfterDays());
        try {
            for (int turn = 0; turn < toCover.size(); turn++) {
                AccountRef account = toCover.get(turn);
                // Runs are kept in the order of the accounts covered: a run's place in the list is its turn.
                AccountRun run = new AccountRun(turn, account, new ScanTally(settings.uploads()));
                accounts.add(run);
                if (!admission.entersAnother()) {
                    admission.notReached(run);
                    continue;
                }
                Opened opened;
                try {
                    opened = opening.open(turn);
                } catch (AccountAccess.AccountAccessException e) {
                    run.failed(e.errorCode(), e.getMessage());
                    continue;
                }
                // Each result names its account in a run over several; a run over its own alone reads as it always has.
                Optional<String> recorded = target.organization() ? account.id() : Optional.empty();
                S3Account s3 = opened.s3();
                FailureLog failures = (bucket, stage, failure) -> report.unexpected(recorded, bucket, stage, failure);
                BucketPipeline pipeline = pipeline(s3, gate, policy, upload -> report.staleUpload(upload.inAccount(recorded)), failures);
                run.opened(s3);
                admission.enter(run);
                try {
                    opened.listing().forEach(bucket -> {
                        if (!admission.admits(bucket, clock.instant())) {
                            return admission.goesOn();
                        }
                        slots.acquireUninterruptibly();
                        if (!admission.admits(bucket, clock.instant())) {
                            slots.release();
                            return admission.goesOn();
                        }
                        Position position = new Position(run.index, account, bucket.name());
                        inFlight.add(position);
                        run.bucketStarted();
                        report.started(bucket);
                        workers.execute(() -> {
                            try {
                                BucketResult result = processed(pipeline, bucket, failures).inAccount(recorded);
                                if (!reported.get()) {
                                    run.tally.add(result);
                                    total.add(result);
                                    report(report, result, total);
                                }
                            } catch (Throwable lost) {
                                // Not even the failure could be counted (memory is exhausted): the run must not claim
                                // to be complete without this bucket.
                                total.reportFailed();
                            } finally {
                                inFlight.remove(position);
                                slots.release();
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
        } finally {
            opening.close();
            workers.shutdown();
            if (!awaitUntil(workers, start.budget().reportBy())) {
                reported.set(true);
            }
        }

        Reach reach = admission.reach(reported.get() ? inFlight : Set.of(), accounts);
        Optional<OrganizationSummary> organization = target.organization()
                ? Optional.of(new OrganizationSummary(accounts.stream().map(AccountRun::result).toList(), target.excluded(), target.inactive()))
                : Optional.empty();
        organization.ifPresent(summary -> summary.accounts().forEach(report::account));
        ScanSummary summary = new ScanSummary(total.outcomes(), total.failures(), Duration.ofNanos(System.nanoTime() - started),
                apiCalls.since(callsBefore), start.dryRun(), total.uploads(), reach, total.reportFailures(), organization);
        report.finished(summary);
        return summary;
    }

    private BucketPipeline pipeline(S3Account account, Gate gate, AbortRulePolicy policy, Consumer<StaleUpload> staleUploads, FailureLog failures) {
        Optional<UploadSurvey> survey = settings.uploads().listsUploads()
                ? Optional.of(new UploadSurvey(account, settings.uploads(), prices, settings.abortAfterDays(), clock, failures))
                : Optional.empty();
        return new BucketPipeline(account, account, survey, policy, gate, staleUploads, failures);
    }

    /** What every bucket a manual or event run names starts with: all the listing need return. */
    private static String namePrefix(ScanStart start) {
        return start.onlyBuckets().flatMap(names -> names.stream().reduce((a, b) -> {
            int common = 0;
            while (common < Math.min(a.length(), b.length()) && a.charAt(common) == b.charAt(common)) {
                common++;
            }
            return a.substring(0, common);
        })).orElse("");
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

    /** An account entered, and its listing, begun. */
    private record Opened(S3Account s3, BucketListing.Listing listing) {
    }

    /**
     * The accounts entered one ahead: while one account's buckets are listed and handed out, the next one's role is
     * assumed and its listing begun on a thread of its own, so that workers do not wait for a role, a client and a
     * first page between two accounts. An account opened ahead but never entered (the budget ran out) is closed.
     */
    private static final class OpeningAhead {
        private final AccountAccess access;
        private final List<AccountRef> accounts;
        private final String namePrefix;
        private final ExecutorService opener;
        private CompletableFuture<Opened> next;
        private int nextIndex = -1;

        OpeningAhead(AccountAccess access, List<AccountRef> accounts, String namePrefix) {
            this.access = access;
            this.accounts = accounts;
            this.namePrefix = namePrefix;
            this.opener = accounts.size() > 1 ? Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "account-opening");
                thread.setDaemon(true);
                return thread;
            }) : null;
        }

        /** The {@code index}th account, opened now or ahead; the one after it starts opening meanwhile. */
        Opened open(int index) {
            CompletableFuture<Opened> ahead = index == nextIndex ? next : null;
            next = null;
            Opened opened = ahead == null ? open(accounts.get(index)) : await(ahead);
            if (opener != null && index + 1 < accounts.size()) {
                AccountRef following = accounts.get(index + 1);
                nextIndex = index + 1;
                next = CompletableFuture.supplyAsync(() -> open(following), opener);
            }
            return opened;
        }

        private Opened open(AccountRef account) {
            S3Account s3 = access.open(account);
            return new Opened(s3, s3.listing(namePrefix));
        }

        /** The account opened ahead, or what opening it threw (such as a refused role), as if opened now. */
        private static Opened await(CompletableFuture<Opened> ahead) {
            try {
                return ahead.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException failure ? failure : e;
            }
        }

        /** Closes an account opened ahead and never entered, and stops its listing. */
        void close() {
            if (opener == null) {
                return;
            }
            if (next != null) {
                // Once it is open: one that could not be opened has nothing to close.
                next.thenAccept(opened -> {
                    opened.listing().cancel();
                    opened.s3().close();
                });
            }
            opener.shutdown();
        }
    }

    /** A bucket's place in the run's order: its account's, then its name's. */
    private record Position(int accountIndex, AccountRef account, String bucket) implements Comparable<Position> {
        private static final Comparator<Position> ORDER = Comparator.comparingInt(Position::accountIndex).thenComparing(Position::bucket);

        @Override
        public int compareTo(Position other) {
            return ORDER.compare(this, other);
        }

        // Written out because each bucket in flight is hashed twice: a record's generated methods go through method
        // handles, which the function's C1-only JIT does not inline. The account index already names the account.
        @Override
        public boolean equals(Object other) {
            return other instanceof Position position && accountIndex == position.accountIndex && bucket.equals(position.bucket);
        }

        @Override
        public int hashCode() {
            return 31 * accountIndex + bucket.hashCode();
        }
    }

    /** One account's part of the run: its figures, and its clients, released once its listing and buckets are done. */
    private static final class AccountRun {
        private final int index;
        private final AccountRef account;
        private final ScanTally tally;
        /** The listing, and each bucket in flight: the clients are released when it comes down to none. */
        private final AtomicInteger pending = new AtomicInteger(1);
        private S3Account s3;
        private boolean listedAny;
        private AccountResult.Status status = AccountResult.Status.COVERED;
        private Optional<String> errorCode = Optional.empty();
        private Optional<String> error = Optional.empty();

        AccountRun(int index, AccountRef account, ScanTally tally) {
            this.index = index;
            this.account = account;
            this.tally = tally;
        }

        void opened(S3Account opened) {
            s3 = opened;
        }

        void bucketStarted() {
            pending.incrementAndGet();
        }

        void bucketDone() {
            if (pending.decrementAndGet() == 0) {
                s3.close();
            }
        }

        void listingDone() {
            bucketDone();
        }

        /** Left part-way by the budget; a failure says more, and stays. */
        void unfinished() {
            if (status == AccountResult.Status.COVERED) {
                status = AccountResult.Status.UNFINISHED;
            }
        }

        void failed(String code, String message) {
            status = AccountResult.Status.FAILED;
            errorCode = Optional.of(code);
            error = Optional.ofNullable(message);
        }

        void listingFailed(ListingException e) {
            if (listedAny) {
                status = AccountResult.Status.INCOMPLETE;
                errorCode = Optional.of(e.errorCode());
                error = Optional.ofNullable(e.getMessage());
            } else {
                failed(e.errorCode(), e.getMessage());
            }
        }

        AccountResult result() {
            return new AccountResult(account, status, errorCode, error, tally.outcomes(), tally.failures(), tally.uploads());
        }
    }

    /** What the listing let through, and what it left, across the accounts; only the listing thread touches it. */
    private final class Admission {
        private final ScanStart start;
        private AccountRun current;
        private boolean entered;
        private long skipped;
        private final Set<String> seen = new HashSet<>();
        private long notStarted;
        private Position firstNotStarted;
        private boolean countExact = true;
        private boolean stopped;
        private ListingFailure failure;

        Admission(ScanStart start) {
            this.start = start;
        }

        /** An account before the one this run resumes in was covered by the run it continues. */
        boolean coveredBefore(AccountRef candidate) {
            return start.resumeAccount().filter(resume -> candidate.label().compareTo(resume) < 0).isPresent();
        }

        /**
         * Whether the next account is entered. The first always is, as a run over one account always lists it; a
         * later one not once buckets may no longer be started, since entering it costs an AssumeRole and its buckets
         * could only be counted: the accounts from there on are not reached.
         */
        boolean entersAnother() {
            if (entered && !clock.instant().isBefore(start.budget().stopStarting())) {
                stopped = true;
            }
            return !stopped;
        }

        void enter(AccountRun run) {
            current = run;
            entered = true;
        }

        /** An account the run did not get to: the whole of it is left, and how many buckets that is, unknown. */
        void notReached(AccountRun run) {
            run.status = AccountResult.Status.NOT_REACHED;
            countExact = false;
            firstNotStarted = firstNotStarted == null ? new Position(run.index, run.account, "") : firstNotStarted;
        }

        /** True when the bucket is to be processed now; otherwise records why not. */
        boolean admits(BucketRef bucket, Instant now) {
            current.listedAny = true;
            if (!now.isBefore(start.budget().stopListing())) {
                countExact = false;
                stopped = true;
                leave(bucket);
                return false;
            }
            if (start.onlyBuckets().filter(only -> !only.contains(bucket.name())).isPresent()) {
                return false;
            }
            boolean resumesHere = start.resumeAccount().map(resume -> resume.equals(current.account.label())).orElse(true);
            if (resumesHere && start.resumeFrom().filter(from -> bucket.name().compareTo(from) < 0).isPresent()) {
                skipped++;
                return false;
            }
            if (start.onlyBuckets().isPresent()) {
                seen.add(bucket.name());
            }
            if (!now.isBefore(start.budget().stopStarting())) {
                leave(bucket);
                return false;
            }
            return true;
        }

        /** A bucket the budget leaves to a continuation, and with it the rest of its account. */
        private void leave(BucketRef bucket) {
            notStarted++;
            firstNotStarted = firstNotStarted == null ? new Position(current.index, current.account, bucket.name()) : firstNotStarted;
            current.unfinished();
        }

        boolean goesOn() {
            return !stopped;
        }

        Reach reach(Set<Position> abandonedInFlight, List<AccountRun> accounts) {
            abandonedInFlight.forEach(position -> accounts.get(position.accountIndex()).unfinished());
            accounts.stream().filter(run -> run.status == AccountResult.Status.INCOMPLETE)
                    .findFirst().ifPresent(run -> failure = new ListingFailure(run.errorCode.orElseThrow(), run.error.orElse("")));
            if (failure != null) {
                countExact = false;
            }
            Optional<Position> resume = Stream.concat(Stream.ofNullable(firstNotStarted), abandonedInFlight.stream()).min(Comparator.naturalOrder());
            Set<String> notFound = new TreeSet<>(start.onlyBuckets().orElse(Set.of()));
            notFound.removeAll(seen);
            if (!countExact) {
                // The listing did not get to the end: what it did not see may still exist.
                notFound.clear();
            }
            // A failed listing is not handed on: the next scheduled run covers the account from its first bucket.
            boolean handsOn = failure == null || target.organization();
            return new Reach(notStarted + abandonedInFlight.size(), countExact, resume.filter(ignored -> handsOn).map(Position::bucket), skipped,
                    notFound, Optional.ofNullable(failure),
                    resume.filter(ignored -> handsOn && target.organization()).map(position -> position.account().label()));
        }
    }

    /** False when the workers were still busy at {@code deadline}. */
    private boolean awaitUntil(ExecutorService workers, Instant deadline) {
        boolean interrupted = false;
        try {
            while (true) {
                Duration left = Duration.between(clock.instant(), deadline);
                if (left.isNegative() || left.isZero()) {
                    return workers.isTerminated();
                }
                try {
                    Duration wait = left.compareTo(Duration.ofMinutes(1)) < 0 ? left : Duration.ofMinutes(1);
                    if (workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                        return true;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "bucket-worker-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
