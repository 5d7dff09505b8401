package dev.mpujanitor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mpujanitor.bucket.BucketResult;
import dev.mpujanitor.bucket.Outcome;
import dev.mpujanitor.config.Settings;
import dev.mpujanitor.policy.BucketLifecycle;
import dev.mpujanitor.ports.AccountRef;
import dev.mpujanitor.ports.BucketRef;
import dev.mpujanitor.ports.LifecycleRead;
import dev.mpujanitor.run.AccountAccess;
import dev.mpujanitor.testing.InMemoryS3Account;
import dev.mpujanitor.testing.RecordingReport;
import dev.mpujanitor.testing.Scans;
import dev.mpujanitor.testing.SuppliedClock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A run over several accounts: each is entered through {@link AccountAccess} and scanned exactly as a run over one,
 * one that cannot be entered or listed fails alone, the budget and continuation resume from (account, bucket), and
 * buckets of different accounts share the workers.
 */
class OrganizationScanTest {

    private static final Instant T0 = Instant.parse("2026-11-25T06:00:00Z");
    private static final String HUB = "111111111111";

    /** Time that lifecycle reads move forward, one second each, so that a test decides when the budget runs out. */
    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final Clock clock = new SuppliedClock(now::get);

    private final Map<String, InMemoryS3Account> accounts = new LinkedHashMap<>();
    /** Account -> why entering it fails, as AssumeRole's error code. */
    private final Map<String, String> refused = new HashMap<>();
    private final List<String> entered = Collections.synchronizedList(new ArrayList<>());
    private final RecordingReport report = new RecordingReport();
    private final List<BucketResult> reported = report.buckets();
    private final List<AccountResult> accountRecords = report.accounts();

    private final AccountAccess access = account -> {
        entered.add(account.label());
        String code = refused.get(account.label());
        if (code != null) {
            throw new AccountAccess.AccountAccessException(code, "could not assume the member role of " + account.label(), null);
        }
        return accounts.get(account.label());
    };

    private InMemoryS3Account account(String id, int buckets) {
        InMemoryS3Account account = new InMemoryS3Account() {
            @Override
            public LifecycleRead readLifecycle(BucketRef bucket) {
                now.updateAndGet(instant -> instant.plusSeconds(1));
                return super.readLifecycle(bucket);
            }
        };
        for (int i = 0; i < buckets; i++) {
            account.bucket("b%s-%02d".formatted(id.substring(0, 3), i), "us-east-1", BucketLifecycle.none());
        }
        accounts.put(id, account);
        return account;
    }

    private ScanTarget organization() {
        return new ScanTarget(accounts.keySet().stream().sorted()
                .map(id -> id.equals(HUB) ? AccountRef.own(Optional.of(id)) : AccountRef.member(id)).toList(), true, 1, 2);
    }

    private ScanSummary run(int concurrency, ScanStart start) {
        Settings settings = Settings.fromEnv(Map.of("MAX_CONCURRENCY", String.valueOf(concurrency), "INVENTORY_UPLOADS", "false"));
        return Scans.of(organization(), access, settings, clock).run(start, report);
    }

    private static ScanStart whole() {
        return ScanStart.whole(false, RunBudget.unlimited());
    }

    @Test
    void everyBucketOfEveryAccountIsCoveredAndNamesItsAccount() {
        account(HUB, 3);
        account("222222222222", 4);
        account("333333333333", 2);

        ScanSummary summary = run(4, whole());

        assertThat(summary.buckets()).isEqualTo(9);
        assertThat(summary.count(Outcome.REMEDIATED)).isEqualTo(9);
        assertThat(reported.stream().collect(Collectors.groupingBy(result -> result.account().orElseThrow(), Collectors.counting())))
                .containsExactlyInAnyOrderEntriesOf(Map.of(HUB, 3L, "222222222222", 4L, "333333333333", 2L));
        assertThat(reported).allSatisfy(result -> assertThat(result.bucket()).startsWith("b" + result.account().orElseThrow().substring(0, 3)));
        assertThat(accounts.values()).allSatisfy(account -> assertThat(account.writes).hasSize(account.regions.size()));
        assertThat(summary.reach().complete()).isTrue();
        assertThat(summary.accountsFailed()).isZero();
    }

    @Test
    void theOrganizationsTotalsAreTheSumsOfItsAccountRecords() {
        account(HUB, 3);
        account("222222222222", 4).failing("b222-01", "PutBucketLifecycleConfiguration", "AccessDenied");
        account("333333333333", 2);
        refused.put("333333333333", "AccessDenied");

        ScanSummary summary = run(2, whole());

        OrganizationSummary organization = summary.organization().orElseThrow();
        assertThat(accountRecords).isEqualTo(organization.accounts()).hasSize(3);
        for (Outcome outcome : Outcome.values()) {
            assertThat(accountRecords.stream().mapToLong(account -> account.outcomes().get(outcome)).sum()).as(outcome.name())
                    .isEqualTo(summary.count(outcome));
        }
        assertThat(accountRecords.stream().mapToLong(AccountResult::buckets).sum()).isEqualTo(summary.buckets()).isEqualTo(7);
        assertThat(summary.failures()).isEqualTo(Map.of("AccessDenied", 1L));
        assertThat(organization.excluded()).isEqualTo(1);
        assertThat(organization.inactive()).isEqualTo(2);
    }

    @Test
    void anAccountWhoseRoleIsRefusedFailsAloneWithItsErrorCode() {
        account(HUB, 2);
        InMemoryS3Account refusing = account("222222222222", 2);
        account("333333333333", 2);
        refused.put("222222222222", "AccessDenied");

        ScanSummary summary = run(2, whole());

        Map<String, AccountResult> byAccount = summary.organization().orElseThrow().accounts().stream()
                .collect(Collectors.toMap(result -> result.account().label(), result -> result));
        assertThat(byAccount.get("222222222222").status()).isEqualTo(AccountResult.Status.FAILED);
        assertThat(byAccount.get("222222222222").errorCode()).contains("AccessDenied");
        assertThat(byAccount.get("222222222222").error().orElseThrow()).contains("222222222222");
        assertThat(byAccount.get(HUB).status()).isEqualTo(AccountResult.Status.COVERED);
        assertThat(byAccount.get("333333333333").status()).isEqualTo(AccountResult.Status.COVERED);
        assertThat(refusing.calls).isEmpty();
        assertThat(summary.buckets()).isEqualTo(4);
        assertThat(summary.accountsFailed()).isEqualTo(1);
        assertThat(summary.reach().complete()).as("the other accounts were covered whole").isTrue();
    }

    @Test
    void anAccountWhoseListingFailsFailsAloneAndOneThatFailsPartWayIsIncomplete() {
        account(HUB, 2);
        account("222222222222", 3).failingListingAfter(0, "AccessDenied");
        account("333333333333", 3).failingListingAfter(2, "InternalError");
        account("444444444444", 2);

        ScanSummary summary = run(1, whole());

        Map<String, AccountResult> byAccount = summary.organization().orElseThrow().accounts().stream()
                .collect(Collectors.toMap(result -> result.account().label(), result -> result));
        assertThat(byAccount.get("222222222222").status()).isEqualTo(AccountResult.Status.FAILED);
        assertThat(byAccount.get("222222222222").errorCode()).contains("AccessDenied");
        assertThat(byAccount.get("333333333333").status()).isEqualTo(AccountResult.Status.INCOMPLETE);
        assertThat(byAccount.get("333333333333").buckets()).isEqualTo(2);
        assertThat(byAccount.get("444444444444").status()).isEqualTo(AccountResult.Status.COVERED);
        assertThat(summary.buckets()).isEqualTo(6);
        assertThat(summary.accountsFailed()).isEqualTo(2);
    }

    @Test
    void eachAccountIsClosedOnceAfterItsLastBucket() {
        InMemoryS3Account hub = account(HUB, 5);
        InMemoryS3Account member = account("222222222222", 7);

        run(3, whole());

        assertThat(hub.closedAfterCalls).containsExactly(hub.calls.size());
        assertThat(member.closedAfterCalls).containsExactly(member.calls.size());
    }

    @Test
    void bucketsOfDifferentAccountsShareTheWorkers() throws Exception {
        CountDownLatch secondAccountStarted = new CountDownLatch(1);
        AtomicReference<Boolean> overlapped = new AtomicReference<>(false);
        InMemoryS3Account first = new InMemoryS3Account() {
            @Override
            public LifecycleRead readLifecycle(BucketRef bucket) {
                try {
                    // The first account's only bucket waits for the second account's: only one pool lets that happen.
                    overlapped.set(secondAccountStarted.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.readLifecycle(bucket);
            }
        };
        first.bucket("b111-00", "us-east-1", BucketLifecycle.none());
        accounts.put(HUB, first);
        InMemoryS3Account second = new InMemoryS3Account() {
            @Override
            public LifecycleRead readLifecycle(BucketRef bucket) {
                secondAccountStarted.countDown();
                return super.readLifecycle(bucket);
            }
        };
        second.bucket("b222-00", "us-east-1", BucketLifecycle.none());
        accounts.put("222222222222", second);

        ScanSummary summary = run(2, whole());

        assertThat(overlapped.get()).isTrue();
        assertThat(summary.buckets()).isEqualTo(2);
    }

    @Test
    void noAccountIsScannedOnceBucketsMayNoLongerStartAndTheRestIsHandedOn() {
        account(HUB, 6);
        InMemoryS3Account openedAhead = account("222222222222", 3);
        InMemoryS3Account last = account("333333333333", 3);

        // Each lifecycle read is a second: the budget ends during the first account, whose listing is still going.
        ScanSummary summary = run(1, ScanStart.whole(false, new RunBudget(T0.plusSeconds(2), Instant.MAX, Instant.MAX)));

        assertThat(summary.reach().resumeAccount()).contains(HUB);
        String resumeFrom = summary.reach().resumeFrom().orElseThrow();
        assertThat(resumeFrom).startsWith("b111-");
        assertThat(reported).isNotEmpty().allSatisfy(result -> assertThat(result.bucket()).isLessThan(resumeFrom));
        assertThat(summary.organization().orElseThrow().accounts()).extracting(AccountResult::status)
                .containsExactly(AccountResult.Status.UNFINISHED, AccountResult.Status.NOT_REACHED, AccountResult.Status.NOT_REACHED);
        assertThat(summary.accountsFailed()).isZero();
        assertThat(summary.reach().countExact()).as("the buckets of the accounts not reached were never counted").isFalse();
        // The next account was opened ahead, while the first was listed: never listed, and closed before the run returned.
        assertThat(entered).containsExactly(HUB, "222222222222");
        assertThat(openedAhead.calls).isEmpty();
        assertThat(openedAhead.closedAfterCalls).hasSize(1);
        assertThat(last.calls).isEmpty();
    }

    @Test
    void everyAccountIsOpenedOnceInOrderAndClosedOnce() {
        account(HUB, 4);
        account("222222222222", 4);
        account("333333333333", 4);

        run(2, whole());

        assertThat(entered).containsExactly(HUB, "222222222222", "333333333333");
        assertThat(accounts.values()).allSatisfy(account -> assertThat(account.closedAfterCalls).hasSize(1));
    }

    @Test
    void aChainOfContinuationsCoversEveryBucketOfEveryAccountExactlyOnce() {
        account(HUB, 4);
        account("222222222222", 5);
        account("333333333333", 1);
        account("444444444444", 6);
        refused.put("333333333333", "AccessDenied");

        Optional<String> resumeFrom = Optional.empty();
        Optional<String> resumeAccount = Optional.empty();
        List<List<String>> enteredByRun = new ArrayList<>();
        List<String> handedAccounts = new ArrayList<>();
        int runs = 0;
        do {
            runs++;
            entered.clear();
            handedAccounts.add(resumeAccount.orElse(""));
            Instant start = now.get();
            ScanSummary summary = run(1, new ScanStart(false, new RunBudget(start.plusSeconds(3), Instant.MAX, Instant.MAX), resumeFrom,
                    resumeAccount, Optional.empty()));
            enteredByRun.add(List.copyOf(entered));
            resumeFrom = summary.reach().resumeFrom();
            resumeAccount = summary.reach().resumeAccount();
            assertThat(resumeFrom.isPresent()).as("a continuation names its account").isEqualTo(resumeAccount.isPresent());
        } while (resumeFrom.isPresent() && runs < 20);

        assertThat(resumeFrom).as("the chain ends").isEmpty();
        assertThat(runs).as("the budget really cut the run short").isGreaterThan(2);
        assertThat(reported.stream().collect(Collectors.groupingBy(BucketResult::bucket, Collectors.counting())))
                .hasSize(15).allSatisfy((bucket, times) -> assertThat(times).as(bucket).isEqualTo(1));
        assertThat(accounts.get("333333333333").calls).isEmpty();
        // A continuation starts in the account it was handed, never in one before it.
        for (int run = 1; run < enteredByRun.size(); run++) {
            String handed = handedAccounts.get(run);
            assertThat(enteredByRun.get(run)).as("run %d", run + 1).isNotEmpty()
                    .allSatisfy(account -> assertThat(account).isGreaterThanOrEqualTo(handed));
        }
    }

    @Test
    void aRunOverItsOwnAccountAloneRecordsNoAccount() {
        InMemoryS3Account own = account(HUB, 2);
        Settings settings = Settings.fromEnv(Map.of("MAX_CONCURRENCY", "2", "INVENTORY_UPLOADS", "false"));

        ScanSummary summary = Scans.of(own, settings, clock).run(whole(), report);

        assertThat(reported).hasSize(2).allSatisfy(result -> assertThat(result.account()).isEmpty());
        assertThat(accountRecords).isEmpty();
        assertThat(summary.organization()).isEmpty();
    }
}
